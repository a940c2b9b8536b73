// Belgium's ten legal public holidays, computed for any year (no yearly list to keep up to date).
// Three depend on Easter Sunday (Gregorian computus, Meeus/Jones/Butcher): Easter Monday,
// Ascension (Easter + 39 days) and Whit Monday (Easter + 50 days).

export interface CalendarDay {
  year: number;
  /** 1 = January */
  month: number;
  day: number;
}

export function easterSunday(year: number): CalendarDay {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return { year, month, day };
}

function plusDays(date: CalendarDay, days: number): CalendarDay {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

export function belgianPublicHolidays(year: number): CalendarDay[] {
  const easter = easterSunday(year);
  const fixed = (month: number, day: number): CalendarDay => ({ year, month, day });
  return [
    fixed(1, 1), // New Year
    plusDays(easter, 1), // Easter Monday
    fixed(5, 1), // Labour Day
    plusDays(easter, 39), // Ascension
    plusDays(easter, 50), // Whit Monday
    fixed(7, 21), // National Day
    fixed(8, 15), // Assumption
    fixed(11, 1), // All Saints
    fixed(11, 11), // Armistice
    fixed(12, 25), // Christmas
  ];
}

export function isBelgianPublicHoliday({ year, month, day }: CalendarDay): boolean {
  return belgianPublicHolidays(year).some((h) => h.month === month && h.day === day);
}
