import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, type HoursPolicy } from '../../shared/domain/config';
import { addBusinessMinutes, isOpen, nextOpening } from '../../shared/domain/hours';

const hours = DEFAULT_POLICY.hours;
const at = (iso: string): Date => new Date(iso);
const withHours = (over: Partial<HoursPolicy>): HoursPolicy => ({ ...hours, ...over });

describe('isOpen, default policy (America/New_York)', () => {
  it('July (EDT, UTC-4): open 10:00–19:00 local on a Wednesday', () => {
    expect(isOpen(at('2026-07-15T13:59:59Z'), hours)).toBe(false); // 09:59:59
    expect(isOpen(at('2026-07-15T14:00:00Z'), hours)).toBe(true); // 10:00
    expect(isOpen(at('2026-07-15T22:59:59Z'), hours)).toBe(true); // 18:59:59
    expect(isOpen(at('2026-07-15T23:00:00Z'), hours)).toBe(false); // 19:00
  });

  it('January (EST, UTC-5): open 10:00–19:00 local on a Wednesday', () => {
    expect(isOpen(at('2026-01-14T14:59:59Z'), hours)).toBe(false); // 09:59:59
    expect(isOpen(at('2026-01-14T15:00:00Z'), hours)).toBe(true); // 10:00
    expect(isOpen(at('2026-01-14T23:59:59Z'), hours)).toBe(true); // 18:59:59
    expect(isOpen(at('2026-01-15T00:00:00Z'), hours)).toBe(false); // 19:00
  });

  it('closes at 18:00 on Fridays', () => {
    expect(isOpen(at('2026-07-17T21:59:59Z'), hours)).toBe(true); // 17:59:59
    expect(isOpen(at('2026-07-17T22:00:00Z'), hours)).toBe(false); // 18:00
    expect(isOpen(at('2026-01-16T22:59:59Z'), hours)).toBe(true); // 17:59:59 EST
    expect(isOpen(at('2026-01-16T23:00:00Z'), hours)).toBe(false); // 18:00 EST
  });

  it('is closed at weekends', () => {
    expect(isOpen(at('2026-07-18T16:00:00Z'), hours)).toBe(false); // Sat 12:00
    expect(isOpen(at('2026-07-19T16:00:00Z'), hours)).toBe(false); // Sun 12:00
  });

  it('uses the local weekday, not the UTC one', () => {
    // Fri 2026-07-17 21:30 local is already Saturday in UTC; a Saturday-only desk is closed then.
    const saturdays = withHours({ weekly: { sat: { open: '00:00', close: '24:00' } } });
    expect(isOpen(at('2026-07-18T01:30:00Z'), saturdays)).toBe(false);
    expect(isOpen(at('2026-07-18T04:00:00Z'), saturdays)).toBe(true); // Sat 00:00 local
  });
});

describe('holidays', () => {
  const july3 = withHours({ holidays: ['2026-07-03'] });

  it('is closed all day on a holiday', () => {
    expect(isOpen(at('2026-07-03T16:00:00Z'), hours)).toBe(true);
    expect(isOpen(at('2026-07-03T16:00:00Z'), july3)).toBe(false);
  });

  it('matches the holiday against the local date', () => {
    // 21:00 on Tue 2026-07-14 in New York is 01:00 on Jul 15 in UTC.
    const evenings = withHours({ weekly: { tue: { open: '20:00', close: '23:00' } } });
    const t = at('2026-07-15T01:00:00Z');
    expect(isOpen(t, evenings)).toBe(true);
    expect(isOpen(t, { ...evenings, holidays: ['2026-07-15'] })).toBe(true);
    expect(isOpen(t, { ...evenings, holidays: ['2026-07-14'] })).toBe(false);
  });

  it('skips a holiday when looking for the next opening', () => {
    // Thu Jul 2 after closing; Fri Jul 3 is a holiday; next is Mon Jul 6, 10:00 EDT.
    expect(nextOpening(at('2026-07-02T23:30:00Z'), july3)?.toISOString()).toBe('2026-07-06T14:00:00.000Z');
  });
});

describe('nextOpening', () => {
  it('returns the same instant while open', () => {
    expect(nextOpening(at('2026-07-15T16:00:00Z'), hours)?.toISOString()).toBe('2026-07-15T16:00:00.000Z');
  });

  it('returns later the same day before opening', () => {
    expect(nextOpening(at('2026-07-15T12:00:00Z'), hours)?.toISOString()).toBe('2026-07-15T14:00:00.000Z');
    expect(nextOpening(at('2026-01-14T12:00:00Z'), hours)?.toISOString()).toBe('2026-01-14T15:00:00.000Z');
  });

  it('returns the next morning after closing', () => {
    expect(nextOpening(at('2026-07-15T23:00:00Z'), hours)?.toISOString()).toBe('2026-07-16T14:00:00.000Z');
    // 19:30 EST Wednesday is already Thursday in UTC.
    expect(nextOpening(at('2026-01-15T00:30:00Z'), hours)?.toISOString()).toBe('2026-01-15T15:00:00.000Z');
  });

  it('skips the weekend', () => {
    expect(nextOpening(at('2026-07-17T22:00:00Z'), hours)?.toISOString()).toBe('2026-07-20T14:00:00.000Z');
  });

  it('crosses the DST changes correctly', () => {
    // Clocks go forward on Sun 2026-03-08: Friday closes in EST, Monday opens in EDT.
    expect(nextOpening(at('2026-03-06T23:00:00Z'), hours)?.toISOString()).toBe('2026-03-09T14:00:00.000Z');
    // Clocks go back on Sun 2026-11-01: Friday closes in EDT, Monday opens in EST.
    expect(nextOpening(at('2026-10-30T22:00:00Z'), hours)?.toISOString()).toBe('2026-11-02T15:00:00.000Z');
  });

  it('opens when the clocks jump past an opening time that does not exist that day', () => {
    // 02:30 never happens on 2026-03-08 in New York: 02:00 EST jumps to 03:00 EDT (07:00Z).
    const early = withHours({ weekly: { sun: { open: '02:30', close: '05:00' } } });
    expect(nextOpening(at('2026-03-08T05:00:00Z'), early)?.toISOString()).toBe('2026-03-08T07:00:00.000Z');
    expect(isOpen(at('2026-03-08T06:59:59Z'), early)).toBe(false);
    expect(isOpen(at('2026-03-08T07:00:00Z'), early)).toBe(true);
  });

  it('takes the first of a repeated opening time', () => {
    // 01:30 happens twice on 2026-11-01 in New York: first in EDT (05:30Z), then in EST (06:30Z).
    const early = withHours({ weekly: { sun: { open: '01:30', close: '05:00' } } });
    expect(nextOpening(at('2026-11-01T04:00:00Z'), early)?.toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('works in other time zones', () => {
    const tokyo = withHours({ timeZone: 'Asia/Tokyo' });
    // Sat 2026-07-18 12:00 JST → Mon 10:00 JST = 01:00Z.
    expect(nextOpening(at('2026-07-18T03:00:00Z'), tokyo)?.toISOString()).toBe('2026-07-20T01:00:00.000Z');
    expect(isOpen(at('2026-07-20T01:00:00Z'), tokyo)).toBe(true);
  });

  it('finds an opening up to 14 days ahead', () => {
    const mondays = withHours({ weekly: { mon: { open: '10:00', close: '19:00' } }, holidays: ['2026-07-27'] });
    // Mon Jul 20 after closing; Jul 27 is a holiday; Aug 3 is 14 days on.
    expect(nextOpening(at('2026-07-20T23:00:00Z'), mondays)?.toISOString()).toBe('2026-08-03T14:00:00.000Z');
  });

  it('returns null when the desk does not open within 14 days', () => {
    const mondays = withHours({
      weekly: { mon: { open: '10:00', close: '19:00' } },
      holidays: ['2026-07-27', '2026-08-03'],
    });
    expect(nextOpening(at('2026-07-20T23:00:00Z'), mondays)).toBeNull();
    expect(nextOpening(at('2026-07-15T12:00:00Z'), withHours({ weekly: {} }))).toBeNull();
  });

  it('treats an empty or inverted window as closed', () => {
    const odd = withHours({ weekly: { wed: { open: '12:00', close: '12:00' }, thu: { open: '15:00', close: '11:00' } } });
    expect(isOpen(at('2026-07-15T16:00:00Z'), odd)).toBe(false);
    expect(nextOpening(at('2026-07-15T12:00:00Z'), odd)).toBeNull();
  });

  it('rejects malformed times', () => {
    const bad = withHours({ weekly: { wed: { open: '9:00', close: '19:00' } } });
    expect(() => isOpen(at('2026-07-15T16:00:00Z'), bad)).toThrow(RangeError);
  });
});

describe('addBusinessMinutes: when a ticket answer is due', () => {
  const hours = {
    timeZone: 'America/New_York',
    weekly: { mon: { open: '10:00', close: '19:00' }, tue: { open: '10:00', close: '19:00' }, fri: { open: '10:00', close: '18:00' } },
    holidays: ['2025-06-03'],
  };
  it('counts only opening hours, across closed days and holidays', () => {
    // Friday 17:00 New York (21:00Z): one hour left on Friday, then Monday from 10:00 (14:00Z).
    expect(addBusinessMinutes(new Date('2025-05-30T21:00:00Z'), 3 * 60, hours)?.toISOString()).toBe('2025-06-02T16:00:00.000Z');
    // Monday 18:00: one hour Monday, Tuesday is a holiday, Wednesday/Thursday closed, Friday from 10:00.
    expect(addBusinessMinutes(new Date('2025-06-02T22:00:00Z'), 2 * 60, hours)?.toISOString()).toBe('2025-06-06T15:00:00.000Z');
  });
  it('inside hours with room left is simply later the same day; no hours at all is null', () => {
    expect(addBusinessMinutes(new Date('2025-06-02T15:00:00Z'), 30, hours)?.toISOString()).toBe('2025-06-02T15:30:00.000Z');
    expect(addBusinessMinutes(new Date('2025-06-02T15:00:00Z'), 30, { ...hours, weekly: {} })).toBeNull();
  });
});
