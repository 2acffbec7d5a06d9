import type { Migration } from './index';

// Privacy requests and retention of everything (issue 13, POLICY §3a and §3b).
//
// A request's own record (privacy_requests) is what stays after an erasure, as proof: it holds no
// foreign key to the customer it names, so erasing the customer cannot cascade into it. Every
// other kind of personal data gets a purge date of its own (tickets, cases), or goes when nothing
// refers to it any more (customers), or at its expiry (widget sessions). The audit log may now lose
// its oldest rows, and only those, once they are past retention: the anchor records the last
// removed row's hash, so the chain is still verified from there on.
export const m0008: Migration = {
  version: 8,
  name: 'privacy',
  up: `
    CREATE TABLE privacy_requests (
      id TEXT PRIMARY KEY,
      reference TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL CHECK (kind IN ('access', 'correction', 'erasure', 'optout', 'guardian_erasure')),
      -- The address the request is about: kept with the record (§3a), the only place it stays.
      email TEXT NOT NULL,
      customer_id TEXT,
      brand_id TEXT,
      source TEXT NOT NULL CHECK (source IN ('widget', 'chat', 'ticket', 'phone', 'email', 'operator')),
      source_ref TEXT,
      state TEXT NOT NULL CHECK (state IN ('received', 'verifying', 'in_progress', 'done', 'refused')),
      received_at TEXT NOT NULL,
      due_at TEXT NOT NULL,
      extended_due_at TEXT,
      extension_reason TEXT,
      owner_id TEXT REFERENCES users(id) ON DELETE SET NULL,
      verified_at TEXT,
      verified_by TEXT,
      -- JSON: what a correction changes, an opt-out's scope; the outcome says what went and what was kept, and why.
      details TEXT NOT NULL DEFAULT '{}',
      outcome TEXT,
      refusal_reason TEXT,
      logged_by TEXT REFERENCES users(id) ON DELETE SET NULL,
      closed_at TEXT,
      purge_at TEXT
    );
    CREATE INDEX privacy_requests_state ON privacy_requests(state, due_at);
    CREATE INDEX privacy_requests_email ON privacy_requests(email);
    CREATE INDEX privacy_requests_purge ON privacy_requests(purge_at) WHERE purge_at IS NOT NULL;

    CREATE TABLE privacy_request_notes (
      id TEXT PRIMARY KEY,
      request_id TEXT NOT NULL REFERENCES privacy_requests(id) ON DELETE CASCADE,
      author_id TEXT REFERENCES users(id) ON DELETE SET NULL,
      author_name TEXT NOT NULL,
      body TEXT NOT NULL,
      created_at TEXT NOT NULL
    );
    CREATE INDEX privacy_request_notes_request ON privacy_request_notes(request_id, created_at);

    -- The last number given per year (PR-2026): gapless per year.
    CREATE TABLE privacy_counters (
      prefix TEXT PRIMARY KEY,
      last INTEGER NOT NULL
    ) WITHOUT ROWID;

    -- Marketing opt-outs, per brand or (brand_id NULL) for the whole group. A preference: erased
    -- with the rest of the customer's data.
    CREATE TABLE marketing_optouts (
      id TEXT PRIMARY KEY,
      email TEXT NOT NULL,
      brand_id TEXT,
      source TEXT NOT NULL,
      request_id TEXT,
      at TEXT NOT NULL
    );
    CREATE UNIQUE INDEX marketing_optouts_scope ON marketing_optouts(email, COALESCE(brand_id, ''));

    -- What the customer record holds beyond name and email (POLICY §3: personal data), and what
    -- staff were told about age (§3a children).
    ALTER TABLE customers ADD COLUMN phone TEXT;
    ALTER TABLE customers ADD COLUMN address TEXT;
    ALTER TABLE customers ADD COLUMN under13_flagged_by TEXT REFERENCES users(id) ON DELETE SET NULL;
    ALTER TABLE customers ADD COLUMN under13_flagged_at TEXT;
    ALTER TABLE customers ADD COLUMN guardian_agreement_at TEXT;
    ALTER TABLE customers ADD COLUMN guardian_agreement_by TEXT REFERENCES users(id) ON DELETE SET NULL;

    -- The fact of a child's erasure, and nothing about the child (§3a).
    CREATE TABLE child_erasures (
      id TEXT PRIMARY KEY,
      flagged_by TEXT REFERENCES users(id) ON DELETE SET NULL,
      flagged_at TEXT NOT NULL,
      confirmed_by TEXT REFERENCES users(id) ON DELETE SET NULL,
      erased_at TEXT NOT NULL,
      postponed INTEGER NOT NULL DEFAULT 0,
      purge_at TEXT NOT NULL
    );

    -- Purge dates for tickets and cases (set when they close; an erasure sets them to its own time).
    ALTER TABLE tickets ADD COLUMN purge_at TEXT;
    CREATE INDEX tickets_purge ON tickets(purge_at) WHERE purge_at IS NOT NULL;
    ALTER TABLE cases ADD COLUMN purge_at TEXT;
    CREATE INDEX cases_purge ON cases(purge_at) WHERE purge_at IS NOT NULL;
    CREATE INDEX widget_sessions_expiry ON widget_sessions(expires_at);
    CREATE INDEX widget_sessions_customer ON widget_sessions(customer_id);
    CREATE INDEX tickets_customer ON tickets(customer_email);

    -- Operators place and release legal holds from the command line too (caredesk transcripts
    -- hold|release): such a hold has no staff account behind it, so placed_by becomes optional,
    -- with the operator's name beside it, and a release keeps its reason.
    CREATE TABLE legal_holds_new (
      id TEXT PRIMARY KEY,
      conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
      placed_by TEXT REFERENCES users(id),
      placed_by_operator TEXT,
      placed_at TEXT NOT NULL,
      reason TEXT NOT NULL,
      released_by TEXT REFERENCES users(id),
      released_by_operator TEXT,
      released_at TEXT,
      release_reason TEXT,
      CHECK (placed_by IS NOT NULL OR placed_by_operator IS NOT NULL)
    );
    INSERT INTO legal_holds_new (id, conversation_id, placed_by, placed_at, reason, released_by, released_at)
      SELECT id, conversation_id, placed_by, placed_at, reason, released_by, released_at FROM legal_holds;
    DROP TABLE legal_holds;
    ALTER TABLE legal_holds_new RENAME TO legal_holds;
    CREATE UNIQUE INDEX legal_holds_open ON legal_holds(conversation_id) WHERE released_at IS NULL;

    CREATE TABLE audit_log_anchor (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      through_id INTEGER NOT NULL,
      through_hash TEXT NOT NULL,
      -- The audit key of the stretch the last removed row was in (a keyed log, migration 0007), or null.
      key_id TEXT,
      at TEXT NOT NULL
    );
    DROP TRIGGER audit_log_no_delete;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    WHEN old.id > COALESCE((SELECT through_id FROM audit_log_anchor WHERE id = 1), 0) BEGIN
      SELECT RAISE(ABORT, 'the audit log is append-only');
    END;
  `,
};
