// Orders imported from the shop (server/orders/ is the only caller). Rows are normalized by
// OrderSchema before they reach here.
import type { Order } from '../../shared/domain/orders';
import type { Db } from './db';
import { isSet, type Flag } from './rowValues';

export interface OrderRow {
  id: string;
  brand_id: string;
  customer_email: string;
  customer_name: string | null;
  payment_method: Order['paymentMethod'];
  shipping: Order['shipping'];
  international: Flag;
  placed_at: string | null;
  delivered_at: string | null;
  scheduled_delivery_at: string | null;
  carrier: string | null;
  tracking: string | null;
}

export interface ItemRow {
  order_id: string;
  sku: string;
  name: string;
  /** A bigint: a string from PostgreSQL. */
  price_cents: number | string;
  final_sale: Flag;
  return_window_days: number | null;
  serial_required: Flag;
}

/** `%` and `_` typed by a user are literal characters, not wildcards. */
export const likeEscape = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Named parameters: an Order's, `international` as the backend stores a flag, and `importedAt`. */
export const UPSERT_ORDER_SQL = `INSERT INTO orders (id, brand_id, customer_email, customer_name, payment_method, shipping, international, placed_at,
                         delivered_at, scheduled_delivery_at, carrier, tracking, imported_at)
     VALUES (@id, @brandId, @customerEmail, @customerName, @paymentMethod, @shipping, @international, @placedAt,
             @deliveredAt, @scheduledDeliveryAt, @carrier, @tracking, @importedAt)
     ON CONFLICT (id) DO UPDATE SET brand_id = excluded.brand_id, customer_email = excluded.customer_email,
       customer_name = excluded.customer_name, payment_method = excluded.payment_method, shipping = excluded.shipping,
       international = excluded.international, placed_at = excluded.placed_at, delivered_at = excluded.delivered_at,
       scheduled_delivery_at = excluded.scheduled_delivery_at, carrier = excluded.carrier, tracking = excluded.tracking,
       imported_at = excluded.imported_at`;

export const toOrderItem = (i: ItemRow): Order['items'][number] => ({
  sku: i.sku,
  name: i.name,
  priceCents: Number(i.price_cents),
  finalSale: isSet(i.final_sale),
  returnWindowDays: i.return_window_days,
  serialRequired: isSet(i.serial_required),
});

export const toOrderRecord = (r: OrderRow, items: Order['items']): Order => ({
  id: r.id,
  brandId: r.brand_id,
  customerEmail: r.customer_email,
  customerName: r.customer_name,
  paymentMethod: r.payment_method,
  shipping: r.shipping,
  international: isSet(r.international),
  placedAt: r.placed_at,
  deliveredAt: r.delivered_at,
  scheduledDeliveryAt: r.scheduled_delivery_at,
  carrier: r.carrier,
  tracking: r.tracking,
  items,
});

export function ordersStore(db: Db) {
  const q = {
    upsert: db.prepare(UPSERT_ORDER_SQL),
    deleteItems: db.prepare('DELETE FROM order_items WHERE order_id = ?'),
    insertItem: db.prepare(
      `INSERT INTO order_items (order_id, line, sku, name, price_cents, final_sale, return_window_days, serial_required)
       VALUES (@orderId, @line, @sku, @name, @priceCents, @finalSale, @returnWindowDays, @serialRequired)`,
    ),
    byId: db.prepare('SELECT * FROM orders WHERE id = ?'),
    items: db.prepare('SELECT * FROM order_items WHERE order_id = ? ORDER BY line'),
    search: db.prepare(
      `SELECT * FROM orders
       WHERE id LIKE @prefix ESCAPE '\\' OR customer_email LIKE @part ESCAPE '\\' OR customer_name LIKE @part ESCAPE '\\' OR tracking = @exact
       ORDER BY COALESCE(placed_at, imported_at) DESC, id LIMIT @limit`,
    ),
    count: db.prepare('SELECT COUNT(*) AS n FROM orders'),
  };

  const toOrder = (r: OrderRow): Order => toOrderRecord(r, (q.items.all(r.id) as ItemRow[]).map(toOrderItem));

  return {
    /** Inserts or replaces each order with its items. Run inside one store.write: all or nothing. */
    importOrders(orders: Order[], importedAt: string): { orders: number; items: number } {
      let items = 0;
      for (const o of orders) {
        q.upsert.run({ ...o, international: o.international ? 1 : 0, importedAt });
        q.deleteItems.run(o.id);
        for (const [line, i] of o.items.entries()) {
          q.insertItem.run({ ...i, orderId: o.id, line, finalSale: i.finalSale ? 1 : 0, serialRequired: i.serialRequired ? 1 : 0 });
          items += 1;
        }
      }
      return { orders: orders.length, items };
    },
    get(id: string): Order | undefined {
      const r = q.byId.get(id) as OrderRow | undefined;
      return r && toOrder(r);
    },
    search(query: string, limit: number): Order[] {
      const t = query.trim();
      const rows = q.search.all({ prefix: `${likeEscape(t)}%`, part: `%${likeEscape(t.toLowerCase())}%`, exact: t, limit }) as OrderRow[];
      return rows.map(toOrder);
    },
    count(): number {
      return (q.count.get() as { n: number }).n;
    },
  };
}
export type OrdersStore = ReturnType<typeof ordersStore>;
