// Rows a conformance test needs from modules it does not test (staff, customers, chats, orders),
// written as plain SQL on the backend under test, so a test does not depend on another module
// being ported to PostgreSQL yet. Only the columns those tables require are filled.
import type { BackendUnderTest } from './storeBackends';

const AT = '2026-12-01T09:00:00.000Z';

/** Runs one statement with $1…$n parameters, each used once and in order, on the test's database, whichever backend it is. */
export async function rawRun(b: BackendUnderTest, sql: string, params: unknown[] = []): Promise<void> {
  if (b.name === 'sqlite') b.sqlite().db.prepare(sql.replace(/\$\d+/g, '?')).run(...params);
  else await b.postgres().pool.query(sql, params);
}

export function seedRows(b: BackendUnderTest) {
  return {
    async user(id: string, name = id, role: 'agent' | 'supervisor' | 'admin' = 'agent'): Promise<string> {
      await rawRun(b, 'INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [id, `${id}@desk.test`, name, role, 'not-a-hash', AT]);
      return id;
    },
    async customer(id: string, name = id): Promise<string> {
      await rawRun(b, 'INSERT INTO customers (id, email, name, created_at) VALUES ($1, $2, $3, $4)', [id, `${id}@shopper.test`, name, AT]);
      return id;
    },
    async widgetSession(id: string, customerId: string): Promise<string> {
      await rawRun(b, 'INSERT INTO widget_sessions (id, token_hash, customer_id, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [id, `hash-${id}`, customerId, AT, '2027-01-01T00:00:00.000Z']);
      return id;
    },
    async chat(c: { id: string; customerId: string; status?: 'waiting' | 'active' | 'ended'; brandId?: string; agentId?: string | null; widgetSessionId?: string | null; createdAt?: string }): Promise<string> {
      await rawRun(
        b,
        'INSERT INTO conversations (id, customer_id, widget_session_id, brand_id, status, assigned_agent_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [c.id, c.customerId, c.widgetSessionId ?? null, c.brandId ?? 'default', c.status ?? 'waiting', c.agentId ?? null, c.createdAt ?? AT],
      );
      return c.id;
    },
    async order(id: string, email = 'ines@shopper.test'): Promise<string> {
      await rawRun(b, 'INSERT INTO orders (id, brand_id, customer_email, payment_method, shipping, imported_at) VALUES ($1, $2, $3, $4, $5, $6)', [id, 'default', email, 'card', 'standard_free', AT]);
      return id;
    },
  };
}

/** One row of a query with $1…$n parameters (as rawRun), for a column no store method returns. */
export async function rawGet<T>(b: BackendUnderTest, sql: string, params: unknown[] = []): Promise<T | undefined> {
  if (b.name === 'sqlite') return b.sqlite().db.prepare(sql.replace(/\$\d+/g, '?')).get(...params) as T | undefined;
  return (await b.postgres().pool.query(sql, params)).rows[0] as T | undefined;
}
