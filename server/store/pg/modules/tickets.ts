// Tickets and their threads on PostgreSQL: ../../tickets.ts's twin.
//
// A ticket's reference is the highest one so far plus one, as on SQLite. There the single writer
// makes that read-then-insert safe; here two hubs could read the same highest, so the write takes
// a transaction-scoped advisory lock first (held to its commit): the second hub's read waits, then
// sees the first's ticket. A resend of a message (same client id) that races its first send lands
// on the (ticket, client id) unique key and returns the stored message, as a resend does.
//
// SQLite breaks ties in time by rowid; here tickets use their reference (given in insertion order,
// as rowid is), and messages and attachments their place in the table (ctid: insertion order for
// rows not moved since; a merge moves the duplicate's rows after the target's).
import type { TicketStatus } from '../../../../shared/protocol/tickets';
import {
  toAttachment,
  toMessage,
  toTicket,
  type AttachmentRow,
  type MessageRow,
  type NewTicketMessage,
  type TicketAttachmentRecord,
  type TicketMessageRecord,
  type TicketRecord,
  type TicketRow,
} from '../../tickets';
import type { PgModuleFactory } from '../api';
import { all, one, run, type PgQueryable } from '../query';

const TICKET_COLUMNS = `t.id, t.ref, t.brand_id, t.customer_name, t.customer_email, t.subject, t.locale, t.channel, t.status, t.assigned_to,
    t.created_at, t.updated_at, t.due_at, t.merged_into, t.mail_error`;
const SELECT_TICKET = `SELECT ${TICKET_COLUMNS}, u.name AS a_name,
    (SELECT body FROM ticket_messages m WHERE m.ticket_id = t.id AND m.kind = 'customer' ORDER BY m.created_at, m.ctid LIMIT 1) AS first_body,
    (SELECT MAX(created_at) FROM ticket_messages m WHERE m.ticket_id = t.id) AS last_at
  FROM tickets t LEFT JOIN users u ON u.id = t.assigned_to`;
const MESSAGE_COLUMNS = 'id, ticket_id, kind, author_id, author_name, body, created_at, mail_message_id';
const ATTACHMENT_COLUMNS = 'id, ticket_id, message_id, name, mime, size::float8 AS size, path, created_at';

/** The advisory lock that serializes reference numbering across hubs (any constant unique to it). */
const REF_LOCK = "hashtext('care-desk:tickets.ref')";

async function getTicket(q: PgQueryable, id: string): Promise<TicketRecord | undefined> {
  const r = await one<TicketRow>(q, `${SELECT_TICKET} WHERE t.id = $1`, [id]);
  return r && toTicket(r);
}

async function messageById(q: PgQueryable, id: string): Promise<TicketMessageRecord | undefined> {
  const r = await one<MessageRow>(q, `SELECT ${MESSAGE_COLUMNS} FROM ticket_messages WHERE id = $1`, [id]);
  return r && toMessage(r);
}

async function messageByClientId(q: PgQueryable, ticketId: string, clientId: string): Promise<TicketMessageRecord | undefined> {
  const r = await one<MessageRow>(q, `SELECT ${MESSAGE_COLUMNS} FROM ticket_messages WHERE ticket_id = $1 AND client_id = $2`, [ticketId, clientId]);
  return r && toMessage(r);
}

export const pgTicketsStore: PgModuleFactory<'tickets'> = (q) => ({
  async create(t: { id: string; brandId: string; name: string; email: string; subject: string; locale: string | null; channel: 'widget' | 'email'; createdAt: string; dueAt: string | null }): Promise<TicketRecord> {
    await one(q, `SELECT pg_advisory_xact_lock(${REF_LOCK})`);
    await run(
      q,
      `INSERT INTO tickets (id, ref, brand_id, customer_name, customer_email, subject, locale, channel, status, created_at, updated_at, due_at)
       SELECT @id, COALESCE(MAX(ref), 0) + 1, @brandId, @name, @email, @subject, @locale, @channel, 'open', @createdAt, @createdAt, @dueAt FROM tickets`,
      t,
    );
    return (await getTicket(q, t.id))!;
  },
  get: (id: string) => getTicket(q, id),
  async byRef(ref: number): Promise<TicketRecord | undefined> {
    const r = await one<TicketRow>(q, `${SELECT_TICKET} WHERE t.ref = $1`, [ref]);
    return r && toTicket(r);
  },
  async live(id: string): Promise<TicketRecord | undefined> {
    let t = await getTicket(q, id);
    for (let hops = 0; t?.mergedInto && hops < 20; hops++) t = await getTicket(q, t.mergedInto);
    return t;
  },
  async list(p: { status: TicketStatus | null; assignee: string | null; limit: number }): Promise<TicketRecord[]> {
    const rows = await all<TicketRow>(
      q,
      `${SELECT_TICKET} WHERE (@status::text IS NULL OR t.status = @status) AND t.merged_into IS NULL
         AND (@assignee::text IS NULL OR (@assignee = '' AND t.assigned_to IS NULL) OR t.assigned_to = @assignee)
       ORDER BY t.updated_at DESC, t.ref DESC LIMIT @limit`,
      p,
    );
    return rows.map(toTicket);
  },
  async addMessage(m: NewTicketMessage): Promise<{ message: TicketMessageRecord; duplicate: boolean }> {
    if (m.clientId) {
      const existing = await messageByClientId(q, m.ticketId, m.clientId);
      if (existing) return { message: existing, duplicate: true };
    }
    const inserted = await run(
      q,
      `INSERT INTO ticket_messages (id, ticket_id, kind, author_id, author_name, body, created_at, mail_message_id, client_id)
       VALUES (@id, @ticketId, @kind, @authorId, @authorName, @body, @createdAt, @mailMessageId, @clientId)
       ON CONFLICT (ticket_id, client_id) DO NOTHING`,
      { mailMessageId: null, clientId: null, ...m },
    );
    if (inserted === 0) return { message: (await messageByClientId(q, m.ticketId, m.clientId!))!, duplicate: true };
    await run(q, 'UPDATE tickets SET updated_at = $1 WHERE id = $2', [m.createdAt, m.ticketId]);
    return { message: (await messageById(q, m.id))!, duplicate: false };
  },
  message: (id: string) => messageById(q, id),
  messageByClientId: (ticketId: string, clientId: string) => messageByClientId(q, ticketId, clientId),
  async messages(ticketId: string): Promise<TicketMessageRecord[]> {
    return (await all<MessageRow>(q, `SELECT ${MESSAGE_COLUMNS} FROM ticket_messages WHERE ticket_id = $1 ORDER BY created_at, ctid`, [ticketId])).map(toMessage);
  },
  async ticketIdByMailId(mailId: string): Promise<string | undefined> {
    return (await one<{ ticket_id: string }>(q, 'SELECT ticket_id FROM ticket_messages WHERE mail_message_id = $1 LIMIT 1', [mailId]))?.ticket_id;
  },
  async setMailId(messageId: string, mailId: string): Promise<void> {
    await run(q, 'UPDATE ticket_messages SET mail_message_id = $1 WHERE id = $2', [mailId, messageId]);
  },
  async addAttachment(a: TicketAttachmentRecord): Promise<void> {
    await run(
      q,
      `INSERT INTO ticket_attachments (id, ticket_id, message_id, name, mime, size, path, created_at)
       VALUES (@id, @ticketId, @messageId, @name, @mime, @size, @path, @createdAt)`,
      { ...a },
    );
  },
  async attachments(ticketId: string): Promise<TicketAttachmentRecord[]> {
    return (await all<AttachmentRow>(q, `SELECT ${ATTACHMENT_COLUMNS} FROM ticket_attachments WHERE ticket_id = $1 ORDER BY created_at, ctid`, [ticketId])).map(toAttachment);
  },
  async attachment(id: string): Promise<TicketAttachmentRecord | undefined> {
    const r = await one<AttachmentRow>(q, `SELECT ${ATTACHMENT_COLUMNS} FROM ticket_attachments WHERE id = $1`, [id]);
    return r && toAttachment(r);
  },
  async setStatus(id: string, status: TicketStatus, dueAt: string | null, at: string): Promise<void> {
    // Reopening or solving again clears a purge time still ahead (POLICY §3b); one already reached stays (../../tickets.ts).
    await run(
      q,
      `UPDATE tickets SET status = @status, due_at = @dueAt, updated_at = @at,
         solved_at = CASE WHEN @status = 'solved' THEN @at ELSE NULL END,
         purge_at = CASE WHEN purge_at > @at THEN NULL ELSE purge_at END
       WHERE id = @id`,
      { id, status, dueAt, at },
    );
  },
  async assign(id: string, agentId: string, at: string): Promise<void> {
    await run(q, 'UPDATE tickets SET assigned_to = $1, updated_at = $2 WHERE id = $3', [agentId, at, id]);
  },
  async setMailError(id: string, error: string | null): Promise<void> {
    await run(q, 'UPDATE tickets SET mail_error = $1 WHERE id = $2', [error, id]);
  },
  async merge(from: string, into: string, at: string): Promise<void> {
    await run(q, 'UPDATE ticket_messages SET ticket_id = @into WHERE ticket_id = @from', { from, into });
    await run(q, 'UPDATE ticket_attachments SET ticket_id = @into WHERE ticket_id = @from', { from, into });
    await run(q, 'UPDATE tickets SET merged_into = @into WHERE merged_into = @from', { from, into });
    await run(q, `UPDATE tickets SET merged_into = @into, status = 'solved', due_at = NULL, updated_at = @at, solved_at = @at,
         purge_at = CASE WHEN purge_at > @at THEN NULL ELSE purge_at END WHERE id = @from`, { from, into, at });
  },
  async count(): Promise<number> {
    return (await one<{ n: number }>(q, 'SELECT COUNT(*)::int AS n FROM tickets'))!.n;
  },
});
