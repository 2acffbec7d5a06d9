// Orders imported from the shop on PostgreSQL: ../../orders.ts's twin.
import type { Order } from '../../../../shared/domain/orders';
import { UPSERT_ORDER_SQL, likeEscape, toOrderItem, toOrderRecord, type ItemRow, type OrderRow } from '../../orders';
import type { PgModuleFactory } from '../api';
import { all, one, run, type PgQueryable } from '../query';

const ORDER_COLUMNS = 'id, brand_id, customer_email, customer_name, payment_method, shipping, international, placed_at, delivered_at, scheduled_delivery_at, carrier, tracking';

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
    list.push(toOrderItem(i));
  }
  return rows.map((r) => toOrderRecord(r, byOrder.get(r.id) ?? []));
}

export const pgOrdersStore: PgModuleFactory<'orders'> = (q) => ({
  /** Inserts or replaces each order with its items. Run inside one store.write: all or nothing. */
  async importOrders(orders: Order[], importedAt: string): Promise<{ orders: number; items: number }> {
    let items = 0;
    for (const o of orders) {
      // The upsert locks the order's row until the write commits: a second hub importing the same
      // order waits here, then replaces the items the first one wrote (never a mix of both).
      await run(q, UPSERT_ORDER_SQL, { ...o, importedAt });
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
