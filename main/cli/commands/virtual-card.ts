// `eid-companion virtual-card`: a virtual Belgian eID card in pcscd's vpcd reader until stopped
// (SIGINT/SIGTERM). It re-attaches when pcscd restarts, so a long demo or test session survives that.
import { attachToVpcd, VPCD_DEFAULT_PORT } from '../../../native/vpcd/index.ts';
import { createVirtualCard, type VirtualCard } from '../../../src/virtual-card/index.ts';
import { EXIT, readFlags, type CliCommand, type CliIo } from '../io.ts';

const USAGE = `Usage: eid-companion virtual-card --profile 1.8|1.7 [--pin P] [--slot N] [--seed S] [--export DIR]

Puts a virtual Belgian eID card (a specimen person, its own test PKI) in pcscd's vpcd reader N
("Virtual PCD 00 0N", TCP ${VPCD_DEFAULT_PORT}+N) and keeps it there until Ctrl+C.

  --profile 1.8|1.7   applet 1.8 (EC P-384 keys) or applet 1.7 (RSA-2048 keys)
  --pin P             the card PIN, 4 to 12 digits (default 1234)
  --slot N            vpcd slot, 0 or more (default 0)
  --seed S            same seed, same keys and certificates' contents (reproducible runs)
  --export DIR        write root, citizen CA, RRN, authentication and signature certificates (PEM)`;

const RETRY_MS = 1000;

function usageError(io: CliIo, message: string): number {
  io.err(message);
  io.err(USAGE);
  return EXIT.usage;
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilStopped(): { stopped: Promise<void>; dispose: () => void } {
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    stopped,
    dispose: () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    },
  };
}

async function keepAttached(card: VirtualCard, port: number, io: CliIo, stopped: Promise<void>): Promise<void> {
  let announced = false;
  let warned = false;
  let running = true;
  void stopped.then(() => (running = false));
  while (running) {
    try {
      const attachment = await attachToVpcd(card, { port });
      if (!announced) {
        announced = true;
        io.out(`Virtual eID card (applet ${card.profile}, ${card.holder.firstNames} ${card.holder.surname}) attached to vpcd 127.0.0.1:${port}. Stop with Ctrl+C.`);
      } else {
        io.err(`re-attached to vpcd 127.0.0.1:${port}`);
      }
      await Promise.race([attachment.closed, stopped]);
      if (!running) {
        await attachment.detach();
        return;
      }
      io.err('vpcd closed the connection (pcscd restarted?); re-attaching');
    } catch {
      if (!warned) io.err(`vpcd is not listening on 127.0.0.1:${port} (is pcscd with vsmartcard-vpcd running?); retrying`);
      warned = true;
    }
    await Promise.race([new Promise((resolve) => setTimeout(resolve, RETRY_MS)), stopped]);
  }
}

export const run: CliCommand = async (argv, io) => {
  const values = readFlags(argv, io, USAGE, {
    profile: { type: 'string' },
    pin: { type: 'string' },
    slot: { type: 'string' },
    seed: { type: 'string' },
    export: { type: 'string' },
  });
  if (typeof values === 'number') return values;
  const profile = values.profile;
  if (profile !== '1.7' && profile !== '1.8') return usageError(io, '--profile must be 1.8 or 1.7');
  const pin = values.pin ?? '1234';
  if (!/^\d{4,12}$/.test(pin)) return usageError(io, '--pin must be 4 to 12 digits');
  const slotText = values.slot ?? '0';
  if (!/^\d{1,2}$/.test(slotText)) return usageError(io, '--slot must be a small number (0, 1, …)');
  const port = VPCD_DEFAULT_PORT + Number(slotText);

  const card = await createVirtualCard({ profile, pin, ...(values.seed === undefined ? {} : { seed: values.seed }) });
  if (values.export !== undefined) {
    const written = card.exportPem(values.export);
    io.err(`certificates written: ${Object.values(written).filter((path) => path !== null).join(', ')}`);
  }
  const { stopped, dispose } = untilStopped();
  try {
    await keepAttached(card, port, io, stopped);
  } finally {
    dispose();
  }
  return EXIT.ok;
};
