// What differs between the two schemas on purpose; everything else is the same table by table and
// column by column (test/integration/pg-schema.test.ts holds the two to this).
import { indexWords } from '../snippet';
import { PG_VERSION_TABLE } from './db';

/** The adapter's table that carries large broadcasts between hubs (migration 2). */
export const SOCKET_IO_TABLE = 'socket_io_attachments';
/** The limits on strangers, counted once for every hub (migration 2, server/store/pg/rateLimits.ts). */
export const RATE_LIMITS_TABLE = 'rate_limits';

/** PostgreSQL's own tables: the migration record, the two above, the search totals and word counts (migrations 3 and 10), the sign-in throttle (migration 5). */
export const PG_ONLY_TABLES = [PG_VERSION_TABLE, 'message_search_totals', 'message_word_counts', 'message_words_pending', SOCKET_IO_TABLE, RATE_LIMITS_TABLE, 'login_throttle'];

/** SQLite's own tables: the FTS5 index and its shadow tables, and SQLite's internals. */
export const isSqliteOnlyTable = (name: string): boolean => name === 'messages_fts' || name.startsWith('messages_fts_') || name.startsWith('sqlite_');

/** Columns only PostgreSQL has, and how each is computed from the SQLite row. */
export const PG_DERIVED_COLUMNS: Record<string, Record<string, (row: Record<string, unknown>) => unknown>> = {
  messages: { search_words: (row) => indexWords(String(row.body)) },
};
