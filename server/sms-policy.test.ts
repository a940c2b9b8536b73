import { describe, expect, it } from 'vitest';
import { normalisePhone } from './phone-number.ts';
import { smsDestination } from './sms-policy.ts';

describe('smsDestination', () => {
  const check = (input: string, countries = ['32']) => smsDestination(normalisePhone(input)!, countries);

  it('accepts Belgian mobile numbers only, by default', () => {
    for (const mobile of ['0470 12 34 56', '+32 499 99 99 99', '0032 455 12 34 56', '0468123456']) expect(check(mobile)).toEqual({ allowed: true });
    // Premium (0900, 0903), shared cost (070, 078), land lines (02, 09) and 04 ranges that are not mobile.
    for (const other of ['0900 12 345', '0903 12 345', '070 12 34 56', '078 15 15 15', '02 406 87 09', '09 123 45 67', '+32 400 12 34 56', '+32 451 12 34 56']) {
      expect(check(other)).toEqual({ allowed: false, reason: 'not-mobile' });
    }
  });

  it('refuses other countries and international networks unless configured', () => {
    for (const foreign of ['+1 900 555 0100', '+882 1234 5678', '+883 5100 1234', '+31 6 12345678', '+44 7700 900123']) {
      expect(check(foreign)).toEqual({ allowed: false, reason: 'country' });
    }
    expect(check('+31 6 12345678', ['32', '31'])).toEqual({ allowed: true });
    expect(check('+31 20 123 4567', ['32', '31'])).toEqual({ allowed: false, reason: 'not-mobile' });
    expect(check('+44 70 1234 5678', ['44'])).toEqual({ allowed: false, reason: 'not-mobile' });
  });
});
