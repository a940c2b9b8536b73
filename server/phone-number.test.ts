import { describe, expect, it } from 'vitest';
import { normalisePhone } from './phone-number.ts';

describe('normalisePhone', () => {
  it.each([
    ['0470 12 34 56', '+32470123456'],
    ['0470/12.34.56', '+32470123456'],
    ['+32 470 12 34 56', '+32470123456'],
    ['0032470123456', '+32470123456'],
    ['02 406 87 09', '+3224068709'],
    ['+33 6 12 34 56 78', '+33612345678'],
  ])('%s → %s', (input, expected) => expect(normalisePhone(input)).toBe(expected));

  it.each(['', 'abc', '12345', '+0123456789', '0470 12 34', '+32 470 12 34 56 78', '+3247012345a', '+1234567890123456'])('refuses %s', (input) => {
    expect(normalisePhone(input)).toBeNull();
  });
});
