import type { Migration } from './index';

// Cases (issue 5): orders imported from the shop, returns (RMA) and shipping claims, their
// timeline, the chats they came from, and the claim evidence.
export const m0003: Migration = {
  version: 3,
  name: 'cases',
  up: `
    -- The shop's orders, as imported (caredesk orders import, or the demo set). A re-import of an
    -- order replaces it: delivery dates arrive after the order was placed.
    CREATE TABLE orders (
      id TEXT PRIMARY KEY,
      brand_id TEXT NOT NULL DEFAULT 'default',
      customer_email TEXT NOT NULL,
      customer_name TEXT,
      payment_method TEXT NOT NULL CHECK (payment_method IN ('card', 'wire')),
      shipping TEXT NOT NULL CHECK (shipping IN ('standard_free', 'overnight_free', 'paid')),
      international INTEGER NOT NULL DEFAULT 0 CHECK (international IN (0, 1)),
      placed_at TEXT,
      delivered_at TEXT,
      scheduled_delivery_at TEXT,
      carrier TEXT,
      tracking TEXT,
      imported_at TEXT NOT NULL
    );
    CREATE INDEX orders_customer ON orders(customer_email);
    CREATE INDEX orders_tracking ON orders(tracking) WHERE tracking IS NOT NULL;

    CREATE TABLE order_items (
      order_id TEXT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
      line INTEGER NOT NULL,
      sku TEXT NOT NULL,
      name TEXT NOT NULL,
      price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
      final_sale INTEGER NOT NULL DEFAULT 0 CHECK (final_sale IN (0, 1)),
      return_window_days INTEGER CHECK (return_window_days IS NULL OR return_window_days >= 0),
      serial_required INTEGER NOT NULL DEFAULT 0 CHECK (serial_required IN (0, 1)),
      PRIMARY KEY (order_id, sku)
    ) WITHOUT ROWID;

    -- One row per case. number is the readable reference (RMA-2026-000123, CLM-2026-000045): an
    -- RMA gets it when it is authorized, a claim when it is opened. data holds the fields of one
    -- kind (shared/domain/cases.ts RmaData | ClaimData) as JSON.
    CREATE TABLE cases (
      id TEXT PRIMARY KEY,
      number TEXT,
      kind TEXT NOT NULL CHECK (kind IN ('rma', 'claim')),
      brand_id TEXT NOT NULL,
      order_id TEXT NOT NULL REFERENCES orders(id),
      status TEXT NOT NULL,
      customer_email TEXT NOT NULL,
      created_by TEXT REFERENCES users(id),
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      closed_at TEXT,
      data TEXT NOT NULL DEFAULT '{}'
    );
    CREATE UNIQUE INDEX cases_number ON cases(number) WHERE number IS NOT NULL;
    CREATE INDEX cases_status ON cases(status, updated_at);
    CREATE INDEX cases_order ON cases(order_id);
    CREATE INDEX cases_customer ON cases(customer_email);

    -- The last number given per prefix (RMA-2026, CLM-2026): numbers are gapless per year.
    CREATE TABLE case_counters (
      prefix TEXT PRIMARY KEY,
      last INTEGER NOT NULL
    ) WITHOUT ROWID;

    -- The order lines a case covers, copied when it was opened: the case keeps what was agreed.
    CREATE TABLE case_items (
      case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
      sku TEXT NOT NULL,
      name TEXT NOT NULL,
      price_cents INTEGER NOT NULL,
      final_sale INTEGER NOT NULL,
      return_window_days INTEGER,
      serial_required INTEGER NOT NULL,
      PRIMARY KEY (case_id, sku)
    );

    -- The timeline: who did what, when. Append-only by convention; detail is JSON.
    CREATE TABLE case_events (
      id INTEGER PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
      at TEXT NOT NULL,
      actor_kind TEXT NOT NULL CHECK (actor_kind IN ('staff', 'customer', 'system')),
      actor_id TEXT,
      actor_name TEXT NOT NULL,
      action TEXT NOT NULL,
      summary TEXT NOT NULL,
      detail TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX case_events_case ON case_events(case_id, id);

    -- The chats a case came from or was discussed in. While the case is open these transcripts
    -- are held from the retention purge (server/cases/holds.ts).
    CREATE TABLE case_conversations (
      case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
      conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
      linked_at TEXT NOT NULL,
      linked_by TEXT REFERENCES users(id),
      PRIMARY KEY (case_id, conversation_id)
    ) WITHOUT ROWID;
    CREATE INDEX case_conversations_conversation ON case_conversations(conversation_id);

    -- Claim evidence. Photos are files under the data folder (path relative to it, never a name
    -- the customer chose); name is the customer's file name, card-masked.
    CREATE TABLE case_evidence (
      id TEXT PRIMARY KEY,
      case_id TEXT NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
      kind TEXT NOT NULL CHECK (kind IN ('photo', 'packaging_kept', 'serial')),
      sku TEXT,
      value TEXT,
      path TEXT,
      mime TEXT,
      size INTEGER,
      name TEXT,
      added_by_kind TEXT NOT NULL CHECK (added_by_kind IN ('staff', 'customer')),
      added_by_id TEXT,
      created_at TEXT NOT NULL
    );
    CREATE INDEX case_evidence_case ON case_evidence(case_id, created_at);
  `,
};
