import type { Migration } from './index';

// Indexes for lookups that read whole tables (found by EXPLAIN QUERY PLAN on every statement the
// store prepares; SQLite plans without statistics here, as the desk never runs ANALYZE). Figures on a
// synthetic desk of 500k chats, 150k tickets, 100k attachments, 40k cases and 2M audit rows:
// - tickets by customer email (erasure, correction, "is this customer still referenced" in every
//   retention run): 0011 rebuilt the table with (brand_id, customer_email) only, and no statement asks
//   for both; 6.9 s per page of 1,000 customers, 3 ms after;
// - a ticket's attachments (each message of a thread, each mail in): 6.6 → 0.07 ms;
// - the ticket queue, newest activity first, merged tickets left out: 384 → 0.4 ms;
// - tickets merged into one (merges, and the foreign key's check when one is purged): 23 → 0.04 ms;
// - the audit log's key rows (every store open, every audit-prune batch): 178 → 0.02 ms at 2M rows;
// - chats of one brand by date (the transcript browser's brand filter);
// - cases by latest activity (the case list): 34 → 0.8 ms.
// PostgreSQL's migration 7 is this one's twin.
/** The same statements on PostgreSQL (its migration 7). */
export const LOOKUP_INDEXES = `
    CREATE INDEX tickets_email ON tickets(customer_email);
    CREATE INDEX ticket_attachments_ticket ON ticket_attachments(ticket_id, created_at);
    CREATE INDEX tickets_queue ON tickets(updated_at) WHERE merged_into IS NULL;
    CREATE INDEX tickets_merged_into ON tickets(merged_into) WHERE merged_into IS NOT NULL;
    CREATE INDEX audit_log_keyed ON audit_log(id) WHERE action = 'audit.keyed';
    CREATE INDEX conversations_brand ON conversations(brand_id, created_at);
    CREATE INDEX cases_updated ON cases(updated_at);
`;

export const m0016: Migration = {
  version: 16,
  name: 'lookup-indexes',
  up: LOOKUP_INDEXES,
};
