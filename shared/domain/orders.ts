// An order as the desk knows it: what `caredesk orders import` accepts (docs/ORDERS-IMPORT.md),
// what the demo set holds, and what the order source returns. Parsing normalizes: emails lower
// case, timestamps in UTC, absent optional fields as null.
import { z } from 'zod';
import { RequiredText } from './cases';

export const OrderId = z.string().trim().min(1, 'is required').max(64).regex(/^[A-Za-z0-9_.#-]+$/, 'may hold only letters, digits and . _ # -');
export const Sku = z.string().trim().min(1, 'is required').max(64);

const Timestamp = z.iso
  .datetime({ offset: true, message: 'must be an ISO timestamp like 2026-03-04T15:00:00Z' })
  .transform((s) => new Date(s).toISOString());
const optional = <T extends z.ZodType>(t: T) => t.nullable().optional().transform((v) => v ?? null);

export const OrderItemSchema = z.object({
  sku: Sku,
  name: RequiredText(200),
  priceCents: z.int('must be a whole number of cents').min(0).max(1_000_000_000),
  finalSale: z.boolean().default(false),
  returnWindowDays: optional(z.int().min(0).max(3650)),
  serialRequired: z.boolean().default(false),
});

export const OrderSchema = z
  .object({
    id: OrderId,
    brandId: z.string().trim().min(1).max(64).default('default'),
    customerEmail: z.string().trim().toLowerCase().max(254).email('must be an email address'),
    customerName: optional(RequiredText(120)),
    paymentMethod: z.enum(['card', 'wire']),
    shipping: z.enum(['standard_free', 'overnight_free', 'paid']),
    international: z.boolean().default(false),
    placedAt: optional(Timestamp),
    deliveredAt: optional(Timestamp),
    scheduledDeliveryAt: optional(Timestamp),
    carrier: optional(RequiredText(40)),
    tracking: optional(RequiredText(80)),
    items: z.array(OrderItemSchema).min(1, 'an order has at least one item').max(500),
  })
  .superRefine((o, ctx) => {
    const seen = new Set<string>();
    o.items.forEach((item, i) => {
      if (seen.has(item.sku)) ctx.addIssue({ code: 'custom', path: ['items', i, 'sku'], message: `SKU ${item.sku} appears twice in order ${o.id}` });
      seen.add(item.sku);
    });
  });
export type Order = z.output<typeof OrderSchema>;
export type OrderItem = Order['items'][number];
// Order and OrderItem satisfy the OrderFacts and CaseItemFacts the case rules read (cases.ts).
