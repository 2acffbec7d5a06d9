// The limits on strangers shared by every hub on one PostgreSQL: rate-limiter-flexible's
// PostgreSQL store over the hub's pool, in the table migration 2 made (so no hub creates it at
// run time). A row per limiter and key; an expired row is reset by the next request for its key.
import type pg from 'pg';
import { RateLimiterPostgres, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RATE_LIMITS_TABLE } from './schema';

export function pgRateLimiter(pool: pg.Pool, o: { keyPrefix: string; points: number; duration: number }): RateLimiterAbstract {
  return new RateLimiterPostgres({ storeClient: pool, storeType: 'pool', tableName: RATE_LIMITS_TABLE, tableCreated: true, clearExpiredByTimeout: false, ...o });
}
