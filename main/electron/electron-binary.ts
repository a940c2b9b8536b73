// The Electron binary for `npm start` and `npm run demo`. npm's script allow-list keeps the electron
// package's own download out of `npm ci` (package.json "allowScripts"), so the binary arrives on first
// start instead: Electron's own installer (node_modules/electron/install.js) runs for a bounded time,
// honouring ELECTRON_MIRROR and the proxy settings. Where it cannot be had, the caller falls back to
// the browser.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ELECTRON_PACKAGE = resolve(import.meta.dirname, '../../node_modules/electron');
/** Electron is about 100 MB: room for a slow line, short enough that nobody waits on a dead one. */
export const INSTALL_TIMEOUT_MS = 180_000;

/** The Electron executable, or null when the package has no downloaded binary. */
export function electronBinary(packageDir = ELECTRON_PACKAGE): string | null {
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : null;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The installer's environment. @electron/get reads ELECTRON_MIRROR itself, but uses a proxy only when
 * ELECTRON_GET_USE_PROXY is set (then undici's EnvHttpProxyAgent reads HTTPS_PROXY / HTTP_PROXY /
 * NO_PROXY): it is set here when a proxy is configured, npm's own proxy settings included.
 */
export function installerEnv(env: Env): Record<string, string | undefined> {
  const pick = (...names: string[]) => names.map((name) => env[name]).find((value) => value !== undefined && value !== '');
  const httpsProxy = pick('HTTPS_PROXY', 'https_proxy', 'npm_config_https_proxy', 'npm_config_proxy');
  const httpProxy = pick('HTTP_PROXY', 'http_proxy', 'npm_config_proxy');
  const noProxy = pick('NO_PROXY', 'no_proxy', 'npm_config_noproxy');
  const result: Record<string, string | undefined> = { ...env };
  if (httpsProxy === undefined && httpProxy === undefined) return result;
  result.ELECTRON_GET_USE_PROXY ??= '1';
  if (httpsProxy !== undefined) result.HTTPS_PROXY = httpsProxy;
  if (httpProxy !== undefined) result.HTTP_PROXY = httpProxy;
  if (noProxy !== undefined) result.NO_PROXY = noProxy;
  return result;
}

export type ElectronOutcome = { readonly ok: true; readonly binary: string } | { readonly ok: false; readonly reason: string };

export interface ObtainOptions {
  readonly packageDir?: string;
  readonly env?: Env;
  readonly timeoutMs?: number;
  /** One progress line, and one line when it fails. */
  readonly log: (line: string) => void;
}

/** The binary when it is there; otherwise Electron's installer, once, within the time limit. */
export async function obtainElectron(options: ObtainOptions): Promise<ElectronOutcome> {
  const packageDir = options.packageDir ?? ELECTRON_PACKAGE;
  const env = options.env ?? process.env;
  const present = electronBinary(packageDir);
  if (present) return { ok: true, binary: present };
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) return { ok: false, reason: 'ELECTRON_SKIP_BINARY_DOWNLOAD is set' };
  const installer = join(packageDir, 'install.js');
  if (!existsSync(installer)) return { ok: false, reason: `${installer} is missing (npm install first)` };
  const mirror = env.ELECTRON_MIRROR ? ` from ${env.ELECTRON_MIRROR}` : '';
  options.log(`Downloading Electron once${mirror} (its installer, at most ${seconds(options.timeoutMs ?? INSTALL_TIMEOUT_MS)} s)…`);
  const failure = await runInstaller(installer, installerEnv(env), options.timeoutMs ?? INSTALL_TIMEOUT_MS);
  if (failure) return { ok: false, reason: failure };
  const binary = electronBinary(packageDir);
  return binary ? { ok: true, binary } : { ok: false, reason: 'the installer finished without an Electron binary' };
}

/** Runs the installer; null when it exits 0, else why not (its last error line, or the time limit). */
function runInstaller(installer: string, env: Record<string, string | undefined>, timeoutMs: number): Promise<string | null> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [installer], { cwd: join(installer, '..'), env, stdio: ['ignore', 'ignore', 'pipe'], detached: process.platform !== 'win32' });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors = (errors + chunk.toString()).slice(-4000)));
    const timer = setTimeout(() => {
      // The installer's own downloader may have children: end the whole group.
      try {
        if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        // already gone
      }
      done(`no answer within ${seconds(timeoutMs)} s`);
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      done(error.message);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) done(null);
      else done(firstErrorLine(errors) ?? `the installer exited with code ${code ?? 'signal'}`);
    });
  });
}

function firstErrorLine(stderr: string): string | undefined {
  return stderr.split('\n').map((line) => line.trim()).find((line) => /error/i.test(line))?.slice(0, 300);
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}
