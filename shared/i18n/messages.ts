// ICU messages for one locale, and formatting them. The renderer reads the same catalogues through
// i18next + i18next-icu; the hub (emails, PDF copies) formats them with intl-messageformat.
import { IntlMessageFormat } from 'intl-messageformat';
import { CATALOGUES, type MessageKey } from './catalogues';
import { DEFAULT_LOCALE, INTL_LOCALE, type Locale } from './locales';

export type { MessageKey };

const cache = new Map<string, IntlMessageFormat>();

/** The message `key` in `locale`, with ICU arguments filled in. */
export function t(locale: Locale, key: MessageKey, values?: Record<string, string | number | Date>): string {
  const id = `${locale}\u0000${key}`;
  let f = cache.get(id);
  if (!f) {
    const source = CATALOGUES[locale][key] ?? CATALOGUES[DEFAULT_LOCALE][key];
    f = new IntlMessageFormat(source, INTL_LOCALE[locale]);
    cache.set(id, f);
  }
  return String(f.format(values));
}

/** A date and time in the locale, in `timeZone`, with the zone's offset (e.g. "GMT+9"). */
export function formatDateTime(locale: Locale, iso: string | Date, timeZone: string): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone, timeZoneName: 'shortOffset' }).format(d);
}

export function formatMoney(locale: Locale, cents: number, currency: string): string {
  return new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'currency', currency }).format(cents / 100);
}
