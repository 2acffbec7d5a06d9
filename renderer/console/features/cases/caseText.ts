// Words the case screens use: statuses, steps, reasons, money and dates. The rules themselves live
// in shared/domain/cases.ts; this is only how the console says them.
import { formatCents, formatDay } from '../../../../shared/domain/caseNotices';
import { CLAIM_KINDS, type CaseAction, type CaseStatus, type ChecklistItem, type ClaimData, type ClaimKind } from '../../../../shared/domain/cases';
import type { CaseDetail, CaseEvent, CaseSummary } from '../../../../shared/protocol/cases';
import { formatDay as formatLocalDay, formatMoney as formatMoneyIn } from '../../../common/format';
import { intlLocale, tr } from '../../../common/i18n';

export { formatCents, formatDay };

export const claimKindLabel = (k: ClaimKind): string => tr(`claims.kind.${k}`);

/** What a case is for, beside its name: a claim's kind, or a return case that is not a plain return; null for a plain return. */
export const caseKindText = (c: Pick<CaseSummary, 'claimKind' | 'requestKind'>): string | null =>
  c.claimKind ? claimKindLabel(c.claimKind) : c.requestKind && c.requestKind !== 'return' ? tr('rma.requestKind', { kind: c.requestKind }) : null;

/** A status as a short badge, in the console's language; statusSentence reads it in a sentence. */
export const statusLabel = (s: CaseStatus): string => tr(`cases.status.${s}`);

/** The status as a sentence reads it: "this case is {state}". */
export const statusSentence = (s: CaseStatus): string => tr(`cases.state.${s}`);

/** Tone of a status badge: what needs attention, what is done, what went nowhere. */
export function statusTone(s: CaseStatus): 'open' | 'attention' | 'done' | 'stopped' {
  if (s === 'refunded' || s === 'closed') return 'done';
  if (s === 'cancelled' || s === 'expired' || s === 'rejected') return 'stopped';
  if (s === 'denied' || s === 'requested' || s === 'received' || s === 'paid') return 'attention';
  return 'open';
}

export const actionLabel = (a: CaseAction): string => tr(`cases.action.${a}`);

export const overdueLabel = (o: NonNullable<CaseSummary['overdue']>): string => tr(`cases.overdue.${o}`);

/** How a refund is paid, in the console's language; an unknown method shows as sent. */
export const methodLabel = (m: string): string => (m === 'original_card' || m === 'wire_or_check' ? tr(`cases.method.${m}`) : m);

/** "RMA-2026-000012", or what the case is while it has no number yet. */
export function caseTitle(c: Pick<CaseSummary, 'number' | 'kind'>): string {
  return c.number ?? (c.kind === 'rma' ? tr('cases.name.rmaRequest') : tr('cases.name.claimUnnumbered'));
}

/** "Return RMA-2026-000012", "Claim CLM-2026-000003", or "Return request" before it has a number. */
export const caseName = (c: Pick<CaseSummary, 'number' | 'kind'>) => (c.number ? tr(c.kind === 'rma' ? 'cases.name.rma' : 'cases.name.claim', { number: c.number }) : caseTitle(c));

/** Date and time in the agent's own zone and the console's language, for timelines and lists. */
export function formatWhen(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString(intlLocale(), { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

/**
 * Orders carry no currency: the desk's prices, fees and refunds are US dollars (POLICY.md). Here,
 * once, so the day orders carry one it is read from the case instead.
 */
export const CASE_CURRENCY = 'USD';

/** Cents as money in the console's language, in the case's currency (USD until cases carry one). */
export const formatMoney = (cents: number, currency: string = CASE_CURRENCY): string => formatMoneyIn(cents, currency);

/** A calendar day (UTC, as the hub counts deadlines) in the console's language: "18 March 2026", "18 mars 2026". */
export const formatDate = formatLocalDay;

/**
 * A claim's checklist line in the console's language, from the item's key and the numbers the hub
 * wrote into its (English) label; a line this console does not know shows as the hub sent it.
 */
export function checklistLabel(item: ChecklistItem, detail: Pick<CaseDetail, 'items'>): string {
  if (item.key === 'packaging_kept') return tr('claims.checklist.packaging');
  if (item.key === 'photos') {
    const m = /at least (\d+); (\d+) so far/.exec(item.label);
    return m ? tr('claims.checklist.photos', { required: Number(m[1]), count: Number(m[2]) }) : item.label;
  }
  if (item.key.startsWith('serial:')) {
    const sku = item.key.slice('serial:'.length);
    const name = detail.items.find((i) => i.sku === sku)?.name;
    return name ? tr('claims.checklist.serial', { name, sku }) : item.label;
  }
  return item.label;
}

/**
 * A timeline entry in the console's language, from its action and the facts the hub stored with it
 * (the hub's summary is English). Notes are the agent's own words; a return's own steps (and any
 * entry this console does not know) show the hub's summary until the return screens say them.
 */
export function eventText(e: CaseEvent, c: Pick<CaseDetail, 'kind' | 'number' | 'data' | 'evidence'>): string {
  const d = e.detail;
  const text = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : null);
  const cents = (k: string) => (typeof d[k] === 'number' ? (d[k] as number) : null);
  switch (e.action) {
    case 'note':
      return e.summary;
    case 'linked':
      return tr('cases.event.linked');
    case 'photo': {
      const name = c.evidence.find((x) => x.id === text('evidenceId'))?.name;
      return name ? tr('cases.event.photo', { name }) : e.summary;
    }
    case 'emailed': {
      const subject = text('subject');
      return subject ? tr('cases.event.emailed', { subject }) : e.summary;
    }
    case 'email_failed': {
      const said = 'Email to the customer failed: ';
      return e.summary.startsWith(said) ? tr('cases.event.emailFailed', { reason: e.summary.slice(said.length) }) : e.summary;
    }
    case 'close': {
      const note = text('note');
      return note ? tr('cases.event.closedDenied', { note }) : tr('cases.event.closed');
    }
    case 'cancel': {
      const reason = text('reason');
      return reason ? tr('cases.event.cancelled', { reason }) : e.summary;
    }
  }
  if (c.kind !== 'claim') return e.summary;
  const claim = c.data as ClaimData;
  const carrier = (name: string | null) => ({ carrier: name ?? '', known: name ? 'yes' : 'no' });
  switch (e.action) {
    case 'opened': {
      const kind = text('claimKind');
      const skus = Array.isArray(d.skus) ? (d.skus as string[]).join(', ') : null;
      if (!c.number || !kind || !(CLAIM_KINDS as readonly string[]).includes(kind) || skus === null) return e.summary;
      const values = { number: c.number, kind: claimKindLabel(kind as ClaimKind), skus };
      const deadline = text('deadline');
      return deadline ? tr('claims.event.openedBy', { ...values, ...carrier(claim.carrier), date: formatDate(deadline) }) : tr('claims.event.opened', values);
    }
    case 'record_packaging':
      return typeof d.kept === 'boolean' ? tr(d.kept ? 'claims.event.packagingKept' : 'claims.event.packagingNotKept') : e.summary;
    case 'record_serial': {
      const serial = text('serial');
      const sku = text('sku');
      return serial && sku ? tr('claims.event.serial', { serial, sku }) : e.summary;
    }
    case 'complete_evidence':
      return tr('claims.event.evidenceComplete');
    case 'file': {
      const name = text('carrier');
      const reference = text('carrierReference');
      return name && reference ? tr(d.late === true ? 'claims.event.filedLate' : 'claims.event.filed', { carrier: name, reference }) : e.summary;
    }
    case 'approve': {
      const amount = cents('amountCents');
      return amount === null ? e.summary : tr('claims.event.approved', { ...carrier(claim.carrier), amount: formatMoney(amount) });
    }
    case 'deny': {
      const reason = text('reason');
      return reason === null ? e.summary : tr('claims.event.denied', { ...carrier(claim.carrier), reason });
    }
    case 'refile': {
      const reference = text('carrierReference');
      const note = text('note');
      if (!reference) return e.summary;
      return tr(note ? 'claims.event.refiledNote' : 'claims.event.refiled', { ...carrier(claim.carrier), reference, note: note ?? '' });
    }
    case 'carrier_paid': {
      const amount = cents('amountCents');
      const due = text('refundDueBy');
      return amount === null || !due ? e.summary : tr('claims.event.paid', { ...carrier(claim.carrier), amount: formatMoney(amount), date: formatDate(due) });
    }
    case 'refund': {
      const amount = cents('refundCents');
      const method = text('method');
      return amount === null || !method ? e.summary : tr('claims.event.refunded', { amount: formatMoney(amount), method: methodLabel(method) });
    }
    default:
      return e.summary;
  }
}

export function actorText(e: CaseEvent): string {
  if (e.actor.kind === 'customer') return tr('cases.actor.customer', { name: e.actor.name });
  if (e.actor.kind === 'system') return e.actor.name || tr('cases.actor.desk');
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
