// Every error code the app can meet has its text, and every fix the error-help table offers has its
// label, so no error is ever shown as a raw key (the key-parity test then covers fr, nl and de).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/contract/errors.ts';
import { ERROR_HELP, FIXES } from '../../src/contract/error-help.ts';

const errors = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../src/i18n/locales/en/errors.json'), 'utf8')) as Record<string, unknown> & {
  fix: Record<string, string>;
};

describe('error texts', () => {
  it.each(ERROR_CODES)('%s has an English text', (code) => {
    expect(typeof errors[code]).toBe('string');
  });
  it.each(FIXES)('fix %s has a label', (fix) => {
    expect(typeof errors.fix[fix]).toBe('string');
  });
  it('every code has its help entry', () => {
    expect(Object.keys(ERROR_HELP).sort()).toEqual([...ERROR_CODES].sort());
  });
});
