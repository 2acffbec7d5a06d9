// Ratings and the facts the reports are built from (migration 0009). One row per chat started in
// a range, with the instants the reports measure; grouping by the desk's days happens in
// server/reports (time zones are not SQL's strength).
import type { Db } from './db';

export interface RatingRecord {
  conversationId: string;
  score: number;
  comment: string | null;
  createdAt: string;
}

export interface ChatFacts {
  id: string;
  brandId: string;
  customerName: string;
  status: 'waiting' | 'active' | 'ended';
  createdAt: string;
  endedAt: string | null;
  agentId: string | null;
  agentName: string | null;
  firstAssignedAt: string | null;
  firstCustomerAt: string | null;
  firstAgentAt: string | null;
  score: number | null;
  comment: string | null;
  ratedAt: string | null;
}

type RatingRow = { conversation_id: string; score: number; comment: string | null; created_at: string };
const toRating = (r: RatingRow): RatingRecord => ({ conversationId: r.conversation_id, score: r.score, comment: r.comment, createdAt: r.created_at });

export function reportsStore(db: Db) {
  const q = {
    upsertRating: db.prepare(
      `INSERT INTO conversation_ratings (conversation_id, score, comment, created_at) VALUES (@conversationId, @score, @comment, @createdAt)
       ON CONFLICT (conversation_id) DO UPDATE SET score = excluded.score, comment = excluded.comment, created_at = excluded.created_at`,
    ),
    rating: db.prepare('SELECT * FROM conversation_ratings WHERE conversation_id = ?'),
    // The agent a chat is counted for is the one who held it last (its assigned agent).
    facts: db.prepare(
      `SELECT c.id, c.brand_id AS brandId, k.name AS customerName, c.status, c.created_at AS createdAt, c.ended_at AS endedAt,
              c.assigned_agent_id AS agentId, u.name AS agentName, c.first_assigned_at AS firstAssignedAt,
              (SELECT MIN(m.created_at) FROM messages m WHERE m.conversation_id = c.id AND m.author_kind = 'customer') AS firstCustomerAt,
              (SELECT MIN(m.created_at) FROM messages m WHERE m.conversation_id = c.id AND m.author_kind = 'agent') AS firstAgentAt,
              r.score, r.comment, r.created_at AS ratedAt
       FROM conversations c
       JOIN customers k ON k.id = c.customer_id
       LEFT JOIN users u ON u.id = c.assigned_agent_id
       LEFT JOIN conversation_ratings r ON r.conversation_id = c.id
       WHERE c.created_at >= @from AND c.created_at < @to AND (@brandId IS NULL OR c.brand_id = @brandId)
       ORDER BY c.created_at`,
    ),
  };
  return {
    /** Stores the customer's rating of a chat; a second one replaces the first. */
    rate(r: RatingRecord): RatingRecord {
      q.upsertRating.run(r);
      return this.rating(r.conversationId)!;
    },
    rating(conversationId: string): RatingRecord | undefined {
      const r = q.rating.get(conversationId) as RatingRow | undefined;
      return r && toRating(r);
    },
    /** Every chat started in [from, to) (ISO instants), optionally of one brand. */
    facts: (from: string, to: string, brandId: string | null): ChatFacts[] => q.facts.all({ from, to, brandId }) as ChatFacts[],
  };
}
export type ReportsStore = ReturnType<typeof reportsStore>;
