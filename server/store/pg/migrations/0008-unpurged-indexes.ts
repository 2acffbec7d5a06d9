import type { PgMigration } from './index';

// Ended chats and solved tickets without a purge date yet: SQLite's migration 17 says why.
export const p0008: PgMigration = {
  version: 8,
  name: 'unpurged-indexes',
  up: `
    CREATE INDEX conversations_unpurged ON conversations(status) WHERE purge_at IS NULL;
    CREATE INDEX tickets_unpurged ON tickets(status) WHERE purge_at IS NULL;
  `,
};
