// The short fuzz pass that runs with `npm test`; `npm run fuzz` runs the same targets at 100 000 cases.
import { describe, expect, it } from 'vitest';
import { targets } from './targets.ts';

describe('fuzz (short pass)', () => {
  for (const target of targets) {
    it(`${target.name}: any input gives a result or a typed error`, async () => {
      const outcome = await target.check(300);
      expect(outcome.report).toBe('');
    });
  }
});
