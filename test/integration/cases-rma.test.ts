import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, ok, until } from '../helpers/sockets';
import { RETURN_ADDRESS, openDesk, type Desk } from '../helpers/cases';

describe('an RMA from a chat to refunded, through the real hub', () => {
  let desk: Desk;
  let caseId: string;
  const year = new Date().getUTCFullYear();

  beforeAll(async () => {
    desk = await openDesk();
  });
  afterAll(async () => {
    await desk?.close();
  });

  const systemMessages = () => desk.atCustomer.filter((m) => m.author.kind === 'system');

  it('the agent finds the customer\'s orders and opens a return request from the chat', async () => {
    const { orders } = await ok(desk.agent, 'orders:search', { query: 'PO-1' });
    expect(orders.map((o: { id: string }) => o.id)).toEqual(['PO-100']);
    const byEmail = await ok(desk.agent, 'orders:search', { query: desk.hub.store.orders.get('PO-100')!.customerEmail });
    expect(byEmail.orders).toHaveLength(3);

    const updates = collect<{ id: string; status: string }>(desk.supervisor, 'case:updated');
    const { case: c } = await ok(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-100', skus: ['SCARF', 'TOTE'], note: 'Wrong colour.' });
    caseId = c.id;
    expect(c).toMatchObject({
      kind: 'rma',
      status: 'requested',
      number: null,
      orderId: 'PO-100',
      merchandiseCents: 260_000,
      data: { eligibility: { eligible: true, reasons: [] } },
      conversations: [{ id: desk.conversationId }],
    });
    // The shortest window (the scarf's default 7 days) governs the request.
    const delivered = Date.parse(desk.hub.store.orders.get('PO-100')!.deliveredAt!);
    expect(Date.parse(c.data.eligibility.returnBy)).toBe(Math.floor((delivered + 7 * 86_400_000) / 1000) * 1000);
    expect(c.events.map((e: { action: string }) => e.action)).toEqual(['opened', 'note']);
    expect(c.actions.map((a: { action: string }) => a.action)).toEqual(['request_label', 'approve_label', 'decline_label', 'waive', 'authorize', 'cancel']);
    await until(() => updates.some((u) => u.id === caseId), 5000, 'other staff told of the new case');
    // Before anything is authorized the customer is told what the return will cost (issue 9).
    await until(() => systemMessages().length === 1, 5000, 'the terms in the chat');
    expect(systemMessages()[0]!.body).toMatch(/^Before we authorize your return of Silk scarf, Leather tote/);
  });

  it('authorizing gives an RMA number and sends the customer the instructions in the chat and by email', async () => {
    const before = systemMessages().length;
    const { case: c } = await ok(desk.agent, 'cases:transition', { caseId, action: 'authorize', data: { prepaidLabel: false } });
    expect(c.status).toBe('instructions_sent');
    expect(c.number).toMatch(new RegExp(`^RMA-${year}-\\d{6}$`));
    expect(c.data).toMatchObject({ prepaidLabel: false, returnAddress: RETURN_ADDRESS });
    // The email's own event follows once the mail is out: it may already be there.
    expect(c.events.map((e: { action: string }) => e.action).filter((a: string) => a !== 'emailed').slice(-2)).toEqual(['authorize', 'send_instructions']);

    await until(() => systemMessages().length === before + 1, 5000, 'the instructions in the chat');
    const text = systemMessages().at(-1)!.body;
    expect(text).toContain(`Your RMA number is ${c.number}`);
    expect(text).toContain(RETURN_ADDRESS);
    expect(text).toMatch(/security tag/);
    expect(text).toMatch(new RegExp(`Write the RMA number ${c.number} clearly on the box`));
    expect(text).toMatch(/Insure the parcel for its full value \(\$2,600\.00\)/);
    expect(text).toMatch(/tracked carrier .* signature on delivery/);
    expect(text).toMatch(/return shipping is at your cost/);

    await desk.hub.cases.settled();
    expect(desk.mail.at(-1)).toMatchObject({ to: desk.hub.store.orders.get('PO-100')!.customerEmail, subject: `Your return ${c.number}: how to send it`, text });
    const { case: after } = await ok(desk.agent, 'cases:get', { caseId });
    expect(after.events.at(-1)).toMatchObject({ action: 'emailed', actor: { kind: 'system' } });
  });

  it('the customer sees the case in the widget, and a reload replays the instructions (stored like any message)', async () => {
    const { cases } = await ok(desk.customer, 'cases:mine', {});
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ id: caseId, kind: 'rma', status: 'instructions_sent', returnAddress: RETURN_ADDRESS, prepaidLabel: false, items: [{ sku: 'SCARF' }, { sku: 'TOTE' }] });
    const t = await ok(desk.customer, 'chat:sync', { conversationId: desk.conversationId, afterSeq: 1 });
    expect(t.messages.some((m: { author: { kind: string }; body: string }) => m.author.kind === 'system' && m.body.includes('Your RMA number'))).toBe(true);
  });

  it('in transit → received with the inspection → refunded with deductions → closed', async () => {
    const before = systemMessages().length;
    let r = await ok(desk.agent, 'cases:transition', { caseId, action: 'ship', data: { carrier: 'UPS', tracking: '1ZRETURN1' } });
    expect(r.case).toMatchObject({ status: 'in_transit', data: { carrier: 'UPS', tracking: '1ZRETURN1' } });

    r = await ok(desk.agent, 'cases:transition', { caseId, action: 'receive', data: { rmaOnBox: true, tagsIntact: true, condition: 'as_new' } });
    expect(r.case.status).toBe('received');
    expect(r.case.data.settlement).toMatchObject({
      accepted: true,
      merchandiseCents: 260_000,
      deductions: [{ code: 'shipping_standard_free', cents: 1500 }],
      refundCents: 258_500,
      method: 'original_card',
    });
    expect(r.case.data.settlement.dueBy).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(r.case.overdue).toBeNull();

    r = await ok(desk.agent, 'cases:transition', { caseId, action: 'refund', data: { reference: 'PSP-REF-1' } });
    expect(r.case).toMatchObject({ status: 'refunded', data: { refund: { refundCents: 258_500, method: 'original_card', reference: 'PSP-REF-1' } } });

    r = await ok(desk.agent, 'cases:transition', { caseId, action: 'close' });
    expect(r.case.status).toBe('closed');
    expect(r.case.closedAt).not.toBeNull();
    expect(r.case.actions).toEqual([]);

    // The customer was told of each step that concerns them: shipped, received, refunded.
    await until(() => systemMessages().length === before + 3, 5000, 'three more notices');
    const [shipped, received, refunded] = systemMessages().slice(before).map((m) => m.body);
    expect(shipped).toContain('1ZRETURN1');
    expect(received).toMatch(/has arrived/);
    expect(refunded).toMatch(/refunding \$2,585\.00 \(after deductions: free standard shipping \$15\.00\) to the card you paid with/);

    const timeline = r.case.events.filter((e: { action: string }) => !['emailed', 'note'].includes(e.action));
    expect(timeline.map((e: { action: string }) => e.action)).toEqual(['opened', 'authorize', 'send_instructions', 'ship', 'receive', 'refund', 'close']);
    for (const e of timeline) expect(e.actor).toMatchObject({ kind: 'staff', name: 'Grace Agent' });
    expect(r.case.events.every((e: { at: string }) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
  });

  it('the case list filters by status and kind', async () => {
    expect((await ok(desk.agent, 'cases:list', { status: ['closed'], kind: 'rma' })).cases.map((c: { id: string }) => c.id)).toEqual([caseId]);
    expect((await ok(desk.agent, 'cases:list', { open: true })).cases).toEqual([]);
    expect((await ok(desk.agent, 'cases:list', { kind: 'claim' })).cases).toEqual([]);
    expect((await ok(desk.agent, 'orders:get', { orderId: 'PO-100' })).cases.map((c: { id: string }) => c.id)).toEqual([caseId]);
  });

  it('every staff read of a case, an order or the case list is in the audit log', async () => {
    const rows = () => desk.hub.store.db.prepare('SELECT action, subject_kind AS kind, subject_id AS id FROM audit_log WHERE action IN (?, ?, ?, ?) ORDER BY rowid').all('case.view', 'cases.list', 'order.view', 'orders.search') as { action: string; kind: string | null; id: string | null }[];
    const before = rows().length;
    await ok(desk.agent, 'cases:get', { caseId });
    await ok(desk.agent, 'orders:get', { orderId: 'PO-100' });
    await ok(desk.agent, 'orders:search', { query: 'PO-1' });
    await ok(desk.agent, 'cases:list', { kind: 'rma' });
    expect(rows().slice(before)).toEqual([
      { action: 'case.view', kind: 'case', id: caseId },
      { action: 'order.view', kind: 'order', id: 'PO-100' },
      { action: 'orders.search', kind: null, id: null },
      { action: 'cases.list', kind: null, id: null },
    ]);
  });
});
