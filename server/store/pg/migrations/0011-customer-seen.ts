import type { PgMigration } from './index';

// When a chat's customer was last seen connected: SQLite's migration 18 says why.
export const p0011: PgMigration = {
  version: 11,
  name: 'customer-seen',
  up: 'ALTER TABLE conversations ADD COLUMN customer_seen_at text COLLATE "C";',
};
