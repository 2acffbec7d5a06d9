import type { Migration } from './index';

// An agent's open chats, found without reading their history. The per-agent cap check in every offer
// (store/routing.ts) and what an agent may see (transcripts.ts, AGENT_MAY_SEE) ask for the chats
// an agent holds now; the only index by agent (conversations_agent) holds every chat they ever took,
// thousands over the 13 months transcripts are kept, and each offer read them all. This one holds
// the active chats alone. PostgreSQL's migration 6 is its twin.
export const m0015: Migration = {
  version: 15,
  name: 'agent-active-chats',
  up: `
    CREATE INDEX conversations_agent_active ON conversations(assigned_agent_id) WHERE status = 'active';
  `,
};
