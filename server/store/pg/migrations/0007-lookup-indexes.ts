import type { PgMigration } from './index';

// Indexes for lookups that read whole tables: SQLite's migration 16 says which and why.
export const p0007: PgMigration = {
  version: 7,
  name: 'lookup-indexes',
  up: `
    CREATE INDEX tickets_email ON tickets(customer_email);
    CREATE INDEX ticket_attachments_ticket ON ticket_attachments(ticket_id, created_at);
    CREATE INDEX tickets_queue ON tickets(updated_at) WHERE merged_into IS NULL;
    CREATE INDEX tickets_merged_into ON tickets(merged_into) WHERE merged_into IS NOT NULL;
    CREATE INDEX audit_log_keyed ON audit_log(id) WHERE action = 'audit.keyed';
    CREATE INDEX conversations_brand ON conversations(brand_id, created_at);
    CREATE INDEX cases_updated ON cases(updated_at);
  `,
};
