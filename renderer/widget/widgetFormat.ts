// Money, days and sizes in the widget, in the customer's language (issue 10). The desk's amounts
// are US dollars (as in its case notices, shared/domain/caseNotices.ts); a day is a calendar day
// in UTC, as the hub stores it.
import { intlLocale } from '../common/i18n';

const CURRENCY = 'USD';

/** "$435.00", "435,00 $": the plain dollar sign, as the desk's notices write it, not "US$". */
export const formatMoney = (cents: number): string =>
  new Intl.NumberFormat(intlLocale(), { style: 'currency', currency: CURRENCY, currencyDisplay: 'narrowSymbol' }).format(cents / 100);

/** "3 May 2026", "3 mai 2026", "2026年5月3日" from "2026-05-03" or a timestamp. */
export function formatDay(iso: string): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return new Intl.DateTimeFormat(intlLocale(), { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(d);
}

/** A byte limit the way people read sizes: "5 MB", "500 KB" (in the language's units). */
export function formatSize(bytes: number): string {
  const mb = bytes >= 1024 * 1024;
  const value = mb ? Math.round((bytes / (1024 * 1024)) * 10) / 10 : Math.round(bytes / 1024);
  return new Intl.NumberFormat(intlLocale(), { style: 'unit', unit: mb ? 'megabyte' : 'kilobyte', maximumFractionDigits: 1 }).format(value);
}
