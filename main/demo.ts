// `npm run demo`: the app with a virtual eID card (applet 1.8, PIN 1234) and a local reference
// backend (SQLite, seeded demo customers, dev outbox), no card or reader needed. In Electron when its
// binary is installed; otherwise the same app in the browser through the web host (this prints the
// address to open). The card's test PKI comes from a fixed seed, so the backend trusts its CA.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestPki } from '../src/virtual-card/index.ts';
import { DEMO_SEED } from './config.ts';
import { electronBinary } from './electron/start.ts';
import { startWeb } from './web/index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DEMO_ORIGIN = 'https://myvivium.demo.test';

async function startDemoBackend(dir: string): Promise<{ url: string; child: ChildProcess }> {
  // Same seed as the worker's virtual card (resolveConfig): same root and citizen CA.
  const pki = await createTestPki({ seed: DEMO_SEED });
  const trust = [join(dir, 'root.pem'), join(dir, 'citizen-ca.pem')];
  writeFileSync(trust[0]!, pki.trustPem.root);
  writeFileSync(trust[1]!, pki.trustPem.citizenCa);
  const args = ['--import', 'tsx', join(ROOT, 'server/index.ts'), '--db', join(dir, 'myvivium.sqlite'), '--dev', '--seed', '--origin', DEMO_ORIGIN,
    '--outbox', join(dir, 'outbox.jsonl'), '--port', '0', '--host', '127.0.0.1', '--trust', trust.join(','), '--no-revocation'];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((done, fail) => {
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      for (const line of pending.split('\n').slice(0, -1)) {
        try {
          const entry = JSON.parse(line) as { event?: string; url?: string };
          if (entry.event === 'listening' && entry.url) done(entry.url);
        } catch {
          // not a JSON log line
        }
      }
      pending = pending.slice(pending.lastIndexOf('\n') + 1);
    });
    child.once('exit', (code) => fail(new Error(`the demo backend exited (${code})`)));
  });
  return { url, child };
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'eid-companion-demo-'));
  const backend = await startDemoBackend(dir);
  const stopBackend = () => backend.child.kill('SIGTERM');
  process.once('exit', stopBackend);
  console.log(`Demo backend: ${backend.url} (origin ${DEMO_ORIGIN}; codes sent during onboarding: ${backend.url}/dev/outbox)`);

  const binary = electronBinary();
  if (binary) {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'main/electron/start.ts')], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, EID_VIRTUAL_CARD: '1.8', MYVIVIUM_BACKEND: backend.url, MYVIVIUM_ORIGIN: DEMO_ORIGIN },
    });
    return new Promise((done) => child.on('exit', (code) => done(code ?? 1)));
  }

  console.log('The Electron binary is not installed here: the demo runs in your browser instead.');
  const web = await startWeb(
    { backendUrl: backend.url, origin: DEMO_ORIGIN, pcsc: { kind: 'virtual', profile: '1.8', seed: DEMO_SEED } },
    { log: (line) => console.log(line), announce: true },
  );
  console.log('Virtual eID card: applet 1.8, PIN 1234. Open this address in your browser:');
  console.log(web.host.url);
  const stop = () => void web.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => undefined);
}

process.exitCode = await main();
