// Orders imported from the shop on PostgreSQL: ../../orders.ts's twin.
import type { Order } from '../../../../shared/domain/orders';
import type { PgModuleFactory } from '../api';
import { all, one, run, type PgQueryable } from '../query';

interface OrderRow {
  id: string;
  brand_id: string;
  customer_email: string;
  customer_name: string | null;
  payment_method: Order['paymentMethod'];
  shipping: Order['shipping'];
  international: boolean;
  placed_at: string | null;
  delivered_at: string | null;
  scheduled_delivery_at: string | null;
  carrier: string | null;
  tracking: string | null;
}

interface ItemRow {
  order_id: string;
  sku: string;
  name: string;
  /** bigint: node-postgres gives it as a string. */
  price_cents: string;
  final_sale: boolean;
  return_window_days: number | null;
  serial_required: boolean;
}

const ORDER_COLUMNS = 'id, brand_id, customer_email, customer_name, payment_method, shipping, international, placed_at, delivered_at, scheduled_delivery_at, carrier, tracking';

/** `%` and `_` typed by a user are literal characters, not wildcards. */
const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The orders of `rows` with their items, read in one statement. */
async function withItems(q: PgQueryable, rows: OrderRow[]): Promise<Order[]> {
  if (rows.length === 0) return [];
  const items = await all<ItemRow>(
    q,
    'SELECT order_id, sku, name, price_cents, final_sale, return_window_days, serial_required FROM order_items WHERE order_id = ANY($1) ORDER BY order_id, line',
    [rows.map((r) => r.id)],
  );
  const byOrder = new Map<string, Order['items']>();
  for (const i of items) {
    let list = byOrder.get(i.order_id);
    if (!list) byOrder.set(i.order_id, (list = []));
    list.push({
      sku: i.sku,
      name: i.name,
      priceCents: Number(i.price_cents),
      finalSale: i.final_sale,
      returnWindowDays: i.return_window_days,
      serialRequired: i.serial_required,
    });
  }
  return rows.map((r) => ({
    id: r.id,
    brandId: r.brand_id,
    customerEmail: r.customer_email,
    customerName: r.customer_name,
    paymentMethod: r.payment_method,
    shipping: r.shipping,
    international: r.international,
    placedAt: r.placed_at,
    deliveredAt: r.delivered_at,
    scheduledDeliveryAt: r.scheduled_delivery_at,
    carrier: r.carrier,
    tracking: r.tracking,
    items: byOrder.get(r.id) ?? [],
  }));
}

export const pgOrdersStore: PgModuleFactory<'orders'> = (q) => ({
  /** Inserts or replaces each order with its items. Run inside one store.write: all or nothing. */
  async importOrders(orders: Order[], importedAt: string): Promise<{ orders: number; items: number }> {
    let items = 0;
    for (const o of orders) {
      // The upsert locks the order's row until the write commits: a second hub importing the same
      // order waits here, then replaces the items the first one wrote (never a mix of both).
      await run(
        q,
        `INSERT INTO orders (id, brand_id, customer_email, customer_name, payment_method, shipping, international, placed_at,
                             delivered_at, scheduled_delivery_at, carrier, tracking, imported_at)
         VALUES (@id, @brandId, @customerEmail, @customerName, @paymentMethod, @shipping, @international, @placedAt,
                 @deliveredAt, @scheduledDeliveryAt, @carrier, @tracking, @importedAt)
         ON CONFLICT (id) DO UPDATE SET brand_id = excluded.brand_id, customer_email = excluded.customer_email,
           customer_name = excluded.customer_name, payment_method = excluded.payment_method, shipping = excluded.shipping,
           international = excluded.international, placed_at = excluded.placed_at, delivered_at = excluded.delivered_at,
           scheduled_delivery_at = excluded.scheduled_delivery_at, carrier = excluded.carrier, tracking = excluded.tracking,
           imported_at = excluded.imported_at`,
        { ...o, importedAt },
      );
      await run(q, 'DELETE FROM order_items WHERE order_id = $1', [o.id]);
      if (o.items.length === 0) continue;
      // One statement for the order's items (up to 500), their line numbers in the order given.
      await run(
        q,
        `INSERT INTO order_items (order_id, line, sku, name, price_cents, final_sale, return_window_days, serial_required)
         SELECT $1, line - 1, sku, name, price_cents, final_sale, return_window_days, serial_required
         FROM unnest($2::text[], $3::text[], $4::bigint[], $5::boolean[], $6::integer[], $7::boolean[])
              WITH ORDINALITY AS i(sku, name, price_cents, final_sale, return_window_days, serial_required, line)`,
        [
          o.id,
          o.items.map((i) => i.sku),
          o.items.map((i) => i.name),
          o.items.map((i) => i.priceCents),
          o.items.map((i) => i.finalSale),
          o.items.map((i) => i.returnWindowDays),
          o.items.map((i) => i.serialRequired),
        ],
      );
      items += o.items.length;
    }
    return { orders: orders.length, items };
  },
  async get(id: string): Promise<Order | undefined> {
    const r = await one<OrderRow>(q, `SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1`, [id]);
    return r && (await withItems(q, [r]))[0];
  },
  async search(query: string, limit: number): Promise<Order[]> {
    const t = query.trim();
    // SQLite's LIKE ignores the case of ASCII letters (only); so does ILIKE under COLLATE "C".
    // SQLite reads a negative LIMIT as none; PostgreSQL refuses it and reads NULL as none.
    const rows = await all<OrderRow>(
      q,
      `SELECT ${ORDER_COLUMNS} FROM orders
       WHERE id ILIKE @prefix ESCAPE '\\' OR customer_email ILIKE @part ESCAPE '\\' OR customer_name ILIKE @part ESCAPE '\\' OR tracking = @exact
       ORDER BY COALESCE(placed_at, imported_at) DESC, id LIMIT @limit`,
      { prefix: `${likeEscape(t)}%`, part: `%${likeEscape(t.toLowerCase())}%`, exact: t, limit: limit < 0 ? null : limit },
    );
    return withItems(q, rows);
  },
  async count(): Promise<number> {
    return (await one<{ n: number }>(q, 'SELECT COUNT(*)::int AS n FROM orders'))!.n;
  },
});
