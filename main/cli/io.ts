// What a CLI command may touch of the outside world, passed in so tests can capture it.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** Reads all of standard input (for --pin-stdin). */
  readonly readStdin: () => Promise<string>;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export type CliCommand = (argv: string[], io: CliIo) => Promise<number>;

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  env: process.env,
};

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** `node:util` parseArgs (strict) rejects unknown or malformed flags with a TypeError carrying a code. */
export function isUsageError(error: unknown): error is TypeError {
  return error instanceof TypeError && 'code' in error;
}

type FlagOptions = NonNullable<ParseArgsConfig['options']>;
type Flags<O extends FlagOptions> = ReturnType<typeof parseArgs<{ args: string[]; options: O & { help: { type: 'boolean'; short: 'h' } }; strict: true }>>['values'];

/**
 * The command's flags (strict, plus --help/-h), or the exit code to return: usage on a bad flag (the
 * error and `usage` on stderr), ok after printing `usage` for --help.
 */
export function readFlags<O extends FlagOptions>(argv: string[], io: CliIo, usage: string, options: O): Flags<O> | number {
  let values: Flags<O>;
  try {
    ({ values } = parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } as const }, strict: true }) as { values: Flags<O> });
  } catch (error) {
    io.err(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
    return EXIT.usage;
  }
  if ((values as { help?: boolean }).help) {
    io.out(usage);
    return EXIT.ok;
  }
  return values;
}
