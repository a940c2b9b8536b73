// "Another program has the card": a separate Node process that takes the card in a reader and keeps
// it until killed — exclusively (SCARD_SHARE_EXCLUSIVE: nobody else may connect), or in a shared
// connection inside an open PC/SC transaction (others may connect but get no command through).
import { spawn, type ChildProcess } from 'node:child_process';
import { CARD_HANDLE_ADDON } from '../../native/pcsclite/card-handle-binding.ts';

export type HoldMode = 'exclusive' | 'transaction';

export async function holdExclusively(reader: string): Promise<ChildProcess> {
  return holdCard(reader, 'exclusive');
}

export async function holdInTransaction(reader: string): Promise<ChildProcess> {
  return holdCard(reader, 'transaction');
}

async function holdCard(reader: string, mode: HoldMode): Promise<ChildProcess> {
  // The app under test may hold the card for a moment: try again until it is free.
  for (let attempt = 1; ; attempt++) {
    try {
      return await tryHold(reader, mode);
    } catch (error) {
      if (attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}

async function tryHold(reader: string, mode: HoldMode): Promise<ChildProcess> {
  const script = `
    const pcsc = require(${JSON.stringify(CARD_HANDLE_ADDON)});
    const share = ${mode === 'exclusive' ? 'pcsc.SCARD_SHARE_EXCLUSIVE' : 'pcsc.SCARD_SHARE_SHARED'};
    pcsc.connect(${JSON.stringify(reader)}, share, pcsc.SCARD_PROTOCOL_T0)
      .then(async ({ handle }) => {
        ${mode === 'transaction' ? 'await pcsc.beginTransaction(handle);' : ''}
        globalThis.held = handle;
        setInterval(() => undefined, 1 << 30);
        console.log('held');
      })
      .catch((error) => { console.error(String(error)); process.exit(2); });`;
  const child = spawn(process.execPath, ['-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the holding process did not get the card')), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('held')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the holding process ended (${code})`));
    });
  });
  return child;
}

/** Ends the holding process and waits until it is gone (pcscd then frees the card). */
export async function release(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const gone = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await gone;
}
