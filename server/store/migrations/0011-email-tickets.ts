import type { Migration } from './index';

// Email as a channel (issue 10): a ticket becomes a thread (messages in and out, notes, bounces),
// carries a reference customers quote (T-000123), a subject, the customer's locale, a response due
// time and the ticket it was merged into. Statuses are now open / pending / solved; who has it is
// assigned_to alone. SQLite cannot change a CHECK, so the table is rebuilt: each offline message
// becomes the ticket's first message and a sent answer its second (an answered ticket is solved).
// ticket_messages references tickets_v2, which the RENAME rewrites to tickets. Conversations gain
// the customer's locale and time zone. Runs after 0008 (privacy), whose purge_at it keeps: a solved
// ticket's retention clock is its updated_at.
export const m0011: Migration = {
  version: 11,
  name: 'email-tickets',
  rebuildsTables: true,
  up: `
    CREATE TABLE tickets_v2 (
      id TEXT PRIMARY KEY,
      ref INTEGER NOT NULL UNIQUE,
      brand_id TEXT NOT NULL,
      customer_name TEXT NOT NULL,
      customer_email TEXT NOT NULL,
      subject TEXT NOT NULL,
      locale TEXT,
      channel TEXT NOT NULL CHECK (channel IN ('widget', 'email')),
      status TEXT NOT NULL CHECK (status IN ('open', 'pending', 'solved')),
      assigned_to TEXT REFERENCES users(id),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      due_at TEXT,
      merged_into TEXT REFERENCES tickets_v2(id),
      mail_error TEXT,
      purge_at TEXT
    );
    CREATE TABLE ticket_messages (
      id TEXT PRIMARY KEY,
      ticket_id TEXT NOT NULL REFERENCES tickets_v2(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('customer', 'agent', 'note', 'ack', 'bounce', 'autoreply')),
      author_id TEXT REFERENCES users(id),
      author_name TEXT NOT NULL,
      body TEXT NOT NULL,
      created_at TEXT NOT NULL,
      mail_message_id TEXT,
      client_id TEXT,
      UNIQUE (ticket_id, client_id)
    );
    CREATE INDEX ticket_messages_ticket ON ticket_messages(ticket_id, created_at);
    CREATE INDEX ticket_messages_mail_id ON ticket_messages(mail_message_id) WHERE mail_message_id IS NOT NULL;
    CREATE TABLE ticket_attachments (
      id TEXT PRIMARY KEY,
      ticket_id TEXT NOT NULL REFERENCES tickets_v2(id) ON DELETE CASCADE,
      message_id TEXT NOT NULL REFERENCES ticket_messages(id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      mime TEXT NOT NULL,
      size INTEGER NOT NULL,
      path TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX ticket_attachments_message ON ticket_attachments(message_id);

    INSERT INTO tickets_v2 (id, ref, brand_id, customer_name, customer_email, subject, locale, channel, status, assigned_to, created_at, updated_at, due_at, mail_error, purge_at)
      SELECT id, rowid, brand_id, customer_name, customer_email, '', NULL, 'widget',
             CASE status WHEN 'answered' THEN 'solved' ELSE 'open' END,
             COALESCE(assigned_to, answered_by), created_at, COALESCE(answered_at, created_at), NULL, mail_error, purge_at
      FROM tickets;
    INSERT INTO ticket_messages (id, ticket_id, kind, author_id, author_name, body, created_at)
      SELECT id || '-m1', id, 'customer', NULL, customer_name, body, created_at FROM tickets;
    INSERT INTO ticket_messages (id, ticket_id, kind, author_id, author_name, body, created_at)
      SELECT t.id || '-m2', t.id, 'agent', t.answered_by, COALESCE(u.name, ''), t.answer, t.answered_at
      FROM tickets t LEFT JOIN users u ON u.id = t.answered_by WHERE t.answer IS NOT NULL;
    DROP TABLE tickets;
    ALTER TABLE tickets_v2 RENAME TO tickets;
    CREATE INDEX tickets_status ON tickets(status, created_at);
    CREATE INDEX tickets_customer ON tickets(brand_id, customer_email);
    CREATE INDEX tickets_purge ON tickets(purge_at) WHERE purge_at IS NOT NULL;

    -- The customer's language and time zone, as the widget reported them at chat:start: copies and
    -- emails about the chat are written in that language, with times in that zone.
    ALTER TABLE conversations ADD COLUMN customer_locale TEXT;
    ALTER TABLE conversations ADD COLUMN customer_time_zone TEXT;

    -- The console's language each staff account picked (null: English).
    ALTER TABLE users ADD COLUMN locale TEXT;
  `,
};
