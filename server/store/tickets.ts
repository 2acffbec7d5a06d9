// Tickets and their threads (migrations 0004, 0011): the queue's rows, the messages in and out,
// the mail Message-IDs replies are threaded by, and attachments stored beside the database.
import type { TicketMessageKind, TicketStatus } from '../../shared/protocol/tickets';
import type { Db } from './db';

export interface TicketRecord {
  id: string;
  ref: number;
  brandId: string;
  customer: { name: string; email: string };
  subject: string;
  locale: string | null;
  channel: 'widget' | 'email';
  status: TicketStatus;
  assignedTo: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
  dueAt: string | null;
  mergedInto: string | null;
  mailError: string | null;
  firstBody: string;
  lastMessageAt: string;
}

export interface TicketMessageRecord {
  id: string;
  ticketId: string;
  kind: TicketMessageKind;
  author: { id: string | null; name: string };
  body: string;
  createdAt: string;
  mailMessageId: string | null;
}

export interface TicketAttachmentRecord {
  id: string;
  ticketId: string;
  messageId: string;
  name: string;
  mime: string;
  size: number;
  /** Relative to the data folder. */
  path: string;
  createdAt: string;
}

/** A message to add to a ticket's thread; a client id makes a resend land once. */
export interface NewTicketMessage {
  id: string;
  ticketId: string;
  kind: TicketMessageKind;
  authorId: string | null;
  authorName: string;
  body: string;
  createdAt: string;
  mailMessageId?: string | null;
  clientId?: string | null;
}

export type TicketRow = {
  id: string;
  ref: number;
  brand_id: string;
  customer_name: string;
  customer_email: string;
  subject: string;
  locale: string | null;
  channel: 'widget' | 'email';
  status: TicketStatus;
  assigned_to: string | null;
  a_name: string | null;
  created_at: string;
  updated_at: string;
  due_at: string | null;
  merged_into: string | null;
  mail_error: string | null;
  first_body: string | null;
  last_at: string | null;
};
export const toTicket = (r: TicketRow): TicketRecord => ({
  id: r.id,
  ref: r.ref,
  brandId: r.brand_id,
  customer: { name: r.customer_name, email: r.customer_email },
  subject: r.subject,
  locale: r.locale,
  channel: r.channel,
  status: r.status,
  assignedTo: r.assigned_to ? { id: r.assigned_to, name: r.a_name ?? '' } : null,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  dueAt: r.due_at,
  mergedInto: r.merged_into,
  mailError: r.mail_error,
  firstBody: r.first_body ?? '',
  lastMessageAt: r.last_at ?? r.created_at,
});

export type MessageRow = { id: string; ticket_id: string; kind: TicketMessageKind; author_id: string | null; author_name: string; body: string; created_at: string; mail_message_id: string | null };
export const toMessage = (r: MessageRow): TicketMessageRecord => ({
  id: r.id,
  ticketId: r.ticket_id,
  kind: r.kind,
  author: { id: r.author_id, name: r.author_name },
  body: r.body,
  createdAt: r.created_at,
  mailMessageId: r.mail_message_id,
});

export type AttachmentRow = { id: string; ticket_id: string; message_id: string; name: string; mime: string; size: number; path: string; created_at: string };
export const toAttachment = (r: AttachmentRow): TicketAttachmentRecord => ({
  id: r.id,
  ticketId: r.ticket_id,
  messageId: r.message_id,
  name: r.name,
  mime: r.mime,
  size: r.size,
  path: r.path,
  createdAt: r.created_at,
});

const SELECT_TICKET = `SELECT t.*, u.name AS a_name,
    (SELECT body FROM ticket_messages m WHERE m.ticket_id = t.id AND m.kind = 'customer' ORDER BY m.created_at, m.rowid LIMIT 1) AS first_body,
    (SELECT MAX(created_at) FROM ticket_messages m WHERE m.ticket_id = t.id) AS last_at
  FROM tickets t LEFT JOIN users u ON u.id = t.assigned_to`;

export function ticketsStore(db: Db) {
  const q = {
    nextRef: db.prepare('SELECT COALESCE(MAX(ref), 0) + 1 AS n FROM tickets'),
    insert: db.prepare(
      `INSERT INTO tickets (id, ref, brand_id, customer_name, customer_email, subject, locale, channel, status, created_at, updated_at, due_at)
       VALUES (@id, @ref, @brandId, @name, @email, @subject, @locale, @channel, 'open', @createdAt, @createdAt, @dueAt)`,
    ),
    byId: db.prepare(`${SELECT_TICKET} WHERE t.id = ?`),
    byRef: db.prepare(`${SELECT_TICKET} WHERE t.ref = ?`),
    list: db.prepare(
      `${SELECT_TICKET} WHERE (@status IS NULL OR t.status = @status) AND t.merged_into IS NULL
         AND (@assignee IS NULL OR (@assignee = '' AND t.assigned_to IS NULL) OR t.assigned_to = @assignee)
       ORDER BY t.updated_at DESC, t.rowid DESC LIMIT @limit`,
    ),
    insertMessage: db.prepare(
      `INSERT INTO ticket_messages (id, ticket_id, kind, author_id, author_name, body, created_at, mail_message_id, client_id)
       VALUES (@id, @ticketId, @kind, @authorId, @authorName, @body, @createdAt, @mailMessageId, @clientId)`,
    ),
    messageById: db.prepare('SELECT * FROM ticket_messages WHERE id = ?'),
    messageByClientId: db.prepare('SELECT * FROM ticket_messages WHERE ticket_id = ? AND client_id = ?'),
    messages: db.prepare('SELECT * FROM ticket_messages WHERE ticket_id = ? ORDER BY created_at, rowid'),
    byMailId: db.prepare('SELECT ticket_id FROM ticket_messages WHERE mail_message_id = ? LIMIT 1'),
    setMailId: db.prepare('UPDATE ticket_messages SET mail_message_id = ? WHERE id = ?'),
    insertAttachment: db.prepare(
      `INSERT INTO ticket_attachments (id, ticket_id, message_id, name, mime, size, path, created_at)
       VALUES (@id, @ticketId, @messageId, @name, @mime, @size, @path, @createdAt)`,
    ),
    attachments: db.prepare('SELECT * FROM ticket_attachments WHERE ticket_id = ? ORDER BY created_at, rowid'),
    attachment: db.prepare('SELECT * FROM ticket_attachments WHERE id = ?'),
    // A ticket open again, or solved again, is no longer on its way out: the retention clock starts
    // afresh from when it is solved (solved_at; POLICY §3b, "ticket closed + 13 months"), and the
    // next run dates it. A purge time already reached (an erasure marks tickets due at once) stays.
    setStatus: db.prepare(
      `UPDATE tickets SET status = @status, due_at = @dueAt, updated_at = @at,
         solved_at = CASE WHEN @status = 'solved' THEN @at ELSE NULL END,
         purge_at = CASE WHEN purge_at > @at THEN NULL ELSE purge_at END
       WHERE id = @id`,
    ),
    assign: db.prepare('UPDATE tickets SET assigned_to = ?, updated_at = ? WHERE id = ?'),
    touch: db.prepare('UPDATE tickets SET updated_at = ? WHERE id = ?'),
    mailError: db.prepare('UPDATE tickets SET mail_error = ? WHERE id = ?'),
    moveMessages: db.prepare('UPDATE ticket_messages SET ticket_id = @into WHERE ticket_id = @from'),
    moveAttachments: db.prepare('UPDATE ticket_attachments SET ticket_id = @into WHERE ticket_id = @from'),
    markMerged: db.prepare(`UPDATE tickets SET merged_into = @into, status = 'solved', due_at = NULL, updated_at = @at, solved_at = @at,
         purge_at = CASE WHEN purge_at > @at THEN NULL ELSE purge_at END WHERE id = @from`),
    mergedFrom: db.prepare('UPDATE tickets SET merged_into = @into WHERE merged_into = @from'),
    count: db.prepare('SELECT COUNT(*) AS n FROM tickets'),
  };

  const get = (id: string): TicketRecord | undefined => {
    const r = q.byId.get(id) as TicketRow | undefined;
    return r && toTicket(r);
  };

  return {
    /** Allocates the next reference inside the caller's write transaction. */
    create(t: { id: string; brandId: string; name: string; email: string; subject: string; locale: string | null; channel: 'widget' | 'email'; createdAt: string; dueAt: string | null }): TicketRecord {
      const ref = (q.nextRef.get() as { n: number }).n;
      q.insert.run({ ...t, ref });
      return get(t.id)!;
    },
    get,
    byRef(ref: number): TicketRecord | undefined {
      const r = q.byRef.get(ref) as TicketRow | undefined;
      return r && toTicket(r);
    },
    /** Follows merges to the ticket that carries the thread now. */
    live(id: string): TicketRecord | undefined {
      let t = get(id);
      for (let hops = 0; t?.mergedInto && hops < 20; hops++) t = get(t.mergedInto);
      return t;
    },
    /** assignee: a user id, '' for nobody, null for anyone. Merged tickets are left out. */
    list(p: { status: TicketStatus | null; assignee: string | null; limit: number }): TicketRecord[] {
      return (q.list.all(p) as TicketRow[]).map(toTicket);
    },
    /** Stored once per (ticket, clientId) when a client id is given: a resend returns the stored message. */
    addMessage(m: NewTicketMessage): { message: TicketMessageRecord; duplicate: boolean } {
      if (m.clientId) {
        const existing = q.messageByClientId.get(m.ticketId, m.clientId) as MessageRow | undefined;
        if (existing) return { message: toMessage(existing), duplicate: true };
      }
      q.insertMessage.run({ mailMessageId: null, clientId: null, ...m });
      q.touch.run(m.createdAt, m.ticketId);
      return { message: toMessage(q.messageById.get(m.id) as MessageRow), duplicate: false };
    },
    message(id: string): TicketMessageRecord | undefined {
      const r = q.messageById.get(id) as MessageRow | undefined;
      return r && toMessage(r);
    },
    messageByClientId(ticketId: string, clientId: string): TicketMessageRecord | undefined {
      const r = q.messageByClientId.get(ticketId, clientId) as MessageRow | undefined;
      return r && toMessage(r);
    },
    messages: (ticketId: string): TicketMessageRecord[] => (q.messages.all(ticketId) as MessageRow[]).map(toMessage),
    /** The ticket a mail Message-ID belongs to (any message in or out), or undefined. */
    ticketIdByMailId(mailId: string): string | undefined {
      return (q.byMailId.get(mailId) as { ticket_id: string } | undefined)?.ticket_id;
    },
    setMailId: (messageId: string, mailId: string): void => void q.setMailId.run(mailId, messageId),
    addAttachment: (a: TicketAttachmentRecord): void => void q.insertAttachment.run(a),
    attachments: (ticketId: string): TicketAttachmentRecord[] => (q.attachments.all(ticketId) as AttachmentRow[]).map(toAttachment),
    attachment(id: string): TicketAttachmentRecord | undefined {
      const r = q.attachment.get(id) as AttachmentRow | undefined;
      return r && toAttachment(r);
    },
    setStatus: (id: string, status: TicketStatus, dueAt: string | null, at: string): void => void q.setStatus.run({ id, status, dueAt, at }),
    assign: (id: string, agentId: string, at: string): void => void q.assign.run(agentId, at, id),
    setMailError: (id: string, error: string | null): void => void q.mailError.run(error, id),
    /** Moves the duplicate's thread and attachments into `into`; the duplicate is solved and points there. */
    merge(from: string, into: string, at: string): void {
      q.moveMessages.run({ from, into });
      q.moveAttachments.run({ from, into });
      q.mergedFrom.run({ from, into });
      q.markMerged.run({ from, into, at });
    },
    count: (): number => (q.count.get() as { n: number }).n,
  };
}
export type TicketsStore = ReturnType<typeof ticketsStore>;
