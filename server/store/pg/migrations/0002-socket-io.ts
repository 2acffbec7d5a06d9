import type { PgMigration } from './index';

// The table socket.io's Postgres adapter keeps broadcasts too large for a NOTIFY in (8 kB), for the
// other hubs to read; the adapter deletes rows older than 30 s. Its shape is the adapter's own.
export const p0002: PgMigration = {
  version: 2,
  name: 'socket-io-attachments',
  up: `
    CREATE TABLE socket_io_attachments (
      id bigserial UNIQUE,
      created_at timestamptz DEFAULT now(),
      payload bytea
    );
  `,
};
