// Work only one hub of a cluster may do at a time (the retention purge), and writes of one key that
// must queue across hubs: PostgreSQL's advisory locks.
import type pg from 'pg';
import type { PgQueryable } from './query';

/** The retention run's lock ('purg'); other locks: migrations 'care', audit 'audt', privacy 'prue', imports 'impt'. */
export const RETENTION_LOCK = 0x70757267;

/**
 * Runs `fn` only if no other hub is running it (a session-level advisory lock on one pooled
 * client); null when another hub holds it. Without a pool (SQLite, one hub) it just runs.
 */
export async function onOneHub<T>(pool: pg.Pool | null, lock: number, fn: () => Promise<T>): Promise<T | null> {
  if (!pool) return fn();
  const client = await pool.connect();
  try {
    const got = (await client.query('SELECT pg_try_advisory_lock($1) AS ok', [lock])).rows[0]?.ok === true;
    if (!got) return null;
    try {
      return await fn();
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [lock]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}

/**
 * Holds `key` (within the module's `space`) until the caller's transaction ends: a look-then-write
 * that SQLite's single writer makes atomic queues here behind the same key's on any hub.
 */
export async function lockUntilCommit(q: PgQueryable, space: number, key: string): Promise<void> {
  await q.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [space, key]);
}
