// `eid-companion parse identity|address FILE [--json]`: decodes a raw identity (DF01 4031) or address
// (DF01 4033) file, for the helpdesk. Works without PC/SC.
import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { AppError } from '../../../src/contract/errors.ts';
import { parseAddress, parseIdentity } from '../../../src/card-service/index.ts';
import { EXIT, type CliCommand } from '../io.ts';
import { failCommand, printJson, printText } from '../format-output.ts';

const HELP = `Usage: eid-companion parse identity|address FILE [--json]
Decodes a raw identity or address file read from a Belgian eID card.`;
/** Real files are < 300 bytes; refuse anything that cannot be one before reading it. */
const MAX_FILE = 64 * 1024;

export const run: CliCommand = async (argv, io) => {
  let json = false;
  try {
    const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    json = values.json ?? false;
    if (values.help) {
      io.out(HELP);
      return EXIT.ok;
    }
    const [kind, file, ...extra] = positionals;
    if ((kind !== 'identity' && kind !== 'address') || !file || extra.length > 0) {
      io.err(HELP);
      return EXIT.usage;
    }
    const size = await stat(file).then((s) => s.size, () => -1);
    if (size < 0) throw new AppError('INVALID_ARGUMENT', `cannot read ${file}`);
    if (size > MAX_FILE) throw new AppError('CARD_DATA_INVALID', `${file} is ${size} bytes: not an eID file`);
    const bytes = new Uint8Array(await readFile(file));
    const result = kind === 'identity' ? parseIdentity(bytes) : parseAddress(bytes);
    if (!result.ok) throw new AppError('CARD_DATA_INVALID', `${kind} file: ${result.error.message}`, { kind: result.error.kind });
    if (json) printJson(io, result.value);
    else printText(io, result.value);
    return EXIT.ok;
  } catch (error) {
    return failCommand(io, error, json, HELP);
  }
};
