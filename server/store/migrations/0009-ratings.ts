import type { Migration } from './index';

// The customer's end of the chat and the supervisors' reports (issue 9).
//
// A rating is one row per conversation (a customer who changes their mind replaces it), deleted
// with the conversation by the retention purge (ON DELETE CASCADE, POLICY §3). `ended_by` says who
// ended a chat (customer, agent, hub), and `first_assigned_at` when an agent first took it: the
// waiting time in the reports. Chats from before this migration have neither; the reports then
// fall back to the first agent message for the wait and leave "ended by" unknown.
export const m0009: Migration = {
  version: 9,
  name: 'ratings',
  up: `
    CREATE TABLE conversation_ratings (
      conversation_id TEXT PRIMARY KEY REFERENCES conversations(id) ON DELETE CASCADE,
      score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
      comment TEXT,
      created_at TEXT NOT NULL
    );
    CREATE INDEX conversation_ratings_score ON conversation_ratings(score, created_at);
    ALTER TABLE conversations ADD COLUMN first_assigned_at TEXT;
    ALTER TABLE conversations ADD COLUMN ended_by TEXT CHECK (ended_by IN ('customer', 'agent', 'hub'));
    CREATE INDEX conversations_created ON conversations(created_at);
  `,
};
