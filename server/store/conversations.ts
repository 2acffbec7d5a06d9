import type { AuthorKind, Conversation, ConversationStatus, Customer, Message, ReadBy } from '../../shared/protocol/schemas';
import type { Db } from './db';
import type { RowCaches } from './rowCache';
import { isSet, type Flag } from './rowValues';

export interface ConversationRow {
  id: string;
  customer_id: string;
  widget_session_id: string | null;
  brand_id: string;
  status: ConversationStatus;
  assigned_agent_id: string | null;
  created_at: string;
  ended_at: string | null;
  last_seq: number;
  customer_read_seq: number;
  agent_read_seq: number;
  customer_locale: string | null;
  customer_time_zone: string | null;
  c_name: string;
  c_email: string;
  c_verified: Flag;
  a_name: string | null;
}

export interface MessageRow {
  conversation_id: string;
  seq: number;
  client_id: string;
  author_kind: AuthorKind;
  author_id: string | null;
  author_name: string;
  body: string;
  created_at: string;
}

export interface NewMessage {
  conversationId: string;
  clientId: string;
  authorKind: AuthorKind;
  authorId: string | null;
  authorName: string;
  body: string;
  createdAt: string;
}

export interface ConversationRecord extends Conversation {
  widgetSessionId: string | null;
  brandId: string;
  /** As the widget reported them at chat:start (migration 0011); null for older chats. */
  customerLocale: string | null;
  customerTimeZone: string | null;
}

const SELECT_CONVERSATION = `
  SELECT c.*, k.name AS c_name, k.email AS c_email, k.verified_at IS NOT NULL AS c_verified, u.name AS a_name
  FROM conversations c
  JOIN customers k ON k.id = c.customer_id
  LEFT JOIN users u ON u.id = c.assigned_agent_id`;

/**
 * A conversation still open (waiting or active), as a condition on the alias `c`. Written as a
 * list, not `status != 'ended'`: neither engine reads an index for "not equal", and scanning every
 * conversation ever held stalled each routing decision once a desk had kept 100,000 of them.
 */
export const OPEN_CONVERSATION = "c.status IN ('waiting', 'active')";

export const toConversation = (r: ConversationRow): ConversationRecord => ({
  id: r.id,
  status: r.status,
  customer: { id: r.customer_id, name: r.c_name, email: r.c_email, verified: isSet(r.c_verified) },
  assignedAgent: r.assigned_agent_id ? { id: r.assigned_agent_id, name: r.a_name ?? '' } : null,
  createdAt: r.created_at,
  endedAt: r.ended_at,
  lastSeq: r.last_seq,
  customerReadSeq: r.customer_read_seq,
  agentReadSeq: r.agent_read_seq,
  widgetSessionId: r.widget_session_id,
  brandId: r.brand_id,
  customerLocale: r.customer_locale ?? null,
  customerTimeZone: r.customer_time_zone ?? null,
});

export const toMessage = (r: MessageRow): Message => ({
  conversationId: r.conversation_id,
  seq: r.seq,
  clientId: r.client_id,
  author: { kind: r.author_kind, id: r.author_id, name: r.author_name },
  body: r.body,
  createdAt: r.created_at,
});

export interface CustomerRow {
  id: string;
  email: string;
  name: string;
  verified: Flag;
}

export const toCustomer = (r: CustomerRow): Customer => ({ id: r.id, email: r.email, name: r.name, verified: isSet(r.verified) });

/** What deciding who may write in a conversation needs: read on every send, so kept in memory (rowCache.ts). */
export type ConversationAccess = Pick<ConversationRecord, 'id' | 'status' | 'assignedAgent' | 'widgetSessionId' | 'brandId'>;

/** Strips store-only fields before a conversation goes over the wire. */
export function publicConversation(c: ConversationRecord): Conversation {
  const { widgetSessionId: _w, brandId: _b, customerLocale: _l, customerTimeZone: _z, ...rest } = c;
  return rest;
}

export function conversationsStore(db: Db, caches: RowCaches) {
  // A customer's every event re-reads its session (a code may have verified it meanwhile): a copy
  // per token hash, dropped when the session or any customer record changes.
  const sessions = caches.cache<{ id: string; expiresAt: string; customer: Customer }>('widget_session', [
    { table: 'widget_sessions', key: 'token_hash' },
    { table: 'customers' },
  ]);
  const access = caches.cache<ConversationAccess>('conversation_access', [
    { table: 'conversations', columns: ['id', 'status', 'assigned_agent_id', 'widget_session_id', 'brand_id'], key: 'id' },
    { table: 'users', columns: ['name'] },
  ]);
  const q = {
    // A guest's record is theirs alone, whatever email they typed (migration 0006).
    insertGuest: db.prepare(
      `INSERT INTO customers (id, email, name, created_at) VALUES (@id, @email, @name, @createdAt)
       RETURNING id, email, name, verified_at IS NOT NULL AS verified`,
    ),
    // The one verified record of an email: created on first proof; the store's name for the
    // shopper (a token) is kept current, a name typed at the widget (a code) changes nothing.
    upsertVerified: db.prepare(
      `INSERT INTO customers (id, email, name, created_at, verified_at, verified_by, external_id)
       VALUES (@id, @email, @name, @createdAt, @createdAt, @by, @externalId)
       ON CONFLICT (email) WHERE verified_at IS NOT NULL
       DO UPDATE SET name = CASE WHEN excluded.verified_by = 'token' THEN excluded.name ELSE customers.name END,
         external_id = COALESCE(excluded.external_id, customers.external_id)
       RETURNING id, email, name, verified_at IS NOT NULL AS verified`,
    ),
    rebindSession: db.prepare('UPDATE widget_sessions SET customer_id = @customerId WHERE id = @id'),
    rebindConversations: db.prepare('UPDATE conversations SET customer_id = @customerId WHERE widget_session_id = @id'),
    renewSession: db.prepare('UPDATE widget_sessions SET expires_at = @expiresAt WHERE id = @id AND expires_at < @expiresAt'),
    insertWidgetSession: db.prepare(
      'INSERT INTO widget_sessions (id, token_hash, customer_id, created_at, expires_at) VALUES (@id, @tokenHash, @customerId, @createdAt, @expiresAt)',
    ),
    widgetSessionByHash: db.prepare(
      `SELECT w.id, w.expires_at, k.id AS customer_id, k.name, k.email, k.verified_at IS NOT NULL AS verified
       FROM widget_sessions w JOIN customers k ON k.id = w.customer_id WHERE w.token_hash = ?`,
    ),
    insertConversation: db.prepare(
      `INSERT INTO conversations (id, customer_id, widget_session_id, brand_id, status, created_at)
       VALUES (@id, @customerId, @widgetSessionId, @brandId, 'waiting', @createdAt)`,
    ),
    byId: db.prepare(`${SELECT_CONVERSATION} WHERE c.id = ?`),
    setCustomerLocale: db.prepare('UPDATE conversations SET customer_locale = COALESCE(@locale, customer_locale), customer_time_zone = COALESCE(@timeZone, customer_time_zone) WHERE id = @id'),
    latestForWidget: db.prepare(`${SELECT_CONVERSATION} WHERE c.widget_session_id = ? ORDER BY c.created_at DESC, c.rowid DESC LIMIT 1`),
    forWidget: db.prepare(`${SELECT_CONVERSATION} WHERE c.widget_session_id = ? ORDER BY c.created_at, c.rowid`),
    openForWidget: db.prepare(
      `${SELECT_CONVERSATION} WHERE c.widget_session_id = ? AND c.status != 'ended' ORDER BY c.created_at DESC LIMIT 1`,
    ),
    queueFor: db.prepare(
      `${SELECT_CONVERSATION} WHERE c.status = 'waiting' OR (c.status = 'active' AND c.assigned_agent_id = ?)
       ORDER BY c.created_at, c.rowid`,
    ),
    // Taking a chat also settles any offer of it (migration 0004).
    // first_assigned_at (migration 0009): when the customer's wait ended, for the reports.
    assign: db.prepare(
      `UPDATE conversations SET status = 'active', assigned_agent_id = @agentId, offered_to = NULL, offered_at = NULL,
              first_assigned_at = COALESCE(first_assigned_at, @at) WHERE id = @id AND status != 'ended'`,
    ),
    end: db.prepare(`UPDATE conversations SET status = 'ended', ended_at = @at, purge_at = @purgeAt, ended_by = @by WHERE id = @id AND status != 'ended'`),
    bumpSeq: db.prepare('UPDATE conversations SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq'),
    messageByClientId: db.prepare('SELECT * FROM messages WHERE conversation_id = ? AND client_id = ?'),
    insertMessage: db.prepare(
      `INSERT INTO messages (conversation_id, seq, client_id, author_kind, author_id, author_name, body, created_at)
       VALUES (@conversationId, @seq, @clientId, @authorKind, @authorId, @authorName, @body, @createdAt)`,
    ),
    messagesAfter: db.prepare('SELECT * FROM messages WHERE conversation_id = ? AND seq > ? ORDER BY seq LIMIT ?'),
    // Queue previews (issue 9): the customer's first message and the last one from either side.
    firstFromCustomer: db.prepare(`SELECT substr(body, 1, ?) AS body FROM messages WHERE conversation_id = ? AND author_kind = 'customer' ORDER BY seq LIMIT 1`),
    lastSpoken: db.prepare(
      `SELECT substr(body, 1, ?) AS body, author_kind AS authorKind, created_at AS createdAt FROM messages
       WHERE conversation_id = ? AND author_kind != 'system' ORDER BY seq DESC LIMIT 1`,
    ),
    // Forward only, and never past the last message (migration 0005).
    readByCustomer: db.prepare(
      'UPDATE conversations SET customer_read_seq = MAX(customer_read_seq, MIN(@seq, last_seq)) WHERE id = @id RETURNING customer_read_seq AS seq',
    ),
    readByAgent: db.prepare('UPDATE conversations SET agent_read_seq = MAX(agent_read_seq, MIN(@seq, last_seq)) WHERE id = @id RETURNING agent_read_seq AS seq'),
  };

  return {
    createGuest(c: { id: string; email: string; name: string; createdAt: string }): Customer {
      return toCustomer(q.insertGuest.get(c) as CustomerRow);
    },
    /** The verified customer of this email (created or renamed); `by` says how it was proven. */
    upsertVerified(c: { id: string; email: string; name: string; createdAt: string; by: 'token' | 'code'; externalId: string | null }): Customer {
      return toCustomer(q.upsertVerified.get(c) as CustomerRow);
    },
    /** Moves a widget session, and the chats started in it, to another customer (a guest who proved their email). */
    rebindWidgetSession(widgetSessionId: string, customerId: string): void {
      q.rebindSession.run({ id: widgetSessionId, customerId });
      q.rebindConversations.run({ id: widgetSessionId, customerId });
    },
    createWidgetSession(s: { id: string; tokenHash: string; customerId: string; createdAt: string; expiresAt: string }): void {
      q.insertWidgetSession.run(s);
    },
    /** Moves a session's expiry later (never earlier): it lasts its time from when it was last used. */
    renewWidgetSession(id: string, expiresAt: string): void {
      q.renewSession.run({ id, expiresAt });
    },
    widgetSessionByTokenHash(hash: string): { id: string; expiresAt: string; customer: Customer } | undefined {
      return sessions.get(hash, () => {
        const r = q.widgetSessionByHash.get(hash) as Record<string, string | number> | undefined;
        return r && { id: r.id as string, expiresAt: r.expires_at as string, customer: { id: r.customer_id as string, name: r.name as string, email: r.email as string, verified: r.verified === 1 } };
      });
    },
    create(c: { id: string; customerId: string; widgetSessionId: string | null; brandId: string; createdAt: string }): ConversationRecord {
      q.insertConversation.run(c);
      return this.get(c.id)!;
    },
    /** The customer's language and time zone (a null leaves the stored value). */
    setCustomerLocale(id: string, locale: string | null, timeZone: string | null): void {
      q.setCustomerLocale.run({ id, locale, timeZone });
    },
    get(id: string): ConversationRecord | undefined {
      const r = q.byId.get(id) as ConversationRow | undefined;
      return r && toConversation(r);
    },
    /** Who may write in the conversation, from memory when nothing changed it since it was read. */
    access(id: string): ConversationAccess | undefined {
      return access.get(id, () => {
        const c = this.get(id);
        return c && { id: c.id, status: c.status, assignedAgent: c.assignedAgent, widgetSessionId: c.widgetSessionId, brandId: c.brandId };
      });
    },
    latestForWidget(widgetSessionId: string): ConversationRecord | undefined {
      const r = q.latestForWidget.get(widgetSessionId) as ConversationRow | undefined;
      return r && toConversation(r);
    },
    forWidgetSession(widgetSessionId: string): ConversationRecord[] {
      return (q.forWidget.all(widgetSessionId) as ConversationRow[]).map(toConversation);
    },
    openForWidget(widgetSessionId: string): ConversationRecord | undefined {
      const r = q.openForWidget.get(widgetSessionId) as ConversationRow | undefined;
      return r && toConversation(r);
    },
    queueFor(agentId: string): ConversationRecord[] {
      return (q.queueFor.all(agentId) as ConversationRow[]).map(toConversation);
    },
    /** `at`: when the agent took it; only the first assignment is kept (the end of the wait). */
    assign(id: string, agentId: string, at: string | null = null): boolean {
      return q.assign.run({ id, agentId, at }).changes > 0;
    },
    /** Ends the conversation and sets when its transcript is purged, in the same write. */
    end(id: string, at: string, purgeAt: string, by: 'customer' | 'agent' | 'hub' | null = null): boolean {
      return q.end.run({ id, at, purgeAt, by }).changes > 0;
    },
    /**
     * Stores a message once per (conversation, clientId) and gives it the next seq. A resend of
     * a stored message returns the stored one, so a lost ack never makes a duplicate.
     */
    appendMessage(m: NewMessage): { message: Message; duplicate: boolean } {
      const existing = q.messageByClientId.get(m.conversationId, m.clientId) as MessageRow | undefined;
      if (existing) return { message: toMessage(existing), duplicate: true };
      const bumped = q.bumpSeq.get(m.conversationId) as { last_seq: number } | undefined;
      if (!bumped) throw new TypeError(`no conversation ${m.conversationId} to append a message to`);
      const seq = bumped.last_seq;
      q.insertMessage.run({ ...m, seq });
      return { message: toMessage({ ...m, seq, conversation_id: m.conversationId, client_id: m.clientId, author_kind: m.authorKind, author_id: m.authorId, author_name: m.authorName, created_at: m.createdAt }), duplicate: false };
    },
    /** Moves one side's read mark forward to `seq`; the mark after it, or null for an unknown chat. */
    markRead(id: string, by: ReadBy, seq: number): number | null {
      const r = (by === 'customer' ? q.readByCustomer : q.readByAgent).get({ id, seq }) as { seq: number } | undefined;
      return r ? r.seq : null;
    },
    /** The customer's first message and the last one spoken, each cut to `maxChars`. */
    preview(conversationId: string, maxChars: number): { first: string | null; last: { body: string; authorKind: 'customer' | 'agent'; createdAt: string } | null } {
      const first = q.firstFromCustomer.get(maxChars, conversationId) as { body: string } | undefined;
      const last = q.lastSpoken.get(maxChars, conversationId) as { body: string; authorKind: 'customer' | 'agent'; createdAt: string } | undefined;
      return { first: first?.body ?? null, last: last ?? null };
    },
    messagesAfter(conversationId: string, afterSeq: number, limit = 10_000): Message[] {
      return (q.messagesAfter.all(conversationId, afterSeq, limit) as MessageRow[]).map(toMessage);
    },
  };
}
export type ConversationsStore = ReturnType<typeof conversationsStore>;
