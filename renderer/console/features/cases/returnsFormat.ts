// Money, days, times and lists on the return screens in the console's language (issue 10): the
// agent reads "435,00 $" in French and "18 مارس 2026" in Arabic, while what the customer is told
// (shared/domain/caseNotices.ts) keeps its own formatting.
import type { Order } from '../../../../shared/protocol/cases';
import { intlLocale } from '../../../common/i18n';

/**
 * The currency an order's amounts are in. Orders carry none yet: POLICY.md prices every fee in US
 * dollars and the order import has no currency column. Read it here once the order has one.
 */
export function orderCurrency(order?: Order | null): string {
  void order;
  return 'USD';
}

/** Money and calendar days on the return screens: the console's one formatter of each. */
export { formatMoney as moneyText, formatDay as dayText } from '../../../common/format';

/** Date and time in the agent's own zone ("3 Mar, 14:05"), for when something happened. */
export function whenText(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(intlLocale(), { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }).format(d);
}

/** "a, b and c" in the console's language. */
export const listText = (items: readonly string[]) => new Intl.ListFormat(intlLocale(), { style: 'long', type: 'conjunction' }).format(items);

/** Stands in for an element inside a translated sentence, so the sentence keeps its own word order. */
const SLOT = '\u2060\u2063\u2060';

/**
 * A translated message around one element (a date in <strong>, a value with a test id): call
 * `message(SLOT)` with the slot as that argument, and get the text before and after it.
 */
export function aroundSlot(message: (slot: string) => string): [string, string] {
  const [before = '', after = ''] = message(SLOT).split(SLOT);
  return [before, after];
}
