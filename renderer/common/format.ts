// Human-readable times for the transcript and the queue, in the screen's language (issue 10).
import { intlLocale, tr } from './i18n';

// One formatter per language, not per row: building one per call cost seconds on a 5,000-message
// transcript.
const clockFormats = new Map<string, Intl.DateTimeFormat>();

export function formatClock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const locale = intlLocale();
  let f = clockFormats.get(locale);
  if (!f) clockFormats.set(locale, (f = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' })));
  return f.format(d);
}

/** "just now", "45 s", "3 min", "1 h 05 min": short enough for a queue row. */
export function formatWait(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 10) return tr('queue.wait.justNow');
  if (s < 60) return tr('queue.wait.seconds', { seconds: s });
  const m = Math.floor(s / 60);
  if (m < 60) return tr('queue.wait.minutes', { minutes: m });
  const h = Math.floor(m / 60);
  return tr('queue.wait.hours', { hours: h, minutes: String(m % 60).padStart(2, '0') });
}

/** A count in the screen's digits ("1,234"; "1 234"; "١٬٢٣٤"). */
export const formatCount = (n: number): string => n.toLocaleString(intlLocale());

/** A date and time at medium length ("5 Dec 2026, 21:11"; "5 déc. 2026, 21:11"). */
export function formatWhen(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString(intlLocale(), { dateStyle: 'medium', timeStyle: 'short' });
}

/** "1 message", "2,400 messages". */
export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

export function since(iso: string, now: number): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : now - t;
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/**
 * Integer cents as money in the screen's language: "$1,200.00", "1 200,00 $". The narrow symbol:
 * the desk deals in one currency, so "US$" would only add noise. One formatter per language and
 * currency.
 */
export function formatMoney(cents: number, currency: string): string {
  const locale = intlLocale();
  const key = `${locale}|${currency}`;
  let f = moneyFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'narrowSymbol' });
    moneyFormats.set(key, f);
  }
  return f.format(cents / 100);
}

/** A calendar day in UTC, as the hub stores dates ("18 March 2026", "18 mars 2026"), from `YYYY-MM-DD` or a timestamp; '' for neither. */
export function formatDay(iso: string): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleDateString(intlLocale(), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
