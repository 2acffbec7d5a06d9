// Cases and orders over the agent socket (issue 5, docs/PROTOCOL.md "Cases and orders"): typed
// calls that turn the hub's acks into values or DeskErrors, and the hub's case:updated pushes.
// The socket itself stays owned by the AgentLink; this only speaks the case events on it.
import type { CaseDetail, CaseListQuery, CaseSummary, CaseTransition, LabelDecision, OpenClaim, OpenRma, OrderView } from '../../../shared/protocol/cases';
import type { Ack } from '../../../shared/protocol/errors';
import { unwrap } from '../../common/ack';
import type { AgentSocket } from './types';
import { tr } from '../../common/i18n';

export interface CasesApi {
  list(query: CaseListQuery): Promise<CaseSummary[]>;
  get(caseId: string): Promise<CaseDetail>;
  openRma(request: OpenRma): Promise<CaseDetail>;
  openClaim(request: OpenClaim): Promise<CaseDetail>;
  /** One workflow step; a refusal (conflict, forbidden) is thrown and changed nothing. */
  transition(step: CaseTransition): Promise<CaseDetail>;
  note(caseId: string, text: string): Promise<CaseDetail>;
  link(caseId: string, conversationId: string): Promise<CaseDetail>;
  searchOrders(query: string, limit?: number): Promise<OrderView[]>;
  order(orderId: string): Promise<{ order: OrderView; cases: CaseSummary[] }>;
  /** A code to the order's email, for the chat's customer to enter in the widget (issue 12). */
  requestOrderCode(conversationId: string, orderId: string): Promise<{ sentTo: string; expiresAt: string }>;
  /** The customer of a chat entered an order's code. Returns an unsubscribe. */
  onOrderProved(handler: (p: { conversationId: string; orderId: string }) => void): () => void;
  /** Every change to any case, pushed to all staff. Returns an unsubscribe. */
  onUpdated(handler: (summary: CaseSummary) => void): () => void;
  /** Each (re)connect: whatever was pushed while the link was down is lost, so reload. */
  onConnected(handler: () => void): () => void;
  /** A supervisor decided on a prepaid label this agent asked for. */
  onLabelDecided(handler: (decision: LabelDecision) => void): () => void;
}

export function casesApi(socket: AgentSocket): CasesApi {
  // Fail fast while disconnected: a buffered step would be sent again on reconnect, maybe twice.
  const ask = async <T>(run: () => Promise<Ack<T>>): Promise<T> => {
    if (!socket.connected) throw new Error(tr('connection.offline'));
    return unwrap(await run());
  };

  return {
    list: async (query) => (await ask(() => socket.emitWithAck('cases:list', query))).cases,
    get: async (caseId) => (await ask(() => socket.emitWithAck('cases:get', { caseId }))).case,
    openRma: async (request) => (await ask(() => socket.emitWithAck('cases:open-rma', request))).case,
    openClaim: async (request) => (await ask(() => socket.emitWithAck('cases:open-claim', request))).case,
    transition: async (step) => (await ask(() => socket.emitWithAck('cases:transition', step))).case,
    note: async (caseId, text) => (await ask(() => socket.emitWithAck('cases:note', { caseId, text }))).case,
    link: async (caseId, conversationId) => (await ask(() => socket.emitWithAck('cases:link', { caseId, conversationId }))).case,
    searchOrders: async (query, limit) => (await ask(() => socket.emitWithAck('orders:search', limit ? { query, limit } : { query }))).orders,
    order: (orderId) => ask(() => socket.emitWithAck('orders:get', { orderId })),
    requestOrderCode: (conversationId, orderId) => ask(() => socket.emitWithAck('orders:request-code', { conversationId, orderId })),
    onOrderProved(handler) {
      socket.on('orders:proved', handler);
      return () => socket.off('orders:proved', handler);
    },
    onUpdated(handler) {
      socket.on('case:updated', handler);
      return () => socket.off('case:updated', handler);
    },
    onConnected(handler) {
      socket.on('connect', handler);
      return () => socket.off('connect', handler);
    },
    onLabelDecided(handler) {
      socket.on('case:label-decided', handler);
      return () => socket.off('case:label-decided', handler);
    },
  };
}
