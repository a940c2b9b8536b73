// Control of the machine's one pcscd for tests that need a real PC/SC service. Every test that
// uses it lives in a `*.pcscd.test.ts` file (the serial `pcscd` vitest project).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

export const VPCD_PORTS = [35963, 35964] as const;
export const VPCD_READERS = ['Virtual PCD 00 00', 'Virtual PCD 00 01'] as const;
const SOCKET = '/run/pcscd/pcscd.comm';

export function pcscdInstalled(): boolean {
  return existsSync('/usr/sbin/pcscd');
}

export function pcscdRunning(): boolean {
  try {
    execFileSync('pgrep', ['-x', 'pcscd'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Stop pcscd (whoever started it) and wait until it is gone. */
export async function stopPcscd(): Promise<void> {
  try {
    execFileSync('pkill', ['-x', 'pcscd'], { stdio: 'ignore' });
  } catch {
    return;
  }
  for (let i = 0; i < 100 && pcscdRunning(); i++) await sleep(50);
}

/**
 * Start pcscd in the background. `readers: 'none'` starts it with an empty reader configuration
 * (the "service runs, no reader" case); the default loads the vpcd virtual readers.
 */
export async function startPcscd(options: { readers?: 'vpcd' | 'none' } = {}): Promise<void> {
  if (pcscdRunning()) return;
  const args = ['--foreground'];
  if (options.readers === 'none') {
    const dir = mkdtempSync(join(tmpdir(), 'pcscd-empty-'));
    const empty = join(dir, 'reader.conf');
    writeFileSync(empty, '');
    args.push('-c', empty);
  }
  const child = spawn('/usr/sbin/pcscd', args, { detached: true, stdio: 'ignore' });
  child.unref();
  for (let i = 0; i < 100; i++) {
    if (existsSync(SOCKET) && (options.readers === 'none' || (await vpcdListening()))) return;
    await sleep(50);
  }
  throw new Error('pcscd did not start within 5 s');
}

export async function restartPcscd(options: { readers?: 'vpcd' | 'none' } = {}): Promise<void> {
  await stopPcscd();
  await startPcscd(options);
}

/** Make sure the default pcscd (with vpcd readers) runs; used by beforeAll of pcscd tests. */
export async function ensurePcscd(): Promise<void> {
  if (pcscdRunning() && (await vpcdListening())) return;
  await restartPcscd();
}

function vpcdListening(port: number = VPCD_PORTS[0]): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Message used by pcscd tests when the machine lacks pcscd (a clone outside CI). */
export const PCSCD_MISSING =
  'pcscd is not installed: run `apt-get install pcscd libpcsclite-dev vsmartcard-vpcd opensc pcsc-tools` (see README)';
