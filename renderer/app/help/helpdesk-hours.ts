// Whether the MyVivium helpdesk is open at a given moment and when it opens next. The hours are
// Brussels wall-clock times, so the computation goes through Europe/Brussels whatever the PC's zone.
// Closed on Belgian public holidays.
import { isBelgianPublicHoliday } from './belgian-holidays.ts';

export const HELPDESK_TIME_ZONE = 'Europe/Brussels';
export const HELPDESK_EMAIL = 'myvivium@vivium.be';
export const HELPDESK_PHONE = '02/406.87.09';

interface Slot {
  /** 1 = Monday … 7 = Sunday. */
  weekday: number;
  open: number; // minutes after midnight
  close: number;
}

const at = (h: number, m: number) => h * 60 + m;
export const HELPDESK_SLOTS: readonly Slot[] = [
  { weekday: 1, open: at(8, 30), close: at(17, 0) },
  { weekday: 2, open: at(8, 30), close: at(17, 0) },
  { weekday: 3, open: at(8, 30), close: at(17, 0) },
  { weekday: 4, open: at(8, 30), close: at(17, 0) },
  { weekday: 5, open: at(8, 30), close: at(16, 0) },
];

interface WallClock {
  year: number;
  month: number;
  day: number;
  weekday: number;
  minutes: number;
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const wallClockFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: HELPDESK_TIME_ZONE, year: 'numeric', month: 'numeric', day: 'numeric', weekday: 'short', hour: 'numeric', minute: 'numeric', hourCycle: 'h23',
});

function wallClock(instant: Date): WallClock {
  const parts = Object.fromEntries(wallClockFormat.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: WEEKDAYS.indexOf(parts.weekday ?? '') + 1,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/** The instant at which Brussels clocks show the given date and time (DST-aware). */
function brusselsInstant(year: number, month: number, day: number, minutes: number): Date {
  const guess = Date.UTC(year, month - 1, day, 0, minutes);
  let instant = guess;
  for (let i = 0; i < 2; i++) {
    const shown = wallClock(new Date(instant));
    const shownUtc = Date.UTC(shown.year, shown.month - 1, shown.day, 0, shown.minutes);
    instant += guess - shownUtc;
  }
  return new Date(instant);
}

/** The opening hours on that Brussels day: none at weekends and on public holidays. */
function slotOn(day: WallClock): Slot | undefined {
  return isBelgianPublicHoliday(day) ? undefined : HELPDESK_SLOTS.find((s) => s.weekday === day.weekday);
}

export type HelpdeskStatus =
  | { open: true; closesAt: Date }
  | { open: false; opensAt: Date; /** 0 = later today, 1 = tomorrow, n = in n days. */ daysAhead: number };

export function helpdeskStatus(now: Date): HelpdeskStatus {
  const today = wallClock(now);
  const slotToday = slotOn(today);
  if (slotToday && today.minutes >= slotToday.open && today.minutes < slotToday.close) {
    return { open: true, closesAt: brusselsInstant(today.year, today.month, today.day, slotToday.close) };
  }
  // Two weeks: enough to pass any run of holidays and weekend days.
  for (let ahead = 0; ahead <= 14; ahead++) {
    // Noon avoids any DST edge when stepping whole days.
    const noon = brusselsInstant(today.year, today.month, today.day, at(12, 0));
    const day = wallClock(new Date(noon.getTime() + ahead * 86_400_000));
    const slot = slotOn(day);
    if (!slot || (ahead === 0 && today.minutes >= slot.open)) continue;
    return { open: false, opensAt: brusselsInstant(day.year, day.month, day.day, slot.open), daysAhead: ahead };
  }
  throw new Error('the helpdesk has no opening hours');
}
