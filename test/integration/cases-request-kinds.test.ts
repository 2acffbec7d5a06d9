// POLICY §1 beyond returns: an authenticity concern (30 days from receipt, final sale included,
// refunded in full) and parcels that come back on their own (undelivered, incorrect address: no
// authorization, a fee plus the shipping deduction), opened from a chat and settled on a real hub.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOrders } from '../../server/orders/import';
import { systemClock } from '../../server/clock';
import { OrderSchema } from '../../shared/domain/orders';
import { call, ok, until } from '../helpers/sockets';
import { openDesk, snapshot, type Desk } from '../helpers/cases';

describe('authenticity concerns and parcels that came back, through the real hub', () => {
  let desk: Desk;
  const year = new Date().getUTCFullYear();
  const systemMessages = () => desk.atCustomer.filter((m) => m.author.kind === 'system');

  beforeAll(async () => {
    desk = await openDesk();
    const email = desk.hub.store.orders.get('PO-100')!.customerEmail;
    // Two orders that never reached the customer: refused at the door, and sent to a wrong address.
    await importOrders(desk.hub.api, systemClock, [
      OrderSchema.parse({ id: 'PO-400', customerEmail: email, paymentMethod: 'card', shipping: 'standard_free', carrier: 'UPS', tracking: '1Z400', items: [{ sku: 'BAG', name: 'Evening bag', priceCents: 200_000 }] }),
      OrderSchema.parse({ id: 'PO-600', customerEmail: email, paymentMethod: 'card', shipping: 'paid', carrier: 'UPS', tracking: '1Z600', items: [{ sku: 'SHOE', name: 'Loafers', priceCents: 80_000 }, { sku: 'HAT', name: 'Felt hat', priceCents: 40_000 }] }),
      OrderSchema.parse({ id: 'PO-500', customerEmail: email, paymentMethod: 'wire', shipping: 'paid', carrier: 'DHL', tracking: 'JD500', items: [{ sku: 'RING', name: 'Gold ring', priceCents: 100_000 }] }),
    ]);
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('an authenticity concern covers a final-sale item, is told the specialist decides, and is refunded in full whatever its condition', async () => {
    // As a return the coat is final sale; as an authenticity concern it is covered.
    const asReturn = await ok(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-100', skus: ['COAT'], reason: 'changed_mind' });
    expect(asReturn.case.data.eligibility).toMatchObject({ eligible: false, reasons: ['final_sale'] });
    await ok(desk.agent, 'cases:transition', { caseId: asReturn.case.id, action: 'cancel', data: { reason: 'Final sale.' } });

    const before = systemMessages().length;
    const { case: c } = await ok(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-100', skus: ['COAT'], requestKind: 'authenticity', note: 'The stitching looks wrong to her.' });
    expect(c).toMatchObject({ status: 'requested', data: { requestKind: 'authenticity', eligibility: { eligible: true, reasons: [] }, terms: { deductions: [], refundCents: 380_000 } } });
    // The 30 days are the time to raise the concern, not a date to ship by.
    expect(c.events[0].summary).toBe('Opened a case for an authenticity concern for COAT: eligible');
    await until(() => systemMessages().length > before, 5000, 'the terms in the chat');
    const told = systemMessages().at(-1)!.body;
    expect(told).toContain('An authentication specialist will examine the items');
    expect(told).toContain('Refund if the items are found not to be authentic: $3,800.00');
    expect(told).not.toMatch(/as required|no later than/);
    const { cases: mine } = await ok(desk.customer, 'cases:mine', {});
    expect(mine.find((x: { id: string }) => x.id === c.id)).toMatchObject({ requestKind: 'authenticity', returnBy: null });

    const received = await call(desk.agent, 'cases:transition', { caseId: c.id, action: 'receive', data: { rmaOnBox: true, tagsIntact: true, condition: 'as_new' } });
    expect(received).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/not authorized/) } });

    const sent = systemMessages().length;
    await ok(desk.agent, 'cases:transition', { caseId: c.id, action: 'authorize', data: { prepaidLabel: false } });
    // The instructions repeat the terms: in full, with no conditions of return.
    await until(() => systemMessages().length > sent, 5000, 'the instructions in the chat');
    expect(systemMessages().at(-1)!.body).toContain('Refund if the items are found not to be authentic: $3,800.00');
    expect(systemMessages().at(-1)!.body).not.toMatch(/as required|Ship the parcel no later than/);
    // Worn and without its tags: a return would be rejected; a fake is not the customer's doing.
    const { case: inspected } = await ok(desk.agent, 'cases:transition', { caseId: c.id, action: 'receive', data: { rmaOnBox: false, tagsIntact: false, condition: 'used' } });
    expect(inspected.data.settlement).toMatchObject({ accepted: true, reasons: [], deductions: [], refundCents: 380_000, method: 'original_card' });
    expect(inspected.events.filter((e: { action: string }) => e.action === 'receive').at(-1).summary).toMatch(/in full, if the authentication specialist finds the items not authentic/);
    const { case: refunded } = await ok(desk.agent, 'cases:transition', { caseId: c.id, action: 'refund', data: { reference: 'AUTH-1' } });
    expect(refunded).toMatchObject({ status: 'refunded', data: { refund: { refundCents: 380_000 } } });
  });

  it('a parcel refused at the door is opened, told, checked in without authorization, and refunded less the shipping and the 7% fee', async () => {
    const before = systemMessages().length;
    const { case: c } = await ok(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-400', skus: ['BAG'], requestKind: 'undelivered' });
    expect(c).toMatchObject({ status: 'requested', number: null, data: { requestKind: 'undelivered', eligibility: { eligible: true, returnBy: null } } });
    // Nothing to authorize or send: it can be received, cancelled, or a deduction waived.
    expect(c.actions.map((a: { action: string }) => a.action)).toEqual(['waive', 'receive', 'cancel']);
    expect(c.data.terms.deductions).toEqual([
      { code: 'shipping_standard_free', cents: 1_500 },
      { code: 'undelivered_fee', cents: 14_000 },
    ]);
    await until(() => systemMessages().length > before, 5000, 'the customer told in the chat');
    const told = systemMessages().at(-1)!.body;
    expect(told).toMatch(/^Your parcel with Evening bag came back to us undelivered\./);
    expect(told).toContain('$1,845.00');
    // Nothing about RMA numbers on the box or tags: a parcel that never arrived is not judged on them.
    expect(told).not.toMatch(/RMA number|as required/);
    expect(told).toContain('Refund: $1,845.00, to the card you paid with, within 4 business days of our receiving the parcel.');

    const unchanged = snapshot(desk.hub);
    const authorize = await call(desk.agent, 'cases:transition', { caseId: c.id, action: 'authorize', data: { prepaidLabel: true } });
    expect(authorize).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/parcel that came back undelivered: nothing is authorized or sent for it/) } });
    expect(snapshot(desk.hub)).toEqual(unchanged);

    const { case: checkedIn } = await ok(desk.agent, 'cases:transition', { caseId: c.id, action: 'receive', data: { rmaOnBox: false, tagsIntact: true, condition: 'as_new' } });
    expect(checkedIn.status).toBe('received');
    expect(checkedIn.number).toMatch(new RegExp(`^RMA-${year}-\\d{6}$`));
    expect(checkedIn.data.settlement).toMatchObject({ accepted: true, refundCents: 184_500, method: 'original_card' });
    await until(() => systemMessages().at(-1)!.body.includes(checkedIn.number), 5000, 'the check-in told in the chat');
    expect(systemMessages().at(-1)!.body).toBe(`The parcel that came back to us is checked in under reference ${checkedIn.number}. We will confirm the refund shortly.`);
    // Nothing to reject it for: refunded less its fee whatever its condition.
    const reject = await call(desk.agent, 'cases:transition', { caseId: c.id, action: 'reject', data: { reason: 'Scuffed.' } });
    expect(reject).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/cannot be rejected/) } });
    const { case: refunded } = await ok(desk.agent, 'cases:transition', { caseId: c.id, action: 'refund' });
    expect(refunded).toMatchObject({ status: 'refunded', data: { refund: { refundCents: 184_500 } } });
    await until(() => systemMessages().at(-1)!.body.startsWith(`The parcel ${checkedIn.number} that came back to us is processed.`), 5000, 'the refund told as a parcel, not a return');
    const { cases: mine } = await ok(desk.customer, 'cases:mine', {});
    expect(mine.find((x: { id: string }) => x.id === c.id)).toMatchObject({ requestKind: 'undelivered', number: checkedIn.number, status: 'refunded' });
    // It came back, so it is not also lost: no overdue claim pays for it a second time.
    const claim = await call(desk.agent, 'cases:open-claim', { conversationId: desk.conversationId, orderId: 'PO-400', skus: ['BAG'], claimKind: 'overdue' });
    expect(claim).toMatchObject({ ok: false, error: { code: 'conflict', message: `BAG of order PO-400 is already in an open return (${checkedIn.number}).` } });
    // Nor once the case is closed: it refunded the bag.
    await ok(desk.agent, 'cases:transition', { caseId: c.id, action: 'close' });
    const afterClose = await call(desk.agent, 'cases:open-claim', { conversationId: desk.conversationId, orderId: 'PO-400', skus: ['BAG'], claimKind: 'lost' });
    expect(afterClose).toMatchObject({ ok: false, error: { code: 'conflict', message: `BAG of order PO-400 was already refunded by a return (${checkedIn.number}).` } });
  });

  it('a parcel back for an incorrect address on a wire order with paid shipping: only the 3% fee, by wire or check', async () => {
    const { case: c } = await ok(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-500', skus: ['RING'], requestKind: 'incorrect_address' });
    expect(c.data.terms).toMatchObject({ deductions: [{ code: 'incorrect_address_fee', cents: 3_000 }], refundCents: 97_000, method: 'wire_or_check' });
    const { case: checkedIn } = await ok(desk.agent, 'cases:transition', { caseId: c.id, action: 'receive', data: { rmaOnBox: false, tagsIntact: true, condition: 'as_new' } });
    expect(checkedIn.data.settlement).toMatchObject({ accepted: true, deductions: [{ code: 'incorrect_address_fee', cents: 3_000 }], refundCents: 97_000, method: 'wire_or_check' });
  });

  it('an overdue claim and a came-back parcel on the same items exclude each other; a plain return request does not block a claim', async () => {
    const { case: claim } = await ok(desk.agent, 'cases:open-claim', { conversationId: desk.conversationId, orderId: 'PO-600', skus: ['SHOE'], claimKind: 'overdue' });
    const back = await call(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-600', skus: ['SHOE'], requestKind: 'undelivered' });
    expect(back).toMatchObject({ ok: false, error: { code: 'conflict', message: `SHOE of order PO-600 is already in an open claim (${claim.number}).` } });
    // A return asked for on a parcel that never arrived is not eligible, and pays nothing: the claim goes ahead.
    const asked = await ok(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-600', skus: ['HAT'], reason: 'changed_mind' });
    expect(asked.case.data.eligibility.reasons).toEqual(['not_delivered']);
    expect((await ok(desk.agent, 'cases:open-claim', { conversationId: desk.conversationId, orderId: 'PO-600', skus: ['HAT'], claimKind: 'lost' })).case.status).toBe('opened');
  });

  it('refuses a came-back parcel on a delivered order, and a return reason on anything but a return, changing nothing', async () => {
    const unchanged = snapshot(desk.hub);
    const delivered = await call(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-300', skus: ['VASE'], requestKind: 'undelivered' });
    expect(delivered).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/^Order PO-300 was delivered on .*, so it did not come back on its own: open a return instead\.$/) } });
    const reasoned = await call(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-200', skus: ['WATCH'], requestKind: 'authenticity', reason: 'not_as_described' });
    expect(reasoned).toMatchObject({ ok: false, error: { code: 'invalid_payload', message: expect.stringMatching(/reason is asked for returns only/) } });
    const unknown = await call(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-200', skus: ['WATCH'], requestKind: 'exchange' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(snapshot(desk.hub)).toEqual(unchanged);
  });
});
