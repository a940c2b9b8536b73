// Usage errors of `eid-companion diagnose` (no PC/SC needed); the live runs are in
// test/integration/diagnose.pcscd.test.ts.
import { describe, expect, it } from 'vitest';
import { run } from './diagnose.ts';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), readStdin: async () => '', env: {} } };
}

describe('eid-companion diagnose: usage', () => {
  it('--help prints the flags', async () => {
    const c = io();
    expect(await run(['--help'], c.io)).toBe(0);
    expect(c.out.join('\n')).toMatch(/--include-personal-data/);
  });

  it.each([[['--lang', 'es']], [['--backend', 'ftp://x']], [['--bogus']], [['--backend']]])('%j is a usage error (exit 2)', async (argv) => {
    const c = io();
    expect(await run(argv, c.io)).toBe(2);
    expect(c.err.join('\n')).not.toBe('');
  });
});
