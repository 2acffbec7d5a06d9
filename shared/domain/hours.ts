// Customer-care opening hours (POLICY.md §4), stated as wall-clock times in the brand's IANA time
// zone. Intl does the zone arithmetic, so DST follows the runtime's tz database.

import type { HoursPolicy, Weekday } from './config';

const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const SEARCH_DAYS = 14;

interface LocalDate {
  year: number;
  month: number; // 1–12
  day: number;
}

export function isOpen(at: Date, hours: HoursPolicy): boolean {
  const local = wallClock(at.getTime(), hours.timeZone);
  const date = { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
  const window = openingWindow(date, hours);
  if (!window) return false;
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  return minute >= window.open && minute < window.close;
}

/**
 * The earliest instant at or after `at` when the desk is open: `at` itself while open, otherwise
 * the next opening time. Null when no opening falls within the next 14 days.
 */
export function nextOpening(at: Date, hours: HoursPolicy): Date | null {
  if (isOpen(at, hours)) return new Date(at.getTime());
  const limit = at.getTime() + SEARCH_DAYS * DAY;
  const local = wallClock(at.getTime(), hours.timeZone);
  // One extra day so a DST-shortened day cannot push the last candidate out of the loop.
  for (let k = 0; k <= SEARCH_DAYS + 1; k++) {
    const d = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + k));
    const date = { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
    const window = openingWindow(date, hours);
    if (!window || window.open >= window.close) continue;
    const opens = instantOf(date, window.open, hours.timeZone);
    if (opens > limit) return null;
    if (opens >= at.getTime()) return new Date(opens);
  }
  return null;
}

/**
 * The instant `minutes` of opening hours after `at` (time outside hours does not count): when a
 * ticket's answer is due. Null when the hours leave no opening within the search horizon.
 */
export function addBusinessMinutes(at: Date, minutes: number, hours: HoursPolicy): Date | null {
  let t = at.getTime();
  let left = minutes * MINUTE;
  // Each pass consumes one opening window; a year of windows is far beyond any response target.
  for (let pass = 0; pass < 400; pass++) {
    const open = nextOpening(new Date(t), hours);
    if (!open) return null;
    t = open.getTime();
    const local = wallClock(t, hours.timeZone);
    const date = { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1, day: local.getUTCDate() };
    const window = openingWindow(date, hours);
    if (!window) return null;
    const closes = instantOf(date, window.close, hours.timeZone);
    if (closes - t >= left) return new Date(t + left);
    left -= closes - t;
    t = closes;
  }
  return null;
}

/** Opening and closing minute of the day, or null when closed all day (no hours, or a holiday). */
function openingWindow(date: LocalDate, hours: HoursPolicy): { open: number; close: number } | null {
  const iso = `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`;
  if (hours.holidays.includes(iso)) return null;
  const weekday = WEEKDAYS[new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay()] as Weekday;
  const today = hours.weekly[weekday];
  if (!today) return null;
  return { open: parseTime(today.open), close: parseTime(today.close) };
}

function parseTime(hhmm: string): number {
  const m = /^(\d{2}):(\d{2})$/.exec(hhmm);
  const minutes = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
  // "24:00" is allowed as a close time meaning end of day.
  if (!m || Number(m[2]) > 59 || minutes > 24 * 60) throw new RangeError(`invalid time "${hhmm}"`);
  return minutes;
}

/**
 * The instant when the zone's clocks read `minute` on `date`. On a repeated hour (DST ends) the
 * earlier reading wins. In a skipped hour (DST starts) that reading never occurs; the desk is open
 * from the moment the clocks jump past it, so that moment is returned.
 */
function instantOf(date: LocalDate, minute: number, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, 0, minute);
  // Zone transitions are months apart, so a day either side sees the offsets in force around it.
  const before = offsetAt(wall - DAY, timeZone);
  const after = offsetAt(wall + DAY, timeZone);
  const matches = [wall - before, wall - after].filter((t) => offsetAt(t, timeZone) === wall - t);
  if (matches.length > 0) return Math.min(...matches);
  let lo = Math.min(wall - before, wall - after);
  let hi = Math.max(wall - before, wall - after);
  // Bisect for the transition: the first instant carrying the new offset.
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid, timeZone) === offsetAt(lo, timeZone)) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** The zone's wall clock at `t`, expressed as a UTC Date (read it with getUTC*). */
function wallClock(t: number, timeZone: string): Date {
  return new Date(t + offsetAt(t, timeZone));
}

function offsetAt(t: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(t)) parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(
    parts.year ?? NaN,
    (parts.month ?? NaN) - 1,
    parts.day ?? NaN,
    parts.hour ?? NaN,
    parts.minute ?? NaN,
    parts.second ?? NaN,
  );
  return asUtc - (t - mod(t, 1000));
}

// Building a DateTimeFormat is costly and one nextOpening call formats dozens of instants.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Open every hour of every day: for tests, benchmarks and desks staffed around the clock. */
export const ALWAYS_OPEN: HoursPolicy = {
  timeZone: 'UTC',
  weekly: Object.fromEntries((['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((d) => [d, { open: '00:00', close: '24:00' }])),
  holidays: [],
};

// ---- days in a time zone (issue 9: reports group chats by the desk's days) ----

/** The day ("YYYY-MM-DD") the zone's clocks show at `at`. */
export function zonedDay(at: Date, timeZone: string): string {
  const w = wallClock(at.getTime(), timeZone);
  return `${pad(w.getUTCFullYear(), 4)}-${pad(w.getUTCMonth() + 1, 2)}-${pad(w.getUTCDate(), 2)}`;
}

/** The instant the day "YYYY-MM-DD" starts in the zone (midnight, or the first moment after a skipped one). */
export function zonedDayStart(day: string, timeZone: string): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(instantOf({ year, month, day: date }, 0, timeZone));
}

/** The day after "YYYY-MM-DD" (calendar arithmetic, no zone involved). */
export function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}
