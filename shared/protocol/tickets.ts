// Tickets (issues 3 and 10): offline messages from the widget and mail to a brand's care address,
// worked as one queue beside chats. Payload schemas the hub validates and the event maps merged
// into events.ts.
import { z } from 'zod';
import type { Ack } from './errors';
import { ClientId, Id } from './schemas';

// As in events.ts (lint forbids importing a module named "events" in shared/, taking it for Node's).
type WithAck<P, R> = (payload: P, ack: (reply: Ack<R>) => void) => void;

const Text = (max: number, what: string) => z.string().trim().min(1, `${what} is empty`).max(max);

/** open: the desk owes an answer; pending: answered, waiting on the customer; solved: done. */
export const TicketStatus = z.enum(['open', 'pending', 'solved']);
export type TicketStatus = z.infer<typeof TicketStatus>;

/** The reference customers quote: "T-" and six or more digits. */
export const TicketRef = z.string().trim().regex(/^T-\d{6,}$/i, 'a ticket reference looks like T-000123').transform((s) => s.toUpperCase());

export const formatTicketRef = (n: number) => `T-${String(n).padStart(6, '0')}`;
/** The number in a reference found anywhere in a text (an email subject), or null. */
export function findTicketRef(text: string): number | null {
  const m = /\[?\bT-(\d{6,})\b\]?/i.exec(text);
  return m ? Number(m[1]) : null;
}

export const TicketsList = z
  .object({ status: TicketStatus.optional(), assignee: z.enum(['me', 'none']).optional(), limit: z.number().int().min(1).max(500).optional() })
  .strict()
  .optional();
export const TicketGet = z.object({ ticketId: Id }).strict();
export const TicketAssign = z.object({ ticketId: Id, agentId: Id.optional() }).strict();
/** An answer mailed to the customer; `status` afterwards: pending (default) or solved. */
export const TicketAnswer = z
  .object({ ticketId: Id, clientId: ClientId.optional(), body: Text(20_000, 'answer'), status: z.enum(['pending', 'solved']).optional() })
  .strict();
export const TicketNote = z.object({ ticketId: Id, clientId: ClientId.optional(), body: Text(4000, 'note') }).strict();
export const TicketSetStatus = z.object({ ticketId: Id, status: TicketStatus }).strict();
/** The duplicate `ticketId` is folded into `intoTicketId`: its messages move, it is solved. */
export const TicketMerge = z.object({ ticketId: Id, intoTicketId: Id }).strict().refine((m) => m.ticketId !== m.intoTicketId, { message: 'a ticket cannot be merged into itself' });

export interface Ticket {
  id: string;
  /** T-000123: in every email subject; customers quote it. */
  ref: string;
  brandId: string;
  customer: { name: string; email: string };
  subject: string;
  /** The customer's language (BCP 47, e.g. "fr"); their emails are written in it. */
  locale: string;
  channel: 'widget' | 'email';
  status: TicketStatus;
  assignedTo: { id: string; name: string } | null;
  createdAt: string;
  updatedAt: string;
  /** When an answer is due, counted in the brand's opening hours; null when none is owed. */
  dueAt: string | null;
  /** The ticket this one was merged into (its ref), or null. */
  mergedInto: string | null;
  /** The first customer message, for lists. */
  body: string;
  /** The newest message of any kind (for "last activity"). */
  lastMessageAt: string;
  /** Why the last answer could not be mailed; the ticket then stays open. */
  mailError: string | null;
}

/**
 * customer: from the customer (widget or mail); agent: an answer mailed to them; note: internal,
 * never mailed; ack: the acknowledgement the desk sent; bounce: a delivery failure report for a
 * mail the desk sent; autoreply: an automatic reply (out of office), never answered.
 */
export const TicketMessageKind = z.enum(['customer', 'agent', 'note', 'ack', 'bounce', 'autoreply']);
export type TicketMessageKind = z.infer<typeof TicketMessageKind>;

export interface TicketAttachment {
  id: string;
  /** The sender's file name, card numbers masked. */
  name: string;
  mime: string;
  size: number;
  /** GET with the staff token (Authorization: Bearer). */
  url: string;
}

export interface TicketMessage {
  id: string;
  ticketId: string;
  kind: TicketMessageKind;
  author: { id: string | null; name: string };
  body: string;
  createdAt: string;
  attachments: TicketAttachment[];
}

export interface TicketThread {
  ticket: Ticket;
  messages: TicketMessage[];
}

export interface TicketsAgentClientEvents {
  /** Newest activity first; agents limited to some brands see only theirs. */
  'tickets:list': WithAck<z.input<typeof TicketsList>, { tickets: Ticket[] }>;
  /** The ticket with its whole thread (notes included). */
  'tickets:get': WithAck<z.input<typeof TicketGet>, TicketThread>;
  /** An agent takes a ticket for themself; supervisors and admins may give it to anyone. */
  'tickets:assign': WithAck<z.input<typeof TicketAssign>, { ticket: Ticket }>;
  /** Mails the answer from the brand's care address, threaded; acks once the mail server accepted it. */
  'tickets:answer': WithAck<z.input<typeof TicketAnswer>, { ticket: Ticket; message: TicketMessage }>;
  'tickets:note': WithAck<z.input<typeof TicketNote>, { ticket: Ticket; message: TicketMessage }>;
  'tickets:set-status': WithAck<z.input<typeof TicketSetStatus>, { ticket: Ticket }>;
  'tickets:merge': WithAck<z.input<typeof TicketMerge>, { ticket: Ticket; merged: Ticket }>;
}

export interface TicketsAgentServerEvents {
  'tickets:updated': (payload: { ticket: Ticket }) => void;
  /** A new message on a ticket (mail in or out, note, bounce), to staff who may work it. */
  'tickets:message': (payload: { ticket: Ticket; message: TicketMessage }) => void;
}
