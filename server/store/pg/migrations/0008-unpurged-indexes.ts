import { UNPURGED_INDEXES } from '../../migrations/0017-unpurged-indexes';
import type { PgMigration } from './index';

// Ended chats and solved tickets without a purge date yet: SQLite's migration 17 says why; the same
// statements.
export const p0008: PgMigration = {
  version: 8,
  name: 'unpurged-indexes',
  up: UNPURGED_INDEXES,
};
