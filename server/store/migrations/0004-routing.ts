import type { Migration } from './index';

// Routing, brands, offline tickets, private notes and canned replies (issue 3).
//
// Private notes (and supervisor whispers) get their own table instead of a new author kind in
// messages: messages carry the customer-visible, gapless per-conversation seq that delivery and
// replay rely on, and every customer path (sync, copies, downloads, search) reads messages. A note
// that is not a message cannot leak through any of them, and no table rebuild is needed (the
// CHECK constraint and the FTS triggers of 0002 stay untouched). ON DELETE CASCADE means the
// retention purge, which deletes the conversation row, deletes its notes too (POLICY §3).
export const m0004: Migration = {
  version: 4,
  name: 'routing',
  up: `
    -- A chat offered to an agent stays 'waiting' until accepted; these say to whom and since when.
    ALTER TABLE conversations ADD COLUMN offered_to TEXT REFERENCES users(id);
    ALTER TABLE conversations ADD COLUMN offered_at TEXT;

    CREATE TABLE chat_notes (
      id TEXT PRIMARY KEY,
      conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
      client_id TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('note', 'whisper', 'transfer')),
      author_id TEXT REFERENCES users(id),
      author_name TEXT NOT NULL,
      body TEXT NOT NULL,
      created_at TEXT NOT NULL,
      UNIQUE (conversation_id, client_id)
    );
    CREATE INDEX chat_notes_conversation ON chat_notes(conversation_id, created_at);

    -- Offline messages left outside hours (POLICY §4): handled next shift, answered by email.
    CREATE TABLE tickets (
      id TEXT PRIMARY KEY,
      brand_id TEXT NOT NULL,
      customer_name TEXT NOT NULL,
      customer_email TEXT NOT NULL,
      body TEXT NOT NULL,
      created_at TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('open', 'assigned', 'answered')),
      assigned_to TEXT REFERENCES users(id),
      answered_at TEXT,
      answered_by TEXT REFERENCES users(id),
      answer TEXT,
      mail_error TEXT
    );
    CREATE INDEX tickets_status ON tickets(status, created_at);

    -- An agent with no rows here serves every brand.
    CREATE TABLE user_brands (
      user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      brand_id TEXT NOT NULL,
      PRIMARY KEY (user_id, brand_id)
    ) WITHOUT ROWID;

    CREATE TABLE canned_replies (
      id TEXT PRIMARY KEY,
      brand_id TEXT,
      shortcut TEXT NOT NULL,
      title TEXT NOT NULL,
      body TEXT NOT NULL,
      updated_at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX canned_replies_shortcut ON canned_replies(COALESCE(brand_id, ''), shortcut);
  `,
};
