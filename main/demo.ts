// `npm run demo`: the app with a virtual eID card (applet 1.8, PIN 1234) and a local reference
// backend (SQLite, seeded demo customers, dev outbox), no card or reader needed. In Electron when its
// binary is there or can be had (electron/electron-binary.ts); otherwise the same app in the browser
// through the web host (this prints the address to open). The card's test PKI comes from a fixed
// seed, so the backend trusts its CA. `npm start` falls back to runBrowserDemo too.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestPki } from '../src/virtual-card/index.ts';
import { DEMO_SEED } from './config.ts';
import { obtainElectron } from './electron/electron-binary.ts';
import { launchElectron } from './electron/launch.ts';
import { ensureRendererBuilt } from './renderer-build.ts';
import { startWeb } from './web/index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DEMO_ORIGIN = 'https://myvivium.demo.test';

type Log = (line: string) => void;

async function startDemoBackend(log: Log): Promise<{ url: string; child: ChildProcess }> {
  const dir = mkdtempSync(join(tmpdir(), 'eid-companion-demo-'));
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
  process.once('exit', () => child.kill('SIGTERM'));
  log(`Demo backend: ${url} (origin ${DEMO_ORIGIN}; codes sent during onboarding: ${url}/dev/outbox)`);
  return { url, child };
}

/** The web host with the virtual card against the demo backend; prints the address and runs until stopped. */
async function serveInBrowser(backendUrl: string, log: Log): Promise<number> {
  await ensureRendererBuilt(log);
  const web = await startWeb({ backendUrl, origin: DEMO_ORIGIN, pcsc: { kind: 'virtual', profile: '1.8', seed: DEMO_SEED } }, { log, announce: true });
  log('Virtual eID card: applet 1.8, PIN 1234. Open this address in your browser:');
  log(web.host.url);
  const stop = () => void web.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => undefined);
}

/** The demo in the browser: backend, web host, virtual card. */
export async function runBrowserDemo(log: Log): Promise<number> {
  const backend = await startDemoBackend(log);
  return serveInBrowser(backend.url, log);
}

async function main(): Promise<number> {
  const log: Log = (line) => console.log(line);
  const backend = await startDemoBackend(log);
  const electron = await obtainElectron({ log });
  if (electron.ok) {
    return launchElectron(electron.binary, [], { ...process.env, EID_VIRTUAL_CARD: '1.8', MYVIVIUM_BACKEND: backend.url, MYVIVIUM_ORIGIN: DEMO_ORIGIN });
  }
  log(`Electron could not be installed (${electron.reason}): the demo runs in your browser instead.`);
  return serveInBrowser(backend.url, log);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main();
}
