// The Playwright files that drive the machine's one pcscd must run one at a time (the `pcscd` project);
// a new file that uses pcscd but is left out would run beside them and fight over the readers.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PCSCD_FILES } from '../playwright.config.ts';

const E2E = join(import.meta.dirname, 'e2e');

describe('Playwright projects', () => {
  it('puts every end-to-end file that uses pcscd in the pcscd project, and only those', () => {
    const files = readdirSync(E2E).filter((f) => f.endsWith('.e2e.ts'));
    const usesPcscd = files.filter((f) => /ensurePcscd|card:\s*'pcscd'/.test(readFileSync(join(E2E, f), 'utf8')));
    expect(usesPcscd.length).toBeGreaterThan(0);
    expect(PCSCD_FILES.map((pattern) => pattern.replace('**/', '')).sort()).toEqual(usesPcscd.sort());
  });
});
