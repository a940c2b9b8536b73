// The backend's own check that a report sent without consent carries no personal data. The app already
// redacts; this catches a client that does not (an old version, a hand-made request). The holder's name,
// address and birth date cannot be told from other text without knowing them, so the check relies on what
// can: the flag the report carries, the identity finding's "read with data" form, and any Belgian
// national number (11 digits, or YY.MM.DD-NNN.CC, whose check digits match).
import type { DiagnosisReport } from '../../src/contract/diagnosis.ts';

export type PersonalDataFound = 'flagged' | 'identity' | 'national-number';

export function findPersonalData(report: DiagnosisReport): PersonalDataFound | null {
  if (report.personalDataIncluded) return 'flagged';
  if (report.findings.some((f) => f.key === 'identity' && Array.isArray(f.value) && f.value.length > 0)) return 'identity';
  return containsNationalNumber(JSON.stringify(report)) ? 'national-number' : null;
}

const CANDIDATE = /(?<![\p{L}\p{N}])(\d{2})\.?(\d{2})\.?(\d{2})-?(\d{3})\.?(\d{2})(?![\p{L}\p{N}])/gu;

export function containsNationalNumber(text: string): boolean {
  for (const match of text.matchAll(CANDIDATE)) {
    if (isNationalNumber(match.slice(1).join(''))) return true;
  }
  return false;
}

/** The check digits are 97 − (first nine digits mod 97); for births from 2000 on, with a 2 in front. */
export function isNationalNumber(digits: string): boolean {
  if (!/^\d{11}$/.test(digits)) return false;
  const body = digits.slice(0, 9);
  const check = Number(digits.slice(9));
  return check === 97 - Number(BigInt(body) % 97n) || check === 97 - Number(BigInt(`2${body}`) % 97n);
}
