import type { PgMigration } from './index';

// What several hubs share besides the desk's own tables:
// - socket_io_attachments: socket.io's Postgres adapter keeps broadcasts too large for a NOTIFY
//   (8 kB) here for the other hubs to read, and deletes rows older than 30 s (the adapter's shape);
// - rate_limits: the limits on strangers (server/limits/limits.ts) counted once for all hubs
//   (rate-limiter-flexible's PostgreSQL store, its shape; key = limiter prefix + key).
export const p0002: PgMigration = {
  version: 2,
  name: 'cluster',
  up: `
    CREATE TABLE socket_io_attachments (
      id bigserial UNIQUE,
      created_at timestamptz DEFAULT now(),
      payload bytea
    );
    CREATE TABLE rate_limits (
      key varchar(255) PRIMARY KEY,
      points integer NOT NULL DEFAULT 0,
      expire bigint
    );
  `,
};
