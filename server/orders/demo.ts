// A demo set of orders, so a new desk has something to try: one of each situation POLICY §1–2
// describes. Dates are relative to the desk's clock, so the windows are open (or closed) as
// labelled whenever the set is loaded. Order numbers start with DEMO- so they are easy to tell apart.
import { OrderSchema, type Order } from '../../shared/domain/orders';
import { DAY_MS } from '../../shared/domain/time';
import type { Clock } from '../clock';
import type { StoreApi } from '../store/api';
import { importOrders } from './import';

export function demoOrders(now: Date): Order[] {
  // Whole hours, so the dates read cleanly in the console.
  const hour = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
  const daysAgo = (d: number) => new Date(hour - d * DAY_MS).toISOString();
  const raw = [
    {
      // An everyday return: in its window, free standard shipping ($15 deducted).
      id: 'DEMO-1001',
      customerEmail: 'ada.lovelace@example.com',
      customerName: 'Ada Lovelace',
      paymentMethod: 'card',
      shipping: 'standard_free',
      placedAt: daysAgo(6),
      deliveredAt: daysAgo(3),
      carrier: 'UPS',
      tracking: '1Z999AA10123456784',
      items: [
        { sku: 'SCARF-SILK-01', name: 'Silk twill scarf', priceCents: 45000 },
        { sku: 'TOTE-LTH-02', name: 'Leather tote', priceCents: 215000, returnWindowDays: 14 },
      ],
    },
    {
      // A watch: a prepaid label above the approval threshold needs a supervisor; serial number for claims.
      id: 'DEMO-1002',
      customerEmail: 'grace.hopper@example.com',
      customerName: 'Grace Hopper',
      paymentMethod: 'card',
      shipping: 'overnight_free',
      placedAt: daysAgo(4),
      deliveredAt: daysAgo(2),
      carrier: 'FedEx',
      tracking: '794644790132',
      items: [{ sku: 'WATCH-CHRONO-38', name: 'Chronograph watch, 38 mm', priceCents: 1250000, returnWindowDays: 14, serialRequired: true }],
    },
    {
      // Final sale: never returnable. Paid by wire: refunds by wire or check.
      id: 'DEMO-1003',
      customerEmail: 'katherine.johnson@example.com',
      customerName: 'Katherine Johnson',
      paymentMethod: 'wire',
      shipping: 'paid',
      placedAt: daysAgo(9),
      deliveredAt: daysAgo(5),
      carrier: 'DHL',
      tracking: 'JD014600006281234567',
      items: [
        { sku: 'COAT-CASH-11', name: 'Cashmere coat (final sale)', priceCents: 380000, finalSale: true },
        { sku: 'BELT-CROC-03', name: 'Leather belt', priceCents: 39000 },
      ],
    },
    {
      // Delivered three weeks ago: the default 7-day window has passed.
      id: 'DEMO-1004',
      customerEmail: 'alan.turing@example.com',
      customerName: 'Alan Turing',
      paymentMethod: 'card',
      shipping: 'standard_free',
      placedAt: daysAgo(25),
      deliveredAt: daysAgo(21),
      carrier: 'UPS',
      tracking: '1Z999AA10123456791',
      items: [{ sku: 'SUN-ACET-07', name: 'Acetate sunglasses', priceCents: 52000 }],
    },
    {
      // Never arrived: scheduled four days ago. An overdue-delivery claim.
      id: 'DEMO-1005',
      customerEmail: 'hedy.lamarr@example.com',
      customerName: 'Hedy Lamarr',
      paymentMethod: 'card',
      shipping: 'overnight_free',
      placedAt: daysAgo(7),
      scheduledDeliveryAt: daysAgo(4),
      carrier: 'FedEx',
      tracking: '794644790145',
      items: [{ sku: 'BAG-TOP-05', name: 'Top-handle bag', priceCents: 560000 }],
    },
    {
      // Arrived yesterday, broken: a damage claim (photos, packaging kept).
      id: 'DEMO-1006',
      customerEmail: 'ada.lovelace@example.com',
      customerName: 'Ada Lovelace',
      paymentMethod: 'card',
      shipping: 'standard_free',
      placedAt: daysAgo(5),
      deliveredAt: daysAgo(1),
      carrier: 'UPS',
      tracking: '1Z999AA10123456802',
      items: [{ sku: 'VASE-PORC-09', name: 'Porcelain vase', priceCents: 120000 }],
    },
    {
      // International, with a 30-day window: duties and taxes are never refunded.
      id: 'DEMO-1007',
      customerEmail: 'marie.curie@example.com',
      customerName: 'Marie Curie',
      paymentMethod: 'wire',
      shipping: 'standard_free',
      international: true,
      placedAt: daysAgo(10),
      deliveredAt: daysAgo(6),
      carrier: 'DHL',
      tracking: 'JD014600006281234599',
      items: [{ sku: 'NECK-GOLD-21', name: 'Gold necklace', priceCents: 890000, returnWindowDays: 30 }],
    },
  ];
  return raw.map((o) => OrderSchema.parse(o));
}

/** Loads the demo set when the desk has no orders at all (a first run). Returns how many it loaded. */
export async function seedDemoOrdersIfEmpty(store: StoreApi, clock: Clock): Promise<number> {
  if ((await store.orders.count()) > 0) return 0;
  return (await importOrders(store, clock, demoOrders(clock.now()))).orders;
}
