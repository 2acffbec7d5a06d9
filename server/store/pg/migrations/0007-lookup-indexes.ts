import { LOOKUP_INDEXES } from '../../migrations/0016-lookup-indexes';
import type { PgMigration } from './index';

// Indexes for lookups that read whole tables: SQLite's migration 16 says which and why; the same
// statements, so the two schemas cannot drift apart.
export const p0007: PgMigration = {
  version: 7,
  name: 'lookup-indexes',
  up: LOOKUP_INDEXES,
};
