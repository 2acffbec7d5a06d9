import type { Migration } from './index';

// The console's idle lock kept with its session (POLICY §3 "Shared computers"), not in one hub's
// memory: a locked console stays locked when the hub restarts, and, on PostgreSQL, when it reconnects
// to another hub of the cluster (PostgreSQL's migration 5 is this one's twin).
export const m0014: Migration = {
  version: 14,
  name: 'session-lock',
  up: `
    ALTER TABLE staff_sessions ADD COLUMN locked_at TEXT;
  `,
};
