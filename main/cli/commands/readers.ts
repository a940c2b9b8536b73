// `eid-companion readers [--json]`: the PC/SC service, its readers, and what card each one holds.
import { parseArgs } from 'node:util';
import { AppError } from '../../../src/contract/errors.ts';
import { isPcscError } from '../../../src/pcsc/errors.ts';
import type { PcscPort } from '../../../src/pcsc/port.ts';
import { readersReport, type ReadersReport } from '../../../src/card-service/index.ts';
import { EXIT, type CliIo } from '../io.ts';
import { fail, printJson } from '../format-output.ts';
import { machinePort, type PortFactory } from '../../machine-port.ts';

const HELP = `Usage: eid-companion readers [--json]
Lists the card readers and the card in each (Belgian eID applet 1.7 / 1.8, or unknown).`;

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
