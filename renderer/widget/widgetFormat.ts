// Money, days and sizes in the widget, in the customer's language (issue 10). The desk's amounts
// are US dollars (as in its case notices, shared/domain/caseNotices.ts); a day is a calendar day
// in UTC, as the hub stores it.
import { formatMoney as formatMoneyIn } from '../common/format';
import { intlLocale } from '../common/i18n';

const CURRENCY = 'USD';

/** "$435.00", "435,00 $": the plain dollar sign, as the desk's notices write it, not "US$". */
export const formatMoney = (cents: number): string => formatMoneyIn(cents, CURRENCY);

export { formatDay } from '../common/format';

/** A byte limit the way people read sizes: "5 MB", "500 KB" (in the language's units). */
export function formatSize(bytes: number): string {
  const mb = bytes >= 1024 * 1024;
  const value = mb ? Math.round((bytes / (1024 * 1024)) * 10) / 10 : Math.round(bytes / 1024);
  return new Intl.NumberFormat(intlLocale(), { style: 'unit', unit: mb ? 'megabyte' : 'kilobyte', maximumFractionDigits: 1 }).format(value);
}
