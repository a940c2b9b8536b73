// `npm run demo [-- --web]`: the app with a virtual eID card (applet 1.8, PIN 1234), a local reference
// backend (SQLite, seeded demo customers, dev outbox) and a local stand-in for itsme (the tests' strict
// OpenID provider with a page to pick a demo person), no card, reader or internet needed. In Electron
// when its binary is installed (unless --web); otherwise the same app in the browser through the web
// host (this prints the address to open). The card's test PKI comes from a fixed seed, so the backend
// trusts its CA.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestPki } from '../src/virtual-card/index.ts';
import { DEMO_SEED } from './config.ts';
import { electronBinary } from './electron/start.ts';
import { startWeb } from './web/index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DEMO_ORIGIN = 'https://myvivium.demo.test';

async function startDemoBackend(dir: string, port: number, itsmeEnv: Readonly<Record<string, string>>): Promise<{ url: string; child: ChildProcess }> {
  // Same seed as the worker's virtual card (resolveConfig): same root and citizen CA.
  const pki = await createTestPki({ seed: DEMO_SEED });
  const trust = [join(dir, 'root.pem'), join(dir, 'citizen-ca.pem')];
  writeFileSync(trust[0]!, pki.trustPem.root);
  writeFileSync(trust[1]!, pki.trustPem.citizenCa);
  const args = ['--import', 'tsx', join(ROOT, 'server/index.ts'), '--db', join(dir, 'myvivium.sqlite'), '--dev', '--seed', '--origin', DEMO_ORIGIN,
    '--outbox', join(dir, 'outbox.jsonl'), '--port', String(port), '--host', '127.0.0.1', '--trust', trust.join(','), '--no-revocation'];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...itsmeEnv } });
  const { url } = await firstJsonLine<{ url: string }>(child, 'the demo backend', (entry) => typeof entry.url === 'string');
  return { url, child };
}

/** The itsme stand-in (test/support/itsme-stand-in), registered for the backend that will listen on `backendPort`. */
async function startItsmeStandIn(dir: string, backendPort: number): Promise<{ issuer: string; serverEnv: Record<string, string>; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/itsme-stand-in/cli.ts'), '--backend', `http://127.0.0.1:${backendPort}`, '--keys-dir', dir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { issuer, serverEnv } = await firstJsonLine<{ issuer: string; serverEnv: Record<string, string> }>(child, 'the itsme stand-in', (entry) => typeof entry.issuer === 'string');
  return { issuer, serverEnv, child };
}

/** The first `{"event":"listening",…}` line a child prints on stdout. */
function firstJsonLine<T>(child: ChildProcess, what: string, complete: (entry: Record<string, unknown>) => boolean): Promise<T> {
  return new Promise<T>((done, fail) => {
    let pending = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      for (const line of pending.split('\n').slice(0, -1)) {
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          if (entry.event === 'listening' && complete(entry)) done(entry as T);
        } catch {
          // not a JSON log line
        }
      }
      pending = pending.slice(pending.lastIndexOf('\n') + 1);
    });
    child.once('exit', (code) => fail(new Error(`${what} exited (${code})`)));
  });
}

/** A loopback port free now: the stand-in must know the backend's address before the backend starts. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer().once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function main(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'eid-companion-demo-'));
  const backendPort = await freePort();
  const itsme = await startItsmeStandIn(dir, backendPort);
  process.once('exit', () => itsme.child.kill('SIGTERM'));
  const backend = await startDemoBackend(dir, backendPort, itsme.serverEnv);
  process.once('exit', () => backend.child.kill('SIGTERM'));
  console.log(`Demo backend: ${backend.url} (origin ${DEMO_ORIGIN}; codes sent during onboarding: ${backend.url}/dev/outbox)`);
  console.log(`itsme stand-in (not itsme: a local OpenID provider where you pick a demo person): ${itsme.issuer}`);

  const binary = process.argv.includes('--web') ? null : electronBinary();
  if (binary) {
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'main/electron/start.ts')], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, EID_VIRTUAL_CARD: '1.8', MYVIVIUM_BACKEND: backend.url, MYVIVIUM_ORIGIN: DEMO_ORIGIN, ITSME_ORIGIN: itsme.issuer },
    });
    return new Promise((done) => child.on('exit', (code) => done(code ?? 1)));
  }

  console.log('The Electron binary is not installed here: the demo runs in your browser instead.');
  const web = await startWeb(
    { backendUrl: backend.url, origin: DEMO_ORIGIN, pcsc: { kind: 'virtual', profile: '1.8', seed: DEMO_SEED }, itsmeOrigin: itsme.issuer },
    { log: (line) => console.log(line) },
  );
  console.log('Virtual eID card: applet 1.8, PIN 1234. Open this address in your browser:');
  console.log(web.host.url);
  const stop = () => void web.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => undefined);
}

process.exitCode = await main();
