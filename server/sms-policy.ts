// Where the backend may send a text message: mobile numbers of the allowed countries only. Premium-rate,
// shared-cost, international-network (+882, +883) and land-line ranges never receive one, so an attacker
// cannot make MyVivium pay for messages to numbers that earn them money. Each allowed country needs its
// mobile ranges here; the configuration refuses a country this table does not know.

/** Mobile ranges by country calling code, as a pattern on the national significant number. */
const MOBILE_RANGES: Readonly<Record<string, RegExp>> = {
  '32': /^4(5[56]|[6-9]\d)\d{6}$/, // Belgium: 0455, 0456, 046x–049x
  '31': /^6[1-5]\d{7}$/, // Netherlands: 06-1 … 06-5
  '33': /^(6\d|7[3-9])\d{7}$/, // France: 06, 073–079
  '49': /^1(5\d|6[023]|7\d)\d{7,8}$/, // Germany: 015x, 016[023], 017x
  '352': /^6[2-9]1\d{6}$/, // Luxembourg: 621, 628 (and the other x1 operator blocks)
  '44': /^7[1-57-9]\d{8}$/, // United Kingdom: 07 without 070 (personal numbering) and 076 (pagers)
};

export interface SmsPolicy {
  /** Country calling codes without '+', e.g. ['32']. */
  readonly allowedCountries: readonly string[];
  readonly perCustomerPerDay: number;
  /** Text messages the whole backend (all instances) may send per day. */
  readonly dailyBudget: number;
}

export const DEFAULT_SMS_POLICY: SmsPolicy = { allowedCountries: ['32'], perCustomerPerDay: 3, dailyBudget: 1000 };

/** Countries the policy can allow (those with known mobile ranges). */
export const KNOWN_SMS_COUNTRIES = Object.keys(MOBILE_RANGES);

export type SmsDestination = { readonly allowed: true } | { readonly allowed: false; readonly reason: 'country' | 'not-mobile' };

/** Checks an E.164 number (from normalisePhone) against the allowed countries and their mobile ranges. */
export function smsDestination(e164: string, allowedCountries: readonly string[]): SmsDestination {
  // Calling codes are prefix-free, so at most one allowed code matches.
  const country = allowedCountries.find((code) => e164.startsWith(`+${code}`));
  if (!country) return { allowed: false, reason: 'country' };
  const range = MOBILE_RANGES[country];
  return range?.test(e164.slice(1 + country.length)) ? { allowed: true } : { allowed: false, reason: 'not-mobile' };
}
