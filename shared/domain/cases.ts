// The case state machines (POLICY.md §1–2): returns (RMA) and shipping claims. Pure: given a
// case, a requested step and who asks, decide whether the step is allowed and what it changes
// (new status, new data, a line for the timeline, and what the customer must be told). The hub
// stores the decision; it never decides by itself, so every entry point gets the same rules.
import { z } from 'zod';
import type { ClaimsPolicy, DeskPolicy, ReturnsPolicy } from './config';
import { deductionName, formatCents, formatDay, notices, type Notice } from './caseNotices';
import { addBusinessDays, isCameBackKind, quoteReturn, returnTerms, type DeductionCode, type EligibilityReason, type QuoteInput, type RejectionReason, type RequestKind, type ReturnTerms, type Settlement } from './returns';
import { DAY_MS, formatIsoDate } from './time';
import type { Locale } from '../i18n/locales';

export const CASE_KINDS = ['rma', 'claim'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

export const RMA_STATUSES = ['requested', 'authorized', 'instructions_sent', 'in_transit', 'received', 'refunded', 'rejected', 'closed', 'cancelled', 'expired'] as const;
export type RmaStatus = (typeof RMA_STATUSES)[number];
export const CLAIM_STATUSES = ['opened', 'evidence_complete', 'filed_with_carrier', 'approved', 'denied', 'paid', 'refunded', 'closed', 'cancelled'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];
export const CASE_STATUSES = [...new Set([...RMA_STATUSES, ...CLAIM_STATUSES])] as [RmaStatus | ClaimStatus, ...(RmaStatus | ClaimStatus)[]];
export type CaseStatus = RmaStatus | ClaimStatus;

/** A case in one of these is over: nothing more can happen to it, and it holds no transcript. */
export const FINISHED_STATUSES: readonly CaseStatus[] = ['closed', 'cancelled', 'expired'];
export const isOpenStatus = (s: CaseStatus) => !FINISHED_STATUSES.includes(s);

export const CLAIM_KINDS = ['damaged', 'overdue', 'lost'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];
export const CONDITIONS = ['as_new', 'used', 'altered', 'damaged'] as const;

/** Why the customer is returning the items (issue 9): asked before a return request is opened. */
export const RETURN_REASONS = ['doesnt_fit', 'not_as_described', 'changed_mind', 'arrived_damaged', 'wrong_item', 'other'] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];
export const RETURN_REASON_TEXT: Record<ReturnReason, string> = {
  doesnt_fit: 'Doesn’t fit',
  not_as_described: 'Not as described',
  changed_mind: 'Changed their mind',
  arrived_damaged: 'Arrived damaged',
  wrong_item: 'Wrong item sent',
  other: 'Other',
};
/**
 * A parcel that arrived damaged is not a return: it is a shipping-damage claim (POLICY §2), insured
 * and refunded without the return's deductions once the carrier pays.
 */
export const CLAIM_NOT_RETURN: ReadonlySet<ReturnReason> = new Set(['arrived_damaged']);
export const CLAIM_NOT_RETURN_TEXT =
  'An item that arrived damaged is a shipping-damage claim, not a return: the parcel is insured, and the refund comes without the return deductions once the carrier has paid. Open a damage claim instead.';

/** Deductions a supervisor may waive: the ones the terms of a return can carry. */
export const WAIVABLE_DEDUCTIONS = ['shipping_standard_free', 'shipping_overnight_free', 'restocking_no_rma'] as const satisfies readonly DeductionCode[];

export interface Waiver {
  code: DeductionCode;
  cents: number;
  reason: string;
  by: string;
  at: string;
}

/** A prepaid label asked of a supervisor (issue 9): who asked, and what was decided. */
export interface LabelRequest {
  byId: string | null;
  by: string;
  at: string;
  note: string | null;
  status: 'pending' | 'approved' | 'declined';
  decidedBy?: string;
  decidedAt?: string;
  reason?: string;
}

// ---- facts the rules read ----

export interface OrderFacts {
  id: string;
  paymentMethod: 'card' | 'wire';
  shipping: 'standard_free' | 'overnight_free' | 'paid';
  international: boolean;
  deliveredAt: string | null;
  scheduledDeliveryAt: string | null;
  carrier: string | null;
  tracking: string | null;
}

/** An order line as it stood when the case was opened (a snapshot: later imports do not change it). */
export interface CaseItemFacts {
  sku: string;
  name: string;
  priceCents: number;
  finalSale: boolean;
  returnWindowDays: number | null;
  serialRequired: boolean;
}

export interface RmaData {
  /** What the request is (POLICY §1); absent on requests opened before there was a choice: a return. */
  requestKind?: RequestKind;
  eligibility: { eligible: boolean; reasons: EligibilityReason[]; returnBy: string | null };
  /** Why the customer returns the items; absent on requests opened before reasons were asked. */
  reason?: { code: ReturnReason; text: string | null };
  /** What the customer was told the return will cost (null: not eligible); updated by waivers. */
  terms?: ReturnTerms | null;
  waivers?: Waiver[];
  labelRequest?: LabelRequest;
  labelApproval?: { by: string; at: string };
  prepaidLabel?: boolean;
  returnAddress?: string;
  authorizedAt?: string;
  carrier?: string;
  tracking?: string;
  shippedAt?: string;
  inspection?: { receivedAt: string; rmaOnBox: boolean; tagsIntact: boolean; condition: (typeof CONDITIONS)[number]; shippedAt: string | null };
  settlement?: Settlement;
  refund?: { refundCents: number; method: NonNullable<Settlement['method']>; dueBy: string; refundedAt: string; reference: string | null };
  rejection?: { reason: string; reasons: RejectionReason[] };
  cancellation?: { reason: string };
}

export interface ClaimData {
  claimKind: ClaimKind;
  description: string | null;
  carrier: string | null;
  tracking: string | null;
  /** Last moment to file with the carrier (ISO), from delivery or scheduled delivery. */
  deadline: string | null;
  carrierReference?: string;
  filedAt?: string;
  decision?: { approved: boolean; amountCents: number | null; reason: string | null; at: string };
  /** Set by a denial: from then on only a supervisor may act on the claim. */
  escalation?: { at: string; reason: string; resolvedAt?: string; resolvedBy?: string };
  payment?: { amountCents: number; reference: string | null; paidAt: string; refundDueBy: string };
  refund?: { refundCents: number; method: NonNullable<Settlement['method']>; refundedAt: string; reference: string | null };
  cancellation?: { reason: string };
}

/** Claim evidence as recorded (case_evidence rows): the latest entry of each kind counts. */
export interface EvidenceFacts {
  photos: number;
  packagingKept: boolean | null;
  serials: Record<string, string>;
}

/** The evidence a claim's checklist reads from its case_evidence rows, oldest first. */
export function evidenceFacts(rows: { kind: 'photo' | 'packaging_kept' | 'serial'; sku: string | null; value: string | null }[]): EvidenceFacts {
  const facts: EvidenceFacts = { photos: 0, packagingKept: null, serials: {} };
  for (const r of rows) {
    if (r.kind === 'photo') facts.photos += 1;
    else if (r.kind === 'packaging_kept') facts.packagingKept = r.value === 'yes';
    else if (r.kind === 'serial' && r.sku && r.value) facts.serials[r.sku] = r.value;
  }
  return facts;
}

interface CaseCommon {
  number: string | null;
  createdAt: string;
  order: OrderFacts;
  items: CaseItemFacts[];
  evidence: EvidenceFacts;
}
export type RmaCase = CaseCommon & { kind: 'rma'; status: RmaStatus; data: RmaData };
export type ClaimCase = CaseCommon & { kind: 'claim'; status: ClaimStatus; data: ClaimData };
export type CaseFacts = RmaCase | ClaimCase;

// ---- the steps and their inputs ----

/** A trimmed, non-empty text of at most `max` characters (names, reasons, references). */
export const RequiredText = (max: number) => z.string().trim().min(1, 'is required').max(max);
const Timestamp = z.iso.datetime({ offset: true });
const Cents = z.int().min(0).max(1_000_000_000);

export const RmaInputSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('request_label'), note: RequiredText(500).optional() }),
  z.object({ action: z.literal('approve_label') }),
  z.object({ action: z.literal('decline_label'), reason: RequiredText(500) }),
  z.object({ action: z.literal('waive'), code: z.enum(WAIVABLE_DEDUCTIONS), reason: RequiredText(500) }),
  z.object({ action: z.literal('authorize'), prepaidLabel: z.boolean() }),
  z.object({ action: z.literal('send_instructions') }),
  z.object({ action: z.literal('ship'), carrier: RequiredText(40), tracking: RequiredText(80), shippedAt: Timestamp.optional() }),
  z.object({
    action: z.literal('receive'),
    rmaOnBox: z.boolean(),
    tagsIntact: z.boolean(),
    condition: z.enum(CONDITIONS),
    shippedAt: Timestamp.optional(),
  }),
  z.object({ action: z.literal('refund'), reference: RequiredText(80).optional() }),
  z.object({ action: z.literal('reject'), reason: RequiredText(500) }),
  z.object({ action: z.literal('close') }),
  z.object({ action: z.literal('cancel'), reason: RequiredText(500) }),
  z.object({ action: z.literal('expire') }),
]);
export type RmaInput = z.infer<typeof RmaInputSchema>;
export type RmaAction = RmaInput['action'];

export const ClaimInputSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('record_packaging'), kept: z.boolean() }),
  z.object({ action: z.literal('record_serial'), sku: RequiredText(64), serial: RequiredText(80) }),
  z.object({ action: z.literal('complete_evidence') }),
  z.object({ action: z.literal('file'), carrierReference: RequiredText(80), carrier: RequiredText(40).optional(), tracking: RequiredText(80).optional() }),
  z.object({ action: z.literal('approve'), amountCents: Cents.min(1) }),
  z.object({ action: z.literal('deny'), reason: RequiredText(500) }),
  z.object({ action: z.literal('refile'), carrierReference: RequiredText(80), note: RequiredText(500).optional() }),
  z.object({ action: z.literal('carrier_paid'), amountCents: Cents.min(1).optional(), reference: RequiredText(80).optional() }),
  z.object({ action: z.literal('refund'), amountCents: Cents.min(1).optional(), reference: RequiredText(80).optional() }),
  z.object({ action: z.literal('close'), note: RequiredText(500).optional() }),
  z.object({ action: z.literal('cancel'), reason: RequiredText(500) }),
]);
export type ClaimInput = z.infer<typeof ClaimInputSchema>;
export type ClaimAction = ClaimInput['action'];

export const RMA_ACTIONS: readonly RmaAction[] = RmaInputSchema.options.map((o) => o.shape.action.value);
export const CLAIM_ACTIONS: readonly ClaimAction[] = ClaimInputSchema.options.map((o) => o.shape.action.value);
export const CASE_ACTIONS = [...new Set([...RMA_ACTIONS, ...CLAIM_ACTIONS])] as [RmaAction | ClaimAction, ...(RmaAction | ClaimAction)[]];
export type CaseAction = RmaAction | ClaimAction;

/** Who may take a step: any staff ('agent'), a supervisor (or admin), or only the hub's own jobs. */
type Authority = 'agent' | 'supervisor' | 'system';
export type ActorRole = 'agent' | 'supervisor' | 'admin' | 'system';

interface Edge<S extends string, A extends string> {
  action: A;
  from: readonly S[];
  /** null: the step records something and the status stays. */
  to: S | null;
  who: Authority;
}

export const RMA_EDGES: readonly Edge<RmaStatus, RmaAction>[] = [
  { action: 'request_label', from: ['requested'], to: null, who: 'agent' },
  { action: 'approve_label', from: ['requested'], to: null, who: 'supervisor' },
  { action: 'decline_label', from: ['requested'], to: null, who: 'supervisor' },
  // Until the refund is made a supervisor may waive a deduction; the settlement follows.
  { action: 'waive', from: ['requested', 'authorized', 'instructions_sent', 'in_transit', 'received'], to: null, who: 'supervisor' },
  { action: 'authorize', from: ['requested'], to: 'authorized', who: 'agent' },
  { action: 'send_instructions', from: ['authorized'], to: 'instructions_sent', who: 'agent' },
  { action: 'ship', from: ['instructions_sent'], to: 'in_transit', who: 'agent' },
  // A parcel may turn up before anyone typed its tracking number: an authorized RMA is enough. Even an
  // expired one: it expired because no shipment was recorded by returnBy, but a parcel sent by then
  // is in time (POLICY §1, judged by the ship date), so it is received and judged on that date.
  // From 'requested' only a parcel that came back on its own (rmaStepProblem).
  { action: 'receive', from: ['requested', 'authorized', 'instructions_sent', 'in_transit', 'expired'], to: 'received', who: 'agent' },
  { action: 'refund', from: ['received'], to: 'refunded', who: 'agent' },
  { action: 'reject', from: ['received'], to: 'rejected', who: 'agent' },
  { action: 'close', from: ['refunded', 'rejected'], to: 'closed', who: 'agent' },
  // Once the parcel is back it must be settled (refunded or rejected), not cancelled.
  { action: 'cancel', from: ['requested', 'authorized', 'instructions_sent', 'in_transit'], to: 'cancelled', who: 'agent' },
  { action: 'expire', from: ['authorized', 'instructions_sent'], to: 'expired', who: 'system' },
];

export const CLAIM_EDGES: readonly Edge<ClaimStatus, ClaimAction>[] = [
  { action: 'record_packaging', from: ['opened'], to: null, who: 'agent' },
  { action: 'record_serial', from: ['opened'], to: null, who: 'agent' },
  { action: 'complete_evidence', from: ['opened'], to: 'evidence_complete', who: 'agent' },
  { action: 'file', from: ['evidence_complete'], to: 'filed_with_carrier', who: 'agent' },
  { action: 'approve', from: ['filed_with_carrier'], to: 'approved', who: 'agent' },
  { action: 'deny', from: ['filed_with_carrier'], to: 'denied', who: 'agent' },
  // A denial is escalated: only a supervisor decides whether to appeal (refile) or close.
  { action: 'refile', from: ['denied'], to: 'filed_with_carrier', who: 'supervisor' },
  { action: 'close', from: ['denied'], to: 'closed', who: 'supervisor' },
  { action: 'carrier_paid', from: ['approved'], to: 'paid', who: 'agent' },
  { action: 'refund', from: ['paid'], to: 'refunded', who: 'agent' },
  { action: 'close', from: ['refunded'], to: 'closed', who: 'agent' },
  { action: 'cancel', from: ['opened', 'evidence_complete', 'filed_with_carrier'], to: 'cancelled', who: 'agent' },
];

const ACTION_TEXT: Record<CaseAction, string> = {
  request_label: 'ask for a prepaid label for',
  approve_label: 'approve a prepaid label for',
  decline_label: 'decline a prepaid label for',
  waive: 'waive a deduction on',
  authorize: 'authorize',
  send_instructions: 'send the instructions for',
  ship: 'mark as shipped',
  receive: 'receive',
  refund: 'refund',
  reject: 'reject',
  close: 'close',
  cancel: 'cancel',
  expire: 'expire',
  record_packaging: 'record the packaging of',
  record_serial: 'record a serial number on',
  complete_evidence: 'complete the evidence of',
  file: 'file',
  approve: 'record an approval of',
  deny: 'record a denial of',
  refile: 'refile',
  carrier_paid: 'record the carrier payment of',
};

export const STATUS_TEXT: Record<CaseStatus, string> = {
  requested: 'not authorized yet',
  authorized: 'authorized',
  instructions_sent: 'waiting for the parcel',
  in_transit: 'in transit',
  received: 'received',
  refunded: 'refunded',
  rejected: 'rejected',
  closed: 'closed',
  cancelled: 'cancelled',
  expired: 'expired',
  opened: 'gathering evidence',
  evidence_complete: 'ready to file',
  filed_with_carrier: 'filed with the carrier',
  approved: 'approved by the carrier',
  denied: 'denied by the carrier (escalated to a supervisor)',
  paid: 'paid by the carrier',
};

export interface Refusal {
  ok: false;
  code: 'conflict' | 'forbidden';
  message: string;
}

export interface Decision<S extends CaseStatus, D> {
  ok: true;
  status: S;
  data: D;
  /** One line for the timeline. */
  summary: string;
  detail: Record<string, unknown>;
  /** What the customer is told, or null when the step does not concern them. */
  notice: Notice | null;
  /** A readable number allocated by this step (an RMA number on authorization). */
  number?: string;
  /** Evidence this step records (claims): stored as a case_evidence row. */
  evidence?: { kind: 'packaging_kept' | 'serial'; sku: string | null; value: string };
}

export interface DecideContext {
  role: ActorRole;
  /** The staff member taking the step (null: the hub's own job), e.g. who asked for a label. */
  actorId?: string | null;
  actorName: string;
  now: Date;
  policy: Pick<DeskPolicy, 'returns' | 'claims'>;
  /** The brand's return address, stored on the RMA when it is authorized. */
  returnAddress: string;
  /** Allocates the next readable number; called only when the step goes ahead. */
  nextNumber(): string;
  /** The customer's language, for what they are told (the case's chat); English when not given. */
  locale?: Locale;
}

const conflict = (message: string): Refusal => ({ ok: false, code: 'conflict', message });
const forbidden = (message: string): Refusal => ({ ok: false, code: 'forbidden', message });

function may(role: ActorRole, who: Authority): boolean {
  if (who === 'system') return role === 'system';
  if (who === 'supervisor') return role === 'supervisor' || role === 'admin';
  return role !== 'system';
}

function authorityText(who: Authority): string {
  return who === 'system' ? "the hub's scheduled job" : who === 'supervisor' ? 'a supervisor' : 'customer-care staff';
}

/** Finds the edge for `action` from the case's status and checks the role; refusals say why. */
function route<S extends CaseStatus, A extends CaseAction>(
  edges: readonly Edge<S, A>[],
  noun: string,
  status: S,
  action: A,
  role: ActorRole,
  special: (status: S, action: A) => string | null,
): Edge<S, A> | Refusal {
  const edge = edges.find((e) => e.action === action && e.from.includes(status));
  if (!edge) {
    const from = [...new Set(edges.filter((e) => e.action === action).flatMap((e) => e.from))];
    const when = from.length ? ` (only when it is ${from.map((s) => STATUS_TEXT[s]).join(' or ')})` : '';
    return conflict(special(status, action) ?? `Cannot ${ACTION_TEXT[action]} this ${noun}: it is ${STATUS_TEXT[status]}${when}.`);
  }
  if (!may(role, edge.who)) {
    const why = status === 'denied' ? ' The carrier denied this claim, so it is escalated to a supervisor.' : '';
    return forbidden(`Only ${authorityText(edge.who)} can ${ACTION_TEXT[action]} this ${noun}.${why}`);
  }
  return edge;
}

/** What this role may do next on the case: the console shows these as its buttons. */
export function availableActions(c: Pick<CaseFacts, 'kind' | 'status'> & { data?: unknown }, role: ActorRole): { action: CaseAction; allowed: boolean; reason: string | null }[] {
  const edges: readonly Edge<CaseStatus, CaseAction>[] = c.kind === 'rma' ? RMA_EDGES : CLAIM_EDGES;
  const seen = new Map<CaseAction, { action: CaseAction; allowed: boolean; reason: string | null }>();
  const request = (c.kind === 'rma' && (c.data as RmaData | undefined)) || {};
  for (const e of edges) {
    if (!e.from.includes(c.status) || e.who === 'system' || seen.has(e.action)) continue;
    if (c.kind === 'rma' && rmaStepProblem(request, c.status as RmaStatus, e.action as RmaAction)) continue;
    const allowed = may(role, e.who);
    seen.set(e.action, { action: e.action, allowed, reason: allowed ? null : `Needs ${authorityText(e.who)}.` });
  }
  return [...seen.values()];
}

/** What an RMA is for: a return unless it says otherwise. */
export const requestKindOf = (d: Pick<RmaData, 'requestKind'>): RequestKind => d.requestKind ?? 'return';
/** A parcel that came back on its own (undelivered, incorrect address): received and settled, never authorized. */
export const cameBack = (d: Pick<RmaData, 'requestKind'>) => isCameBackKind(requestKindOf(d));
/**
 * The date a return must be shipped by, or null. Only a return has one: an authenticity concern's
 * 30 days are the time to raise it (checked at opening), and its parcel is not judged late.
 */
export const shipBy = (d: Pick<RmaData, 'requestKind' | 'eligibility'>): string | null => (requestKindOf(d) === 'return' ? d.eligibility.returnBy : null);

export const merchandiseCents = (items: CaseItemFacts[]) => items.reduce((sum, i) => sum + i.priceCents, 0);
const refundMethod = (order: OrderFacts): NonNullable<Settlement['method']> => (order.paymentMethod === 'card' ? 'original_card' : 'wire_or_check');

function quoteInput(order: OrderFacts, items: CaseItemFacts[], at: string, kind: RequestKind): QuoteInput {
  return {
    order: { id: order.id, paymentMethod: order.paymentMethod, shipping: order.shipping, international: order.international, deliveredAt: order.deliveredAt },
    items: items.map((i) => ({ sku: i.sku, priceCents: i.priceCents, finalSale: i.finalSale, ...(i.returnWindowDays === null ? {} : { returnWindowDays: i.returnWindowDays }) })),
    request: { kind, at },
  };
}

/** What the return will cost, from the quote engine, with the waivers given so far. */
export function rmaTerms(order: OrderFacts, items: CaseItemFacts[], at: string, policy: ReturnsPolicy, waivers: readonly Waiver[] = [], kind: RequestKind = 'return'): ReturnTerms | null {
  const { request, ...rest } = quoteInput(order, items, at, kind);
  const terms = returnTerms({ ...rest, request }, policy, { waived: waivers.map((w) => w.code) });
  // The terms' returnBy is the date to ship by, which only a return has (shipBy).
  return terms && kind !== 'return' ? { ...terms, returnBy: null } : terms;
}

/** May customer care issue an RMA for these items, asked at `at`? (the quote engine decides). */
export function rmaEligibility(order: OrderFacts, items: CaseItemFacts[], at: Date, policy: ReturnsPolicy, kind: RequestKind = 'return'): RmaData['eligibility'] {
  const q = quoteReturn(quoteInput(order, items, at.toISOString(), kind), policy);
  return { eligible: q.eligible, reasons: q.reasons, returnBy: q.returnBy };
}

const ELIGIBILITY_TEXT: Record<EligibilityReason, string> = {
  final_sale: 'a final-sale item is never returnable',
  window_expired: 'the return window has passed',
  not_delivered: 'the order was never delivered (open a claim instead)',
  authenticity_window_expired: 'the authenticity window has passed',
};
export const eligibilityText = (reasons: EligibilityReason[]) => reasons.map((r) => ELIGIBILITY_TEXT[r]).join('; ');

// ---- returns ----

/** How each kind of request is named on the timeline, with its article. */
export const REQUEST_KIND_TEXT: Record<RequestKind, string> = {
  return: 'a return',
  authenticity: 'an authenticity concern',
  undelivered: 'a parcel that came back undelivered',
  incorrect_address: 'a parcel that came back for an incorrect address on the order',
};

/** Steps of the return path that are not this request's: a parcel that came back was never authorized or sent. */
const AUTHORIZATION_STEPS: ReadonlySet<RmaAction> = new Set(['request_label', 'approve_label', 'decline_label', 'authorize', 'send_instructions', 'ship']);

/** Why this kind of request cannot take this step, or null (the edges are the same for every kind). */
function rmaStepProblem(d: Pick<RmaData, 'requestKind'>, status: RmaStatus, action: RmaAction): string | null {
  if (cameBack(d) && AUTHORIZATION_STEPS.has(action)) {
    return `This is ${REQUEST_KIND_TEXT[requestKindOf(d)]}: nothing is authorized or sent for it. Receive the parcel when it is checked in, then refund it.`;
  }
  // POLICY §1 refunds such a parcel less its fee, with no condition checks: there is nothing to reject it for.
  if (cameBack(d) && action === 'reject') {
    return `This is ${REQUEST_KIND_TEXT[requestKindOf(d)]}: it is refunded less the shipping deduction and its fee, whatever its condition, so it cannot be rejected.`;
  }
  if (action === 'expire' && requestKindOf(d) !== 'return') {
    return `Only a return expires: ${REQUEST_KIND_TEXT[requestKindOf(d)]} has no date to ship by.`;
  }
  if (!cameBack(d) && action === 'receive' && status === 'requested') {
    return 'This return is not authorized: a parcel can only be received against an authorized RMA. Authorize it first.';
  }
  return null;
}

function rmaSpecial(status: RmaStatus, action: RmaAction): string | null {
  if (action === 'refund' && ['requested', 'authorized', 'instructions_sent', 'in_transit'].includes(status)) {
    return 'Cannot refund this return: the parcel has not been received and inspected yet.';
  }
  return null;
}

export function decideRma(c: RmaCase, input: RmaInput, ctx: DecideContext): Decision<RmaStatus, RmaData> | Refusal {
  const d = c.data;
  const kind = requestKindOf(d);
  const problem = rmaStepProblem(d, c.status, input.action);
  if (problem) return conflict(problem);
  const edge = route(RMA_EDGES, 'return', c.status, input.action, ctx.role, rmaSpecial);
  if ('ok' in edge) return edge;
  const now = ctx.now.toISOString();
  const number = c.number ?? '';
  const go = (data: RmaData, summary: string, detail: Record<string, unknown> = {}, notice: Notice | null = null, allocated?: string): Decision<RmaStatus, RmaData> => ({
    ok: true,
    status: edge.to ?? c.status,
    data,
    summary,
    detail,
    notice,
    ...(allocated ? { number: allocated } : {}),
  });
  const value = merchandiseCents(c.items);

  const waived = (d.waivers ?? []).map((w) => w.code);

  switch (input.action) {
    case 'request_label': {
      if (d.labelApproval) return conflict(`A prepaid label is already approved (by ${d.labelApproval.by}): authorize the return with it.`);
      if (d.labelRequest?.status === 'pending') return conflict(`A prepaid label was already asked for by ${d.labelRequest.by}: a supervisor has not decided yet.`);
      if (!d.eligibility.eligible) return conflict(`This return cannot be authorized: ${eligibilityText(d.eligibility.reasons)}.`);
      const labelRequest: LabelRequest = { byId: ctx.actorId ?? null, by: ctx.actorName, at: now, note: input.note ?? null, status: 'pending' };
      return go({ ...d, labelRequest }, `Asked a supervisor to approve a prepaid return label for ${formatCents(value)}${input.note ? `: ${input.note}` : ''}`, { note: input.note ?? null });
    }
    case 'approve_label': {
      const labelRequest = d.labelRequest && { ...d.labelRequest, status: 'approved' as const, decidedBy: ctx.actorName, decidedAt: now };
      return go({ ...d, ...(labelRequest ? { labelRequest } : {}), labelApproval: { by: ctx.actorName, at: now } }, `Approved a prepaid return label for ${formatCents(value)}`, { requestedBy: d.labelRequest?.by ?? null });
    }
    case 'decline_label': {
      if (d.labelRequest?.status !== 'pending') return conflict('No prepaid label is waiting for a decision on this return.');
      const labelRequest = { ...d.labelRequest, status: 'declined' as const, decidedBy: ctx.actorName, decidedAt: now, reason: input.reason };
      return go({ ...d, labelRequest }, `Declined a prepaid return label: ${input.reason}`, { reason: input.reason, requestedBy: d.labelRequest.by });
    }
    case 'waive': {
      if (waived.includes(input.code)) return conflict(`The ${deductionName(input.code)} is already waived on this return.`);
      if (d.refund) return conflict('This return is refunded already: nothing is left to waive.');
      const terms = rmaTerms(c.order, c.items, c.createdAt, ctx.policy.returns, d.waivers, kind);
      const settled = d.settlement?.accepted ? d.settlement.deductions : null;
      const applies = (settled ?? [...(terms?.deductions ?? []), ...(terms?.ifNoRmaOnBox ?? [])]).find((x) => x.code === input.code);
      if (!applies) return conflict(`No ${deductionName(input.code)} applies to this return, so there is nothing to waive.`);
      const waivers = [...(d.waivers ?? []), { code: input.code, cents: applies.cents, reason: input.reason, by: ctx.actorName, at: now }];
      const newTerms = rmaTerms(c.order, c.items, c.createdAt, ctx.policy.returns, waivers, kind);
      let settlement = d.settlement;
      if (d.inspection && d.settlement?.accepted) {
        const i = d.inspection;
        const receipt = { at: i.receivedAt, rmaOnBox: i.rmaOnBox, tagsIntact: i.tagsIntact, condition: i.condition, ...(i.shippedAt ? { shippedAt: i.shippedAt } : {}) };
        settlement = quoteReturn({ ...quoteInput(c.order, c.items, c.createdAt, kind), receipt }, ctx.policy.returns, { waived: waivers.map((w) => w.code) }).settlement ?? settlement;
      }
      const refundCents = settlement?.accepted ? settlement.refundCents : (newTerms?.refundCents ?? 0);
      return go(
        { ...d, waivers, terms: newTerms, ...(settlement ? { settlement } : {}) },
        `Waived the ${deductionName(input.code)} (${formatCents(applies.cents)}): ${input.reason}`,
        { code: input.code, cents: applies.cents, reason: input.reason, refundCents },
        notices.rmaWaived({ number: c.number, deductionCode: input.code, cents: applies.cents, reason: input.reason, refundCents, settled: Boolean(settlement?.accepted), cameBack: cameBack(d) }, ctx.locale),
      );
    }
    case 'authorize': {
      if (!d.eligibility.eligible) return conflict(`This return cannot be authorized: ${eligibilityText(d.eligibility.reasons)}.`);
      const threshold = ctx.policy.returns.labelApprovalThresholdCents;
      const supervisor = may(ctx.role, 'supervisor');
      if (input.prepaidLabel && value > threshold && !d.labelApproval && !supervisor) {
        const asked = d.labelRequest;
        if (asked?.status === 'declined') return forbidden(`${asked.decidedBy ?? 'A supervisor'} declined a prepaid label for this return: ${asked.reason ?? 'no reason given'}. Authorize it without a label.`);
        if (asked?.status === 'pending') return forbidden(`A prepaid return label for ${formatCents(value)} is waiting for a supervisor's approval (asked by ${asked.by}).`);
        return forbidden(`A prepaid return label for ${formatCents(value)} is above ${formatCents(threshold)}: it needs a supervisor's approval first. Ask for it.`);
      }
      const allocated = ctx.nextNumber();
      // A supervisor authorizing a label above the threshold is the approval itself.
      const labelApproval = d.labelApproval ?? (input.prepaidLabel && value > threshold ? { by: ctx.actorName, at: now } : undefined);
      return go(
        { ...d, ...(labelApproval ? { labelApproval } : {}), prepaidLabel: input.prepaidLabel, returnAddress: ctx.returnAddress, authorizedAt: now },
        `Authorized ${allocated} (${input.prepaidLabel ? 'prepaid label' : 'customer pays return shipping'})`,
        { number: allocated, prepaidLabel: input.prepaidLabel, returnAddress: ctx.returnAddress },
        null,
        allocated,
      );
    }
    case 'send_instructions':
      return go(
        d,
        'Sent the return instructions to the customer',
        {},
        notices.rmaInstructions({
          number,
          returnAddress: d.returnAddress ?? '',
          returnBy: shipBy(d),
          prepaidLabel: d.prepaidLabel ?? false,
          valueCents: value,
          terms: d.terms === undefined ? rmaTerms(c.order, c.items, c.createdAt, ctx.policy.returns, d.waivers, kind) : d.terms,
          waivers: d.waivers ?? [],
          authenticity: kind === 'authenticity',
        }, ctx.locale),
      );
    case 'ship': {
      const shippedAt = input.shippedAt ? new Date(input.shippedAt).toISOString() : now;
      return go({ ...d, carrier: input.carrier, tracking: input.tracking, shippedAt }, `Customer shipped the parcel (${input.carrier} ${input.tracking})`, { carrier: input.carrier, tracking: input.tracking, shippedAt }, notices.rmaInTransit({ number, carrier: input.carrier, tracking: input.tracking }, ctx.locale));
    }
    case 'receive': {
      const shippedAt = input.shippedAt ? new Date(input.shippedAt).toISOString() : (d.shippedAt ?? null);
      if (c.status === 'expired' && !shippedAt) {
        return conflict(`This return expired: nothing was recorded as shipped by ${formatDay(d.eligibility.returnBy!)}. Enter the date the parcel was shipped (from its tracking) so it can be judged.`);
      }
      const receipt = { at: now, tagsIntact: input.tagsIntact, condition: input.condition, rmaOnBox: input.rmaOnBox, ...(shippedAt ? { shippedAt } : {}) };
      const settlement = quoteReturn({ ...quoteInput(c.order, c.items, c.createdAt, kind), receipt }, ctx.policy.returns, { waived }).settlement;
      if (!settlement) return conflict(`This return cannot be received: ${eligibilityText(d.eligibility.reasons)}.`);
      const inspection = { receivedAt: now, rmaOnBox: input.rmaOnBox, tagsIntact: input.tagsIntact, condition: input.condition, shippedAt };
      const verdict = !settlement.accepted
        ? `not acceptable: ${settlement.reasons.join(', ')}`
        : `refund ${formatCents(settlement.refundCents)} due by ${settlement.dueBy}${kind === 'authenticity' ? ', in full, if the authentication specialist finds the items not authentic (otherwise reject it with the finding)' : ''}`;
      if (cameBack(d)) {
        // Nobody asked for this parcel, so it has no RMA number yet: it gets one as it is checked in.
        const allocated = c.number ? undefined : ctx.nextNumber();
        const reference = c.number ?? allocated!;
        return go(
          { ...d, inspection, settlement },
          `Checked in ${REQUEST_KIND_TEXT[kind]} as ${reference}: ${verdict}`,
          { inspection, settlement, number: reference },
          notices.cameBackReceived({ number: reference }, ctx.locale),
          allocated,
        );
      }
      return go({ ...d, inspection, settlement }, `Received and inspected the parcel: ${verdict}`, { inspection, settlement }, notices.rmaReceived({ number }, ctx.locale));
    }
    case 'refund': {
      const s = d.settlement;
      if (!s || !s.accepted || !s.method || !s.dueBy) {
        return conflict(`Cannot refund this return: the inspection found it not acceptable (${s?.reasons.join(', ') ?? 'no inspection'}). Reject it instead.`);
      }
      const refund = { refundCents: s.refundCents, method: s.method, dueBy: s.dueBy, refundedAt: now, reference: input.reference ?? null };
      const told = { number, refundCents: s.refundCents, deductions: s.deductions, method: s.method, dueBy: s.dueBy };
      return go({ ...d, refund }, `Refunded ${formatCents(s.refundCents)} (${s.method})`, refund, cameBack(d) ? notices.cameBackRefunded(told, ctx.locale) : notices.rmaRefunded(told, ctx.locale));
    }
    case 'reject': {
      const rejection = { reason: input.reason, reasons: d.settlement?.reasons ?? [] };
      return go({ ...d, rejection }, `Rejected: ${input.reason}`, rejection, notices.rmaRejected({ number, reason: input.reason }, ctx.locale));
    }
    case 'close':
      return go(d, 'Closed the case');
    case 'cancel':
      return go({ ...d, cancellation: { reason: input.reason } }, `Cancelled: ${input.reason}`, { reason: input.reason }, notices.rmaCancelled({ number: c.number, reason: input.reason, cameBack: cameBack(d) }, ctx.locale));
    case 'expire': {
      const returnBy = d.eligibility.returnBy;
      if (!returnBy || ctx.now.getTime() <= Date.parse(returnBy)) {
        return conflict(`This return has not expired: it may be shipped until ${returnBy ? formatDay(returnBy) : 'no set date'}.`);
      }
      return go(d, `Expired: nothing was shipped by ${formatDay(returnBy)}`, { returnBy }, notices.rmaExpired({ number, returnBy }, ctx.locale));
    }
  }
}

// ---- claims ----

/** Why a claim of this kind cannot be opened on this order, or null. */
export function claimOpenProblem(kind: ClaimKind, order: OrderFacts): string | null {
  if (kind === 'damaged' && !order.deliveredAt) {
    return `Order ${order.id} has not been delivered: a damage claim needs a delivered parcel. Open an overdue or lost claim instead.`;
  }
  if (kind === 'overdue' && order.deliveredAt) {
    return `Order ${order.id} was delivered on ${formatDay(order.deliveredAt)}: it is not overdue.`;
  }
  return null;
}

/** Carrier claim deadlines vary by carrier (POLICY §2): days after delivery, or scheduled delivery. */
export function claimDeadline(order: OrderFacts, carrier: string | null, policy: ClaimsPolicy): { days: number; basis: 'delivered' | 'scheduled' | null; deadline: string | null } {
  // The last spelling wins: a brand's "ups" is laid over the desk's "UPS" (server/brands.ts), not under it.
  const key = carrier ? Object.keys(policy.carrierClaimDays).findLast((k) => k.toLowerCase() === carrier.toLowerCase()) : undefined;
  const days = key ? policy.carrierClaimDays[key]! : policy.defaultCarrierClaimDays;
  const from = order.deliveredAt ?? order.scheduledDeliveryAt;
  return {
    days,
    basis: order.deliveredAt ? 'delivered' : order.scheduledDeliveryAt ? 'scheduled' : null,
    deadline: from ? new Date(Date.parse(from) + days * DAY_MS).toISOString() : null,
  };
}

/** Whole days left until `deadline` (negative once it has passed), for the countdown. */
export function daysLeft(deadline: string, now: Date): number {
  return Math.ceil((Date.parse(deadline) - now.getTime()) / DAY_MS);
}

export interface ChecklistItem {
  key: string;
  label: string;
  done: boolean;
}

/** What the carrier needs before a claim can be filed (POLICY §2, carriers' requirements). */
export function claimChecklist(c: ClaimCase, policy: ClaimsPolicy): ChecklistItem[] {
  const list: ChecklistItem[] = [];
  if (c.data.claimKind === 'damaged') {
    const n = policy.requiredDamagePhotos;
    list.push({
      key: 'photos',
      label: `Photos from the customer (at least ${n}; ${c.evidence.photos} so far): the item, the item in its box with the cushioning, the packaging, the shipping label, all sides of the box`,
      done: c.evidence.photos >= n,
    });
    list.push({ key: 'packaging_kept', label: 'The customer keeps the original packaging for inspection', done: c.evidence.packagingKept === true });
  }
  for (const i of c.items.filter((i) => i.serialRequired)) {
    list.push({ key: `serial:${i.sku}`, label: `Serial number of ${i.name} (${i.sku})`, done: Boolean(c.evidence.serials[i.sku]) });
  }
  return list;
}

function claimSpecial(status: ClaimStatus, action: ClaimAction): string | null {
  if (action === 'refund' && ['opened', 'evidence_complete', 'filed_with_carrier', 'approved', 'denied'].includes(status)) {
    return 'Cannot refund this claim yet: the refund is issued only once the carrier has approved and paid the claim.';
  }
  return null;
}

export function decideClaim(c: ClaimCase, input: ClaimInput, ctx: DecideContext): Decision<ClaimStatus, ClaimData> | Refusal {
  const edge = route(CLAIM_EDGES, 'claim', c.status, input.action, ctx.role, claimSpecial);
  if ('ok' in edge) return edge;
  const d = c.data;
  const now = ctx.now.toISOString();
  const number = c.number ?? '';
  const go = (data: ClaimData, summary: string, detail: Record<string, unknown> = {}, notice: Notice | null = null, evidence?: Decision<ClaimStatus, ClaimData>['evidence']): Decision<ClaimStatus, ClaimData> => ({
    ok: true,
    status: edge.to ?? c.status,
    data,
    summary,
    detail,
    notice,
    ...(evidence ? { evidence } : {}),
  });

  switch (input.action) {
    case 'record_packaging':
      return go(d, input.kept ? 'The customer keeps the original packaging' : 'The customer no longer has the original packaging', { kept: input.kept }, null, {
        kind: 'packaging_kept',
        sku: null,
        value: input.kept ? 'yes' : 'no',
      });
    case 'record_serial': {
      const item = c.items.find((i) => i.sku === input.sku);
      if (!item) return conflict(`SKU ${input.sku} is not part of this claim.`);
      return go(d, `Recorded serial number ${input.serial} for ${item.sku}`, { sku: input.sku, serial: input.serial }, null, { kind: 'serial', sku: input.sku, value: input.serial });
    }
    case 'complete_evidence': {
      const missing = claimChecklist(c, ctx.policy.claims).filter((i) => !i.done);
      if (missing.length) return conflict(`The evidence is not complete yet. Missing: ${missing.map((i) => i.label.split(' (')[0]).join('; ')}.`);
      return go(d, 'Evidence complete: ready to file with the carrier');
    }
    case 'file': {
      const carrier = input.carrier ?? d.carrier;
      if (!carrier) return conflict('Which carrier? The order has none on record: give the carrier to file with.');
      const tracking = input.tracking ?? d.tracking;
      const { deadline } = claimDeadline(c.order, carrier, ctx.policy.claims);
      const late = deadline !== null && ctx.now.getTime() > Date.parse(deadline);
      return go(
        { ...d, carrier, tracking, deadline, carrierReference: input.carrierReference, filedAt: now },
        `Filed with ${carrier} (reference ${input.carrierReference})${late ? ' after the carrier deadline' : ''}`,
        { carrier, tracking, carrierReference: input.carrierReference, deadline, late },
        notices.claimFiled({ number, carrier, carrierReference: input.carrierReference }, ctx.locale),
      );
    }
    case 'approve': {
      const decision = { approved: true, amountCents: input.amountCents, reason: null, at: now };
      return go({ ...d, decision }, `${d.carrier ?? 'The carrier'} approved the claim for ${formatCents(input.amountCents)}`, decision, notices.claimApproved({ number, carrier: d.carrier }, ctx.locale));
    }
    case 'deny': {
      const decision = { approved: false, amountCents: null, reason: input.reason, at: now };
      return go(
        { ...d, decision, escalation: { at: now, reason: input.reason } },
        `${d.carrier ?? 'The carrier'} denied the claim: ${input.reason}. Escalated to a supervisor`,
        decision,
        notices.claimDenied({ number }, ctx.locale),
      );
    }
    case 'refile': {
      const escalation = d.escalation && { ...d.escalation, resolvedAt: now, resolvedBy: ctx.actorName };
      const { decision: _dropped, ...rest } = d;
      return go(
        { ...rest, ...(escalation ? { escalation } : {}), carrierReference: input.carrierReference, filedAt: now },
        `Appealed the denial: refiled with ${d.carrier ?? 'the carrier'} (reference ${input.carrierReference})${input.note ? `: ${input.note}` : ''}`,
        { carrierReference: input.carrierReference, note: input.note ?? null },
        notices.claimFiled({ number, carrier: d.carrier, carrierReference: input.carrierReference }, ctx.locale),
      );
    }
    case 'carrier_paid': {
      const amountCents = input.amountCents ?? d.decision?.amountCents ?? 0;
      const refundDueBy = formatIsoDate(addBusinessDays(ctx.now, ctx.policy.returns.refundDueBusinessDays));
      const payment = { amountCents, reference: input.reference ?? null, paidAt: now, refundDueBy };
      return go({ ...d, payment }, `${d.carrier ?? 'The carrier'} paid ${formatCents(amountCents)}; refund due by ${refundDueBy}`, payment);
    }
    case 'refund': {
      const max = merchandiseCents(c.items);
      const refundCents = input.amountCents ?? max;
      if (refundCents > max) return conflict(`A refund of ${formatCents(refundCents)} is more than the claimed items cost (${formatCents(max)}).`);
      const refund = { refundCents, method: refundMethod(c.order), refundedAt: now, reference: input.reference ?? null };
      return go({ ...d, refund }, `Refunded ${formatCents(refundCents)} (${refund.method})`, refund, notices.claimRefunded({ number, refundCents, method: refund.method }, ctx.locale));
    }
    case 'close': {
      if (c.status === 'denied') {
        const escalation = d.escalation && { ...d.escalation, resolvedAt: now, resolvedBy: ctx.actorName };
        const note = input.note ?? 'The carrier declined the claim.';
        return go({ ...d, ...(escalation ? { escalation } : {}) }, `Closed after the denial: ${note}`, { note }, notices.claimClosed({ number, note }, ctx.locale));
      }
      return go(d, 'Closed the case');
    }
    case 'cancel':
      return go({ ...d, cancellation: { reason: input.reason } }, `Cancelled: ${input.reason}`, { reason: input.reason }, notices.claimCancelled({ number, reason: input.reason }, ctx.locale));
  }
}

// ---- deadlines the desk must keep ----

export type OverdueReason = 'refund_overdue' | 'filing_deadline_passed';

/**
 * Is the desk late on this case? A settled return not refunded after its due date (POLICY §1);
 * a paid claim not refunded within the same number of business days (the desk's reading: the
 * returns rule applied from the carrier's payment); a claim not filed by the carrier's deadline.
 */
export function caseOverdue(c: { kind: CaseKind; status: CaseStatus; data: RmaData | ClaimData }, now: Date): OverdueReason | null {
  const today = formatIsoDate(now);
  if (c.kind === 'rma') {
    const s = (c.data as RmaData).settlement;
    return c.status === 'received' && s?.accepted && s.dueBy && today > s.dueBy ? 'refund_overdue' : null;
  }
  const d = c.data as ClaimData;
  if (c.status === 'paid' && d.payment && today > d.payment.refundDueBy) return 'refund_overdue';
  if ((c.status === 'opened' || c.status === 'evidence_complete') && d.deadline && now.getTime() > Date.parse(d.deadline)) return 'filing_deadline_passed';
  return null;
}

/** Returns waiting for a parcel past their return-by date: the expiry job's work. */
export function rmaExpiryDue(c: { kind: CaseKind; status: CaseStatus; data: RmaData | ClaimData }, now: Date): boolean {
  if (c.kind !== 'rma' || (c.status !== 'authorized' && c.status !== 'instructions_sent')) return false;
  const returnBy = shipBy(c.data as RmaData);
  return returnBy !== null && now.getTime() > Date.parse(returnBy);
}
