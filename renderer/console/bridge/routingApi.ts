// Routing, private notes and canned replies over the agent socket (issue 3, docs/PROTOCOL.md
// "Routing, brands and supervisors"): typed calls that turn the hub's acks into values or
// DeskErrors, and the hub's pushes. The socket stays owned by the AgentLink.
import { newClientId } from '../../../shared/delivery/outbox';
import type { Ack } from '../../../shared/protocol/errors';
import type { AgentsDirectory, CannedReply, MyStatus, Note, Offer } from '../../../shared/protocol/routing';
import type { Conversation } from '../../../shared/protocol/schemas';
import { unwrap } from '../../common/ack';
import type { AgentSocket } from './types';
import { tr } from '../../common/i18n';

export type WithdrawReason = 'lapsed' | 'taken' | 'ended' | 'unavailable';

export type TransferTarget = { toAgentId: string } | { toBrandId: string };

export interface RoutingApi {
  status(): Promise<MyStatus>;
  setStatus(status: 'available' | 'away'): Promise<MyStatus>;
  /** Admins: limit someone to these brands (none: every brand); the hub answers with what it stored. */
  setBrands(userId: string, brands: string[]): Promise<string[] | null>;
  /** Who may take a transfer of this chat, and the brands whose queues it may go to. */
  directory(conversationId?: string): Promise<AgentsDirectory>;
  transfer(conversationId: string, target: TransferTarget, note: string): Promise<Conversation>;
  notes(conversationId: string): Promise<Note[]>;
  /** A resend with the same clientId is stored once. */
  addNote(conversationId: string, body: string, clientId?: string): Promise<Note>;
  canned(): Promise<CannedReply[]>;
  onStatus(handler: (status: MyStatus) => void): () => void;
  onOffered(handler: (offer: Offer) => void): () => void;
  onOfferWithdrawn(handler: (conversationId: string, reason: WithdrawReason) => void): () => void;
  onAssigned(handler: (conversation: Conversation, note: Note | null) => void): () => void;
  onNote(handler: (note: Note) => void): () => void;
  onCanned(handler: (reply: CannedReply | null, deletedId: string | null) => void): () => void;
  /** Each (re)connect: status, offers and canned replies pushed meanwhile are lost, so reload. */
  onConnected(handler: () => void): () => void;
  onDisconnected(handler: () => void): () => void;
}

export function routingApi(socket: AgentSocket): RoutingApi {
  // Fail fast while disconnected rather than have socket.io buffer and resend on reconnect.
  const ask = async <T>(run: () => Promise<Ack<T>>): Promise<T> => {
    if (!socket.connected) throw new Error(tr('connection.offline'));
    return unwrap(await run());
  };

  return {
    status: () => ask(() => socket.emitWithAck('agent:status', {})),
    setStatus: (status) => ask(() => socket.emitWithAck('agent:set-status', { status })),
    setBrands: async (userId, brands) => (await ask(() => socket.emitWithAck('routing:set-brands', { userId, brands }))).brands,
    directory: (conversationId) => ask(() => socket.emitWithAck('agents:list', conversationId ? { conversationId } : {})),
    transfer: async (conversationId, target, note) => (await ask(() => socket.emitWithAck('conversation:transfer', { conversationId, ...target, note }))).conversation,
    notes: async (conversationId) => (await ask(() => socket.emitWithAck('chat:notes', { conversationId }))).notes,
    addNote: async (conversationId, body, clientId = newClientId()) => (await ask(() => socket.emitWithAck('chat:note', { conversationId, clientId, body }))).note,
    canned: async () => (await ask(() => socket.emitWithAck('canned:list', {}))).replies,
    onStatus(handler) {
      socket.on('agent:status-updated', handler);
      return () => socket.off('agent:status-updated', handler);
    },
    onOffered(handler) {
      socket.on('conversation:offered', handler);
      return () => socket.off('conversation:offered', handler);
    },
    onOfferWithdrawn(handler) {
      const h = (p: { conversationId: string; reason: WithdrawReason }) => handler(p.conversationId, p.reason);
      socket.on('conversation:offer-withdrawn', h);
      return () => socket.off('conversation:offer-withdrawn', h);
    },
    onAssigned(handler) {
      const h = (p: { conversation: Conversation; note: Note | null }) => handler(p.conversation, p.note);
      socket.on('conversation:assigned', h);
      return () => socket.off('conversation:assigned', h);
    },
    onNote(handler) {
      socket.on('note:new', handler);
      return () => socket.off('note:new', handler);
    },
    onCanned(handler) {
      const h = (p: { reply: CannedReply | null; deletedId: string | null }) => handler(p.reply, p.deletedId);
      socket.on('canned:updated', h);
      return () => socket.off('canned:updated', h);
    },
    onConnected(handler) {
      socket.on('connect', handler);
      return () => socket.off('connect', handler);
    },
    onDisconnected(handler) {
      socket.on('disconnect', handler);
      return () => socket.off('disconnect', handler);
    },
  };
}
