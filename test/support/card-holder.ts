// "Another program holds the card": a separate Node process that connects to the card in a reader
// exclusively (SCARD_SHARE_EXCLUSIVE) and keeps it until killed.
import { spawn, type ChildProcess } from 'node:child_process';

export async function holdExclusively(reader: string): Promise<ChildProcess> {
  // The app under test may hold a shared connection for a moment: try again until the card is free.
  for (let attempt = 1; ; attempt++) {
    try {
      return await tryHold(reader);
    } catch (error) {
      if (attempt >= 10) throw error;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}

async function tryHold(reader: string): Promise<ChildProcess> {
  const script = `
    const pcsc = require('pcsclite')();
    pcsc.on('reader', (r) => {
      if (r.name !== ${JSON.stringify(reader)}) return;
      let done = false;
      r.on('status', (s) => {
        if (done || !(s.state & r.SCARD_STATE_PRESENT)) return;
        done = true;
        r.connect({ share_mode: r.SCARD_SHARE_EXCLUSIVE, protocol: r.SCARD_PROTOCOL_T0 }, (err) => {
          if (err) { console.error(String(err)); process.exit(2); }
          console.log('held');
        });
      });
    });`;
  const child = spawn(process.execPath, ['-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the holding process did not get the card')), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('held')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`the holding process ended (${code})`)));
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
