// `npm run demo [-- --web]`: the app with a virtual eID card (applet 1.8, PIN 1234), a local reference
// backend (SQLite, seeded demo customers, dev outbox) and a local stand-in for itsme (the tests' strict
// OpenID provider with a page to pick a demo person), no card, reader or internet needed. In Electron
// when its binary is there or can be had (electron/electron-binary.ts) unless --web; otherwise the same
// app in the browser through the web host (this prints the address to open). The card's test PKI comes
// from a fixed seed, so the backend trusts its CA. `npm start` falls back to runBrowserDemo too.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PRODUCT_NAME } from '../src/contract/product.ts';
import { createTestPki } from '../src/virtual-card/index.ts';
import { DEMO_SEED } from './config.ts';
import { obtainElectron } from './electron/electron-binary.ts';
import { launchElectron } from './electron/launch.ts';
import { ensureRendererBuilt } from './renderer-build.ts';
import { startWeb } from './web/index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const DEMO_ORIGIN = 'https://myvivium.demo.test';

type Log = (line: string) => void;

interface DemoServices {
  readonly backendUrl: string;
  /** The itsme stand-in's address: the app may send the browser there. */
  readonly itsmeOrigin: string;
}

/** The itsme stand-in, then the backend that uses it (the stand-in must know the backend's address first). */
async function startDemoServices(log: Log): Promise<DemoServices> {
  const dir = mkdtempSync(join(tmpdir(), 'eid-companion-demo-'));
  const backendPort = await freePort();
  const itsme = await startItsmeStandIn(dir, backendPort);
  // The helpdesk page's sign-in for this demo run (helpdesk training: send a report, open it with its code).
  const helpdeskToken = randomBytes(12).toString('base64url');
  const url = await startDemoBackend(dir, backendPort, { ...itsme.serverEnv, HELPDESK_DEV_TOKEN: helpdeskToken });
  log(`Demo backend: ${url} (origin ${DEMO_ORIGIN}; codes sent during onboarding: ${url}/dev/outbox)`);
  log(`Helpdesk page: ${url}/helpdesk (token ${helpdeskToken})`);
  log(`itsme stand-in (not itsme: a local OpenID provider where you pick a demo person): ${itsme.issuer}`);
  return { backendUrl: url, itsmeOrigin: itsme.issuer };
}

async function startDemoBackend(dir: string, port: number, env: Readonly<Record<string, string>>): Promise<string> {
  // Same seed as the worker's virtual card (resolveConfig): same root and citizen CA.
  const pki = await createTestPki({ seed: DEMO_SEED });
  const trust = [join(dir, 'root.pem'), join(dir, 'citizen-ca.pem')];
  writeFileSync(trust[0]!, pki.trustPem.root);
  writeFileSync(trust[1]!, pki.trustPem.citizenCa);
  const args = ['--import', 'tsx', join(ROOT, 'server/index.ts'), '--db', join(dir, 'myvivium.sqlite'), '--dev', '--seed', '--origin', DEMO_ORIGIN,
    '--outbox', join(dir, 'outbox.jsonl'), '--port', String(port), '--host', '127.0.0.1', '--trust', trust.join(','), '--no-revocation'];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } });
  process.once('exit', () => child.kill('SIGTERM'));
  const { url } = await firstListeningLine<{ url: string }>(child, 'the demo backend', (entry) => typeof entry.url === 'string');
  return url;
}

/** The itsme stand-in (test/support/itsme-stand-in), registered for the backend that will listen on `backendPort`. */
async function startItsmeStandIn(dir: string, backendPort: number): Promise<{ issuer: string; serverEnv: Record<string, string> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/itsme-stand-in/cli.ts'), '--backend', `http://127.0.0.1:${backendPort}`, '--keys-dir', dir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.once('exit', () => child.kill('SIGTERM'));
  return firstListeningLine(child, 'the itsme stand-in', (entry) => typeof entry.issuer === 'string');
}

/** The first `{"event":"listening",…}` line a child prints on stdout. */
function firstListeningLine<T>(child: ChildProcess, what: string, complete: (entry: Record<string, unknown>) => boolean): Promise<T> {
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

/** A loopback port free now. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer().once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** The web host with the virtual card against the demo backend; prints the address and runs until stopped. */
async function serveInBrowser({ backendUrl, itsmeOrigin }: DemoServices, log: Log): Promise<number> {
  await ensureRendererBuilt(log);
  const web = await startWeb({ backendUrl, origin: DEMO_ORIGIN, pcsc: { kind: 'virtual', profile: '1.8', seed: DEMO_SEED }, itsmeOrigin }, { log, announce: true });
  // No installed app handles myvivium-eid: links here: the itsme return page's link is passed on by hand.
  log(`itsme: when the return page says "Return to ${PRODUCT_NAME}", copy the link of its button and run: npx eid-companion open '<link>'`);
  log('Virtual eID card: applet 1.8, PIN 1234. Open this address in your browser:');
  log(web.host.url);
  const stop = () => void web.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise<number>(() => undefined);
}

/** The demo in the browser: backend, web host, virtual card. */
export async function runBrowserDemo(log: Log): Promise<number> {
  return serveInBrowser(await startDemoServices(log), log);
}

async function main(): Promise<number> {
  const log: Log = (line) => console.log(line);
  const services = await startDemoServices(log);
  if (process.argv.includes('--web')) return serveInBrowser(services, log);
  const electron = await obtainElectron({ log });
  if (electron.ok) {
    return launchElectron(electron.binary, [], { ...process.env, EID_VIRTUAL_CARD: '1.8', MYVIVIUM_BACKEND: services.backendUrl, MYVIVIUM_ORIGIN: DEMO_ORIGIN, ITSME_ORIGIN: services.itsmeOrigin });
  }
  log(`Electron could not be installed (${electron.reason}): the demo runs in your browser instead.`);
  return serveInBrowser(services, log);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main();
}
