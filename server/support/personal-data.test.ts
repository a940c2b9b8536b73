import { describe, expect, it } from 'vitest';
import { containsNationalNumber, isNationalNumber } from './personal-data.ts';
import { newSupportCode } from './support-code.ts';

describe('national numbers in report text', () => {
  it('checks the check digits, for births before and from 2000', () => {
    expect(isNationalNumber('85051200203')).toBe(true);
    expect(isNationalNumber('85051200204')).toBe(false);
    // 2001-01-01, serial 001: the check is computed over 2 followed by the nine digits.
    const body = '010101001';
    const check = String(97 - Number(BigInt(`2${body}`) % 97n)).padStart(2, '0');
    expect(isNationalNumber(`${body}${check}`)).toBe(true);
  });

  it('finds one bare or written YY.MM.DD-NNN.CC, but not inside a longer run or a hex string', () => {
    expect(containsNationalNumber('holder 85051200203 read')).toBe(true);
    expect(containsNationalNumber('RRN: 85.05.12-002.03')).toBe(true);
    expect(containsNationalNumber('850512002031')).toBe(false);
    expect(containsNationalNumber('chip 534C85051200203FF')).toBe(false);
    expect(containsNationalNumber('D-20261204-K7P2XM, 2026-12-04T09:00:00.000Z, 3B7F96000080318065B085040120120FFF829000')).toBe(false);
  });
});

describe('support codes', () => {
  it('are six symbols without look-alikes, and vary', () => {
    const codes = new Set(Array.from({ length: 200 }, () => newSupportCode()));
    for (const code of codes) expect(code).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    expect(codes.size).toBeGreaterThan(195);
  });
});
