// `eid-companion card [--reader NAME] [--show-personal-data] [--json]`: reads the whole card (no PIN):
// applet, chip number, identity, address, photo, data-signature checks, certificates, PIN tries left.
// Personal data (national number, birth date, address, photo) stays redacted unless asked for.
import { parseArgs } from 'node:util';
import type { PcscPort } from '../../../src/pcsc/port.ts';
import { cardReport, openCard, toCardError, type EidCard } from '../../../src/card-service/index.ts';
import { EXIT, type CliIo } from '../io.ts';
import { fail, printJson, printText } from '../format-output.ts';
import { machinePort, type PortFactory } from '../../machine-port.ts';

const HELP = `Usage: eid-companion card [--reader NAME] [--show-personal-data] [--json]
Reads the Belgian eID card in the reader (no PIN needed) and checks its data signatures.
National number, birth date, address and photo are redacted unless --show-personal-data is given.`;

export async function runCard(argv: string[], io: CliIo, createPort: PortFactory): Promise<number> {
  let values: { json?: boolean; reader?: string; 'show-personal-data'?: boolean; help?: boolean };
  try {
    values = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, reader: { type: 'string' }, 'show-personal-data': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
    }).values;
  } catch (error) {
    io.err(`${(error as Error).message}\n${HELP}`);
    return EXIT.usage;
  }
  if (values.help) {
    io.out(HELP);
    return EXIT.ok;
  }
  const json = values.json ?? false;
  let port: PcscPort | null = null;
  let eid: EidCard | null = null;
  try {
    port = await createPort();
    eid = await openCard(port, values.reader);
    const report = await cardReport(eid, values['show-personal-data'] ?? false);
    if (json) printJson(io, report);
    else printText(io, report);
    return EXIT.ok;
  } catch (error) {
    return fail(io, toCardError(error), json);
  } finally {
    await eid?.close().catch(() => undefined);
    await port?.close();
  }
}

export const run = (argv: string[], io: CliIo): Promise<number> => runCard(argv, io, machinePort);
