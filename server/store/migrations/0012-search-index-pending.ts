import type { Migration } from './index';

// Search indexing off the message path (issue 11). Indexing a message in FTS5 inside the commit
// that stores it cost about as much as storing it, in every small group commit of live chat. A
// stored message now only notes its id in messages_fts_pending; the store indexes what is pending
// in large batches (server/store/searchIndex.ts), on a timer and before every search, so a search
// still finds every message stored before it. Deleting or editing a message that is still pending
// touches only that list: the index never held it. Messages stored before this migration are indexed.
export const m0012: Migration = {
  version: 12,
  name: 'search-index-pending',
  up: `
    CREATE TABLE messages_fts_pending (id INTEGER PRIMARY KEY);

    DROP TRIGGER messages_fts_insert;
    DROP TRIGGER messages_fts_delete;
    DROP TRIGGER messages_fts_update;
    CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
      INSERT INTO messages_fts_pending (id) VALUES (new.id);
    END;
    -- In this order: the index is told of a delete only for a message it holds (FTS5 external
    -- content trusts the caller; deleting terms it never had would corrupt it).
    CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
      INSERT INTO messages_fts (messages_fts, rowid, body)
        SELECT 'delete', old.id, old.body WHERE NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE id = old.id);
      DELETE FROM messages_fts_pending WHERE id = old.id;
    END;
    CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages
      WHEN NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE id = new.id) BEGIN
      INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
      INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
    END;
  `,
};
