// Flag handling of `eid-companion virtual-card` (attaching to pcscd is covered by
// test/integration/opensc-cli.pcscd.test.ts).
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../io.ts';
import { run } from './virtual-card.ts';

function capture(): CliIo & { output: string[]; errors: string[] } {
  const output: string[] = [];
  const errors: string[] = [];
  return {
    output,
    errors,
    out: (text) => output.push(text),
    err: (text) => errors.push(text),
    readStdin: async () => '',
    env: {},
  };
}

describe('eid-companion virtual-card flags', () => {
  it.each([
    [[]],
    [['--profile', '1.9']],
    [['--profile', '1.8', '--pin', '12']],
    [['--profile', '1.8', '--pin', 'abcd']],
    [['--profile', '1.8', '--slot', 'x']],
    [['--profile', '1.8', '--bogus']],
    [['--profile', '1.8', 'extra']],
  ])('exits 2 with the usage for %j', async (argv) => {
    const io = capture();
    expect(await run(argv, io)).toBe(2);
    expect(io.errors.join('\n')).toContain('Usage: eid-companion virtual-card --profile 1.8|1.7');
    expect(io.output).toEqual([]);
  });

  it('prints the usage for --help', async () => {
    const io = capture();
    expect(await run(['--help'], io)).toBe(0);
    expect(io.output.join('\n')).toContain('--export DIR');
  });
});
