import type { Migration } from './index';

// When a chat's customer was last seen connected, written by the hub that holds their socket (at
// once, then a quarter of chatIdleEndMs after its last write, and when they leave). A chat nobody ended ends 30 minutes after the customer's
// last message or sign of life (POLICY §3b); another hub of a cluster, or `caredesk retention run`,
// cannot see that hub's sockets, only this. PostgreSQL's migration 11 is this one's twin.
export const m0018: Migration = {
  version: 18,
  name: 'customer-seen',
  up: 'ALTER TABLE conversations ADD COLUMN customer_seen_at TEXT;',
};
