import type { Migration } from './index';

export const m0001: Migration = {
  version: 1,
  name: 'initial',
  up: `
    CREATE TABLE users (
      id TEXT PRIMARY KEY,
      email TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      role TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
      password_hash TEXT NOT NULL,
      created_at TEXT NOT NULL,
      disabled_at TEXT
    );
    CREATE TABLE staff_sessions (
      id TEXT PRIMARY KEY,
      token_hash TEXT NOT NULL UNIQUE,
      user_id TEXT NOT NULL REFERENCES users(id),
      created_at TEXT NOT NULL,
      last_seen_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      revoked_at TEXT,
      user_agent TEXT
    );
    CREATE INDEX staff_sessions_user ON staff_sessions(user_id);
    CREATE TABLE customers (
      id TEXT PRIMARY KEY,
      email TEXT NOT NULL UNIQUE,
      name TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    -- A widget session sees only the conversations started in it: an email typed into the widget
    -- is not proof of identity, so it never unlocks that address's other conversations.
    CREATE TABLE widget_sessions (
      id TEXT PRIMARY KEY,
      token_hash TEXT NOT NULL UNIQUE,
      customer_id TEXT NOT NULL REFERENCES customers(id),
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL
    );
    CREATE TABLE conversations (
      id TEXT PRIMARY KEY,
      customer_id TEXT NOT NULL REFERENCES customers(id),
      widget_session_id TEXT REFERENCES widget_sessions(id),
      brand_id TEXT NOT NULL DEFAULT 'default',
      status TEXT NOT NULL CHECK (status IN ('waiting', 'active', 'ended')),
      assigned_agent_id TEXT REFERENCES users(id),
      created_at TEXT NOT NULL,
      ended_at TEXT,
      last_seq INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX conversations_status ON conversations(status, created_at);
    CREATE INDEX conversations_customer ON conversations(customer_id, created_at);
    CREATE INDEX conversations_widget ON conversations(widget_session_id, created_at);
    CREATE TABLE messages (
      id INTEGER PRIMARY KEY,
      conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
      seq INTEGER NOT NULL,
      client_id TEXT NOT NULL,
      author_kind TEXT NOT NULL CHECK (author_kind IN ('customer', 'agent', 'system')),
      author_id TEXT,
      author_name TEXT NOT NULL,
      body TEXT NOT NULL,
      created_at TEXT NOT NULL,
      UNIQUE (conversation_id, seq),
      UNIQUE (conversation_id, client_id)
    );
  `,
};
