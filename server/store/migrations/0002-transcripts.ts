import type { Migration } from './index';

// Transcripts (issue 4): full-text search, review (tags, comments), legal holds, retention
// (purge_at), attachments, the hash-chained audit log and customer copies.
export const m0002: Migration = {
  version: 2,
  name: 'transcripts',
  up: `
    -- Set in the same write that ends a conversation (or imports one): end + the retention months.
    ALTER TABLE conversations ADD COLUMN purge_at TEXT;
    -- The id a hosted chat provider gave an imported transcript: re-importing a file adds nothing.
    ALTER TABLE conversations ADD COLUMN external_id TEXT;
    CREATE INDEX conversations_purge ON conversations(purge_at) WHERE purge_at IS NOT NULL;
    CREATE UNIQUE INDEX conversations_external ON conversations(external_id) WHERE external_id IS NOT NULL;
    CREATE INDEX conversations_agent ON conversations(assigned_agent_id, created_at);

    -- External-content FTS5 over message bodies: the text lives once, in messages; triggers keep
    -- the index in step. secure-delete makes a delete remove the terms from the index itself
    -- instead of leaving them behind a tombstone until the next merge (POLICY §3: deleted means
    -- gone from the search index too).
    CREATE VIRTUAL TABLE messages_fts USING fts5(
      body,
      content = 'messages',
      content_rowid = 'id',
      tokenize = 'unicode61 remove_diacritics 2'
    );
    INSERT INTO messages_fts(messages_fts, rank) VALUES ('secure-delete', 1);
    INSERT INTO messages_fts(messages_fts) VALUES ('rebuild');
    CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
      INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body);
    END;
    CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
      INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
    END;
    CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
      INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
      INSERT INTO messages_fts(rowid, body) VALUES (new.id, new.body);
    END;

    CREATE TABLE conversation_tags (
      conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
      tag TEXT NOT NULL,
      added_by TEXT REFERENCES users(id),
      added_at TEXT NOT NULL,
      PRIMARY KEY (conversation_id, tag)
    ) WITHOUT ROWID;
    CREATE INDEX conversation_tags_tag ON conversation_tags(tag);

    CREATE TABLE review_comments (
      id TEXT PRIMARY KEY,
      conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
      author_id TEXT REFERENCES users(id),
      author_name TEXT NOT NULL,
      body TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX review_comments_conversation ON review_comments(conversation_id, created_at);

    -- A hold stops the purge until released. At most one open hold per conversation; released
    -- ones stay as history until the transcript itself is purged.
    CREATE TABLE legal_holds (
      id TEXT PRIMARY KEY,
      conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
      placed_by TEXT NOT NULL REFERENCES users(id),
      placed_at TEXT NOT NULL,
      reason TEXT NOT NULL,
      released_by TEXT REFERENCES users(id),
      released_at TEXT
    );
    CREATE UNIQUE INDEX legal_holds_open ON legal_holds(conversation_id) WHERE released_at IS NULL;

    -- Uploads arrive with issue 5; retention already deletes their rows and files.
    -- path is relative to the data folder.
    CREATE TABLE attachments (
      id TEXT PRIMARY KEY,
      conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
      message_seq INTEGER,
      name TEXT NOT NULL,
      mime TEXT NOT NULL,
      size INTEGER NOT NULL,
      path TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX attachments_conversation ON attachments(conversation_id);

    -- Append-only and hash-chained: hash = sha256(prev_hash + canonical JSON of the row). The
    -- triggers stop accidents; the chain shows tampering by anyone who gets around them.
    CREATE TABLE audit_log (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      actor_kind TEXT NOT NULL,
      actor_id TEXT,
      action TEXT NOT NULL,
      subject_kind TEXT,
      subject_id TEXT,
      detail TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash TEXT NOT NULL
    );
    CREATE INDEX audit_log_subject ON audit_log(subject_kind, subject_id);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
      SELECT RAISE(ABORT, 'the audit log is append-only');
    END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
      SELECT RAISE(ABORT, 'the audit log is append-only');
    END;

    CREATE TABLE email_copies (
      id TEXT PRIMARY KEY,
      conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
      to_address TEXT NOT NULL,
      reason TEXT,
      requested_by_kind TEXT NOT NULL,
      requested_by_id TEXT,
      status TEXT NOT NULL CHECK (status IN ('queued', 'sent', 'failed')),
      error TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE INDEX email_copies_conversation ON email_copies(conversation_id, created_at);
  `,
};
