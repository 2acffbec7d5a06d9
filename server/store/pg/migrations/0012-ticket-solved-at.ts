import { TICKET_SOLVED_AT_BACKFILL } from '../../migrations/0019-ticket-solved-at';
import type { PgMigration } from './index';

// When a ticket was last solved: SQLite's migration 19 says why.
export const p0012: PgMigration = {
  version: 12,
  name: 'ticket-solved-at',
  up: `ALTER TABLE tickets ADD COLUMN solved_at text COLLATE "C";\n${TICKET_SOLVED_AT_BACKFILL}`,
};
