// What the customer is told at each step of a case, as plain text: posted in the chat as a system
// message and, where a mailer is configured, emailed. Kept in shared/ so the console can preview
// exactly what the customer will read. Wording follows POLICY.md §1–2; the words are in the
// customer's language (shared/i18n/catalogues/areas/caseNotices.ts), English when it is not known.
import { DEFAULT_LOCALE, INTL_LOCALE, type Locale } from '../i18n/locales';
import { formatMoney, t, type MessageKey } from '../i18n/messages';
import type { CameBackKind } from './returns';

/** The desk's one currency (money is integer cents in US dollars everywhere). */
const CURRENCY = 'USD';

/** `$1,234.50` — money is integer cents everywhere; this is only for people to read. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  // Grouped by hand, not toLocaleString: the text must not depend on the runtime's ICU data.
  const dollars = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const toDate = (iso: string) => new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);

/** `18 March 2026` (UTC) for a `YYYY-MM-DD` date or a timestamp. */
export function formatDay(iso: string): string {
  const d = toDate(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

// English keeps the hand-made forms above (the words customers and tests have always read); the
// other languages read money and days as their Intl locale writes them, days in UTC like English.
const money = (locale: Locale, cents: number) => (locale === 'en' ? formatCents(cents) : formatMoney(locale, cents, CURRENCY));
const day = (locale: Locale, iso: string) =>
  locale === 'en' ? formatDay(iso) : new Intl.DateTimeFormat(INTL_LOCALE[locale], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(toDate(iso));
const list = (locale: Locale, items: readonly string[]) =>
  locale === 'en' ? items.join(', ') : new Intl.ListFormat(INTL_LOCALE[locale], { style: 'long', type: 'conjunction' }).format(items);

export interface Notice {
  subject: string;
  text: string;
}

/** The terms of a return as the engine quoted them (shared/domain/returns.ts returnTerms). */
interface TermsFacts {
  returnBy: string | null;
  merchandiseCents: number;
  deductions: { code: string; cents: number }[];
  ifNoRmaOnBox: { code: string; cents: number }[];
  refundCents: number;
  method: RefundMethod;
  refundDueBusinessDays: number;
}
interface WaiverFacts {
  code: string;
  cents: number;
}

const DEDUCTION_CODES = ['shipping_standard_free', 'shipping_overnight_free', 'restocking_no_rma', 'undelivered_fee', 'incorrect_address_fee'] as const;
type DeductionCode = (typeof DEDUCTION_CODES)[number];
const isDeductionCode = (code: string): code is DeductionCode => (DEDUCTION_CODES as readonly string[]).includes(code);

/** The deduction as a sentence names it: "free standard shipping deduction". */
export const deductionName = (code: string, locale: Locale = DEFAULT_LOCALE) =>
  isDeductionCode(code) ? t(locale, `notice.deduction.${code}`) : code.replace(/_/g, ' ');
/** The deduction as a refund lists it: "free standard shipping". */
const deductedName = (code: string, locale: Locale) => (isDeductionCode(code) ? t(locale, `notice.deducted.${code}`) : code);

export type RefundMethod = 'original_card' | 'wire_or_check';
const methodText = (locale: Locale, method: RefundMethod) => t(locale, `notice.method.${method}`);

/**
 * Every number the customer is told before the return is authorized (issue 9): the return-by date,
 * each deduction the policy will apply, the one that applies only if the RMA number is missing from
 * the box, waivers, and the refund expected when the parcel comes back as required.
 */
/**
 * On what the refund depends: a return on coming back as required; an authenticity concern on the
 * specialist finding the items not authentic; a parcel that came back on its own on nothing.
 */
export type RefundCondition = 'asRequired' | 'ifNotAuthentic' | 'none';
const REFUND_LINE: Record<RefundCondition, MessageKey> = { asRequired: 'notice.terms.refund', ifNotAuthentic: 'notice.terms.refundIfNotAuthentic', none: 'notice.terms.refundPlain' };

export function termsLines(terms: TermsFacts, waivers: readonly WaiverFacts[], locale: Locale = DEFAULT_LOCALE, refundIf: RefundCondition = 'asRequired'): string[] {
  const line = (key: MessageKey, code: string, cents: number) => t(locale, key, { deduction: deductionName(code, locale), amount: money(locale, cents) });
  const lines = [t(locale, refundIf === 'none' ? 'notice.terms.headingRefund' : 'notice.terms.heading'), t(locale, 'notice.terms.items', { amount: money(locale, terms.merchandiseCents) })];
  if (terms.deductions.length === 0) lines.push(t(locale, 'notice.terms.nothingDeducted'));
  for (const d of terms.deductions) lines.push(line(d.code.startsWith('shipping_') ? 'notice.terms.deductedShipping' : 'notice.terms.deducted', d.code, d.cents));
  for (const d of terms.ifNoRmaOnBox) lines.push(line('notice.terms.ifNoRma', d.code, d.cents));
  for (const w of waivers) lines.push(line('notice.terms.waived', w.code, w.cents));
  lines.push('', t(locale, REFUND_LINE[refundIf], { amount: money(locale, terms.refundCents), method: methodText(locale, terms.method), days: terms.refundDueBusinessDays }));
  return lines;
}

interface RefundFacts {
  number: string;
  refundCents: number;
  deductions: { code: string; cents: number }[];
  method: RefundMethod;
  dueBy: string;
}

function refundNotice(key: 'rmaRefunded' | 'cameBackRefunded', p: RefundFacts, locale: Locale): Notice {
  const values = {
    number: p.number,
    amount: money(locale, p.refundCents),
    deductions: list(locale, p.deductions.map((d) => `${deductedName(d.code, locale)} ${money(locale, d.cents)}`)),
    method: methodText(locale, p.method),
    date: day(locale, p.dueBy),
  };
  return {
    subject: t(locale, `notice.${key}.subject`, values),
    text: t(locale, p.deductions.length ? `notice.${key}.textDeducted` : `notice.${key}.text`, values),
  };
}

/**
 * Each notice in `locale`, the customer's language (the locale of the chat the case belongs to);
 * English when it is not given. Free text an agent typed (a reason, a note) is passed on as typed.
 */
export const notices = {
  /** Told in the chat when a return request is opened, before anything is authorized. */
  rmaTerms(p: { items: string[]; terms: TermsFacts; waivers: readonly WaiverFacts[]; authenticity?: boolean }, locale: Locale = DEFAULT_LOCALE): Notice {
    const lines = [
      t(locale, 'notice.rmaTerms.intro', { items: list(locale, p.items) }),
      '',
      // An authenticity concern is refunded only if the specialist finds the items not authentic.
      // Its 30 days were the time to raise it: an authenticity concern has no date to ship by.
      ...(p.authenticity ? [t(locale, 'notice.rmaTerms.authenticity'), ''] : p.terms.returnBy ? [t(locale, 'notice.rmaTerms.shipBy', { date: day(locale, p.terms.returnBy) }), ''] : []),
      ...termsLines(p.terms, p.waivers, locale, p.authenticity ? 'ifNotAuthentic' : 'asRequired'),
      '',
      t(locale, 'notice.rmaTerms.outro'),
    ];
    return { subject: t(locale, 'notice.rmaTerms.subject'), text: lines.join('\n') };
  },
  /** Told in the chat when a parcel that came back on its own (POLICY §1) is opened as a case. */
  cameBack(p: { items: string[]; kind: CameBackKind; terms: TermsFacts }, locale: Locale = DEFAULT_LOCALE): Notice {
    const lines = [t(locale, `notice.cameBack.${p.kind}`, { items: list(locale, p.items) }), '', ...termsLines(p.terms, [], locale, 'none'), '', t(locale, 'notice.cameBack.outro')];
    return { subject: t(locale, 'notice.cameBack.subject'), text: lines.join('\n') };
  },
  cameBackReceived(p: { number: string }, locale: Locale = DEFAULT_LOCALE): Notice {
    return { subject: t(locale, 'notice.cameBackReceived.subject', p), text: t(locale, 'notice.cameBackReceived.text', p) };
  },
  /** `cameBack`: the waiver is on a parcel that came back on its own, not on the customer's return. */
  rmaWaived(p: { number: string | null; deductionCode: string; cents: number; reason: string; refundCents: number; settled: boolean; cameBack?: boolean }, locale: Locale = DEFAULT_LOCALE): Notice {
    const values = {
      number: p.number ?? '',
      deduction: deductionName(p.deductionCode, locale),
      amount: money(locale, p.cents),
      reason: p.reason,
      settled: p.settled ? 'yes' : 'no',
      refund: money(locale, p.refundCents),
    };
    if (p.cameBack) return { subject: t(locale, 'notice.cameBackWaived.subject'), text: t(locale, 'notice.cameBackWaived.text', values) };
    return p.number
      ? { subject: t(locale, 'notice.rmaWaived.subject', values), text: t(locale, 'notice.rmaWaived.text', values) }
      : { subject: t(locale, 'notice.rmaWaived.subjectNoNumber'), text: t(locale, 'notice.rmaWaived.textNoNumber', values) };
  },
  rmaInstructions(
    p: { number: string; returnAddress: string; returnBy: string | null; prepaidLabel: boolean; valueCents: number; terms?: TermsFacts | null; waivers?: readonly WaiverFacts[]; authenticity?: boolean },
    locale: Locale = DEFAULT_LOCALE,
  ): Notice {
    const lines = [
      t(locale, 'notice.rmaInstructions.authorized', { number: p.number }),
      '',
      t(locale, 'notice.rmaInstructions.sendTo'),
      p.returnAddress,
      ...(p.returnBy ? ['', t(locale, 'notice.rmaInstructions.shipBy', { date: day(locale, p.returnBy) })] : []),
      '',
      t(locale, 'notice.rmaInstructions.before'),
      t(locale, 'notice.rmaInstructions.tags'),
      t(locale, 'notice.rmaInstructions.pack'),
      t(locale, 'notice.rmaInstructions.writeNumber', { number: p.number }),
      t(locale, 'notice.rmaInstructions.insure', { amount: money(locale, p.valueCents) }),
      t(locale, 'notice.rmaInstructions.tracked'),
      t(locale, 'notice.rmaInstructions.risk'),
      '',
      t(locale, p.prepaidLabel ? 'notice.rmaInstructions.prepaid' : 'notice.rmaInstructions.atCost'),
      ...(p.terms ? ['', ...termsLines(p.terms, p.waivers ?? [], locale, p.authenticity ? 'ifNotAuthentic' : 'asRequired')] : []),
    ];
    return { subject: t(locale, 'notice.rmaInstructions.subject', { number: p.number }), text: lines.join('\n') };
  },
  rmaInTransit(p: { number: string; carrier: string; tracking: string }, locale: Locale = DEFAULT_LOCALE): Notice {
    return { subject: t(locale, 'notice.rmaInTransit.subject', p), text: t(locale, 'notice.rmaInTransit.text', p) };
  },
  rmaReceived(p: { number: string }, locale: Locale = DEFAULT_LOCALE): Notice {
    return { subject: t(locale, 'notice.rmaReceived.subject', p), text: t(locale, 'notice.rmaReceived.text', p) };
  },
  rmaRefunded(p: RefundFacts, locale: Locale = DEFAULT_LOCALE): Notice {
    return refundNotice('rmaRefunded', p, locale);
  },
  /** A parcel that came back on its own is not the customer's return: told as the parcel it is. */
  cameBackRefunded(p: RefundFacts, locale: Locale = DEFAULT_LOCALE): Notice {
    return refundNotice('cameBackRefunded', p, locale);
  },
  rmaRejected(p: { number: string; reason: string }, locale: Locale = DEFAULT_LOCALE): Notice {
    return { subject: t(locale, 'notice.rmaRejected.subject', p), text: t(locale, 'notice.rmaRejected.text', p) };
  },
  rmaCancelled(p: { number: string | null; reason: string; cameBack?: boolean }, locale: Locale = DEFAULT_LOCALE): Notice {
    if (p.cameBack) return { subject: t(locale, 'notice.cameBackCancelled.subject'), text: t(locale, 'notice.cameBackCancelled.text', { reason: p.reason }) };
    return {
      subject: t(locale, 'notice.rmaCancelled.subject'),
      text: p.number ? t(locale, 'notice.rmaCancelled.text', { number: p.number, reason: p.reason }) : t(locale, 'notice.rmaCancelled.textNoNumber', { reason: p.reason }),
    };
  },
  rmaExpired(p: { number: string; returnBy: string }, locale: Locale = DEFAULT_LOCALE): Notice {
    return {
      subject: t(locale, 'notice.rmaExpired.subject', { number: p.number }),
      text: t(locale, 'notice.rmaExpired.text', { number: p.number, date: day(locale, p.returnBy) }),
    };
  },
  claimOpened(p: { number: string; kind: 'damaged' | 'overdue' | 'lost'; photosNeeded: number; serialSkus: string[] }, locale: Locale = DEFAULT_LOCALE): Notice {
    const lines =
      p.kind === 'damaged'
        ? [
            t(locale, 'notice.claimOpened.damaged', { number: p.number }),
            '',
            t(locale, 'notice.claimOpened.please'),
            t(locale, 'notice.claimOpened.keepPackaging'),
            t(locale, 'notice.claimOpened.photos', { count: p.photosNeeded }),
          ]
        : [t(locale, 'notice.claimOpened.notArrived', { number: p.number })];
    // SKUs are codes, not words: listed as they are, comma-separated in every language.
    if (p.serialSkus.length) lines.push(t(locale, 'notice.claimOpened.serial', { skus: p.serialSkus.join(', ') }));
    lines.push('', t(locale, 'notice.claimOpened.refundAfter'));
    return { subject: t(locale, 'notice.claimOpened.subject', { number: p.number }), text: lines.join('\n') };
  },
  /** `carrier` null: the order has none on record ("the carrier"). */
  claimFiled(p: { number: string; carrier: string | null; carrierReference: string }, locale: Locale = DEFAULT_LOCALE): Notice {
    const values = { number: p.number, carrier: p.carrier ?? t(locale, 'notice.carrier.unknown'), reference: p.carrierReference };
    return { subject: t(locale, 'notice.claimFiled.subject', values), text: t(locale, 'notice.claimFiled.text', values) };
  },
  claimApproved(p: { number: string; carrier: string | null }, locale: Locale = DEFAULT_LOCALE): Notice {
    const values = { number: p.number, carrier: p.carrier ?? t(locale, 'notice.carrier.unknownStart') };
    return { subject: t(locale, 'notice.claimApproved.subject', values), text: t(locale, 'notice.claimApproved.text', values) };
  },
  claimDenied(p: { number: string }, locale: Locale = DEFAULT_LOCALE): Notice {
    return { subject: t(locale, 'notice.claimDenied.subject', p), text: t(locale, 'notice.claimDenied.text', p) };
  },
  claimRefunded(p: { number: string; refundCents: number; method: RefundMethod }, locale: Locale = DEFAULT_LOCALE): Notice {
    const values = { number: p.number, amount: money(locale, p.refundCents), method: methodText(locale, p.method) };
    return { subject: t(locale, 'notice.claimRefunded.subject', values), text: t(locale, 'notice.claimRefunded.text', values) };
  },
  claimClosed(p: { number: string; note: string }, locale: Locale = DEFAULT_LOCALE): Notice {
    return { subject: t(locale, 'notice.claimClosed.subject', p), text: t(locale, 'notice.claimClosed.text', p) };
  },
  claimCancelled(p: { number: string; reason: string }, locale: Locale = DEFAULT_LOCALE): Notice {
    return { subject: t(locale, 'notice.claimCancelled.subject', p), text: t(locale, 'notice.claimCancelled.text', p) };
  },
};
