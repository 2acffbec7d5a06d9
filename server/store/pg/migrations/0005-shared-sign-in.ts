import type { PgMigration } from './index';

// What a staff member's sign-in needs every hub of a cluster to agree on:
// - staff_sessions.locked_at: the console's idle lock, kept with the session (SQLite's migration 14
//   is this column's twin), so a locked console reconnecting to another hub is locked there too;
// - login_throttle: the sign-in throttle's counts (server/store/pg/loginThrottle.ts), so failed
//   passwords count once for all hubs. Keys are hashes; times are ms since 1970. Entries quiet
//   for longer than the longest pause are deleted by the next failure (by last_at).
export const p0005: PgMigration = {
  version: 5,
  name: 'shared-sign-in',
  up: `
    ALTER TABLE staff_sessions ADD COLUMN locked_at text COLLATE "C";
    CREATE TABLE login_throttle (
      key text COLLATE "C" PRIMARY KEY,
      failures bigint[] NOT NULL,
      paused_until bigint NOT NULL,
      pauses integer NOT NULL,
      last_at bigint NOT NULL
    );
    CREATE INDEX login_throttle_last_at ON login_throttle(last_at);
  `,
};
