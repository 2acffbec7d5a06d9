// Returns told up front (issue 9), through a real hub: the reason for the return (damage goes to a
// claim), the terms quoted before authorization (in the case, in the chat, in the RMA email) and
// the refund after inspection matching them; a supervisor's waiver; the prepaid-label round trip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabelDecision } from '../../shared/protocol/cases';
import { collect, call, ok, until } from '../helpers/sockets';
import { openDesk, snapshot, type Desk } from '../helpers/cases';

describe('a return told up front: terms before authorization, the same refund after inspection', () => {
  let desk: Desk;
  let caseId: string;
  let terms: { deductions: { code: string; cents: number }[]; ifNoRmaOnBox: { code: string; cents: number }[]; refundCents: number; merchandiseCents: number };

  beforeAll(async () => {
    desk = await openDesk();
  });
  afterAll(async () => {
    await desk?.close();
  });
  const systemMessages = () => desk.atCustomer.filter((m) => m.author.kind === 'system').map((m) => m.body);

  it('"arrived damaged" is refused as a return, with the way to the damage claim; nothing is stored', async () => {
    const before = snapshot(desk.hub);
    const r = await call(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-100', skus: ['SCARF'], reason: 'arrived_damaged' });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/damage claim/) } });
    expect(snapshot(desk.hub)).toEqual(before);
    // An unknown reason is bad input.
    expect(await call(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-100', skus: ['SCARF'], reason: 'bored' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('opening the request quotes the terms: the agent sees them, the customer is told them in the chat (no email yet)', async () => {
    const before = systemMessages().length;
    const { case: c } = await ok(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-100', skus: ['SCARF'], reason: 'doesnt_fit', reasonText: 'One size too small' });
    caseId = c.id;
    terms = c.data.terms;
    expect(c.data.reason).toEqual({ code: 'doesnt_fit', text: 'One size too small' });
    // Free standard shipping: $15 off; 3% of $450 more only if the box lacks the RMA number.
    expect(terms).toMatchObject({
      merchandiseCents: 45_000,
      deductions: [{ code: 'shipping_standard_free', cents: 1500 }],
      ifNoRmaOnBox: [{ code: 'restocking_no_rma', cents: 1350 }],
      refundCents: 43_500,
      method: 'original_card',
      returnBy: c.data.eligibility.returnBy,
    });
    expect(c.events[0].summary).toContain('reason: Doesn’t fit: One size too small');
    await until(() => systemMessages().length === before + 1, 5000, 'the terms in the chat');
    const told = systemMessages().at(-1)!;
    expect(told).toMatch(/^Before we authorize your return of Silk scarf/);
    expect(told).toContain('Deducted: free standard shipping deduction, $15.00');
    expect(told).toContain('Only if the box arrives without the RMA number written on it: restocking fee (no RMA number on the box), $13.50');
    expect(told).toMatch(/Refund expected if the parcel comes back as required .*: \$435\.00, to the card you paid with, within 4 business days/);
    expect(told).toMatch(/Ship the parcel back no later than \d{1,2} \w+ \d{4}/);
    await desk.hub.cases.settled();
    expect(desk.mail).toHaveLength(0);
  });

  it('the RMA email (and the chat) repeat the same numbers with the RMA number and address', async () => {
    const { case: c } = await ok(desk.agent, 'cases:transition', { caseId, action: 'authorize', data: { prepaidLabel: false } });
    await desk.hub.cases.settled();
    const mail = desk.mail.find((m) => m.subject.includes(c.number));
    expect(mail).toBeDefined();
    expect(mail!.text).toContain(`Your RMA number is ${c.number}`);
    expect(mail!.text).toContain('Deducted: free standard shipping deduction, $15.00');
    expect(mail!.text).toContain('restocking fee (no RMA number on the box), $13.50');
    expect(mail!.text).toContain('$435.00, to the card you paid with');
  });

  it('received as required: the settlement is exactly what was told', async () => {
    const { case: c } = await ok(desk.agent, 'cases:transition', { caseId, action: 'receive', data: { rmaOnBox: true, tagsIntact: true, condition: 'as_new' } });
    expect(c.data.settlement).toMatchObject({ accepted: true, merchandiseCents: terms.merchandiseCents, deductions: terms.deductions, refundCents: terms.refundCents });
  });
});

describe('a supervisor waives a deduction, with a reason', () => {
  let desk: Desk;
  let caseId: string;
  beforeAll(async () => {
    desk = await openDesk();
    caseId = (await ok(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-200', skus: ['WATCH'], reason: 'not_as_described' })).case.id;
  });
  afterAll(async () => {
    await desk?.close();
  });
  const systemMessages = () => desk.atCustomer.filter((m) => m.author.kind === 'system').map((m) => m.body);

  it('an agent may not waive; a waiver needs a reason and a deduction that applies', async () => {
    const before = snapshot(desk.hub);
    expect(await call(desk.agent, 'cases:transition', { caseId, action: 'waive', data: { code: 'shipping_overnight_free', reason: 'VIP' } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(desk.supervisor, 'cases:transition', { caseId, action: 'waive', data: { code: 'shipping_overnight_free' } })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await call(desk.supervisor, 'cases:transition', { caseId, action: 'waive', data: { code: 'shipping_standard_free', reason: 'VIP' } })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'No free standard shipping deduction applies to this return, so there is nothing to waive.' },
    });
    expect(snapshot(desk.hub)).toEqual(before);
  });

  it('the waiver changes the terms, is on the timeline and the audit log, and the customer is told', async () => {
    const before = systemMessages().length;
    const { case: c } = await ok(desk.supervisor, 'cases:transition', { caseId, action: 'waive', data: { code: 'shipping_overnight_free', reason: 'The watch was described wrongly on our site.' } });
    expect(c.status).toBe('requested');
    expect(c.data.waivers).toMatchObject([{ code: 'shipping_overnight_free', cents: 3000, reason: 'The watch was described wrongly on our site.', by: 'Sam Supervisor' }]);
    expect(c.data.terms).toMatchObject({ deductions: [], refundCents: 1_250_000, ifNoRmaOnBox: [{ code: 'restocking_no_rma', cents: 37_500 }] });
    // The email telling the customer records its own event once sent: it may already be there.
    expect(c.events.filter((e: { action: string }) => e.action !== 'emailed').at(-1)).toMatchObject({ action: 'waive', actor: { name: 'Sam Supervisor' } });
    const audit = desk.hub.store.audit.forSubject('case', caseId).filter((e) => e.action === 'case.waive');
    expect(audit).toHaveLength(1);
    await until(() => systemMessages().length === before + 1, 5000, 'the customer told of the waiver');
    expect(systemMessages().at(-1)).toMatch(/waived the free overnight shipping deduction \(\$30\.00\).*The refund expected is now \$12,500\.00/);
    // Waived twice: refused.
    expect(await call(desk.supervisor, 'cases:transition', { caseId, action: 'waive', data: { code: 'shipping_overnight_free', reason: 'again' } })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('the settlement after inspection reflects the waiver; a waiver after receipt changes the settlement too', async () => {
    await ok(desk.agent, 'cases:transition', { caseId, action: 'authorize', data: { prepaidLabel: false } });
    await desk.hub.cases.settled();
    expect(desk.mail.at(-1)!.text).toContain('Waived by customer care: free overnight shipping deduction, $30.00');
    const { case: received } = await ok(desk.agent, 'cases:transition', { caseId, action: 'receive', data: { rmaOnBox: false, tagsIntact: true, condition: 'as_new' } });
    expect(received.data.settlement).toMatchObject({ deductions: [{ code: 'restocking_no_rma', cents: 37_500 }], refundCents: 1_212_500 });
    const { case: c } = await ok(desk.supervisor, 'cases:transition', { caseId, action: 'waive', data: { code: 'restocking_no_rma', reason: 'Our courier lost the label.' } });
    expect(c.data.settlement).toMatchObject({ deductions: [], refundCents: 1_250_000 });
    const { case: refunded } = await ok(desk.agent, 'cases:transition', { caseId, action: 'refund', data: {} });
    expect(refunded.data.refund.refundCents).toBe(1_250_000);
  });
});

describe('prepaid-label approval: asked by the agent, decided by a supervisor, the agent hears back', () => {
  let desk: Desk;
  let caseId: string;
  beforeAll(async () => {
    desk = await openDesk();
    caseId = (await ok(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-200', skus: ['WATCH'], reason: 'changed_mind' })).case.id;
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('the agent asks; supervisors see it pending (pushed and listed); a supervisor cannot be asked twice', async () => {
    const pushed = collect<{ id: string; labelPending: boolean }>(desk.supervisor, 'case:updated');
    const { case: c } = await ok(desk.agent, 'cases:transition', { caseId, action: 'request_label', data: { note: 'Long-standing client.' } });
    expect(c.labelPending).toBe(true);
    expect(c.data.labelRequest).toMatchObject({ by: 'Grace Agent', status: 'pending', note: 'Long-standing client.' });
    await until(() => pushed.some((s) => s.id === caseId && s.labelPending), 5000, 'the supervisor told');
    const { cases } = await ok(desk.supervisor, 'cases:list', { labelPending: true });
    expect(cases.map((x: { id: string }) => x.id)).toEqual([caseId]);
    expect(await call(desk.agent, 'cases:transition', { caseId, action: 'request_label', data: {} })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('already asked for') } });
    expect(await call(desk.agent, 'cases:transition', { caseId, action: 'authorize', data: { prepaidLabel: true } })).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('waiting for a supervisor') } });
    expect(await call(desk.agent, 'cases:transition', { caseId, action: 'approve_label' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('declined with a reason: the agent hears it, the timeline records it; asked again and approved', async () => {
    const decisions = collect<LabelDecision>(desk.agent, 'case:label-decided');
    const atSupervisor = collect<LabelDecision>(desk.supervisor, 'case:label-decided');
    expect(await call(desk.supervisor, 'cases:transition', { caseId, action: 'decline_label', data: {} })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    const { case: declined } = await ok(desk.supervisor, 'cases:transition', { caseId, action: 'decline_label', data: { reason: 'Above the value we insure on labels.' } });
    expect(declined.labelPending).toBe(false);
    await until(() => decisions.length === 1, 5000, 'the agent hears back');
    expect(decisions[0]).toMatchObject({ caseId, approved: false, by: 'Sam Supervisor', reason: 'Above the value we insure on labels.', orderId: 'PO-200' });
    expect(await call(desk.agent, 'cases:transition', { caseId, action: 'authorize', data: { prepaidLabel: true } })).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('declined a prepaid label') } });

    await ok(desk.agent, 'cases:transition', { caseId, action: 'request_label', data: { note: 'The client insists.' } });
    await ok(desk.supervisor, 'cases:transition', { caseId, action: 'approve_label' });
    await until(() => decisions.length === 2, 5000, 'the approval heard');
    expect(decisions[1]).toMatchObject({ caseId, approved: true, by: 'Sam Supervisor', reason: null });
    expect(atSupervisor).toHaveLength(0);
    const { case: c } = await ok(desk.agent, 'cases:transition', { caseId, action: 'authorize', data: { prepaidLabel: true } });
    expect(c.data).toMatchObject({ prepaidLabel: true, labelApproval: { by: 'Sam Supervisor' } });
    expect(c.events.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['request_label', 'decline_label', 'approve_label']));
    expect(c.events.find((e: { action: string }) => e.action === 'decline_label').summary).toBe('Declined a prepaid return label: Above the value we insure on labels.');
  });
});
