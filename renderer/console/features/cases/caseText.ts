// Words the case screens use: statuses, steps, reasons, money and dates. The rules themselves live
// in shared/domain/cases.ts; this is only how the console says them.
import { formatCents, formatDay } from '../../../../shared/domain/caseNotices';
import { STATUS_TEXT, type CaseAction, type CaseKind, type CaseStatus, type ClaimKind } from '../../../../shared/domain/cases';
import type { CaseEvent, CaseSummary } from '../../../../shared/protocol/cases';

export { formatCents, formatDay };

export const KIND_LABEL: Record<CaseKind, string> = { rma: 'Return', claim: 'Claim' };

export const CLAIM_KIND_LABEL: Record<ClaimKind, string> = {
  damaged: 'Damaged in shipping',
  overdue: 'Delivery overdue',
  lost: 'Lost in shipping',
};

/** A status as a short badge; the longer STATUS_TEXT reads as a sentence ("it is …"). */
export const STATUS_LABEL: Record<CaseStatus, string> = {
  requested: 'Requested',
  authorized: 'Authorized',
  instructions_sent: 'Awaiting parcel',
  in_transit: 'In transit',
  received: 'Received',
  refunded: 'Refunded',
  rejected: 'Rejected',
  closed: 'Closed',
  cancelled: 'Cancelled',
  expired: 'Expired',
  opened: 'Gathering evidence',
  evidence_complete: 'Ready to file',
  filed_with_carrier: 'Filed with carrier',
  approved: 'Approved',
  denied: 'Denied · escalated',
  paid: 'Carrier paid',
};

export const statusSentence = (s: CaseStatus) => STATUS_TEXT[s];

/** Tone of a status badge: what needs attention, what is done, what went nowhere. */
export function statusTone(s: CaseStatus): 'open' | 'attention' | 'done' | 'stopped' {
  if (s === 'refunded' || s === 'closed') return 'done';
  if (s === 'cancelled' || s === 'expired' || s === 'rejected') return 'stopped';
  if (s === 'denied' || s === 'requested' || s === 'received' || s === 'paid') return 'attention';
  return 'open';
}

export const ACTION_LABEL: Record<CaseAction, string> = {
  request_label: 'Ask for a prepaid label',
  approve_label: 'Approve prepaid label',
  decline_label: 'Decline prepaid label',
  waive: 'Waive a deduction',
  authorize: 'Authorize return',
  send_instructions: 'Send instructions',
  ship: 'Mark in transit',
  receive: 'Receive and inspect',
  refund: 'Refund',
  reject: 'Reject return',
  close: 'Close case',
  cancel: 'Cancel',
  expire: 'Expire',
  record_packaging: 'Record packaging',
  record_serial: 'Record serial number',
  complete_evidence: 'Mark evidence complete',
  file: 'File with carrier',
  approve: 'Carrier approved',
  deny: 'Carrier denied',
  refile: 'Refile (appeal)',
  carrier_paid: 'Carrier paid',
};

export const OVERDUE_LABEL: Record<NonNullable<CaseSummary['overdue']>, string> = {
  refund_overdue: 'Refund overdue',
  filing_deadline_passed: 'Carrier deadline passed',
};

export const METHOD_LABEL: Record<string, string> = {
  original_card: 'To the original card',
  wire_or_check: 'Wire transfer or check (customer’s choice)',
};

/** "RMA-2026-000012", or what the case is while it has no number yet. */
export function caseTitle(c: Pick<CaseSummary, 'number' | 'kind'>): string {
  return c.number ?? (c.kind === 'rma' ? 'Return request' : 'Claim');
}

/** "Return RMA-2026-000012", "Claim CLM-2026-000003", or "Return request" before it has a number. */
export const caseName = (c: Pick<CaseSummary, 'number' | 'kind'>) => (c.number ? `${KIND_LABEL[c.kind]} ${c.number}` : caseTitle(c));

/** Date and time in the agent's own zone, for timelines and lists. */
export function formatWhen(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

export function actorText(e: CaseEvent): string {
  if (e.actor.kind === 'customer') return `${e.actor.name} (customer)`;
  if (e.actor.kind === 'system') return e.actor.name || 'Care desk';
  return e.actor.name;
}

/**
 * Dollars typed by a person ("1,200", "$435.50") to integer cents, or null when it is not an
 * amount. Money is integer cents everywhere else, so this is the one place it is parsed.
 */
export function parseDollars(text: string): number | null {
  const t = text.replace(/[$,\s]/g, '');
  if (!/^\d{1,9}(\.\d{1,2})?$/.test(t)) return null;
  const [whole, frac = ''] = t.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}

/** Cents as the plain number a person edits: 120000 → "1200.00". */
export const centsToInput = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

/** Days from now until a timestamp (whole days, rounded up), or calendar days (UTC) until a `YYYY-MM-DD` date; negative once past. */
export function daysUntil(iso: string, now = Date.now()): number {
  if (iso.length === 10) return Math.round((Date.parse(`${iso}T00:00:00Z`) - Date.parse(`${new Date(now).toISOString().slice(0, 10)}T00:00:00Z`)) / 86_400_000);
  return Math.ceil((Date.parse(iso) - now) / 86_400_000);
}
