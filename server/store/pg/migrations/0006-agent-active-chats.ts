import type { PgMigration } from './index';

// An agent's active chats without their history: SQLite's migration 15 says why.
export const p0006: PgMigration = {
  version: 6,
  name: 'agent-active-chats',
  up: `
    CREATE INDEX conversations_agent_active ON conversations(assigned_agent_id) WHERE status = 'active';
  `,
};
