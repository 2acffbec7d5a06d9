import { describe, expect, it } from 'vitest';
import { formatCents, formatDay, notices } from '../../shared/domain/caseNotices';
import {
  CLAIM_EDGES,
  CLAIM_STATUSES,
  RMA_EDGES,
  RMA_STATUSES,
  availableActions,
  caseOverdue,
  claimChecklist,
  claimDeadline,
  claimOpenProblem,
  daysLeft,
  decideClaim,
  decideRma,
  evidenceFacts,
  rmaEligibility,
  rmaExpiryDue,
  type ActorRole,
  type CaseItemFacts,
  type ClaimCase,
  type ClaimInput,
  type ClaimStatus,
  type DecideContext,
  type OrderFacts,
  type RmaCase,
  type RmaInput,
  type RmaStatus,
} from '../../shared/domain/cases';
import { DEFAULT_POLICY, mergePolicy } from '../../shared/domain/config';

const policy = DEFAULT_POLICY;
/** Card order, free standard shipping, delivered Wed 2026-03-04 15:00 UTC by UPS. */
const order: OrderFacts = {
  id: 'PO-1',
  paymentMethod: 'card',
  shipping: 'standard_free',
  international: false,
  deliveredAt: '2026-03-04T15:00:00.000Z',
  scheduledDeliveryAt: '2026-03-03T15:00:00.000Z',
  carrier: 'UPS',
  tracking: '1Z999',
};
const scarf: CaseItemFacts = { sku: 'SCARF', name: 'Silk scarf', priceCents: 100_000, finalSale: false, returnWindowDays: null, serialRequired: false };
const watch: CaseItemFacts = { sku: 'WATCH', name: 'Chronograph', priceCents: 1_250_000, finalSale: false, returnWindowDays: 14, serialRequired: true };
const noEvidence = { photos: 0, packagingKept: null, serials: {} };

const ctx = (role: ActorRole, now = '2026-03-06T10:00:00Z', overrides: Partial<DecideContext> = {}): DecideContext => ({
  role,
  actorName: `${role} person`,
  now: new Date(now),
  policy,
  returnAddress: 'Returns, 1 Harbour Road, Newark NJ',
  nextNumber: () => 'RMA-2026-000001',
  ...overrides,
});

function rma(status: RmaStatus = 'requested', items: CaseItemFacts[] = [scarf], data: Partial<RmaCase['data']> = {}): RmaCase {
  const eligibility = rmaEligibility(order, items, new Date('2026-03-05T10:00:00Z'), policy.returns);
  return { kind: 'rma', status, number: status === 'requested' ? null : 'RMA-2026-000001', createdAt: '2026-03-05T10:00:00.000Z', order, items, evidence: noEvidence, data: { eligibility, ...data } };
}

function claim(status: ClaimStatus = 'opened', over: Partial<ClaimCase> = {}, data: Partial<ClaimCase['data']> = {}): ClaimCase {
  return {
    kind: 'claim',
    status,
    number: 'CLM-2026-000001',
    createdAt: '2026-03-05T10:00:00.000Z',
    order,
    items: [scarf],
    evidence: noEvidence,
    ...over,
    data: { claimKind: 'damaged', description: null, carrier: 'UPS', tracking: '1Z999', deadline: '2026-05-03T15:00:00.000Z', ...data },
  };
}

/** Applies steps in order, failing the test on the first refusal. */
function runRma(c: RmaCase, steps: [RmaInput, ActorRole, string?][]): RmaCase {
  for (const [input, role, now] of steps) {
    const d = decideRma(c, input, ctx(role, now));
    if (!d.ok) throw new Error(`${input.action}: ${d.message}`);
    c = { ...c, status: d.status, data: d.data, number: d.number ?? c.number };
  }
  return c;
}

describe('RMA: the way through', () => {
  it('authorize → instructions → in transit → received → refunded → closed', () => {
    const auth = decideRma(rma(), { action: 'authorize', prepaidLabel: false }, ctx('agent'));
    expect(auth).toMatchObject({ ok: true, status: 'authorized', number: 'RMA-2026-000001', notice: null });
    if (!auth.ok) return;
    expect(auth.data).toMatchObject({ prepaidLabel: false, returnAddress: 'Returns, 1 Harbour Road, Newark NJ', authorizedAt: '2026-03-06T10:00:00.000Z' });

    let c: RmaCase = { ...rma('authorized'), data: auth.data };
    const sent = decideRma(c, { action: 'send_instructions' }, ctx('agent'));
    expect(sent).toMatchObject({ ok: true, status: 'instructions_sent' });
    if (!sent.ok) return;
    // POLICY §1: what the customer is told when the RMA is issued.
    const text = sent.notice!.text;
    for (const phrase of ['RMA-2026-000001', 'Returns, 1 Harbour Road, Newark NJ', 'security tag', 'original or similar packaging', 'on the box', 'Insure the parcel for its full value ($1,000.00)', 'tracked carrier', 'signature on delivery', 'at your risk', 'at your cost', '11 March 2026']) {
      expect(text).toContain(phrase);
    }

    c = runRma({ ...c, status: 'instructions_sent' }, [
      [{ action: 'ship', carrier: 'FedEx', tracking: '7946', shippedAt: '2026-03-07T09:00:00Z' }, 'agent'],
    ]);
    expect(c).toMatchObject({ status: 'in_transit', data: { carrier: 'FedEx', tracking: '7946', shippedAt: '2026-03-07T09:00:00.000Z' } });

    const received = decideRma(c, { action: 'receive', rmaOnBox: true, tagsIntact: true, condition: 'as_new' }, ctx('agent', '2026-03-11T14:00:00Z'));
    expect(received).toMatchObject({
      ok: true,
      status: 'received',
      data: { settlement: { accepted: true, merchandiseCents: 100_000, deductions: [{ code: 'shipping_standard_free', cents: 1500 }], refundCents: 98_500, method: 'original_card', dueBy: '2026-03-17' } },
    });
    if (!received.ok) return;
    c = { ...c, status: 'received', data: received.data };

    const refund = decideRma(c, { action: 'refund', reference: 'RF-1' }, ctx('agent', '2026-03-12T10:00:00Z'));
    expect(refund).toMatchObject({ ok: true, status: 'refunded', data: { refund: { refundCents: 98_500, method: 'original_card', dueBy: '2026-03-17', reference: 'RF-1' } } });
    if (!refund.ok) return;
    expect(refund.notice!.text).toMatch(/refunding \$985\.00 \(after deductions: free standard shipping \$15\.00\) to the card you paid with, by 17 March 2026/);
    c = { ...c, status: 'refunded', data: refund.data };

    expect(decideRma(c, { action: 'close' }, ctx('agent'))).toMatchObject({ ok: true, status: 'closed', notice: null });
  });

  it('a shipment judged late, or a removed tag, makes the inspection reject: refund refused, reject allowed', () => {
    let c = runRma(rma('instructions_sent', [scarf], { returnAddress: 'x', authorizedAt: '2026-03-06T10:00:00.000Z' }), [
      [{ action: 'receive', rmaOnBox: false, tagsIntact: false, condition: 'used', shippedAt: '2026-03-12T09:00:00Z' }, 'agent', '2026-03-14T10:00:00Z'],
    ]);
    expect(c.data.settlement).toMatchObject({ accepted: false, reasons: ['sent_late', 'tags_removed', 'used'], refundCents: 0, method: null, dueBy: null });
    const refused = decideRma(c, { action: 'refund' }, ctx('agent'));
    expect(refused).toEqual({ ok: false, code: 'conflict', message: expect.stringMatching(/not acceptable \(sent_late, tags_removed, used\)\. Reject it instead/) });
    const rejected = decideRma(c, { action: 'reject', reason: 'Tags removed and worn' }, ctx('agent'));
    expect(rejected).toMatchObject({ ok: true, status: 'rejected', data: { rejection: { reason: 'Tags removed and worn', reasons: ['sent_late', 'tags_removed', 'used'] } } });
    if (!rejected.ok) return;
    expect(rejected.notice!.text).toContain('Tags removed and worn');
    c = { ...c, status: 'rejected', data: rejected.data };
    expect(decideRma(c, { action: 'close' }, ctx('agent'))).toMatchObject({ ok: true, status: 'closed' });
  });

  it('the box without the RMA number costs the 3% restocking fee', () => {
    const c = runRma(rma('in_transit'), [[{ action: 'receive', rmaOnBox: false, tagsIntact: true, condition: 'as_new' }, 'agent', '2026-03-10T10:00:00Z']]);
    expect(c.data.settlement?.deductions).toEqual([
      { code: 'shipping_standard_free', cents: 1500 },
      { code: 'restocking_no_rma', cents: 3000 },
    ]);
  });

  it('a parcel may arrive before anyone typed its tracking number', () => {
    expect(decideRma(rma('instructions_sent'), { action: 'receive', rmaOnBox: true, tagsIntact: true, condition: 'as_new' }, ctx('agent'))).toMatchObject({ ok: true, status: 'received' });
    expect(decideRma(rma('authorized'), { action: 'receive', rmaOnBox: true, tagsIntact: true, condition: 'as_new' }, ctx('agent'))).toMatchObject({ ok: true, status: 'received' });
  });

  it.each(['requested', 'authorized', 'instructions_sent', 'in_transit'] as const)('cancel from %s, with the customer told', (status) => {
    const d = decideRma(rma(status), { action: 'cancel', reason: 'Customer keeps the item.' }, ctx('agent'));
    expect(d).toMatchObject({ ok: true, status: 'cancelled', data: { cancellation: { reason: 'Customer keeps the item.' } } });
    if (d.ok) expect(d.notice!.text).toContain('Customer keeps the item.');
  });

  it('expires (the hub job only) once nothing was shipped by returnBy', () => {
    // Default 7-day window: returnBy 2026-03-11T15:00Z.
    expect(rmaExpiryDue(rma('instructions_sent'), new Date('2026-03-11T15:00:00Z'))).toBe(false);
    expect(rmaExpiryDue(rma('instructions_sent'), new Date('2026-03-11T15:00:01Z'))).toBe(true);
    expect(rmaExpiryDue(rma('in_transit'), new Date('2026-04-01T00:00:00Z'))).toBe(false);
    expect(decideRma(rma('authorized'), { action: 'expire' }, ctx('system', '2026-03-11T15:00:01Z'))).toMatchObject({ ok: true, status: 'expired' });
    const d = decideRma(rma('instructions_sent'), { action: 'expire' }, ctx('system', '2026-03-12T00:00:00Z'));
    expect(d).toMatchObject({ ok: true, status: 'expired' });
    if (d.ok) expect(d.notice!.text).toContain('nothing was shipped by 11 March 2026');
    expect(decideRma(rma('authorized'), { action: 'expire' }, ctx('system', '2026-03-10T00:00:00Z'))).toEqual({
      ok: false,
      code: 'conflict',
      message: 'This return has not expired: it may be shipped until 11 March 2026.',
    });
  });

  it('a parcel for an expired return is still received, judged by its ship date: sent in time it is refunded, sent late it is not', () => {
    const inTime = decideRma(rma('expired'), { action: 'receive', shippedAt: '2026-03-11T14:00:00Z', rmaOnBox: true, tagsIntact: true, condition: 'as_new' }, ctx('agent', '2026-03-14T10:00:00Z'));
    expect(inTime).toMatchObject({ ok: true, status: 'received', data: { settlement: { accepted: true } } });
    const late = decideRma(rma('expired'), { action: 'receive', shippedAt: '2026-03-12T09:00:00Z', rmaOnBox: true, tagsIntact: true, condition: 'as_new' }, ctx('agent', '2026-03-14T10:00:00Z'));
    expect(late).toMatchObject({ ok: true, status: 'received', data: { settlement: { accepted: false, reasons: ['sent_late'] } } });
    // Without a ship date there is nothing to judge it by.
    expect(decideRma(rma('expired'), { action: 'receive', rmaOnBox: true, tagsIntact: true, condition: 'as_new' }, ctx('agent', '2026-03-14T10:00:00Z'))).toMatchObject({
      ok: false,
      code: 'conflict',
      message: expect.stringMatching(/Enter the date the parcel was shipped/),
    });
  });
});

describe('RMA: refusals', () => {
  it('receiving an unauthorized RMA is refused with a clear message', () => {
    expect(decideRma(rma('requested'), { action: 'receive', rmaOnBox: true, tagsIntact: true, condition: 'as_new' }, ctx('agent'))).toEqual({
      ok: false,
      code: 'conflict',
      message: 'This return is not authorized: a parcel can only be received against an authorized RMA. Authorize it first.',
    });
  });

  it('an ineligible request cannot be authorized, and says why', () => {
    const finalSale = rma('requested', [{ ...scarf, finalSale: true }]);
    expect(decideRma(finalSale, { action: 'authorize', prepaidLabel: false }, ctx('supervisor'))).toEqual({
      ok: false,
      code: 'conflict',
      message: 'This return cannot be authorized: a final-sale item is never returnable.',
    });
  });

  it('a prepaid label above the threshold needs a supervisor; the approval unlocks it for an agent', () => {
    const c = rma('requested', [watch]);
    expect(decideRma(c, { action: 'authorize', prepaidLabel: true }, ctx('agent'))).toEqual({
      ok: false,
      code: 'forbidden',
      message: "A prepaid return label for $12,500.00 is above $5,000.00: it needs a supervisor's approval first. Ask for it.",
    });
    // An agent may not approve the label…
    expect(decideRma(c, { action: 'approve_label' }, ctx('agent'))).toEqual({ ok: false, code: 'forbidden', message: 'Only a supervisor can approve a prepaid label for this return.' });
    // …a supervisor may,
    const approved = decideRma(c, { action: 'approve_label' }, ctx('supervisor'));
    expect(approved).toMatchObject({ ok: true, status: 'requested', data: { labelApproval: { by: 'supervisor person' } } });
    if (!approved.ok) return;
    // …and then the agent authorizes it.
    expect(decideRma({ ...c, data: approved.data }, { action: 'authorize', prepaidLabel: true }, ctx('agent'))).toMatchObject({ ok: true, status: 'authorized', data: { prepaidLabel: true } });
    // Without a label, or below the threshold, an agent needs nobody.
    expect(decideRma(c, { action: 'authorize', prepaidLabel: false }, ctx('agent'))).toMatchObject({ ok: true });
    expect(decideRma(rma(), { action: 'authorize', prepaidLabel: true }, ctx('agent'))).toMatchObject({ ok: true, data: { prepaidLabel: true } });
    // A supervisor authorizing above the threshold is the approval itself; admins count as supervisors.
    expect(decideRma(c, { action: 'authorize', prepaidLabel: true }, ctx('supervisor'))).toMatchObject({ ok: true, data: { labelApproval: { by: 'supervisor person' } } });
    expect(decideRma(c, { action: 'authorize', prepaidLabel: true }, ctx('admin'))).toMatchObject({ ok: true });
  });

  it('the threshold is configuration', () => {
    const high = mergePolicy(DEFAULT_POLICY, { returns: { labelApprovalThresholdCents: 2_000_000 } });
    expect(decideRma(rma('requested', [watch]), { action: 'authorize', prepaidLabel: true }, ctx('agent', undefined, { policy: high }))).toMatchObject({ ok: true });
  });

  it('refunding before the parcel is received is refused', () => {
    expect(decideRma(rma('in_transit'), { action: 'refund' }, ctx('agent'))).toEqual({
      ok: false,
      code: 'conflict',
      message: 'Cannot refund this return: the parcel has not been received and inspected yet.',
    });
  });

  it('staff cannot expire a return: only the hub job does', () => {
    for (const role of ['agent', 'supervisor', 'admin'] as const) {
      expect(decideRma(rma('authorized'), { action: 'expire' }, ctx(role, '2026-04-01T00:00:00Z'))).toEqual({
        ok: false,
        code: 'forbidden',
        message: "Only the hub's scheduled job can expire this return.",
      });
    }
  });

  it('the hub job cannot take staff steps', () => {
    expect(decideRma(rma(), { action: 'authorize', prepaidLabel: false }, ctx('system'))).toMatchObject({ ok: false, code: 'forbidden' });
  });

  // Every action from every status it does not start from is refused as a conflict.
  const rmaInputs: RmaInput[] = [
    { action: 'approve_label' },
    { action: 'authorize', prepaidLabel: false },
    { action: 'send_instructions' },
    { action: 'ship', carrier: 'UPS', tracking: '1' },
    { action: 'receive', rmaOnBox: true, tagsIntact: true, condition: 'as_new' },
    { action: 'refund' },
    { action: 'reject', reason: 'x' },
    { action: 'close' },
    { action: 'cancel', reason: 'x' },
    { action: 'expire' },
  ];
  const illegal = rmaInputs.flatMap((input) =>
    RMA_STATUSES.filter((s) => !RMA_EDGES.some((e) => e.action === input.action && e.from.includes(s))).map((s) => [input.action, s, input] as const),
  );
  it.each(illegal)('%s from %s is refused and says why', (_a, status, input) => {
    const d = decideRma(rma(status), input, ctx(input.action === 'expire' ? 'system' : 'supervisor', '2026-04-01T00:00:00Z'));
    expect(d).toMatchObject({ ok: false, code: 'conflict' });
    if (!d.ok) expect(d.message).toMatch(/^(Cannot|This return)/);
  });
});

describe('RMA: other kinds of request (POLICY §1)', () => {
  const undelivered: OrderFacts = { ...order, deliveredAt: null };
  const cameBackCase = (kind: 'undelivered' | 'incorrect_address'): RmaCase => ({
    ...rma('requested'),
    order: undelivered,
    data: { requestKind: kind, eligibility: rmaEligibility(undelivered, [scarf], new Date('2026-03-05T10:00:00Z'), policy.returns, kind) },
  });

  it('an authenticity concern covers final sale for 30 days from delivery, and settles in full whatever the condition', () => {
    const coat: CaseItemFacts = { ...scarf, sku: 'COAT', finalSale: true };
    expect(rmaEligibility(order, [coat], new Date('2026-04-03T15:00:00Z'), policy.returns, 'authenticity')).toMatchObject({ eligible: true, returnBy: '2026-04-03T15:00:00Z' });
    expect(rmaEligibility(order, [coat], new Date('2026-04-03T15:00:01Z'), policy.returns, 'authenticity')).toMatchObject({ eligible: false, reasons: ['authenticity_window_expired'] });
    const c: RmaCase = { ...rma('instructions_sent', [coat]), data: { requestKind: 'authenticity', eligibility: rmaEligibility(order, [coat], new Date('2026-03-05T10:00:00Z'), policy.returns, 'authenticity') } };
    const received = runRma(c, [[{ action: 'receive', rmaOnBox: false, tagsIntact: false, condition: 'damaged' }, 'agent', '2026-03-11T14:00:00Z']]);
    expect(received.data.settlement).toMatchObject({ accepted: true, deductions: [], refundCents: 100_000 });
    // Its 30 days were the time to raise it: nothing to ship by, so it never expires.
    const waiting: RmaCase = { ...c, status: 'instructions_sent' };
    expect(rmaExpiryDue(waiting, new Date('2026-06-01T00:00:00Z'))).toBe(false);
    expect(decideRma(waiting, { action: 'expire' }, ctx('system', '2026-06-01T00:00:00Z'))).toMatchObject({ ok: false, message: expect.stringMatching(/^Only a return expires/) });
    // Found authentic after all: the agent rejects it with the specialist's finding.
    expect(decideRma(received, { action: 'reject', reason: 'The specialist found it authentic.' }, ctx('agent'))).toMatchObject({ ok: true, status: 'rejected' });
  });

  it('a parcel that came back is received from requested, gets its number then, and pays the fee plus the shipping deduction', () => {
    const c = cameBackCase('undelivered');
    expect(c.data.eligibility).toEqual({ eligible: true, reasons: [], returnBy: null });
    const received = decideRma(c, { action: 'receive', rmaOnBox: false, tagsIntact: true, condition: 'as_new' }, ctx('agent', '2026-03-11T14:00:00Z'));
    expect(received).toMatchObject({ ok: true, status: 'received', number: 'RMA-2026-000001' });
    if (!received.ok) return;
    expect(received.data.settlement).toMatchObject({ deductions: [{ code: 'shipping_standard_free', cents: 1_500 }, { code: 'undelivered_fee', cents: 7_000 }], refundCents: 91_500 });
    expect(received.notice!.text).toBe('The parcel that came back to us is checked in under reference RMA-2026-000001. We will confirm the refund shortly.');
    const incorrect = runRma(cameBackCase('incorrect_address'), [[{ action: 'receive', rmaOnBox: false, tagsIntact: true, condition: 'used' }, 'agent']]);
    expect(incorrect.data.settlement).toMatchObject({ accepted: true, deductions: [{ code: 'shipping_standard_free', cents: 1_500 }, { code: 'incorrect_address_fee', cents: 3_000 }], refundCents: 95_500 });
  });

  it('a parcel that came back has nothing to authorize or send, for anyone; its buttons say so', () => {
    const c = cameBackCase('incorrect_address');
    for (const input of [{ action: 'authorize', prepaidLabel: false }, { action: 'request_label' }, { action: 'approve_label' }, { action: 'decline_label', reason: 'No.' }, { action: 'send_instructions' }, { action: 'ship', carrier: 'UPS', tracking: '1Z' }] as RmaInput[]) {
      expect(decideRma(c, input, ctx('supervisor')), input.action).toMatchObject({ ok: false, code: 'conflict', message: expect.stringMatching(/^This is a parcel that came back for an incorrect address on the order: nothing is authorized or sent for it\./) });
    }
    expect(availableActions(c, 'supervisor').map((a) => a.action)).toEqual(['waive', 'receive', 'cancel']);
    // Refunded less its fee whatever its condition: there is nothing to reject it for.
    const received = runRma(c, [[{ action: 'receive', rmaOnBox: false, tagsIntact: false, condition: 'damaged' }, 'agent']]);
    expect(received.data.settlement).toMatchObject({ accepted: true });
    expect(decideRma(received, { action: 'reject', reason: 'Worn.' }, ctx('supervisor'))).toMatchObject({ ok: false, code: 'conflict', message: expect.stringMatching(/cannot be rejected/) });
    expect(availableActions(received, 'agent').map((a) => a.action)).toEqual(['waive', 'refund']);
    // A return asked for is still received only once authorized.
    expect(availableActions(rma('requested'), 'agent').map((a) => a.action)).not.toContain('receive');
  });
});

describe('claims: the way through', () => {
  it('damaged: evidence → filed → approved → paid → refunded → closed', () => {
    let c = claim('opened', { items: [scarf, watch] });
    const refusedEvidence = decideClaim(c, { action: 'complete_evidence' }, ctx('agent'));
    expect(refusedEvidence).toEqual({
      ok: false,
      code: 'conflict',
      message: expect.stringContaining('The evidence is not complete yet. Missing: Photos from the customer; The customer keeps the original packaging for inspection; Serial number of Chronograph'),
    });

    const pack = decideClaim(c, { action: 'record_packaging', kept: true }, ctx('agent'));
    expect(pack).toMatchObject({ ok: true, status: 'opened', evidence: { kind: 'packaging_kept', sku: null, value: 'yes' } });
    const serial = decideClaim(c, { action: 'record_serial', sku: 'WATCH', serial: 'SN-77' }, ctx('agent'));
    expect(serial).toMatchObject({ ok: true, status: 'opened', evidence: { kind: 'serial', sku: 'WATCH', value: 'SN-77' } });
    expect(decideClaim(c, { action: 'record_serial', sku: 'NOPE', serial: '1' }, ctx('agent'))).toEqual({ ok: false, code: 'conflict', message: 'SKU NOPE is not part of this claim.' });

    c = { ...c, evidence: evidenceFacts([
      { kind: 'photo', sku: null, value: null },
      { kind: 'packaging_kept', sku: null, value: 'yes' },
      { kind: 'serial', sku: 'WATCH', value: 'SN-77' },
    ]) };
    expect(claimChecklist(c, policy.claims).every((i) => i.done)).toBe(true);
    expect(decideClaim(c, { action: 'complete_evidence' }, ctx('agent'))).toMatchObject({ ok: true, status: 'evidence_complete' });

    c = { ...c, status: 'evidence_complete' };
    const filed = decideClaim(c, { action: 'file', carrierReference: 'UPS-CLM-9' }, ctx('agent'));
    expect(filed).toMatchObject({ ok: true, status: 'filed_with_carrier', data: { carrier: 'UPS', carrierReference: 'UPS-CLM-9', deadline: '2026-05-03T15:00:00.000Z' }, detail: { late: false } });
    if (!filed.ok) return;
    expect(filed.notice!.text).toContain('UPS-CLM-9');

    c = { ...c, status: 'filed_with_carrier', data: filed.data };
    const approved = decideClaim(c, { action: 'approve', amountCents: 1_350_000 }, ctx('agent'));
    expect(approved).toMatchObject({ ok: true, status: 'approved', data: { decision: { approved: true, amountCents: 1_350_000 } } });
    if (!approved.ok) return;

    c = { ...c, status: 'approved', data: approved.data };
    const paid = decideClaim(c, { action: 'carrier_paid', reference: 'UPS-PAY-1' }, ctx('agent', '2026-03-20T10:00:00Z'));
    // Paid on a Friday: four business days later is the next Thursday.
    expect(paid).toMatchObject({ ok: true, status: 'paid', notice: null, data: { payment: { amountCents: 1_350_000, reference: 'UPS-PAY-1', refundDueBy: '2026-03-26' } } });
    if (!paid.ok) return;

    c = { ...c, status: 'paid', data: paid.data };
    expect(decideClaim(c, { action: 'refund', amountCents: 1_350_001 }, ctx('agent'))).toEqual({
      ok: false,
      code: 'conflict',
      message: 'A refund of $13,500.01 is more than the claimed items cost ($13,500.00).',
    });
    const refunded = decideClaim(c, { action: 'refund' }, ctx('agent'));
    expect(refunded).toMatchObject({ ok: true, status: 'refunded', data: { refund: { refundCents: 1_350_000, method: 'original_card' } } });
    if (!refunded.ok) return;
    expect(refunded.notice!.text).toContain('$13,500.00');

    c = { ...c, status: 'refunded', data: refunded.data };
    expect(decideClaim(c, { action: 'close' }, ctx('agent'))).toMatchObject({ ok: true, status: 'closed' });
  });

  it('overdue and lost claims need no photos or packaging; serial numbers still count', () => {
    const overdue = claim('opened', { order: { ...order, deliveredAt: null } }, { claimKind: 'overdue' });
    expect(claimChecklist(overdue, policy.claims)).toEqual([]);
    expect(decideClaim(overdue, { action: 'complete_evidence' }, ctx('agent'))).toMatchObject({ ok: true, status: 'evidence_complete' });
    const lostWatch = claim('opened', { items: [watch] }, { claimKind: 'lost' });
    expect(claimChecklist(lostWatch, policy.claims).map((i) => i.key)).toEqual(['serial:WATCH']);
  });

  it('the photo floor is configuration', () => {
    const three = mergePolicy(DEFAULT_POLICY, { claims: { requiredDamagePhotos: 3 } });
    const c = claim('opened', { evidence: { photos: 2, packagingKept: true, serials: {} } });
    expect(claimChecklist(c, three.claims).find((i) => i.key === 'photos')).toMatchObject({ done: false, label: expect.stringContaining('at least 3; 2 so far') });
    expect(claimChecklist(c, policy.claims).find((i) => i.key === 'photos')?.done).toBe(true);
  });

  it('a denial escalates: only a supervisor may refile or close', () => {
    const filed = claim('filed_with_carrier', {}, { carrierReference: 'R1', filedAt: '2026-03-08T00:00:00.000Z' });
    const denied = decideClaim(filed, { action: 'deny', reason: 'Insufficient packaging' }, ctx('agent'));
    expect(denied).toMatchObject({ ok: true, status: 'denied', data: { decision: { approved: false, reason: 'Insufficient packaging' }, escalation: { reason: 'Insufficient packaging' } } });
    if (!denied.ok) return;
    expect(denied.summary).toContain('Escalated to a supervisor');
    const c = { ...filed, status: 'denied' as const, data: denied.data };

    for (const input of [{ action: 'close' }, { action: 'refile', carrierReference: 'R2' }] as ClaimInput[]) {
      expect(decideClaim(c, input, ctx('agent'))).toEqual({
        ok: false,
        code: 'forbidden',
        message: expect.stringMatching(/^Only a supervisor can (close|refile) this claim\. The carrier denied this claim, so it is escalated to a supervisor\.$/),
      });
    }
    const refiled = decideClaim(c, { action: 'refile', carrierReference: 'R2', note: 'Appeal with packaging photos' }, ctx('supervisor'));
    expect(refiled).toMatchObject({ ok: true, status: 'filed_with_carrier', data: { carrierReference: 'R2', escalation: { resolvedBy: 'supervisor person' } } });
    if (refiled.ok) expect(refiled.data.decision).toBeUndefined();
    const closed = decideClaim(c, { action: 'close', note: 'The carrier declined; goodwill voucher offered.' }, ctx('supervisor'));
    expect(closed).toMatchObject({ ok: true, status: 'closed' });
    if (closed.ok) expect(closed.notice!.text).toContain('goodwill voucher');
  });

  it.each(['opened', 'evidence_complete', 'filed_with_carrier'] as const)('cancel from %s', (status) => {
    expect(decideClaim(claim(status), { action: 'cancel', reason: 'The parcel turned up.' }, ctx('agent'))).toMatchObject({ ok: true, status: 'cancelled' });
  });

  it('filing needs a carrier; one given at filing wins over the order, and sets that carrier\'s deadline', () => {
    const none = claim('evidence_complete', { order: { ...order, carrier: null } }, { carrier: null });
    expect(decideClaim(none, { action: 'file', carrierReference: 'X' }, ctx('agent'))).toEqual({
      ok: false,
      code: 'conflict',
      message: 'Which carrier? The order has none on record: give the carrier to file with.',
    });
    expect(decideClaim(none, { action: 'file', carrierReference: 'X', carrier: 'dhl' }, ctx('agent'))).toMatchObject({ ok: true, data: { carrier: 'dhl', deadline: '2026-04-03T15:00:00.000Z' } });
    const late = decideClaim(claim('evidence_complete'), { action: 'file', carrierReference: 'X' }, ctx('agent', '2026-06-01T00:00:00Z'));
    expect(late).toMatchObject({ ok: true, detail: { late: true } });
  });
});

describe('claims: refusals', () => {
  it.each(['opened', 'evidence_complete', 'filed_with_carrier', 'approved', 'denied'] as const)('no refund before the carrier has paid (%s)', (status) => {
    expect(decideClaim(claim(status), { action: 'refund' }, ctx('supervisor'))).toEqual({
      ok: false,
      code: 'conflict',
      message: 'Cannot refund this claim yet: the refund is issued only once the carrier has approved and paid the claim.',
    });
  });

  it('a damage claim needs a delivered parcel; an overdue one an undelivered parcel', () => {
    expect(claimOpenProblem('damaged', { ...order, deliveredAt: null })).toMatch(/has not been delivered/);
    expect(claimOpenProblem('overdue', order)).toBe('Order PO-1 was delivered on 4 March 2026: it is not overdue.');
    expect(claimOpenProblem('lost', order)).toBeNull();
    expect(claimOpenProblem('damaged', order)).toBeNull();
    expect(claimOpenProblem('overdue', { ...order, deliveredAt: null })).toBeNull();
  });

  const claimInputs: ClaimInput[] = [
    { action: 'record_packaging', kept: true },
    { action: 'record_serial', sku: 'SCARF', serial: '1' },
    { action: 'complete_evidence' },
    { action: 'file', carrierReference: 'R' },
    { action: 'approve', amountCents: 1 },
    { action: 'deny', reason: 'x' },
    { action: 'refile', carrierReference: 'R' },
    { action: 'carrier_paid' },
    { action: 'refund' },
    { action: 'close' },
    { action: 'cancel', reason: 'x' },
  ];
  const illegal = claimInputs.flatMap((input) =>
    CLAIM_STATUSES.filter((s) => !CLAIM_EDGES.some((e) => e.action === input.action && e.from.includes(s))).map((s) => [input.action, s, input] as const),
  );
  it.each(illegal)('%s from %s is refused and says why', (_a, status, input) => {
    const full = { photos: 5, packagingKept: true, serials: {} };
    const d = decideClaim(claim(status, { evidence: full }), input, ctx('supervisor'));
    expect(d).toMatchObject({ ok: false, code: 'conflict' });
    if (!d.ok) expect(d.message).toMatch(/^Cannot /);
  });
});

describe('deadlines, countdowns, overdue', () => {
  it('carrier claim deadlines per carrier, from delivery or else scheduled delivery', () => {
    expect(claimDeadline(order, 'UPS', policy.claims)).toEqual({ days: 60, basis: 'delivered', deadline: '2026-05-03T15:00:00.000Z' });
    expect(claimDeadline(order, 'dhl', policy.claims)).toMatchObject({ days: 30 });
    expect(claimDeadline(order, 'Tiny Couriers', policy.claims)).toMatchObject({ days: 21, deadline: '2026-03-25T15:00:00.000Z' });
    expect(claimDeadline({ ...order, deliveredAt: null }, 'UPS', policy.claims)).toEqual({ days: 60, basis: 'scheduled', deadline: '2026-05-02T15:00:00.000Z' });
    expect(claimDeadline({ ...order, deliveredAt: null, scheduledDeliveryAt: null }, null, policy.claims)).toEqual({ days: 21, basis: null, deadline: null });
    const custom = mergePolicy(DEFAULT_POLICY, { claims: { carrierClaimDays: { UPS: 10 } } });
    expect(claimDeadline(order, 'UPS', custom.claims).days).toBe(10);
  });

  it('counts whole days down to the deadline', () => {
    expect(daysLeft('2026-03-10T00:00:00Z', new Date('2026-03-08T12:00:00Z'))).toBe(2);
    expect(daysLeft('2026-03-10T00:00:00Z', new Date('2026-03-10T00:00:00Z'))).toBe(0);
    expect(daysLeft('2026-03-10T00:00:00Z', new Date('2026-03-12T00:00:00Z'))).toBe(-2);
  });

  it('flags a settled return not refunded after its due date, and nothing else', () => {
    const received = runRma(rma('in_transit'), [[{ action: 'receive', rmaOnBox: true, tagsIntact: true, condition: 'as_new' }, 'agent', '2026-03-11T14:00:00Z']]);
    expect(received.data.settlement?.dueBy).toBe('2026-03-17');
    expect(caseOverdue(received, new Date('2026-03-17T23:59:59Z'))).toBeNull();
    expect(caseOverdue(received, new Date('2026-03-18T00:00:00Z'))).toBe('refund_overdue');
    expect(caseOverdue({ ...received, status: 'refunded' }, new Date('2026-04-18T00:00:00Z'))).toBeNull();
    const rejected = runRma(rma('in_transit'), [[{ action: 'receive', rmaOnBox: true, tagsIntact: false, condition: 'as_new' }, 'agent', '2026-03-11T14:00:00Z']]);
    expect(caseOverdue(rejected, new Date('2026-04-18T00:00:00Z'))).toBeNull();
  });

  it('flags a paid claim not refunded in time, and a claim not filed by the carrier deadline', () => {
    const paid = claim('paid', {}, { payment: { amountCents: 1, reference: null, paidAt: '2026-03-20T00:00:00.000Z', refundDueBy: '2026-03-26' } });
    expect(caseOverdue(paid, new Date('2026-03-26T12:00:00Z'))).toBeNull();
    expect(caseOverdue(paid, new Date('2026-03-27T00:00:00Z'))).toBe('refund_overdue');
    expect(caseOverdue(claim('opened'), new Date('2026-05-03T15:00:01Z'))).toBe('filing_deadline_passed');
    expect(caseOverdue(claim('filed_with_carrier'), new Date('2026-06-01T00:00:00Z'))).toBeNull();
  });
});

describe('the next steps a viewer is shown', () => {
  it('lists the steps from here, marking those that need a supervisor; never the hub-only ones', () => {
    expect(availableActions({ kind: 'rma', status: 'requested' }, 'agent')).toEqual([
      { action: 'request_label', allowed: true, reason: null },
      { action: 'approve_label', allowed: false, reason: 'Needs a supervisor.' },
      { action: 'decline_label', allowed: false, reason: 'Needs a supervisor.' },
      { action: 'waive', allowed: false, reason: 'Needs a supervisor.' },
      { action: 'authorize', allowed: true, reason: null },
      { action: 'cancel', allowed: true, reason: null },
    ]);
    expect(availableActions({ kind: 'rma', status: 'instructions_sent' }, 'agent').map((a) => a.action)).toEqual(['waive', 'ship', 'receive', 'cancel']);
    expect(availableActions({ kind: 'claim', status: 'denied' }, 'agent').every((a) => !a.allowed)).toBe(true);
    expect(availableActions({ kind: 'claim', status: 'denied' }, 'supervisor')).toEqual([
      { action: 'refile', allowed: true, reason: null },
      { action: 'close', allowed: true, reason: null },
    ]);
    expect(availableActions({ kind: 'rma', status: 'closed' }, 'admin')).toEqual([]);
  });
});

describe('notices', () => {
  it('money and dates read the same on every machine', () => {
    expect(formatCents(0)).toBe('$0.00');
    expect(formatCents(5)).toBe('$0.05');
    expect(formatCents(123456789)).toBe('$1,234,567.89');
    expect(formatDay('2026-03-17')).toBe('17 March 2026');
    expect(formatDay('2026-12-31T23:59:59Z')).toBe('31 December 2026');
  });

  it('a prepaid label is said to be on us; a wire refund asks how the customer wants it', () => {
    expect(notices.rmaInstructions({ number: 'R', returnAddress: 'A', returnBy: null, prepaidLabel: true, valueCents: 1 }).text).toContain('prepaid return label');
    expect(notices.rmaRefunded({ number: 'R', refundCents: 100, deductions: [], method: 'wire_or_check', dueBy: '2026-03-17' }).text).toContain('by wire transfer or check');
  });

  it('a damage claim asks for photos and the packaging; a watch for its serial number', () => {
    const t = notices.claimOpened({ number: 'C', kind: 'damaged', photosNeeded: 2, serialSkus: ['WATCH'] }).text;
    expect(t).toMatch(/Keep the original packaging/);
    expect(t).toMatch(/at least 2/);
    expect(t).toMatch(/serial number of: WATCH/);
    expect(notices.claimOpened({ number: 'C', kind: 'overdue', photosNeeded: 2, serialSkus: [] }).text).not.toMatch(/photos/);
  });
});
