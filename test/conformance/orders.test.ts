// Orders imported from the shop (store.orders) on both backends.
import { expect, it } from 'vitest';
import type { Order } from '../../shared/domain/orders';
import type { StoreApi } from '../../server/store/api';
import { forEachBackend } from '../helpers/storeBackends';

const IMPORTED = '2026-12-01T10:00:00.000Z';

const order = (id: string, over: Partial<Order> = {}): Order => ({
  id,
  brandId: 'maison',
  customerEmail: `${id.toLowerCase()}@shop.test`,
  customerName: null,
  paymentMethod: 'card',
  shipping: 'standard_free',
  international: false,
  placedAt: null,
  deliveredAt: null,
  scheduledDeliveryAt: null,
  carrier: null,
  tracking: null,
  items: [{ sku: 'S-1', name: 'Scarf', priceCents: 45000, finalSale: false, returnWindowDays: null, serialRequired: false }],
  ...over,
});

const importOrders = (s: StoreApi, orders: Order[], at = IMPORTED) => s.write((tx) => tx.orders.importOrders(orders, at));

forEachBackend('orders', (b) => {
  it('imports orders with their items and reads each back exactly, items in the order given', async () => {
    const s = b.api();
    const watch = order('PO-1001', {
      customerEmail: 'ada@shop.test',
      customerName: 'Ada Lovelace',
      paymentMethod: 'wire',
      shipping: 'overnight_free',
      international: true,
      placedAt: '2026-03-01T09:00:00.000Z',
      deliveredAt: '2026-03-04T15:00:00.000Z',
      scheduledDeliveryAt: '2026-03-04T00:00:00.000Z',
      carrier: 'UPS',
      tracking: '1Z1001',
      items: [
        { sku: 'W-100', name: 'Chronograph', priceCents: 1_000_000_000, finalSale: false, returnWindowDays: 14, serialRequired: true },
        { sku: 'A-1', name: 'Bag "Mini"', priceCents: 0, finalSale: true, returnWindowDays: 0, serialRequired: false },
        { sku: 'M-5', name: 'Écharpe 絹', priceCents: 215000, finalSale: false, returnWindowDays: null, serialRequired: false },
      ],
    });
    expect(await importOrders(s, [watch, order('PO-1002')])).toEqual({ orders: 2, items: 4 });
    expect(await s.orders.get('PO-1001')).toEqual(watch);
    expect(await s.orders.get('PO-1002')).toEqual(order('PO-1002'));
    expect(await s.orders.get('PO-404')).toBeUndefined();
    expect(await s.orders.count()).toBe(2);
  });

  it('a re-import replaces the order and all of its items', async () => {
    const s = b.api();
    await importOrders(s, [
      order('PO-1', {
        items: [
          { sku: 'A', name: 'A', priceCents: 1, finalSale: false, returnWindowDays: null, serialRequired: false },
          { sku: 'B', name: 'B', priceCents: 2, finalSale: false, returnWindowDays: null, serialRequired: false },
        ],
      }),
    ]);
    const replaced = order('PO-1', {
      deliveredAt: '2026-03-05T00:00:00.000Z',
      carrier: 'FedEx',
      items: [{ sku: 'B', name: 'B (boxed)', priceCents: 3, finalSale: true, returnWindowDays: 7, serialRequired: true }],
    });
    expect(await importOrders(s, [replaced], '2026-12-02T00:00:00.000Z')).toEqual({ orders: 1, items: 1 });
    expect(await s.orders.get('PO-1')).toEqual(replaced);
    expect(await s.orders.count()).toBe(1);
  });

  it('an import with one bad order stores none of it', async () => {
    const s = b.api();
    await importOrders(s, [order('PO-1')]);
    const twice = order('PO-3', {
      items: [
        { sku: 'X', name: 'X', priceCents: 1, finalSale: false, returnWindowDays: null, serialRequired: false },
        { sku: 'X', name: 'X again', priceCents: 1, finalSale: false, returnWindowDays: null, serialRequired: false },
      ],
    });
    await expect(importOrders(s, [order('PO-1', { carrier: 'DHL' }), order('PO-2'), twice])).rejects.toThrow();
    await expect(importOrders(s, [order('PO-2', { shipping: 'teleport' as Order['shipping'] })])).rejects.toThrow();
    await expect(importOrders(s, [order('PO-2', { items: [{ ...order('x').items[0]!, priceCents: -1 }] })])).rejects.toThrow();
    expect(await s.orders.count()).toBe(1);
    expect(await s.orders.get('PO-1')).toEqual(order('PO-1'));
    expect(await s.orders.get('PO-2')).toBeUndefined();
  });

  it('finds orders by id prefix, part of the email or name, or exact tracking number, newest first', async () => {
    const s = b.api();
    await importOrders(s, [
      order('PO-100', { customerEmail: 'ada@shop.test', customerName: 'Ada Lovelace', placedAt: '2026-03-01T00:00:00.000Z', tracking: 'TRK-9' }),
      order('PO-101', { customerEmail: 'bob@shop.test', customerName: 'Bob Marley', placedAt: '2026-03-03T00:00:00.000Z' }),
      order('PO-200', { customerEmail: 'cyd@shop.test', customerName: 'Élise Ada', placedAt: '2026-03-02T00:00:00.000Z' }),
      // Never placed: it sorts by when it was imported (after every placed one here).
      order('XO-1', { customerEmail: 'dan@shop.test', customerName: 'Dan' }),
    ]);
    const ids = async (query: string, limit = 10) => (await s.orders.search(query, limit)).map((o) => o.id);
    expect(await ids('PO-1')).toEqual(['PO-101', 'PO-100']);
    expect(await ids('po-1')).toEqual(['PO-101', 'PO-100']);
    expect(await ids('  PO-1  ')).toEqual(['PO-101', 'PO-100']);
    expect(await ids('ada')).toEqual(['PO-200', 'PO-100']);
    expect(await ids('ADA')).toEqual(['PO-200', 'PO-100']);
    expect(await ids('ada', 1)).toEqual(['PO-200']);
    expect(await ids('ada', 0)).toEqual([]);
    // A negative limit is no limit (as SQLite reads it).
    expect(await ids('ada', -1)).toEqual(['PO-200', 'PO-100']);
    expect(await ids('shop.test')).toEqual(['XO-1', 'PO-101', 'PO-200', 'PO-100']);
    expect(await ids('TRK-9')).toEqual(['PO-100']);
    expect(await ids('trk-9')).toEqual([]);
    // A prefix, not a part, of the id.
    expect(await ids('O-1')).toEqual([]);
    // Letters outside ASCII keep their case, on both engines.
    expect(await ids('élise')).toEqual([]);
    expect(await ids('Élise')).toEqual([]);
    expect(await ids('lise ada')).toEqual(['PO-200']);
    expect(await ids('nobody')).toEqual([]);
    // Nothing typed (or only spaces) matches every id: the newest orders.
    expect(await ids('   ', 3)).toEqual(['XO-1', 'PO-101', 'PO-200']);
    // Found orders come whole, with their items.
    expect((await s.orders.search('PO-100', 5))[0]).toEqual(
      order('PO-100', { customerEmail: 'ada@shop.test', customerName: 'Ada Lovelace', placedAt: '2026-03-01T00:00:00.000Z', tracking: 'TRK-9' }),
    );
  });

  it('reads % and _ in a search as themselves, not as wildcards', async () => {
    const s = b.api();
    await importOrders(s, [
      order('PO_1', { customerName: '100% silk' }),
      order('POX1', { customerName: '100 silk', placedAt: '2026-03-01T00:00:00.000Z' }),
      order('PO\\2', { customerName: 'back\\slash' }),
    ]);
    const ids = async (query: string) => (await s.orders.search(query, 10)).map((o) => o.id).sort();
    expect(await ids('PO_')).toEqual(['PO_1']);
    expect(await ids('100%')).toEqual(['PO_1']);
    expect(await ids('%')).toEqual(['PO_1']);
    expect(await ids('PO\\')).toEqual(['PO\\2']);
    expect(await ids('k\\s')).toEqual(['PO\\2']);
  });

  it('two hubs importing the same order at once leave one import whole, never a mix of items', async () => {
    const s = b.api();
    const other = await b.another();
    const items = (prefix: string) =>
      Array.from({ length: 20 }, (_, i) => ({ sku: `${prefix}-${i}`, name: prefix, priceCents: i, finalSale: false, returnWindowDays: null, serialRequired: false }));
    const one = order('PO-1', { carrier: 'UPS', items: items('ups') });
    const two = order('PO-1', { carrier: 'DHL', items: items('dhl') });
    await Promise.all([importOrders(s, [one, order('PO-2')]), importOrders(other, [two, order('PO-3')]), importOrders(s, [one]), importOrders(other, [two])]);
    const stored = await s.orders.get('PO-1');
    expect([one, two]).toContainEqual(stored);
    expect(await s.orders.count()).toBe(3);
  });
});
