// Shared output of the card commands: JSON with stable field names, or aligned "label: value" lines,
// and the one way a command reports a failure (code on stderr, non-zero exit).
import { isAppError, type ErrorCode } from '../../src/contract/errors.ts';
import { EXIT, isUsageError, type CliIo } from './io.ts';

export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

/** Prints nested objects as indented "label: value" lines. */
export function printText(io: CliIo, value: unknown, indent = ''): void {
  if (value === null || typeof value !== 'object') {
    io.out(`${indent}${String(value)}`);
    return;
  }
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
      io.out(`${indent}${key}:`);
      printText(io, item, `${indent}  `);
    } else if (Array.isArray(item)) {
      io.out(`${indent}${key}:`);
      for (const element of item) {
        if (element !== null && typeof element === 'object') {
          io.out(`${indent}  -`);
          printText(io, element, `${indent}    `);
        } else io.out(`${indent}  - ${String(element)}`);
      }
    } else {
      io.out(`${indent}${key}: ${String(item)}`);
    }
  }
}

/** Reports an error with its code; returns the exit code. */
/** A bad flag (parseArgs) prints it with the usage and exits 2; anything else is `fail`. */
export function failCommand(io: CliIo, error: unknown, json: boolean, usage: string): number {
  if (isUsageError(error)) {
    io.err(`${error.message}\n${usage}`);
    return EXIT.usage;
  }
  return fail(io, error, json);
}

export function fail(io: CliIo, error: unknown, json: boolean): number {
  const code: ErrorCode = isAppError(error) ? error.code : 'INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  if (json) printJson(io, { error: { code, message } });
  io.err(`${code}: ${friendly(code)} (${message})`);
  return code === 'INVALID_ARGUMENT' ? EXIT.usage : EXIT.failure;
}

const FRIENDLY: Partial<Record<ErrorCode, string>> = {
  PCSC_UNAVAILABLE: 'the PC/SC service (pcscd / Smart Card service) is not running',
  READER_NONE: 'no card reader found',
  CARD_NONE: 'no card in the reader',
  CARD_UNKNOWN: 'this card is not a Belgian eID card',
  CARD_IN_USE: 'another program is using the card',
  CARD_UNRESPONSIVE: 'the card does not answer (inserted the wrong way round?)',
  CARD_REMOVED: 'the card was removed',
  CARD_COMMUNICATION: 'the card answered something unexpected',
  CARD_DATA_INVALID: 'the data is not a valid eID file',
  INVALID_ARGUMENT: 'invalid arguments',
};

function friendly(code: ErrorCode): string {
  return FRIENDLY[code] ?? 'failed';
}
