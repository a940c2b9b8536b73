// Dates as the identity file writes them. Validity dates are `DD.MM.YYYY`. The birth date is written
// by the municipality in its language: `01 JAN 1971`, `26 AVR  1975`, `24 MAAR 1969`, `13.AUG. 1996`,
// sometimes only a year. Results are ISO `YYYY-MM-DD`, or `YYYY` when only the year is known.

const MONTHS: Readonly<Record<string, number>> = {
  // French
  JAN: 1, FEV: 2, 'FÉV': 2, MARS: 3, AVR: 4, MAI: 5, JUIN: 6, JUIL: 7, AOUT: 8, 'AOÛT': 8, SEPT: 9, OCT: 10, NOV: 11, DEC: 12, 'DÉC': 12,
  // Dutch
  FEB: 2, MAAR: 3, MRT: 3, APR: 4, MEI: 5, JUN: 6, JUL: 7, AUG: 8, SEP: 9, OKT: 10,
  // German
  'MÄR': 3, 'MÄRZ': 3, MAR: 3, MRZ: 3, DEZ: 12,
};

/** `DD.MM.YYYY` → `YYYY-MM-DD`, or null. */
export function parseDottedDate(text: string): string | null {
  const match = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$/.exec(text);
  return match ? isoDate(Number(match[3]), Number(match[2]), Number(match[1])) : null;
}

/** Birth date in any of the card's spellings → `YYYY-MM-DD` or `YYYY`, or null. */
export function parseBirthDate(text: string): string | null {
  const numeric = parseDottedDate(text);
  if (numeric) return numeric;
  const parts = text.normalize('NFC').toUpperCase().replace(/[.,/-]/g, ' ').trim().split(/\s+/);
  if (parts.length === 1 && /^\d{4}$/.test(parts[0]!)) return parts[0]!;
  if (parts.length !== 3) return null;
  const [day, monthName, year] = parts as [string, string, string];
  const month = MONTHS[monthName] ?? (/^\d{1,2}$/.test(monthName) ? Number(monthName) : undefined);
  if (!/^\d{1,2}$/.test(day) || !/^\d{4}$/.test(year) || month === undefined) return null;
  return isoDate(Number(year), month, Number(day));
}

function isoDate(year: number, month: number, day: number): string | null {
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
