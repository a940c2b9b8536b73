// `eid-companion verify-token FILE --origin URL --nonce NONCE --trust CA.pem[,CA.pem…] [--at ISO-TIME]
// [--no-revocation] [--json]`: validates a saved Web eID token (or a saved login body `{ token }`) the
// way the backend does, for developers and the helpdesk. Exit 0 and the subject when valid; 1 and the
// error code when not; 2 for usage errors.
import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createTokenValidator, MAX_TOKEN_CHARS } from '../../../src/auth/index.ts';
import { AppError } from '../../../src/contract/errors.ts';
import { EXIT, type CliCommand } from '../io.ts';
import { failCommand, printJson, printText } from '../format-output.ts';

const HELP = `Usage: eid-companion verify-token FILE --origin URL --nonce NONCE --trust CA.pem[,CA.pem…]
                                 [--at ISO-TIME] [--no-revocation] [--json]
Validates a Web eID token (FILE holds the token JSON, or { "token": … }; - reads standard input):
format, certificate purpose and policy, validity, chain to the --trust CAs, signature over the
origin and nonce, then revocation over OCSP (the certificate's responder) unless --no-revocation.`;
/** A saved login body is at most the token plus a little. */
const MAX_FILE = 2 * MAX_TOKEN_CHARS;

export const run: CliCommand = async (argv, io) => {
  let json = false;
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        origin: { type: 'string' },
        nonce: { type: 'string' },
        trust: { type: 'string' },
        at: { type: 'string' },
        'no-revocation': { type: 'boolean' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
    json = values.json ?? false;
    if (values.help) {
      io.out(HELP);
      return EXIT.ok;
    }
    const [file, ...extra] = positionals;
    if (!file || extra.length > 0 || !values.origin || !values.nonce || !values.trust) {
      io.err(HELP);
      return EXIT.usage;
    }
    const at = values.at === undefined ? undefined : new Date(values.at);
    if (at && Number.isNaN(at.getTime())) throw new AppError('INVALID_ARGUMENT', `--at ${values.at} is not an ISO 8601 time`);

    const trusted = await Promise.all(values.trust.split(',').filter(Boolean).map((path) => readText(path, 1024 * 1024)));
    const validator = createTokenValidator({
      trustedCertificates: trusted,
      revocation: values['no-revocation'] ? false : { mode: 'aia' },
    });
    const text = file === '-' ? await io.readStdin() : await readText(file, MAX_FILE);
    const result = await validator.validate(unwrapLoginBody(text), {
      origin: values.origin,
      nonce: values.nonce,
      ...(at ? { at } : {}),
    });
    if (!result.ok) throw new AppError(result.error.code, result.error.message);
    if (json) printJson(io, result);
    else printText(io, { valid: true, subject: result.subject, certificate: result.certificate });
    return EXIT.ok;
  } catch (error) {
    return failCommand(io, error, json, HELP);
  }
};

async function readText(path: string, maxBytes: number): Promise<string> {
  const size = await stat(path).then((s) => s.size, () => -1);
  if (size < 0) throw new AppError('INVALID_ARGUMENT', `cannot read ${path}`);
  if (size > maxBytes) throw new AppError('INVALID_ARGUMENT', `${path} is ${size} bytes: too large`);
  return readFile(path, 'utf8');
}

/** The token text itself, or the token inside a saved `{ "token": … }` login body; the validator judges the rest. */
function unwrapLoginBody(text: string): unknown {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && 'token' in parsed && !('unverifiedCertificate' in parsed)) {
      return (parsed as { token: unknown }).token;
    }
  } catch {
    // Not JSON: the validator reports TOKEN_MALFORMED.
  }
  return text;
}
