// The desk's policy numbers, in one place. Every value here is a default an admin can override
// per brand (POLICY.md): code reads them from a DeskPolicy, never from literals of its own.

export interface ReturnsPolicy {
  /** Return window when a product states none (days from delivery). */
  defaultWindowDays: number;
  /** Days from receipt within which an authenticity concern may be raised. */
  authenticityWindowDays: number;
  /** Flat deduction per RMA by how the order shipped, in cents. Paid shipping: none. */
  shippingDeductionCents: { standard_free: number; overnight_free: number; paid: number };
  /** Restocking fee when the box arrives without the RMA number, in percent of merchandise. */
  restockingNoRmaPercent: number;
  /** Fee for parcels refused at the door / never delivered, percent of merchandise. */
  undeliveredFeePercent: number;
  /** Fee for parcels returned for an incorrect address on the purchase order, percent. */
  incorrectAddressFeePercent: number;
  /** Business days (Mon–Fri) after receipt within which the refund is due. */
  refundDueBusinessDays: number;
  /** Prepaid return labels above this merchandise value need a supervisor's approval (cents). */
  labelApprovalThresholdCents: number;
}

export interface RetentionPolicy {
  /** Transcripts are purged this many calendar months after the conversation ended. */
  transcriptMonths: number;
  /** Most rows deleted per batch, so that live chat never waits long on a purge. */
  purgeBatchSize: number;
  /** The longest one batch of deletes should hold the hub (ms); batches shrink to stay under it. */
  purgeSliceMs: number;
  /** How often the hub's scheduled purge runs (ms). */
  purgeIntervalMs: number;
  /** Offline-message tickets are purged this many calendar months after they were answered (POLICY §3b). */
  ticketMonths: number;
  /** Cases (RMA, claim) with their photos: this many calendar months after they closed (§3b). */
  caseMonths: number;
  /** A privacy request's own record: this many calendar months after it closed (§3a, 3 years). */
  privacyRequestMonths: number;
  /** Audit events: this many calendar months after they were written (§3b, 6 years). */
  auditMonths: number;
  /** A chat nobody ended ends by itself once the customer has been gone this long (ms; §3b). */
  chatIdleEndMs: number;
  /** How often the hub looks for such chats (ms). */
  chatIdleCheckMs: number;
}

/** Privacy requests (POLICY §3a). */
export interface PrivacyPolicy {
  /** A request is due this many calendar months after it was received. */
  dueMonths: number;
  /** One extension, to at most this many further calendar months after the original due time. */
  maxExtensionMonths: number;
  /** The Privacy section marks a request "due soon" this long before it is due (ms). */
  dueSoonMs: number;
  /** The processing fee a brand may charge for access where its law allows; null: none. */
  accessFee: string | null;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

export interface HoursPolicy {
  /** IANA time zone the opening hours are stated in. */
  timeZone: string;
  /** Opening hours per weekday as [open, close) in "HH:MM"; a missing day is closed. */
  weekly: Partial<Record<Weekday, { open: string; close: string }>>;
  /** Closed dates, "YYYY-MM-DD" in the brand's time zone. */
  holidays: string[];
}

export interface ChatPolicy {
  /** Longest message body accepted, in characters. */
  messageMaxChars: number;
  /** Concurrent chats an agent is assigned automatically. */
  agentMaxConcurrent: number;
  /** Offered chat goes back to the queue when not accepted within this many ms. */
  offerTimeoutMs: number;
  /** Console locks after this many ms without input. */
  idleLockMs: number;
  /**
   * An agent disconnected (no console connected) this long gets their live chats taken back to
   * the queue, and the customers are told (issue 9). Short blips — a reload, a train tunnel — pass.
   */
  agentOfflineGraceMs: number;
}

export interface ClaimsPolicy {
  /** Carrier claim deadline, days after delivery or scheduled delivery, per carrier. */
  carrierClaimDays: Record<string, number>;
  /** Days allowed for carriers not listed. */
  defaultCarrierClaimDays: number;
  /** Photos a damage claim needs before it can be filed (the checklist asks for more; this is the floor). */
  requiredDamagePhotos: number;
}

/** Email tickets (issue 10). */
export interface TicketsPolicy {
  /** A customer's message is due an answer within this many minutes of the brand's opening hours. */
  responseDueBusinessMinutes: number;
}

export interface DeskPolicy {
  tickets: TicketsPolicy;
  returns: ReturnsPolicy;
  retention: RetentionPolicy;
  hours: HoursPolicy;
  chat: ChatPolicy;
  claims: ClaimsPolicy;
  privacy: PrivacyPolicy;
}

export const DEFAULT_POLICY: DeskPolicy = {
  tickets: { responseDueBusinessMinutes: 8 * 60 },
  returns: {
    defaultWindowDays: 7,
    authenticityWindowDays: 30,
    shippingDeductionCents: { standard_free: 1500, overnight_free: 3000, paid: 0 },
    restockingNoRmaPercent: 3,
    undeliveredFeePercent: 7,
    incorrectAddressFeePercent: 3,
    refundDueBusinessDays: 4,
    labelApprovalThresholdCents: 500_000,
  },
  retention: {
    transcriptMonths: 13,
    // Small on purpose: with FTS5 secure-delete a row costs 1–2 ms in a large index, and each batch
    // blocks the hub's one thread; the slice keeps live messages under the 50 ms p99 target.
    purgeBatchSize: 25,
    purgeSliceMs: 8,
    purgeIntervalMs: 60 * 60 * 1000,
    ticketMonths: 13,
    caseMonths: 13,
    privacyRequestMonths: 36,
    auditMonths: 72,
    chatIdleEndMs: 30 * 60 * 1000,
    chatIdleCheckMs: 60 * 1000,
  },
  hours: {
    timeZone: 'America/New_York',
    weekly: {
      mon: { open: '10:00', close: '19:00' },
      tue: { open: '10:00', close: '19:00' },
      wed: { open: '10:00', close: '19:00' },
      thu: { open: '10:00', close: '19:00' },
      fri: { open: '10:00', close: '18:00' },
    },
    holidays: [],
  },
  chat: {
    messageMaxChars: 4000,
    agentMaxConcurrent: 4,
    offerTimeoutMs: 30_000,
    idleLockMs: 15 * 60 * 1000,
    agentOfflineGraceMs: 2 * 60 * 1000,
  },
  claims: {
    carrierClaimDays: { UPS: 60, FedEx: 60, DHL: 30, USPS: 60 },
    defaultCarrierClaimDays: 21,
    requiredDamagePhotos: 1,
  },
  privacy: {
    dueMonths: 1,
    maxExtensionMonths: 2,
    dueSoonMs: 7 * 24 * 60 * 60 * 1000,
    accessFee: null,
  },
};

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };
export type PolicyOverrides = DeepPartial<DeskPolicy>;

/** Overrides win key by key, records (carriers' days) too; arrays (holidays) are replaced whole where given. */
export function mergePolicy(base: DeskPolicy, overrides: PolicyOverrides | undefined): DeskPolicy {
  if (!overrides) return base;
  const merge = (a: unknown, b: unknown): unknown => {
    if (b === undefined) return a;
    if (Array.isArray(b) || typeof b !== 'object' || b === null) return b;
    const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
    for (const [k, v] of Object.entries(b)) out[k] = merge(out[k], v);
    return out;
  };
  return merge(base, overrides) as DeskPolicy;
}
