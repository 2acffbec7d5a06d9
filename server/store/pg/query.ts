// How the PostgreSQL modules talk to the database: through a pool (each call its own statement)
// or one client inside a transaction, with the SQLite store's @named parameters (./named.ts).
import pg from 'pg';
import { positional } from './named';

/** A pool, or the client of the transaction a write runs in. */
export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<pg.QueryResult>;
}

type Params = Record<string, unknown> | unknown[] | undefined;

function bind(sql: string, params: Params): { text: string; values: unknown[] } {
  if (params === undefined) return { text: sql, values: [] };
  if (Array.isArray(params)) return { text: sql, values: params };
  return positional(sql, params);
}

/** Every row. */
export async function all<T>(q: PgQueryable, sql: string, params?: Params): Promise<T[]> {
  const { text, values } = bind(sql, params);
  return (await q.query(text, values)).rows as T[];
}

/** The first row, or undefined. */
export async function one<T>(q: PgQueryable, sql: string, params?: Params): Promise<T | undefined> {
  return (await all<T>(q, sql, params))[0];
}

/** Runs a statement; the number of rows it changed. */
export async function run(q: PgQueryable, sql: string, params?: Params): Promise<number> {
  const { text, values } = bind(sql, params);
  return (await q.query(text, values)).rowCount ?? 0;
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
