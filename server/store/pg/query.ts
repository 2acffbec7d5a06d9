// How the PostgreSQL modules talk to the database: through a pool (each call its own statement)
// or one client inside a transaction, with the SQLite store's @named parameters (./named.ts).
import pg from 'pg';
import { positional } from './named';

/** A pool, or the client of the transaction a write runs in. */
export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<pg.QueryResult>;
  query(config: pg.QueryConfig): Promise<pg.QueryResult>;
}

/**
 * A statement each connection parses and plans once and then runs by name (a prepared statement),
 * for the short lookups and writes every chat message makes: for those, parsing and planning cost
 * PostgreSQL several times what running them does (docs/PERFORMANCE.md). Only for SQL that is a
 * constant (each one stays prepared on every connection), and not for search: PostgreSQL may keep
 * one plan for every value, and one word's plan can be wrong for another. A migration that changes
 * the columns such a statement returns fails it on hubs still running the older code ("cached plan
 * must not change result type"): docs/OPERATIONS.md says to restart them (and why a pooler must
 * keep sessions).
 */
export interface Prepared {
  readonly name: string;
  readonly text: string;
}

let preparedCount = 0;
export const prepared = (text: string): Prepared => ({ name: `caredesk_${++preparedCount}`, text });

type Params = Record<string, unknown> | unknown[] | undefined;

function bind(sql: string | Prepared, params: Params): pg.QueryConfig {
  const name = typeof sql === 'string' ? undefined : sql.name;
  const text = typeof sql === 'string' ? sql : sql.text;
  if (params === undefined) return { name, text, values: [] };
  if (Array.isArray(params)) return { name, text, values: params };
  return { name, ...positional(text, params) };
}

/** Every row. */
export async function all<T>(q: PgQueryable, sql: string | Prepared, params?: Params): Promise<T[]> {
  return (await q.query(bind(sql, params))).rows as T[];
}

/** The first row, or undefined. */
export async function one<T>(q: PgQueryable, sql: string | Prepared, params?: Params): Promise<T | undefined> {
  return (await all<T>(q, sql, params))[0];
}

/** Runs a statement; the number of rows it changed. */
export async function run(q: PgQueryable, sql: string | Prepared, params?: Params): Promise<number> {
  return (await q.query(bind(sql, params))).rowCount ?? 0;
}

/**
 * Runs `fn` in a transaction: the caller's, when the module is on a write's client; else one of its
 * own on a pooled client (the audit log's append outside `write`, verify's single snapshot, the
 * sign-in throttle's update).
 */
export async function inTransaction<T>(q: PgQueryable, fn: (c: PgQueryable) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  if (!(q instanceof pg.Pool)) return fn(q);
  const client = await q.connect();
  try {
    await client.query(begin);
    const value = await fn(client);
    await client.query('COMMIT');
    return value;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/** PostgreSQL's codes for "run it again": serialization_failure and deadlock_detected. */
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

/** Runs a write again when PostgreSQL gave up on it for another hub's (RETRYABLE), up to MAX_ATTEMPTS. */
export async function retried<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (e) {
      if (n < MAX_ATTEMPTS && RETRYABLE.has((e as { code?: string }).code ?? '')) continue;
      throw e;
    }
  }
}
