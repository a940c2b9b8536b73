// Runs a test body with a virtual eID card in one of pcscd's vpcd readers: pcscd is started if needed,
// the card is attached, the body runs once pcscd has powered the card up (so every PC/SC client sees
// it), and the card is pulled out afterwards — also when the body fails. Callers hold the pcscd lock
// (the `pcscd` vitest project runs these files one at a time).
import { createRequire } from 'node:module';
import { attachToVpcd, type VpcdAttachment } from '../../native/vpcd/index.ts';
import { createVirtualCard, type VirtualCard, type VirtualCardOptions } from '../../src/virtual-card/index.ts';
import { ensurePcscd, VPCD_PORTS, VPCD_READERS } from './pcscd.ts';

export interface VirtualCardOnPcscdOptions extends VirtualCardOptions {
  /** vpcd slot: 0 → "Virtual PCD 00 00" (TCP 35963), 1 → "Virtual PCD 00 01" (TCP 35964). */
  readonly slot?: 0 | 1;
  /** Use this card instead of creating one from the options. */
  readonly card?: VirtualCard;
}

export interface VirtualCardOnPcscd {
  readonly card: VirtualCard;
  readonly attachment: VpcdAttachment;
  /** The PC/SC reader name the card sits in. */
  readonly reader: string;
}

const POWER_UP_TIMEOUT_MS = 15_000;
const SCARD_STATE_PRESENT = 0x20;

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface PcscliteReader {
  name: string;
  on(event: 'status', listener: (status: { state: number }) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  close(): void;
}
interface PcscliteContext {
  on(event: 'reader', listener: (reader: PcscliteReader) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  close(): void;
}

/** Resolves once pcscd reports the reader without a card (or after `ms`, whichever comes first). */
async function untilReaderEmpty(reader: string, ms: number): Promise<void> {
  const pcsc = (createRequire(import.meta.url)('pcsclite') as () => PcscliteContext)();
  try {
    await withTimeout(
      new Promise<void>((resolve) => {
        pcsc.on('error', () => resolve());
        pcsc.on('reader', (r) => {
          // A reader emits 'error' when pcscd goes away (tests stop it on purpose): never let that
          // become an uncaught exception in the test process.
          r.on('error', () => resolve());
          if (r.name !== reader) return;
          r.on('status', (status) => {
            if ((status.state & SCARD_STATE_PRESENT) === 0) resolve();
          });
        });
      }),
      ms,
      'reader still shows a card',
    ).catch(() => undefined);
  } finally {
    pcsc.close();
  }
}

export async function withVirtualCardOnPcscd<T>(
  options: VirtualCardOnPcscdOptions,
  body: (context: VirtualCardOnPcscd) => Promise<T>,
): Promise<T> {
  await ensurePcscd();
  const slot = options.slot ?? 0;
  const card = options.card ?? (await createVirtualCard(options));
  const reader = VPCD_READERS[slot];
  const attachment = await attachToVpcd(card, { port: VPCD_PORTS[slot] });
  try {
    await withTimeout(attachment.poweredUp, POWER_UP_TIMEOUT_MS, `pcscd did not power up the virtual card in "${reader}"`);
    return await body({ card, attachment, reader });
  } finally {
    await attachment.detach();
    await untilReaderEmpty(reader, 5_000);
  }
}
