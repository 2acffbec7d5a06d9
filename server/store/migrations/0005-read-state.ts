import type { Migration } from './index';

// Read receipts (issue 3): how far each side of a chat has read, by message seq. Two columns on
// the conversation rather than a table: there is one reader per side (the customer, the chat's
// agent), the values only move forward, and every conversation read already loads this row.
// 0 means nothing read; existing chats start there.
export const m0005: Migration = {
  version: 5,
  name: 'read-state',
  up: `
    ALTER TABLE conversations ADD COLUMN customer_read_seq INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE conversations ADD COLUMN agent_read_seq INTEGER NOT NULL DEFAULT 0;
  `,
};
