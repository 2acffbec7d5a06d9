// Numbers, durations, ratings and days as the admin screens show them (Reports, Live, Tickets), in
// the console's language: digits and separators from Intl, the units from the catalogue.
import { intlLocale, tr } from '../../../common/i18n';

// Formatters are cached per locale: a report table formats hundreds of cells.
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat>(id: string, make: (locale: string) => T): T {
  const locale = intlLocale();
  const key = `${locale}|${id}`;
  let f = cache.get(key);
  if (!f) cache.set(key, (f = make(locale)));
  return f as T;
}

/** "1,234" / "1 234" / "1.234". */
export const formatCount = (n: number): string => cached('count', (l) => new Intl.NumberFormat(l)).format(n);

const twoDigits = (n: number) => cached('two', (l) => new Intl.NumberFormat(l, { minimumIntegerDigits: 2, useGrouping: false })).format(n);

/** "45 s", "3 min 05 s", "1 h 02 min"; "—" when nothing was measured. */
export function formatSeconds(s: number | null): string {
  if (s === null) return '—';
  const n = Math.round(s);
  if (n < 60) return tr('reports.duration.s', { s: formatCount(n) });
  const m = Math.floor(n / 60);
  if (m < 60) return tr('reports.duration.minS', { m: formatCount(m), s: twoDigits(n % 60) });
  return tr('reports.duration.hMin', { h: formatCount(Math.floor(m / 60)), m: twoDigits(m % 60) });
}

/** "3 min", "1 h 5 min": a span a queue row or a due time can show. */
export function formatMinutes(mins: number): string {
  return mins >= 60 ? tr('reports.duration.hMin', { h: formatCount(Math.floor(mins / 60)), m: formatCount(mins % 60) }) : tr('reports.duration.min', { m: formatCount(mins) });
}

/** "just now", "45 s", "3 min", "1 h 05 min": short enough for a table cell. */
export function formatWait(ms: number, everySecond = false): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 10 && !everySecond) return tr('reports.duration.justNow');
  if (s < 60) return tr('reports.duration.s', { s: formatCount(s) });
  const m = Math.floor(s / 60);
  if (m < 60) return tr('reports.duration.min', { m: formatCount(m) });
  return tr('reports.duration.hMin', { h: formatCount(Math.floor(m / 60)), m: twoDigits(m % 60) });
}

/** "4.5 / 5" ("4,5 / 5" in French); "—" when nobody rated. */
export const formatRating = (r: number | null): string =>
  r === null ? '—' : tr('reports.ratingOutOf', { rating: cached('rating', (l) => new Intl.NumberFormat(l, { minimumFractionDigits: 1, maximumFractionDigits: 1 })).format(r) });

/** A report day (YYYY-MM-DD, already in the desk's zone) as the language writes it; short for chart axes. */
export function formatDay(key: string, short = false): string {
  const [y, m, d] = key.split('-').map(Number);
  if (!y || !m || !d) return key;
  const f = cached(short ? 'dayShort' : 'day', (l) =>
    new Intl.DateTimeFormat(l, short ? { day: 'numeric', month: 'numeric', timeZone: 'UTC' } : { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
  );
  return f.format(new Date(Date.UTC(y, m - 1, d)));
}

/** "14:05" in the console's language. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : cached('time', (l) => new Intl.DateTimeFormat(l, { hour: '2-digit', minute: '2-digit' })).format(d);
}

/** "Sun 1 Jun, 10:05" in the console's language. */
export function formatWhen(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : cached('when', (l) => new Intl.DateTimeFormat(l, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' })).format(d);
}

/** A full date and time, for a rating or a note. */
export function formatStamp(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : cached('stamp', (l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeStyle: 'short' })).format(d);
}
