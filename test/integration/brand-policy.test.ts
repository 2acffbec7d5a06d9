// POLICY.md: every number is a default an admin can change per brand. A brand's own return and
// claim numbers (settings.brands.ID.returns / .claims) govern its orders' cases, through the real
// hub; other brands keep the desk's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOrders } from '../../server/orders/import';
import { OrderSchema } from '../../shared/domain/orders';
import { DAY_MS } from '../../shared/domain/time';
import { openDesk, type Desk } from '../helpers/cases';
import { postJson } from '../helpers/hub';
import { ok } from '../helpers/sockets';

describe("a brand's own return and claim numbers", () => {
  let desk: Desk;
  let desksCaseId: string;

  beforeAll(async () => {
    desk = await openDesk({
      settings: {
        brands: {
          atelier: {
            deskName: 'Atelier Care',
            returns: { defaultWindowDays: 1, shippingDeductionCents: { standard_free: 2500 } },
            claims: { requiredDamagePhotos: 3, carrierClaimDays: { ups: 10 } },
            tickets: { responseDueBusinessMinutes: 60 },
          },
        },
      },
    });
    // The same customer's order at the other brand, delivered two days ago like PO-100.
    const email = (await desk.hub.api.orders.get('PO-100'))!.customerEmail;
    const ago = (d: number) => new Date(Date.now() - d * DAY_MS).toISOString();
    await importOrders(desk.hub.api, { now: () => new Date() }, [
      OrderSchema.parse({
        id: 'AT-100',
        brandId: 'atelier',
        customerEmail: email,
        paymentMethod: 'card',
        shipping: 'standard_free',
        deliveredAt: ago(2),
        carrier: 'UPS',
        tracking: '1ZAT100',
        items: [
          { sku: 'GLOVES', name: 'Kid gloves', priceCents: 30_000 },
          { sku: 'BAG', name: 'Evening bag', priceCents: 90_000, returnWindowDays: 14 },
        ],
      }),
    ]);
  });
  afterAll(async () => {
    await desk?.close();
  });

  it("the brand's default return window decides: two days after delivery is too late at atelier (1 day), in time at the desk's default (7)", async () => {
    const atelier = await ok(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'AT-100', skus: ['GLOVES'] });
    expect(atelier.case.data.eligibility).toMatchObject({ eligible: false, reasons: ['window_expired'] });
    const delivered = Date.parse((await desk.hub.api.orders.get('AT-100'))!.deliveredAt!);
    expect(Date.parse(atelier.case.data.eligibility.returnBy)).toBe(Math.floor((delivered + DAY_MS) / 1000) * 1000);

    const desks = await ok(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-100', skus: ['SCARF'] });
    expect(desks.case.data.eligibility).toMatchObject({ eligible: true, reasons: [] });
    desksCaseId = desks.case.id;
  });

  it("an agent looking the orders up is shown each brand's window for an item that states none", async () => {
    const { orders } = await ok(desk.agent, 'orders:search', { query: (await desk.hub.api.orders.get('PO-100'))!.customerEmail });
    const byId = Object.fromEntries(orders.map((o: { id: string; defaultReturnWindowDays: number }) => [o.id, o.defaultReturnWindowDays]));
    expect(byId).toMatchObject({ 'AT-100': 1, 'PO-100': 7 });
    expect((await ok(desk.agent, 'orders:get', { orderId: 'AT-100' })).order.defaultReturnWindowDays).toBe(1);
  });

  it("the brand's shipping deduction is what the customer is told before authorization (and the desk's elsewhere)", async () => {
    const atelier = await ok(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'AT-100', skus: ['BAG'] });
    expect(atelier.case.data.eligibility.eligible).toBe(true);
    expect(atelier.case.data.terms).toMatchObject({ deductions: [{ code: 'shipping_standard_free', cents: 2500 }] });
    const desks = (await ok(desk.agent, 'cases:get', { caseId: desksCaseId })).case;
    expect(desks.data.terms).toMatchObject({ deductions: [{ code: 'shipping_standard_free', cents: 1500 }] });
  });

  it("a damage claim on the brand's order asks for the brand's number of photos, by the brand's carrier deadline", async () => {
    const { case: c } = await ok(desk.agent, 'cases:open-claim', { conversationId: desk.conversationId, orderId: 'AT-100', skus: ['GLOVES'], claimKind: 'damaged', description: 'Torn seam' });
    // The brand's "ups" wins over the desk's "UPS" (60 days), whatever the spelling.
    const delivered = Date.parse((await desk.hub.api.orders.get('AT-100'))!.deliveredAt!);
    expect(Date.parse(c.data.deadline)).toBe(delivered + 10 * DAY_MS);
    const { cases } = await ok(desk.customer, 'cases:mine', {});
    const mine = cases.find((x: { id: string }) => x.id === c.id);
    expect(mine.photos).toMatchObject({ uploaded: 0, required: 3 });
  });

  it("an offline message to the brand is due within the brand's response time (the desk's 8 hours elsewhere; hours always open here)", async () => {
    const dueAfter = async (brandId: string) => {
      const r = await postJson(`${desk.hub.url}/api/widget/offline-message`, { brandId, name: 'Ada Lovelace', email: 'ada@shop.test', body: 'Where is my order?' });
      expect(r.status).toBe(200);
      const t = (await desk.hub.api.tickets.get(r.json.data.ticket.id))!;
      return (Date.parse(t.dueAt!) - Date.parse(t.createdAt)) / 60_000;
    };
    expect(await dueAfter('atelier')).toBe(60);
    expect(await dueAfter('default')).toBe(8 * 60);
  });
});
