// Offline tickets over the agent socket (issue 3, docs/PROTOCOL.md "Offline tickets"): typed calls
// that turn the hub's acks into values or DeskErrors, and the hub's tickets:updated pushes.
import type { Ack } from '../../../shared/protocol/errors';
import type { Ticket, TicketStatus } from '../../../shared/protocol/routing';
import { unwrap } from '../../common/ack';
import type { AgentSocket } from './types';

export interface TicketsApi {
  list(status?: TicketStatus, limit?: number): Promise<Ticket[]>;
  /** To oneself without `agentId`; to someone else is for supervisors and admins. */
  assign(ticketId: string, agentId?: string): Promise<Ticket>;
  /** Resolves once the mail server accepted the answer; a mail failure is a `conflict` with the reason. */
  answer(ticketId: string, body: string): Promise<Ticket>;
  /** Every change to any ticket, pushed to all staff. Returns an unsubscribe. */
  onUpdated(handler: (ticket: Ticket) => void): () => void;
  /** Each (re)connect: pushes missed while the link was down are lost, so reload. */
  onConnected(handler: () => void): () => void;
}

const ANSWER_TIMEOUT_MS = 60_000;

export function ticketsApi(socket: AgentSocket): TicketsApi {
  const ask = async <T>(run: () => Promise<Ack<T>>): Promise<T> => {
    if (!socket.connected) throw new Error('Not connected to the desk.');
    return unwrap(await run());
  };

  return {
    list: async (status, limit) => (await ask(() => socket.emitWithAck('tickets:list', { ...(status ? { status } : {}), ...(limit ? { limit } : {}) }))).tickets,
    assign: async (ticketId, agentId) => (await ask(() => socket.emitWithAck('tickets:assign', agentId ? { ticketId, agentId } : { ticketId }))).ticket,
    // The hub acks only after the mail server answered, which can take longer than a plain ack.
    // (socket.io's typings lose the reply type through timeout(); it is the same event.)
    answer: async (ticketId, body) =>
      (await ask(() => socket.timeout(ANSWER_TIMEOUT_MS).emitWithAck('tickets:answer', { ticketId, body }) as Promise<Ack<{ ticket: Ticket }>>)).ticket,
    onUpdated(handler) {
      const h = ({ ticket }: { ticket: Ticket }) => handler(ticket);
      socket.on('tickets:updated', h);
      return () => socket.off('tickets:updated', h);
    },
    onConnected(handler) {
      socket.on('connect', handler);
      return () => socket.off('connect', handler);
    },
  };
}
