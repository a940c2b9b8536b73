import { describe, expect, it } from 'vitest';
import { helpdeskStatus } from './helpdesk-hours.ts';

// Brussels is UTC+1 in winter, UTC+2 in summer.
describe('helpdesk hours (Europe/Brussels)', () => {
  it('open on a Thursday afternoon, until 17:00 Brussels', () => {
    const status = helpdeskStatus(new Date('2026-11-26T14:00:00Z')); // Thu 15:00 Brussels
    expect(status).toEqual({ open: true, closesAt: new Date('2026-11-26T16:00:00Z') });
  });

  it('Friday closes at 16:00', () => {
    expect(helpdeskStatus(new Date('2026-11-27T14:59:00Z')).open).toBe(true); // 15:59
    const after = helpdeskStatus(new Date('2026-11-27T15:00:00Z')); // 16:00
    expect(after).toEqual({ open: false, opensAt: new Date('2026-11-30T07:30:00Z'), daysAhead: 3 });
  });

  it('before opening on a weekday: opens today at 8:30', () => {
    expect(helpdeskStatus(new Date('2026-11-26T06:00:00Z'))).toEqual({ open: false, opensAt: new Date('2026-11-26T07:30:00Z'), daysAhead: 0 });
  });

  it('Thursday evening: opens tomorrow', () => {
    expect(helpdeskStatus(new Date('2026-11-26T20:00:00Z'))).toEqual({ open: false, opensAt: new Date('2026-11-27T07:30:00Z'), daysAhead: 1 });
  });

  it('summer time: 8:30 Brussels is 6:30 UTC', () => {
    expect(helpdeskStatus(new Date('2026-07-06T06:29:00Z')).open).toBe(false); // Mon 8:29 CEST
    expect(helpdeskStatus(new Date('2026-07-06T06:30:00Z')).open).toBe(true);
  });

  it('over the change to winter time (Sunday 25 October 2026)', () => {
    expect(helpdeskStatus(new Date('2026-10-24T12:00:00Z'))).toEqual({ open: false, opensAt: new Date('2026-10-26T07:30:00Z'), daysAhead: 2 });
  });

  it('closed on public holidays, Easter-based ones too; opens the next working day', () => {
    // Easter Monday 6 April 2026, 10:00 Brussels (CEST)
    expect(helpdeskStatus(new Date('2026-04-06T08:00:00Z'))).toEqual({ open: false, opensAt: new Date('2026-04-07T06:30:00Z'), daysAhead: 1 });
    // Ascension, Thursday 14 May 2026: opens Friday
    expect(helpdeskStatus(new Date('2026-05-14T09:00:00Z')).open).toBe(false);
    // Whit Monday 25 May 2026
    expect(helpdeskStatus(new Date('2026-05-25T09:00:00Z')).open).toBe(false);
    // 11 November 2026 is a Wednesday; 21 July 2026 a Tuesday
    expect(helpdeskStatus(new Date('2026-11-11T10:00:00Z')).open).toBe(false);
    expect(helpdeskStatus(new Date('2026-07-21T10:00:00Z')).open).toBe(false);
    // Christmas Eve is a working day, Christmas not: on Thursday 24 December 2026 after closing, next is Monday 28
    expect(helpdeskStatus(new Date('2026-12-24T17:00:00Z'))).toEqual({ open: false, opensAt: new Date('2026-12-28T07:30:00Z'), daysAhead: 4 });
  });
});
