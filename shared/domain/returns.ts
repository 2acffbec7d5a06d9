// The returns policy engine (POLICY.md §1, "The quote contract"): may customer care issue an RMA
// for this request, and, once the parcel is back and inspected, what is refunded, how and by when.
// Pure: every number comes from the ReturnsPolicy passed in, so a brand's overrides just work.
import { z } from 'zod';
import type { ReturnsPolicy } from './config';
import { DAY_MS, formatIsoDate, formatIsoSeconds } from './time';

// Offsets are accepted on input; output is always printed in UTC.
const Timestamp = z.iso.datetime({ offset: true });
const Cents = z.int().min(0);

/**
 * What a request is (POLICY §1): a return the customer asks for, an authenticity concern, or a
 * parcel that came back on its own, undelivered or for an incorrect address on the order.
 */
export const REQUEST_KINDS = ['return', 'authenticity', 'undelivered', 'incorrect_address'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
/** Parcels that come back without anyone asking: no RMA to authorize, no window, no condition checks. */
export const CAME_BACK_KINDS = ['undelivered', 'incorrect_address'] as const satisfies readonly RequestKind[];
export type CameBackKind = (typeof CAME_BACK_KINDS)[number];
export const isCameBackKind = (k: RequestKind): k is CameBackKind => (CAME_BACK_KINDS as readonly RequestKind[]).includes(k);

export const QuoteInputSchema = z.object({
  order: z.object({
    id: z.string().optional(),
    paymentMethod: z.enum(['card', 'wire']),
    shipping: z.enum(['standard_free', 'overnight_free', 'paid']),
    international: z.boolean(),
    deliveredAt: Timestamp.nullable(),
  }),
  items: z
    .array(
      z.object({
        sku: z.string().min(1),
        priceCents: Cents,
        finalSale: z.boolean(),
        returnWindowDays: z.int().min(0).optional(),
      }),
    )
    .min(1, 'a request covers at least one item'),
  request: z.object({
    kind: z.enum(REQUEST_KINDS),
    at: Timestamp,
  }),
  receipt: z
    .object({
      at: Timestamp,
      shippedAt: Timestamp.optional(),
      rmaOnBox: z.boolean().optional(),
      tagsIntact: z.boolean(),
      condition: z.enum(['as_new', 'used', 'altered', 'damaged']),
    })
    .optional(),
});
export type QuoteInput = z.infer<typeof QuoteInputSchema>;

export type EligibilityReason = 'final_sale' | 'window_expired' | 'not_delivered' | 'authenticity_window_expired';
export type RejectionReason = 'sent_late' | 'tags_removed' | 'used' | 'altered' | 'damaged';
export type DeductionCode =
  | `shipping_${QuoteInput['order']['shipping']}`
  | 'restocking_no_rma'
  | 'undelivered_fee'
  | 'incorrect_address_fee';

export interface Deduction {
  code: DeductionCode;
  cents: number;
}

export interface Settlement {
  accepted: boolean;
  reasons: RejectionReason[];
  merchandiseCents: number;
  deductions: Deduction[];
  refundCents: number;
  method: 'original_card' | 'wire_or_check' | null;
  /** `YYYY-MM-DD` */
  dueBy: string | null;
}

export interface QuoteOutput {
  eligible: boolean;
  reasons: EligibilityReason[];
  /** Last moment of the applicable window (`YYYY-MM-DDTHH:MM:SSZ`); null when no window applies. */
  returnBy: string | null;
  settlement: Settlement | null;
}

export interface QuoteOptions {
  /** Deductions a supervisor waived on this return: left out of the settlement. */
  waived?: readonly DeductionCode[];
}

/**
 * Quotes a request. The input is trusted to satisfy QuoteInputSchema: parse at the boundary.
 */
export function quoteReturn(input: QuoteInput, policy: ReturnsPolicy, options: QuoteOptions = {}): QuoteOutput {
  const { reasons, returnBy } = authorize(input, policy);
  const eligible = reasons.length === 0;
  return {
    eligible,
    reasons: reasons.sort(),
    returnBy: returnBy === null ? null : formatIsoSeconds(new Date(returnBy)),
    settlement: eligible && input.receipt ? settle(input, input.receipt, returnBy, policy, new Set(options.waived ?? [])) : null,
  };
}

/**
 * What a return will cost the customer, told before it is authorized (issue 9): the deductions
 * that apply when the parcel comes back as required (RMA number on the box, every tag on, as new),
 * those that apply only if the box lacks the RMA number, and the refund expected. Quoted by the
 * same engine that settles the return after inspection, so what the customer was told and what
 * they are refunded cannot drift apart. Null when the request is not eligible.
 */
export interface ReturnTerms {
  returnBy: string | null;
  merchandiseCents: number;
  deductions: Deduction[];
  /** Applied only when the box arrives without the RMA number written on it. */
  ifNoRmaOnBox: Deduction[];
  refundCents: number;
  method: NonNullable<Settlement['method']>;
  /** Business days after receipt within which the refund is made. */
  refundDueBusinessDays: number;
}

export function returnTerms(input: Omit<QuoteInput, 'receipt'>, policy: ReturnsPolicy, options: QuoteOptions = {}): ReturnTerms | null {
  const asRequired = { at: input.request.at, rmaOnBox: true, tagsIntact: true, condition: 'as_new' as const };
  const kept = quoteReturn({ ...input, receipt: asRequired }, policy, options);
  const s = kept.settlement;
  if (!s || !s.accepted || !s.method) return null;
  const noRma = quoteReturn({ ...input, receipt: { ...asRequired, rmaOnBox: false } }, policy, options).settlement!;
  return {
    returnBy: kept.returnBy,
    merchandiseCents: s.merchandiseCents,
    deductions: s.deductions,
    ifNoRmaOnBox: noRma.deductions.filter((d) => !s.deductions.some((x) => x.code === d.code)),
    refundCents: s.refundCents,
    method: s.method,
    refundDueBusinessDays: policy.refundDueBusinessDays,
  };
}

/** Eligibility and the window's end (epoch ms) for the kind of request. */
function authorize(input: QuoteInput, policy: ReturnsPolicy): { reasons: EligibilityReason[]; returnBy: number | null } {
  const { order, items, request } = input;
  const reasons: EligibilityReason[] = [];
  const deliveredAt = order.deliveredAt === null ? null : Date.parse(order.deliveredAt);
  const requestAt = Date.parse(request.at);
  // Windows are counted from receipt, i.e. delivery; an undelivered order has no window to count.
  const windowEnd = (days: number) => (deliveredAt === null ? null : deliveredAt + days * DAY_MS);

  switch (request.kind) {
    case 'return': {
      if (items.some((i) => i.finalSale)) reasons.push('final_sale');
      // One request, one deadline: the strictest item's window governs them all.
      const days = Math.min(...items.map((i) => i.returnWindowDays ?? policy.defaultWindowDays));
      const returnBy = windowEnd(days);
      if (returnBy === null) reasons.push('not_delivered');
      else if (requestAt > returnBy) reasons.push('window_expired');
      return { reasons, returnBy };
    }
    case 'authenticity': {
      // The authenticity guarantee covers final-sale items too, so only the window matters.
      const returnBy = windowEnd(policy.authenticityWindowDays);
      if (returnBy === null) reasons.push('not_delivered');
      else if (requestAt > returnBy) reasons.push('authenticity_window_expired');
      return { reasons, returnBy };
    }
    case 'undelivered':
    case 'incorrect_address':
      // The parcel came back on its own: no RMA was asked for, so no window and nothing to refuse.
      return { reasons, returnBy: null };
  }
}

function settle(
  input: QuoteInput,
  receipt: NonNullable<QuoteInput['receipt']>,
  returnBy: number | null,
  policy: ReturnsPolicy,
  waived: ReadonlySet<DeductionCode>,
): Settlement {
  const { order, items, request } = input;
  // Prices only: shipping, customs, duties and taxes are never part of what is refunded.
  const merchandiseCents = items.reduce((sum, i) => sum + i.priceCents, 0);

  // Condition checks judge what the customer did with the goods, so they apply to RMA returns
  // only: a parcel that never reached the customer, or a fake, is not the customer's doing.
  const reasons = request.kind === 'return' ? rejectionReasons(receipt, returnBy) : [];
  if (reasons.length > 0) {
    return { accepted: false, reasons: reasons.sort(), merchandiseCents, deductions: [], refundCents: 0, method: null, dueBy: null };
  }

  const deductions: Deduction[] = [];
  const deduct = (code: DeductionCode, cents: number) => {
    if (cents > 0 && !waived.has(code)) deductions.push({ code, cents });
  };
  // A non-authentic item is refunded in full: no deductions at all.
  if (request.kind !== 'authenticity') {
    // One flat shipping deduction per RMA, however many items.
    deduct(`shipping_${order.shipping}`, policy.shippingDeductionCents[order.shipping]);
    if (request.kind === 'return' && receipt.rmaOnBox === false) {
      deduct('restocking_no_rma', percentOfCents(merchandiseCents, policy.restockingNoRmaPercent));
    }
    if (request.kind === 'undelivered') {
      deduct('undelivered_fee', percentOfCents(merchandiseCents, policy.undeliveredFeePercent));
    }
    if (request.kind === 'incorrect_address') {
      deduct('incorrect_address_fee', percentOfCents(merchandiseCents, policy.incorrectAddressFeePercent));
    }
  }

  const deducted = deductions.reduce((sum, d) => sum + d.cents, 0);
  return {
    accepted: true,
    reasons: [],
    merchandiseCents,
    deductions,
    refundCents: Math.max(0, merchandiseCents - deducted),
    method: order.paymentMethod === 'card' ? 'original_card' : 'wire_or_check',
    dueBy: formatIsoDate(addBusinessDays(new Date(receipt.at), policy.refundDueBusinessDays)),
  };
}

function rejectionReasons(receipt: NonNullable<QuoteInput['receipt']>, returnBy: number | null): RejectionReason[] {
  const reasons: RejectionReason[] = [];
  // Lateness is judged by when the customer shipped, not when the parcel arrived; without a
  // recorded ship date the customer gets the benefit of the doubt.
  if (returnBy !== null && receipt.shippedAt !== undefined && Date.parse(receipt.shippedAt) > returnBy) {
    reasons.push('sent_late');
  }
  if (!receipt.tagsIntact) reasons.push('tags_removed');
  if (receipt.condition !== 'as_new') reasons.push(receipt.condition);
  return reasons;
}

/**
 * `percent` of `cents`, rounded half up to the cent, once. The percentage is taken as the decimal it
 * is written as (3.125 → 3125 / 1000) and the product computed in integers, so a fee like 2.5% never
 * lands a hair below .5 through floating-point error, and a configured 3.125% is not first rounded
 * to 3.13%.
 */
export function percentOfCents(cents: number, percent: number): number {
  const decimal = /^(\d+)(?:\.(\d*?))?0*$/.exec(percent.toFixed(12));
  if (!decimal) throw new RangeError(`a percentage must be a plain non-negative decimal, got ${percent}`);
  const digits = BigInt(decimal[1]! + (decimal[2] ?? ''));
  const whole = 100n * 10n ** BigInt(decimal[2]?.length ?? 0);
  // floor(x + ½) for x = cents × digits / whole, in integers.
  return Number((2n * BigInt(cents) * digits + whole) / (2n * whole));
}

/** The UTC date of `from` moved forward by `days` weekdays (Mon–Fri); weekends are skipped. */
export function addBusinessDays(from: Date, days: number): Date {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  for (let left = days; left > 0; ) {
    d.setUTCDate(d.getUTCDate() + 1);
    const weekday = d.getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return d;
}
