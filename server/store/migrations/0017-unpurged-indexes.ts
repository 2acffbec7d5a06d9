import type { Migration } from './index';

// What each retention run asks first: ended chats and solved tickets still without a purge date (set
// then, so the index holds only the few that finished since the last run). Without these it read every
// ended chat (92 ms at 500k, holding the store's thread and the chat writes waiting on it) and every
// solved ticket (30 ms at 150k). PostgreSQL's migration 8 is this one's twin.
/** The same statements on PostgreSQL (its migration 8). */
export const UNPURGED_INDEXES = `
    CREATE INDEX conversations_unpurged ON conversations(status) WHERE purge_at IS NULL;
    CREATE INDEX tickets_unpurged ON tickets(status) WHERE purge_at IS NULL;
`;

export const m0017: Migration = {
  version: 17,
  name: 'unpurged-indexes',
  up: UNPURGED_INDEXES,
};
