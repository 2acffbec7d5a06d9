import type { Migration } from './index';

// Who the customer is (issue 12). Typing an email proves nothing, so customers are no longer one
// row per email: each guest widget session has a customer of its own, and only a verified
// customer (the store's signed identity, or a one-time code sent to the address) is the one row
// for that email that earlier chats, cases and orders join. Every customer already on file was
// a guest (nothing verified them), and keeps their row and their chats.
//
// - customers: rebuilt without UNIQUE(email); verified_at/verified_by (token | code) and
//   external_id (the store's customer id, `sub`); one verified row per email at most.
// - one_time_codes: codes emailed for a purpose, stored as salted hashes, with tries counted.
// - identity_token_uses: identity tokens already used (by jti, or the token's hash), kept until
//   they expire, so a token seen once is refused again (replay).
// - order_proofs: a customer entered the code sent to an order's email in this chat.
export const m0006: Migration = {
  version: 6,
  name: 'identity',
  rebuildsTables: true,
  up: `
    CREATE TABLE customers_v6 (
      id TEXT PRIMARY KEY,
      email TEXT NOT NULL,
      name TEXT NOT NULL,
      created_at TEXT NOT NULL,
      verified_at TEXT,
      verified_by TEXT CHECK (verified_by IN ('token', 'code')),
      external_id TEXT,
      CHECK ((verified_at IS NULL) = (verified_by IS NULL))
    );
    INSERT INTO customers_v6 (id, email, name, created_at) SELECT id, email, name, created_at FROM customers;
    DROP TABLE customers;
    ALTER TABLE customers_v6 RENAME TO customers;
    CREATE INDEX customers_email ON customers(email);
    CREATE UNIQUE INDEX customers_verified_email ON customers(email) WHERE verified_at IS NOT NULL;

    CREATE TABLE one_time_codes (
      id TEXT PRIMARY KEY,
      purpose TEXT NOT NULL,
      email TEXT NOT NULL,
      brand_id TEXT NOT NULL,
      subject TEXT,
      widget_session_id TEXT REFERENCES widget_sessions(id) ON DELETE CASCADE,
      salt TEXT NOT NULL,
      code_hash TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      tries INTEGER NOT NULL DEFAULT 0,
      used_at TEXT
    );
    CREATE INDEX one_time_codes_expiry ON one_time_codes(expires_at);

    CREATE TABLE identity_token_uses (
      key TEXT PRIMARY KEY,
      brand_id TEXT NOT NULL,
      expires_at TEXT NOT NULL
    );
    CREATE INDEX identity_token_uses_expiry ON identity_token_uses(expires_at);

    CREATE TABLE order_proofs (
      conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
      order_id TEXT NOT NULL,
      proved_at TEXT NOT NULL,
      PRIMARY KEY (conversation_id, order_id)
    );
  `,
};
