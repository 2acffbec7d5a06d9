import type { Migration } from './index';

// When a ticket was last solved: its 13 months run from then (POLICY §3b, "ticket closed + 13
// months"). They ran from `updated_at`, which a note or an assignment on the solved ticket moves
// too. Tickets solved before this keep their `updated_at` as the best time known. PostgreSQL's
// migration 12 is this one's twin.
export const TICKET_SOLVED_AT_BACKFILL = `UPDATE tickets SET solved_at = updated_at WHERE status = 'solved';`;

export const m0019: Migration = {
  version: 19,
  name: 'ticket-solved-at',
  up: `ALTER TABLE tickets ADD COLUMN solved_at TEXT;\n${TICKET_SOLVED_AT_BACKFILL}`,
};
