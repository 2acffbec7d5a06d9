// What staff and customers see of a case: the stored record plus what is derived at read time
// (overdue, deadline countdown, checklist, next steps). Derived, never stored, so it is always
// computed against the current clock and configuration.
import {
  STATUS_TEXT,
  availableActions,
  caseOverdue,
  claimChecklist,
  claimDeadline,
  daysLeft,
  evidenceFacts,
  merchandiseCents,
  cameBack,
  requestKindOf,
  shipBy,
  type ActorRole,
  type CaseFacts,
  type ClaimData,
  type ClaimStatus,
  type RmaData,
  type RmaStatus,
} from '../../shared/domain/cases';
import type { DeskPolicy } from '../../shared/domain/config';
import type { Order } from '../../shared/domain/orders';
import { EVIDENCE_PATH, UPLOAD_PATH, type CaseDetail, type CaseEvidence, type CaseSummary, type CustomerCase } from '../../shared/protocol/cases';
import type { StoreModules } from '../store/api';
import type { CaseRecord, EvidenceRecord } from '../store/cases';
import type { UploadSettings } from '../config';

/** Statuses in which a claim still takes photos from the customer. */
export const TAKES_PHOTOS = new Set(['opened', 'evidence_complete']);

export function summary(c: CaseRecord, now: Date): CaseSummary {
  return {
    id: c.id,
    number: c.number,
    kind: c.kind,
    status: c.status,
    claimKind: c.kind === 'claim' ? (c.data as ClaimData).claimKind : null,
    requestKind: c.kind === 'rma' ? requestKindOf(c.data as RmaData) : null,
    brandId: c.brandId,
    orderId: c.orderId,
    customerEmail: c.customerEmail,
    merchandiseCents: merchandiseCents(c.items),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    closedAt: c.closedAt,
    overdue: caseOverdue(c, now),
    escalated: c.kind === 'claim' && c.status === 'denied',
    labelPending: c.kind === 'rma' && c.status === 'requested' && (c.data as RmaData).labelRequest?.status === 'pending',
  };
}

/** The facts the state machine reads. `order` falls back to the case's own snapshot fields. */
export function facts(c: CaseRecord, order: Order, evidence: EvidenceRecord[]): CaseFacts {
  const common = { number: c.number, createdAt: c.createdAt, order, items: c.items, evidence: evidenceFacts(evidence) };
  return c.kind === 'rma'
    ? { ...common, kind: 'rma', status: c.status as RmaStatus, data: c.data as RmaData }
    : { ...common, kind: 'claim', status: c.status as ClaimStatus, data: c.data as ClaimData };
}

export const evidenceView = (e: EvidenceRecord): CaseEvidence => ({
  id: e.id,
  kind: e.kind,
  sku: e.sku,
  value: e.value,
  name: e.name,
  mime: e.mime,
  size: e.size,
  url: e.kind === 'photo' ? `${EVIDENCE_PATH}?id=${encodeURIComponent(e.id)}` : null,
  addedBy: e.addedBy,
  createdAt: e.createdAt,
});

export async function detail(store: Pick<StoreModules, 'orders' | 'cases'>, c: CaseRecord, role: ActorRole, now: Date, policy: DeskPolicy): Promise<CaseDetail> {
  const [order, evidence, events, conversations] = await Promise.all([store.orders.get(c.orderId), store.cases.evidence(c.id), store.cases.events(c.id), store.cases.conversations(c.id)]);
  let checklist: CaseDetail['checklist'] = [];
  let deadline: CaseDetail['deadline'] = null;
  if (c.kind === 'claim' && order) {
    const f = facts(c, order, evidence);
    if (f.kind === 'claim') checklist = claimChecklist(f, policy.claims);
    const d = c.data as ClaimData;
    const { days, deadline: at } = claimDeadline(order, d.carrier, policy.claims);
    deadline = { carrier: d.carrier, days, deadline: at, daysLeft: at ? daysLeft(at, now) : null };
  }
  return {
    ...summary(c, now),
    items: c.items,
    data: c.data,
    order: order ?? null,
    events,
    conversations,
    evidence: evidence.map(evidenceView),
    checklist,
    deadline,
    actions: availableActions(c, role),
    viewerRole: role,
  };
}

export async function customerView(store: Pick<StoreModules, 'cases'>, c: CaseRecord, policy: DeskPolicy, uploads: UploadSettings): Promise<CustomerCase> {
  const rma = c.kind === 'rma' ? (c.data as RmaData) : null;
  const claim = c.kind === 'claim' ? (c.data as ClaimData) : null;
  const refund = rma?.refund
    ? { refundCents: rma.refund.refundCents, method: rma.refund.method, dueBy: rma.refund.dueBy }
    : claim?.refund
      ? { refundCents: claim.refund.refundCents, method: claim.refund.method, dueBy: null }
      : null;
  let photos: CustomerCase['photos'] = null;
  if (claim?.claimKind === 'damaged') {
    const uploaded = (await store.cases.evidence(c.id)).filter((e) => e.kind === 'photo').length;
    const canUpload = TAKES_PHOTOS.has(c.status) && uploaded < uploads.maxPerCase;
    photos = { uploaded, required: policy.claims.requiredDamagePhotos, canUpload, uploadPath: canUpload ? `${UPLOAD_PATH}?caseId=${encodeURIComponent(c.id)}` : null };
  }
  // An RMA's address and number mean something to the customer only once it is authorized.
  const authorized = rma?.authorizedAt !== undefined;
  return {
    id: c.id,
    number: c.number,
    kind: c.kind,
    claimKind: claim?.claimKind ?? null,
    requestKind: rma ? requestKindOf(rma) : null,
    status: c.status,
    // A parcel that came back was never waiting for an authorization.
    statusText: rma && cameBack(rma) && c.status === 'requested' ? 'came back, to be checked in' : STATUS_TEXT[c.status],
    orderId: c.orderId,
    items: c.items.map((i) => ({ sku: i.sku, name: i.name })),
    returnAddress: authorized ? (rma?.returnAddress ?? null) : null,
    returnBy: rma ? shipBy(rma) : null,
    prepaidLabel: authorized ? (rma?.prepaidLabel ?? null) : null,
    refund,
    photos,
  };
}
