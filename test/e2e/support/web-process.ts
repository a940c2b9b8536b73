// Runs `main/web` the way `npm run web` does, as its own process, and reads what it prints: the
// address to open (with its token) and every address the companion asked the OS to open.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../../..');

export interface WebProcess {
  /** The page address, token included. */
  readonly url: string;
  /** Addresses the companion asked to open in the default browser, in order. */
  readonly opened: string[];
  /** Resolves with the next address opened after this call. */
  nextOpened(timeoutMs?: number): Promise<string>;
  /** Runs `eid-companion open LINK` as a customer's browser would hand the link over; its exit code and output. */
  openLink(link: string): Promise<{ code: number; output: string }>;
  stop(): Promise<void>;
}

export interface WebOptions {
  readonly backend: string;
  readonly origin: string;
  /** An in-process virtual card instead of the machine's PC/SC service (pcscd). */
  readonly virtualCard?: '1.7' | '1.8';
  /** The itsme provider the companion may send the browser to. */
  readonly itsmeOrigin?: string;
}

/**
 * Calls `onLine` with each line a child prints on stdout (trimmed); returns what it printed on stdout and
 * stderr so far, for the message when it fails to start.
 */
export function watchLines(child: ChildProcess, onLine: (line: string) => void): () => string {
  let output = '';
  let pending = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => {
    const text = chunk.toString();
    output += text;
    pending += text;
    let index: number;
    while ((index = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, index).trim();
      pending = pending.slice(index + 1);
      onLine(line);
    }
  });
  return () => output;
}

export async function startWebProcess(options: WebOptions): Promise<WebProcess> {
  const env = { ...process.env };
  delete env.MYVIVIUM_BACKEND;
  delete env.MYVIVIUM_ORIGIN;
  // Each run is a fresh installation (its own installation identifier), never the tester's own.
  env.EID_COMPANION_DATA_DIR = mkdtempSync(join(tmpdir(), 'eid-web-data-'));
  // Where this host announces itself to `eid-companion open`: a folder of its own, so parallel runs never meet.
  env.EID_COMPANION_RUNTIME_DIR = mkdtempSync(join(tmpdir(), 'e2e-runtime-'));
  const args = ['--import', 'tsx', 'main/web/index.ts', '--port', '0', '--backend', options.backend, '--origin', options.origin];
  if (options.virtualCard) args.push('--virtual-card', options.virtualCard);
  if (options.itsmeOrigin) args.push('--itsme-origin', options.itsmeOrigin);
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const opened: string[] = [];
  const waiters: Array<(url: string) => void> = [];

  const url = await new Promise<string>((resolveUrl, reject) => {
    const printed = watchLines(child, (line) => {
      const open = /^open in your browser: (\S+)$/.exec(line);
      if (open?.[1]) {
        opened.push(open[1]);
        waiters.shift()?.(open[1]);
      } else if (/^http:\/\/127\.0\.0\.1:\d+\/\S*token=/.test(line)) {
        clearTimeout(timer);
        resolveUrl(line);
      }
    });
    const timer = setTimeout(() => reject(new Error(`the web host did not print its address within 30 s\n${printed()}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`the web host exited (${code})\n${printed()}`)));
  });

  return {
    url,
    opened,
    nextOpened(timeoutMs = 15_000) {
      return new Promise((resolveOpened, reject) => {
        const timer = setTimeout(() => reject(new Error('the companion opened no address')), timeoutMs);
        waiters.push((address) => {
          clearTimeout(timer);
          resolveOpened(address);
        });
      });
    },
    openLink: (link) =>
      new Promise((resolveRun) => {
        execFile(process.execPath, [join(ROOT, 'bin/eid-companion.js'), 'open', link], { cwd: ROOT, env }, (error, stdout, stderr) => {
          resolveRun({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` });
        });
      }),
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}
