// Tickets over the agent socket (issues 3 and 10, docs/PROTOCOL.md "Tickets"): typed calls that
// turn the hub's acks into values or DeskErrors, and the hub's tickets:updated / tickets:message pushes.
import type { Ack } from '../../../shared/protocol/errors';
import type { Ticket, TicketMessage, TicketStatus, TicketThread } from '../../../shared/protocol/tickets';
import { unwrap } from '../../common/ack';
import type { AgentSocket } from './types';
import { tr } from '../../common/i18n';

export interface TicketsApi {
  list(status?: TicketStatus, limit?: number): Promise<Ticket[]>;
  thread(ticketId: string): Promise<TicketThread>;
  /** To oneself without `agentId`; to someone else is for supervisors and admins. */
  assign(ticketId: string, agentId?: string): Promise<Ticket>;
  /** Resolves once the mail server accepted the answer; a mail failure is a `conflict` with the reason. */
  answer(ticketId: string, body: string, clientId: string, status: 'pending' | 'solved'): Promise<{ ticket: Ticket; message: TicketMessage }>;
  note(ticketId: string, body: string, clientId: string): Promise<{ ticket: Ticket; message: TicketMessage }>;
  setStatus(ticketId: string, status: TicketStatus): Promise<Ticket>;
  merge(ticketId: string, intoTicketId: string): Promise<{ ticket: Ticket; merged: Ticket }>;
  /** Every change to a ticket this person may work. Returns an unsubscribe. */
  onUpdated(handler: (ticket: Ticket) => void): () => void;
  onMessage(handler: (ticket: Ticket, message: TicketMessage) => void): () => void;
  /** Each (re)connect: pushes missed while the link was down are lost, so reload. */
  onConnected(handler: () => void): () => void;
}

const ANSWER_TIMEOUT_MS = 60_000;

export function ticketsApi(socket: AgentSocket): TicketsApi {
  const ask = async <T>(run: () => Promise<Ack<T>>): Promise<T> => {
    if (!socket.connected) throw new Error(tr('connection.offline'));
    return unwrap(await run());
  };

  return {
    list: async (status, limit) => (await ask(() => socket.emitWithAck('tickets:list', { ...(status ? { status } : {}), ...(limit ? { limit } : {}) }))).tickets,
    thread: (ticketId) => ask(() => socket.emitWithAck('tickets:get', { ticketId })),
    assign: async (ticketId, agentId) => (await ask(() => socket.emitWithAck('tickets:assign', agentId ? { ticketId, agentId } : { ticketId }))).ticket,
    // The hub acks only after the mail server answered, which can take longer than a plain ack.
    // (socket.io's typings lose the reply type through timeout(); it is the same event.)
    answer: (ticketId, body, clientId, status) =>
      ask(() => socket.timeout(ANSWER_TIMEOUT_MS).emitWithAck('tickets:answer', { ticketId, body, clientId, status }) as Promise<Ack<{ ticket: Ticket; message: TicketMessage }>>),
    note: (ticketId, body, clientId) => ask(() => socket.emitWithAck('tickets:note', { ticketId, body, clientId })),
    setStatus: async (ticketId, status) => (await ask(() => socket.emitWithAck('tickets:set-status', { ticketId, status }))).ticket,
    merge: (ticketId, intoTicketId) => ask(() => socket.emitWithAck('tickets:merge', { ticketId, intoTicketId })),
    onUpdated(handler) {
      const h = ({ ticket }: { ticket: Ticket }) => handler(ticket);
      socket.on('tickets:updated', h);
      return () => socket.off('tickets:updated', h);
    },
    onMessage(handler) {
      const h = ({ ticket, message }: { ticket: Ticket; message: TicketMessage }) => handler(ticket, message);
      socket.on('tickets:message', h);
      return () => socket.off('tickets:message', h);
    },
    onConnected(handler) {
      socket.on('connect', handler);
      return () => socket.off('connect', handler);
    },
  };
}
