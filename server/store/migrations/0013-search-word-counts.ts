import { ADD_TO_COUNTS, wordKeysOf } from '../searchWords';
import type { Migration } from './index';

// Each word's message count beside the search index (server/store/searchWords.ts says why and how),
// kept where the index is kept: the index step adds the words of what it indexes
// (server/store/searchIndex.ts), and these triggers take back the words of an indexed message that
// is deleted or edited, in the same statement. A count that reaches 0 is deleted: a purged
// customer's name leaves the counts as it leaves the index (POLICY §3). The counts of what is
// indexed already are filled in here, once: one pass over every indexed message.
export const m0013: Migration = {
  version: 13,
  name: 'search-word-counts',
  up: `
    CREATE TABLE messages_fts_words (
      word TEXT NOT NULL,
      shared INTEGER NOT NULL,
      messages INTEGER NOT NULL,
      PRIMARY KEY (word, shared)
    ) WITHOUT ROWID;
    CREATE TRIGGER messages_fts_words_gone AFTER UPDATE OF messages ON messages_fts_words WHEN new.messages <= 0 BEGIN
      DELETE FROM messages_fts_words WHERE word = new.word AND shared = new.shared;
    END;

    DROP TRIGGER messages_fts_delete;
    DROP TRIGGER messages_fts_update;
    -- In this order: the index and the counts are told of a delete only for a message they hold.
    CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
      INSERT INTO messages_fts_words (word, shared, messages)
        ${wordKeysOf('old.body', '-')} WHERE NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE id = old.id) ${ADD_TO_COUNTS};
      INSERT INTO messages_fts (messages_fts, rowid, body)
        SELECT 'delete', old.id, old.body WHERE NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE id = old.id);
      DELETE FROM messages_fts_pending WHERE id = old.id;
    END;
    CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages
      WHEN NOT EXISTS (SELECT 1 FROM messages_fts_pending WHERE id = new.id) BEGIN
      INSERT INTO messages_fts_words (word, shared, messages) ${wordKeysOf('old.body', '-')} WHERE TRUE ${ADD_TO_COUNTS};
      INSERT INTO messages_fts_words (word, shared, messages) ${wordKeysOf('new.body')} WHERE TRUE ${ADD_TO_COUNTS};
      INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
      INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
    END;

    INSERT INTO messages_fts_words (word, shared, messages)
      SELECT k.value ->> 0, k.value ->> 1, SUM(k.value ->> 2)
      FROM messages m CROSS JOIN json_each(message_word_keys(m.body)) AS k
      WHERE NOT EXISTS (SELECT 1 FROM messages_fts_pending p WHERE p.id = m.id)
      GROUP BY 1, 2;
  `,
};
