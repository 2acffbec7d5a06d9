// The sign-in throttle's counts shared by every hub on one PostgreSQL (server/auth/throttle.ts), in
// the table migration 5 made. A key names a staff account and a client address, so it is stored
// hashed. An update holds a transaction-level advisory lock on its key while it reads and writes,
// so two hubs counting a failure for the same key at once both count.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { ThrottleBook, ThrottleEntry } from '../../auth/throttle';
import { all, inTransaction, run } from './query';

interface Row {
  failures: string[];
  paused_until: string;
  pauses: number;
  last_at: string;
}

const hashed = (key: string): string => createHash('sha256').update(key).digest('base64url');

export function pgThrottleBook(pool: pg.Pool): ThrottleBook {
  return {
    async pausedUntil(keys) {
      const rows = await all<{ until: string | null }>(pool, 'SELECT max(paused_until) AS until FROM login_throttle WHERE key = ANY($1)', [keys.map(hashed)]);
      return Number(rows[0]?.until ?? 0);
    },
    async update(key, change) {
      const k = hashed(key);
      await inTransaction(pool, async (c) => {
        await c.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [k]);
        const r = (await all<Row>(c, 'SELECT failures, paused_until, pauses, last_at FROM login_throttle WHERE key = $1', [k]))[0];
        const e: ThrottleEntry = change(r && { failures: r.failures.map(Number), pausedUntil: Number(r.paused_until), pauses: r.pauses, lastAt: Number(r.last_at) });
        await run(
          c,
          `INSERT INTO login_throttle (key, failures, paused_until, pauses, last_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, paused_until = excluded.paused_until, pauses = excluded.pauses, last_at = excluded.last_at`,
          [k, e.failures, e.pausedUntil, e.pauses, e.lastAt],
        );
      });
    },
    async remove(key) {
      await run(pool, 'DELETE FROM login_throttle WHERE key = $1', [hashed(key)]);
    },
    async prune(now, quietMs) {
      await run(pool, 'DELETE FROM login_throttle WHERE last_at <= $1 AND paused_until <= $2', [now - quietMs, now]);
    },
  };
}
