// `eid-companion readers [--json]`: the PC/SC service, its readers, and what card each one holds.
import { parseArgs } from 'node:util';
import { AppError, isAppError } from '../../../src/contract/errors.ts';
import { isPcscError } from '../../../src/pcsc/errors.ts';
import type { PcscPort, ReaderSnapshot } from '../../../src/pcsc/port.ts';
import { matchAtr } from '../../../src/card/atr.ts';
import { openEidCard } from '../../../src/card/eid-card.ts';
import { toHex } from '../../../src/card/hex.ts';
import { EXIT, type CliIo } from '../io.ts';
import { fail, printJson } from '../format-output.ts';
import { machinePort, type PortFactory } from '../card-port.ts';

const HELP = `Usage: eid-companion readers [--json]
Lists the card readers and the card in each (Belgian eID applet 1.7 / 1.8, or unknown).`;

export interface ReaderCard {
  atr: string | null;
  type: 'belgian-eid' | 'unknown';
  applet?: string;
}
export interface ReadersReport {
  service: 'ok' | 'unavailable';
  readers: Array<{ name: string; card: ReaderCard | null }>;
}

export async function readersReport(port: PcscPort): Promise<ReadersReport> {
  let snapshots: ReaderSnapshot[];
  try {
    snapshots = await port.readers();
  } catch (error) {
    if (isPcscError(error, 'NoService')) return { service: 'unavailable', readers: [] };
    if (isPcscError(error, 'NoReaders')) return { service: 'ok', readers: [] };
    throw error;
  }
  const readers: ReadersReport['readers'] = [];
  for (const snapshot of snapshots) readers.push({ name: snapshot.name, card: await describeCard(port, snapshot) });
  return { service: 'ok', readers };
}

async function describeCard(port: PcscPort, snapshot: ReaderSnapshot): Promise<ReaderCard | null> {
  if (!snapshot.present) return null;
  if (!snapshot.atr) return { atr: null, type: 'unknown' };
  const atr = toHex(snapshot.atr);
  const family = matchAtr(snapshot.atr);
  if (!family) return { atr, type: 'unknown' };
  const byAtr: ReaderCard = { atr, type: 'belgian-eid', applet: family === 'belpic-1.8' ? '1.8' : '1.7' };
  try {
    const connection = await port.connect(snapshot.name);
    try {
      const eid = await openEidCard(connection, { platform: port.platform });
      return { atr, type: 'belgian-eid', applet: eid.info().applet };
    } finally {
      await connection.disconnect('leave').catch(() => undefined);
    }
  } catch (error) {
    if (isAppError(error, 'CARD_UNKNOWN')) return { atr, type: 'unknown' };
    // Held by another program, or pulled out meanwhile: the ATR is all we can tell.
    return byAtr;
  }
}

export async function runReaders(argv: string[], io: CliIo, createPort: PortFactory): Promise<number> {
  let json = false;
  try {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true });
    json = values.json ?? false;
    if (values.help) {
      io.out(HELP);
      return EXIT.ok;
    }
  } catch (error) {
    io.err(`${(error as Error).message}\n${HELP}`);
    return EXIT.usage;
  }
  let port: PcscPort | null = null;
  try {
    port = await createPort();
    const report = await readersReport(port);
    if (json) printJson(io, report);
    else if (report.service === 'ok') {
      for (const reader of report.readers) {
        const card = reader.card;
        io.out(`${reader.name}: ${!card ? 'no card' : card.type === 'belgian-eid' ? `Belgian eID, applet ${card.applet} (ATR ${card.atr})` : `unknown card (ATR ${card.atr ?? 'none: card does not answer'})`}`);
      }
    }
    if (report.service === 'unavailable') return fail(io, new AppError('PCSC_UNAVAILABLE', 'SCardEstablishContext: no service'), false);
    if (report.readers.length === 0) return fail(io, new AppError('READER_NONE', 'the service lists no reader'), false);
    return EXIT.ok;
  } catch (error) {
    if (isPcscError(error, 'NoService')) {
      if (json) printJson(io, { service: 'unavailable', readers: [] } satisfies ReadersReport);
      return fail(io, new AppError('PCSC_UNAVAILABLE', error.message), false);
    }
    return fail(io, error, json);
  } finally {
    await port?.close();
  }
}

export const run = (argv: string[], io: CliIo): Promise<number> => runReaders(argv, io, machinePort);
