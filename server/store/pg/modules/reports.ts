// Ratings and the facts the reports are built from, on PostgreSQL: ../../reports.ts's twin.
import type { ChatFacts, RatingRecord } from '../../reports';
import type { PgModuleFactory } from '../api';
import { all, one, run } from '../query';

type RatingRow = { conversation_id: string; score: number; comment: string | null; created_at: string };
const toRating = (r: RatingRow): RatingRecord => ({ conversationId: r.conversation_id, score: r.score, comment: r.comment, createdAt: r.created_at });

export const pgReportsStore: PgModuleFactory<'reports'> = (q) => {
  const rating = async (conversationId: string): Promise<RatingRecord | undefined> => {
    const r = await one<RatingRow>(q, 'SELECT conversation_id, score, comment, created_at FROM conversation_ratings WHERE conversation_id = $1', [conversationId]);
    return r && toRating(r);
  };
  return {
    /** Stores the customer's rating of a chat; a second one replaces the first. */
    async rate(r: RatingRecord): Promise<RatingRecord> {
      await run(
        q,
        `INSERT INTO conversation_ratings (conversation_id, score, comment, created_at) VALUES (@conversationId, @score, @comment, @createdAt)
         ON CONFLICT (conversation_id) DO UPDATE SET score = excluded.score, comment = excluded.comment, created_at = excluded.created_at`,
        { ...r },
      );
      return (await rating(r.conversationId))!;
    },
    rating,
    /** Every chat started in [from, to) (ISO instants), optionally of one brand. */
    async facts(from: string, to: string, brandId: string | null): Promise<ChatFacts[]> {
      // The agent a chat is counted for is the one who held it last (its assigned agent). Names in
      // quotes: PostgreSQL folds bare aliases to lower case. Chats started in one millisecond come
      // by id (SQLite gives them in its own order).
      return all<ChatFacts>(
        q,
        `SELECT c.id, c.brand_id AS "brandId", k.name AS "customerName", c.status, c.created_at AS "createdAt", c.ended_at AS "endedAt",
                c.assigned_agent_id AS "agentId", u.name AS "agentName", c.first_assigned_at AS "firstAssignedAt",
                (SELECT MIN(m.created_at) FROM messages m WHERE m.conversation_id = c.id AND m.author_kind = 'customer') AS "firstCustomerAt",
                (SELECT MIN(m.created_at) FROM messages m WHERE m.conversation_id = c.id AND m.author_kind = 'agent') AS "firstAgentAt",
                r.score, r.comment, r.created_at AS "ratedAt"
         FROM conversations c
         JOIN customers k ON k.id = c.customer_id
         LEFT JOIN users u ON u.id = c.assigned_agent_id
         LEFT JOIN conversation_ratings r ON r.conversation_id = c.id
         WHERE c.created_at >= @from AND c.created_at < @to AND (@brandId::text IS NULL OR c.brand_id = @brandId)
         ORDER BY c.created_at, c.id`,
        { from, to, brandId },
      );
    },
  };
};
