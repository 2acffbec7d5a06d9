// Where the desk finds orders. The embedded source reads what `caredesk orders import` stored; a
// shop platform's API can stand behind the same interface later (hence async).
import type { Order } from '../../shared/domain/orders';
import type { StoreApi } from '../store/api';

export interface OrderSource {
  get(orderId: string): Promise<Order | undefined>;
  /** An order number (prefix), a customer's email or name (part), or a tracking number. */
  search(query: string, limit: number): Promise<Order[]>;
}

export function embeddedOrderSource(store: StoreApi): OrderSource {
  return {
    get: (orderId) => store.orders.get(orderId),
    search: (query, limit) => store.orders.search(query, limit),
  };
}
