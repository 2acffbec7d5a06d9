// Customers, widget sessions, conversations and their messages on PostgreSQL: ../../conversations.ts's
// twin. No row caches here (several hubs write the same rows): every call reads the row.
//
// Several hubs may append to one conversation at once. The sequence bump (in append_message,
// PostgreSQL migration 9) is an UPDATE … RETURNING, which takes the conversation's row lock until the
// write commits: a second hub's append waits there and then reads the bumped value, so two messages
// never share a seq.
import type { Customer, Message, ReadBy } from '../../../../shared/protocol/schemas';
import {
  toConversation,
  toCustomer,
  toMessage,
  type ConversationAccess,
  type ConversationRecord,
  type ConversationRow,
  type CustomerRow,
  type MessageRow,
  type NewMessage,
} from '../../conversations';
import { indexWords } from '../../snippet';
import type { PgModuleFactory } from '../api';
import { all, one, prepared, run, type Prepared } from '../query';

const SELECT_CONVERSATION = `
  SELECT c.id, c.customer_id, c.widget_session_id, c.brand_id, c.status, c.assigned_agent_id, c.created_at, c.ended_at,
         c.last_seq, c.customer_read_seq, c.agent_read_seq, c.customer_locale, c.customer_time_zone,
         k.name AS c_name, k.email AS c_email, k.verified_at IS NOT NULL AS c_verified, u.name AS a_name
  FROM conversations c
  JOIN customers k ON k.id = c.customer_id
  LEFT JOIN users u ON u.id = c.assigned_agent_id`;

/** The message columns toMessage reads (not search_words). */
export const MESSAGE_COLUMNS = 'conversation_id, seq, client_id, author_kind, author_id, author_name, body, created_at';

const CUSTOMER_COLUMNS = 'id, email, name, verified_at IS NOT NULL AS verified';

// What every chat message reads and writes: prepared (../query.ts).
const CONVERSATION_BY_ID = prepared(`${SELECT_CONVERSATION} WHERE c.id = $1`);
const WIDGET_SESSION_BY_TOKEN_HASH = prepared(
  `SELECT w.id, w.expires_at, k.id AS customer_id, k.name, k.email, k.verified_at IS NOT NULL AS verified
   FROM widget_sessions w JOIN customers k ON k.id = w.customer_id WHERE w.token_hash = $1`,
);
const APPEND_MESSAGE = prepared('SELECT * FROM append_message($1, $2, $3, $4, $5, $6, $7, $8)');
const markRead = (column: string) => prepared(`UPDATE conversations SET ${column} = GREATEST(${column}, LEAST($2::bigint, last_seq)) WHERE id = $1 RETURNING ${column} AS seq`);
const MARK_READ = { customer: markRead('customer_read_seq'), agent: markRead('agent_read_seq') };
const MESSAGES_AFTER = prepared(`SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND seq > $2::bigint ORDER BY seq LIMIT $3`);

/** What append_message returns (migration 9). */
interface AppendedRow {
  stored_seq: number;
  stored_author_kind: MessageRow['author_kind'];
  stored_author_id: string | null;
  stored_author_name: string;
  stored_body: string;
  stored_created_at: string;
  duplicate: boolean;
}

/** PostgreSQL's code for append_message's refusal: no such conversation. */
const NO_DATA_FOUND = 'P0002';

export const pgConversationsStore: PgModuleFactory<'conversations'> = (q) => {
  const read = async (sql: string | Prepared, params: unknown[]): Promise<ConversationRecord | undefined> => {
    const r = await one<ConversationRow>(q, sql, params);
    return r && toConversation(r);
  };
  const conversation = (where: string, params: unknown[]) => read(`${SELECT_CONVERSATION} ${where}`, params);
  const get = (id: string) => read(CONVERSATION_BY_ID, [id]);

  return {
    // A guest's record is theirs alone, whatever email they typed (migration 0006).
    async createGuest(c: { id: string; email: string; name: string; createdAt: string }): Promise<Customer> {
      const r = await one<CustomerRow>(
        q,
        `INSERT INTO customers (id, email, name, created_at) VALUES (@id, @email, @name, @createdAt) RETURNING ${CUSTOMER_COLUMNS}`,
        c,
      );
      return toCustomer(r!);
    },
    async upsertVerified(c: { id: string; email: string; name: string; createdAt: string; by: 'token' | 'code'; externalId: string | null }): Promise<Customer> {
      // ON CONFLICT waits for another hub's insert of the same email and then updates its row.
      const r = await one<CustomerRow>(
        q,
        `INSERT INTO customers (id, email, name, created_at, verified_at, verified_by, external_id)
         VALUES (@id, @email, @name, @createdAt, @createdAt, @by, @externalId)
         ON CONFLICT (email) WHERE verified_at IS NOT NULL
         DO UPDATE SET name = CASE WHEN excluded.verified_by = 'token' THEN excluded.name ELSE customers.name END,
           external_id = COALESCE(excluded.external_id, customers.external_id)
         RETURNING ${CUSTOMER_COLUMNS}`,
        c,
      );
      return toCustomer(r!);
    },
    async rebindWidgetSession(widgetSessionId: string, customerId: string): Promise<void> {
      await run(q, 'UPDATE widget_sessions SET customer_id = $2 WHERE id = $1', [widgetSessionId, customerId]);
      await run(q, 'UPDATE conversations SET customer_id = $2 WHERE widget_session_id = $1', [widgetSessionId, customerId]);
    },
    async createWidgetSession(s: { id: string; tokenHash: string; customerId: string; createdAt: string; expiresAt: string }): Promise<void> {
      await run(q, 'INSERT INTO widget_sessions (id, token_hash, customer_id, created_at, expires_at) VALUES (@id, @tokenHash, @customerId, @createdAt, @expiresAt)', s);
    },
    async renewWidgetSession(id: string, expiresAt: string): Promise<void> {
      await run(q, 'UPDATE widget_sessions SET expires_at = @expiresAt WHERE id = @id AND expires_at < @expiresAt', { id, expiresAt });
    },
    async widgetSessionByTokenHash(hash: string): Promise<{ id: string; expiresAt: string; customer: Customer } | undefined> {
      const r = await one<{ id: string; expires_at: string; customer_id: string; name: string; email: string; verified: boolean }>(
        q,
        WIDGET_SESSION_BY_TOKEN_HASH,
        [hash],
      );
      return r && { id: r.id, expiresAt: r.expires_at, customer: { id: r.customer_id, name: r.name, email: r.email, verified: r.verified } };
    },
    async create(c: { id: string; customerId: string; widgetSessionId: string | null; brandId: string; createdAt: string }): Promise<ConversationRecord> {
      await run(
        q,
        `INSERT INTO conversations (id, customer_id, widget_session_id, brand_id, status, created_at)
         VALUES (@id, @customerId, @widgetSessionId, @brandId, 'waiting', @createdAt)`,
        c,
      );
      return (await get(c.id))!;
    },
    async setCustomerLocale(id: string, locale: string | null, timeZone: string | null): Promise<void> {
      await run(q, 'UPDATE conversations SET customer_locale = COALESCE($2, customer_locale), customer_time_zone = COALESCE($3, customer_time_zone) WHERE id = $1', [id, locale, timeZone]);
    },
    get,
    async access(id: string): Promise<ConversationAccess | undefined> {
      const c = await get(id);
      return c && { id: c.id, status: c.status, assignedAgent: c.assignedAgent, widgetSessionId: c.widgetSessionId, brandId: c.brandId };
    },
    // SQLite breaks ties of created_at by rowid (insertion order); conversations have no such
    // column on PostgreSQL, so the id breaks them here.
    latestForWidget: (widgetSessionId: string) => conversation('WHERE c.widget_session_id = $1 ORDER BY c.created_at DESC, c.id DESC LIMIT 1', [widgetSessionId]),
    async forWidgetSession(widgetSessionId: string): Promise<ConversationRecord[]> {
      return (await all<ConversationRow>(q, `${SELECT_CONVERSATION} WHERE c.widget_session_id = $1 ORDER BY c.created_at, c.id`, [widgetSessionId])).map(toConversation);
    },
    openForWidget: (widgetSessionId: string) => conversation(`WHERE c.widget_session_id = $1 AND c.status != 'ended' ORDER BY c.created_at DESC LIMIT 1`, [widgetSessionId]),
    async queueFor(agentId: string): Promise<ConversationRecord[]> {
      return (
        await all<ConversationRow>(
          q,
          `${SELECT_CONVERSATION} WHERE c.status = 'waiting' OR (c.status = 'active' AND c.assigned_agent_id = $1) ORDER BY c.created_at, c.id`,
          [agentId],
        )
      ).map(toConversation);
    },
    // One conditional UPDATE: of two hubs taking the same chat, the second waits for the first's
    // row lock and then assigns it again (as on SQLite, the last taker holds it).
    async assign(id: string, agentId: string, at: string | null = null): Promise<boolean> {
      return (
        (await run(
          q,
          `UPDATE conversations SET status = 'active', assigned_agent_id = @agentId, offered_to = NULL, offered_at = NULL,
                  first_assigned_at = COALESCE(first_assigned_at, @at) WHERE id = @id AND status != 'ended'`,
          { id, agentId, at },
        )) > 0
      );
    },
    async end(id: string, at: string, purgeAt: string, by: 'customer' | 'agent' | 'hub' | null = null): Promise<boolean> {
      return (await run(q, `UPDATE conversations SET status = 'ended', ended_at = @at, purge_at = @purgeAt, ended_by = @by WHERE id = @id AND status != 'ended'`, { id, at, purgeAt, by })) > 0;
    },
    // One statement (append_message, PostgreSQL migration 9): alone in a writeCalls it runs without
    // BEGIN … COMMIT (../api.ts, ONE_STATEMENT).
    async appendMessage(m: NewMessage): Promise<{ message: Message; duplicate: boolean }> {
      let r: AppendedRow | undefined;
      try {
        r = await one<AppendedRow>(q, APPEND_MESSAGE, [m.conversationId, m.clientId, m.authorKind, m.authorId, m.authorName, m.body, m.createdAt, indexWords(m.body)]);
      } catch (e) {
        if ((e as { code?: string }).code === NO_DATA_FOUND) throw new TypeError(`no conversation ${m.conversationId} to append a message to`);
        throw e;
      }
      // A row always comes back: the message stored now, or the one stored before under its client id.
      if (!r) throw new Error(`append_message returned nothing for ${m.conversationId}/${m.clientId}`);
      const message = toMessage({
        conversation_id: m.conversationId,
        seq: r.stored_seq,
        client_id: m.clientId,
        author_kind: r.stored_author_kind,
        author_id: r.stored_author_id,
        author_name: r.stored_author_name,
        body: r.stored_body,
        created_at: r.stored_created_at,
      });
      return { message, duplicate: r.duplicate };
    },
    // Forward only, and never past the last message (migration 0005); one UPDATE, so concurrent marks cannot move it back.
    async markRead(id: string, by: ReadBy, seq: number): Promise<number | null> {
      const r = await one<{ seq: number }>(q, MARK_READ[by], [id, seq]);
      return r ? r.seq : null;
    },
    async preview(conversationId: string, maxChars: number): Promise<{ first: string | null; last: { body: string; authorKind: 'customer' | 'agent'; createdAt: string } | null }> {
      const first = await one<{ body: string }>(q, `SELECT substr(body, 1, $1) AS body FROM messages WHERE conversation_id = $2 AND author_kind = 'customer' ORDER BY seq LIMIT 1`, [maxChars, conversationId]);
      const last = await one<{ body: string; authorKind: 'customer' | 'agent'; createdAt: string }>(
        q,
        `SELECT substr(body, 1, $1) AS body, author_kind AS "authorKind", created_at AS "createdAt" FROM messages
         WHERE conversation_id = $2 AND author_kind != 'system' ORDER BY seq DESC LIMIT 1`,
        [maxChars, conversationId],
      );
      return { first: first?.body ?? null, last: last ?? null };
    },
    async messagesAfter(conversationId: string, afterSeq: number, limit = 10_000): Promise<Message[]> {
      return (await all<MessageRow>(q, MESSAGES_AFTER, [conversationId, afterSeq, limit])).map(toMessage);
    },
  };
};
