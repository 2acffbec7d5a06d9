// Cases and orders (issue 5): returns (RMA) and shipping claims on the agent side, a customer's
// own cases on the widget side. Schemas validate on the receiving side; the event maps extend
// those in events.ts. The step-specific `data` of cases:transition is validated by the hub with
// RmaInputSchema / ClaimInputSchema (shared/domain/cases.ts), by the case's kind.
import { z } from 'zod';
import {
  CASE_ACTIONS,
  CASE_KINDS,
  CASE_STATUSES,
  CLAIM_KINDS,
  RETURN_REASONS,
  RequiredText,
  type ActorRole,
  type CaseAction,
  type CaseItemFacts,
  type CaseKind,
  type CaseStatus,
  type ChecklistItem,
  type ClaimData,
  type ClaimKind,
  type OverdueReason,
  type RmaData,
} from '../domain/cases';
import { OrderId, Sku, type Order } from '../domain/orders';
import { REQUEST_KINDS, type RequestKind } from '../domain/returns';
import type { WithAck } from './events';
import { Id } from './schemas';

export type { Order, OrderItem } from '../domain/orders';

/** An order as staff look it up: with the return window its brand applies to an item that states none. */
export type OrderView = Order & { defaultReturnWindowDays: number };


// ---- payloads ----

export const CaseListQuery = z
  .object({
    status: z.array(z.enum(CASE_STATUSES)).max(20).optional(),
    kind: z.enum(CASE_KINDS).optional(),
    /** true: only cases not yet closed, cancelled or expired. */
    open: z.boolean().optional(),
    /** true: only cases the desk is late on (refund past due, claim past the carrier deadline). */
    overdue: z.boolean().optional(),
    /** true: only returns whose prepaid label waits for a supervisor's approval. */
    labelPending: z.boolean().optional(),
    orderId: OrderId.optional(),
    limit: z.int().min(1).max(500).optional(),
  })
  .strict();
export type CaseListQuery = z.infer<typeof CaseListQuery>;

export const CaseRef = z.object({ caseId: Id });
export type CaseRef = z.infer<typeof CaseRef>;

const Skus = z.array(Sku).min(1, 'pick at least one item').max(50);

/**
 * Opens a return request from the chat the agent is in. `requestKind` says what it is (POLICY §1):
 * a `return` (the default), an `authenticity` concern, or a parcel that came back on its own
 * (`undelivered`, `incorrect_address`). `reason` is why the customer returns the items (returns
 * only; optional for older clients; the console always asks); `arrived_damaged` is refused as a
 * conflict: that is a damage claim (cases:open-claim). `reasonText` says more (e.g. for `other`).
 */
export const OpenRma = z.object({
  conversationId: Id,
  orderId: OrderId,
  skus: Skus,
  requestKind: z.enum(REQUEST_KINDS).optional(),
  note: RequiredText(2000).optional(),
  reason: z.enum(RETURN_REASONS).optional(),
  reasonText: RequiredText(500).optional(),
});
export type OpenRma = z.infer<typeof OpenRma>;

export const OpenClaim = z.object({
  conversationId: Id,
  orderId: OrderId,
  skus: Skus,
  claimKind: z.enum(CLAIM_KINDS),
  description: RequiredText(2000).optional(),
});
export type OpenClaim = z.infer<typeof OpenClaim>;

/** One step of a case's workflow; `data` depends on the action (see the domain schemas). */
export const CaseTransition = z.object({
  caseId: Id,
  action: z.enum(CASE_ACTIONS),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type CaseTransition = z.infer<typeof CaseTransition>;

export const CaseNote = z.object({ caseId: Id, text: RequiredText(2000) });
export type CaseNote = z.infer<typeof CaseNote>;

/** Links another chat (e.g. the customer's follow-up) to a case. */
export const CaseLink = z.object({ caseId: Id, conversationId: Id });
export type CaseLink = z.infer<typeof CaseLink>;

export const OrdersSearch = z.object({
  /** An order number (prefix), a customer email or name (part), or a tracking number. */
  query: RequiredText(120),
  limit: z.int().min(1).max(100).optional(),
});
export type OrdersSearch = z.infer<typeof OrdersSearch>;

export const OrderRef = z.object({ orderId: OrderId });
export type OrderRef = z.infer<typeof OrderRef>;

// ---- what the hub sends back ----

export interface CaseSummary {
  id: string;
  /** RMA-2026-000123 / CLM-2026-000045; null for a return request not authorized yet (a parcel that came back: not checked in yet). */
  number: string | null;
  kind: CaseKind;
  status: CaseStatus;
  claimKind: ClaimKind | null;
  /** What a return case is for (POLICY §1); null for a claim. */
  requestKind: RequestKind | null;
  brandId: string;
  orderId: string;
  customerEmail: string;
  merchandiseCents: number;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  overdue: OverdueReason | null;
  /** A denied claim waiting for a supervisor. */
  escalated: boolean;
  /** A return whose prepaid label an agent asked for and no supervisor has decided yet. */
  labelPending: boolean;
}

export interface CaseEvent {
  id: number;
  at: string;
  actor: { kind: 'staff' | 'customer' | 'system'; id: string | null; name: string };
  /** A workflow action, or opened / note / linked / photo. */
  action: string;
  summary: string;
  detail: Record<string, unknown>;
}

export interface CaseEvidence {
  id: string;
  kind: 'photo' | 'packaging_kept' | 'serial';
  sku: string | null;
  value: string | null;
  /** Photos: the customer's file name (card-masked), type and size, and where staff fetch it. */
  name: string | null;
  mime: string | null;
  size: number | null;
  url: string | null;
  addedBy: { kind: 'staff' | 'customer'; id: string | null };
  createdAt: string;
}

export interface CaseDetail extends CaseSummary {
  items: CaseItemFacts[];
  data: RmaData | ClaimData;
  order: Order | null;
  events: CaseEvent[];
  conversations: { id: string; linkedAt: string }[];
  evidence: CaseEvidence[];
  /** Claims: what the carrier still needs. Empty for returns. */
  checklist: ChecklistItem[];
  /** Claims: the carrier's filing deadline and the countdown to it. */
  deadline: { carrier: string | null; days: number; deadline: string | null; daysLeft: number | null } | null;
  /** The next steps, for the role of whoever asked (buttons in the console). */
  actions: { action: CaseAction; allowed: boolean; reason: string | null }[];
  viewerRole: ActorRole;
}

/** What a customer sees of their own case in the widget. */
export interface CustomerCase {
  id: string;
  number: string | null;
  kind: CaseKind;
  claimKind: ClaimKind | null;
  /** A return case's kind of request (POLICY §1); null for a claim. */
  requestKind: RequestKind | null;
  status: CaseStatus;
  statusText: string;
  orderId: string;
  items: { sku: string; name: string }[];
  returnAddress: string | null;
  returnBy: string | null;
  prepaidLabel: boolean | null;
  refund: { refundCents: number; method: string; dueBy: string | null } | null;
  /** Claims that still take photos: how many are in, how many are needed, where to POST them. */
  photos: { uploaded: number; required: number; canUpload: boolean; uploadPath: string | null } | null;
}

export interface UploadReply {
  evidence: CaseEvidence;
  case: CustomerCase;
}

// ---- event maps (merged into events.ts) ----

export interface CasesAgentClientEvents {
  'cases:list': WithAck<CaseListQuery, { cases: CaseSummary[] }>;
  'cases:get': WithAck<CaseRef, { case: CaseDetail }>;
  'cases:open-rma': WithAck<OpenRma, { case: CaseDetail }>;
  'cases:open-claim': WithAck<OpenClaim, { case: CaseDetail }>;
  'cases:transition': WithAck<CaseTransition, { case: CaseDetail }>;
  'cases:note': WithAck<CaseNote, { case: CaseDetail }>;
  'cases:link': WithAck<CaseLink, { case: CaseDetail }>;
  'orders:search': WithAck<OrdersSearch, { orders: OrderView[] }>;
  'orders:get': WithAck<OrderRef, { order: OrderView; cases: CaseSummary[] }>;
}
/** A supervisor decided on a prepaid label the receiving agent asked for (issue 9). */
export interface LabelDecision {
  caseId: string;
  /** The return's number, null while it is a request. */
  number: string | null;
  orderId: string;
  approved: boolean;
  by: string;
  /** Why it was declined; null when approved. */
  reason: string | null;
  at: string;
}

export interface CasesAgentServerEvents {
  /** Any change to a case (every agent: lists, escalations to supervisors). */
  'case:updated': (summary: CaseSummary) => void;
  /** To the agent who asked for a prepaid label only: a supervisor approved or declined it. */
  'case:label-decided': (decision: LabelDecision) => void;
}

export interface CasesCustomerClientEvents {
  /** The cases linked to this widget session's conversations. */
  'cases:mine': WithAck<Record<string, never>, { cases: CustomerCase[] }>;
}
export interface CasesCustomerServerEvents {
  'case:updated': (c: CustomerCase) => void;
}

/** Widget upload route: POST the raw image bytes with the widget bearer token. */
export const UPLOAD_PATH = '/api/widget/uploads';
/** Staff fetch a photo with their bearer token. */
export const EVIDENCE_PATH = '/api/cases/evidence';
