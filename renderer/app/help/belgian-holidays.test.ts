import { describe, expect, it } from 'vitest';
import { belgianPublicHolidays, easterSunday, isBelgianPublicHoliday } from './belgian-holidays.ts';

const iso = (d: { year: number; month: number; day: number }) => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

describe('Belgian public holidays', () => {
  it('Easter Sunday for known years', () => {
    expect(iso(easterSunday(2024))).toBe('2024-03-31');
    expect(iso(easterSunday(2025))).toBe('2025-04-20');
    expect(iso(easterSunday(2026))).toBe('2026-04-05');
    expect(iso(easterSunday(2027))).toBe('2027-03-28');
    expect(iso(easterSunday(2038))).toBe('2038-04-25');
  });

  it('the ten holidays of 2026, the Easter-based ones included', () => {
    expect(belgianPublicHolidays(2026).map(iso)).toEqual([
      '2026-01-01', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25',
      '2026-07-21', '2026-08-15', '2026-11-01', '2026-11-11', '2026-12-25',
    ]);
  });

  it('Ascension and Whit Monday move with Easter', () => {
    expect(isBelgianPublicHoliday({ year: 2027, month: 5, day: 6 })).toBe(true); // Ascension 2027
    expect(isBelgianPublicHoliday({ year: 2027, month: 5, day: 17 })).toBe(true); // Whit Monday 2027
    expect(isBelgianPublicHoliday({ year: 2027, month: 5, day: 14 })).toBe(false);
  });
});
