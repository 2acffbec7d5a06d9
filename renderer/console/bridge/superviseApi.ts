// Supervisors live and canned replies over the agent socket (issue 3, docs/PROTOCOL.md "Supervisors
// live", "Private notes and whispers", "Canned replies"): typed calls that turn the hub's acks into
// values or DeskErrors, and the pushes the live view follows. The socket stays owned by the AgentLink.
import type { Ack } from '../../../shared/protocol/errors';
import type { Transcript } from '../../../shared/protocol/events';
import type { CannedReply, CannedSave, Note, SuperviseSnapshot } from '../../../shared/protocol/routing';
import type { Conversation, Message } from '../../../shared/protocol/schemas';
import { newClientId } from '../../../shared/delivery/outbox';
import { unwrap } from '../../common/ack';
import type { AgentSocket } from './types';
import { tr } from '../../common/i18n';

export interface SuperviseApi {
  /** Also subscribes this socket to supervise:updated. */
  snapshot(): Promise<SuperviseSnapshot>;
  /** Read-only: the chat stays with its agent; the socket follows its messages from now on. */
  open(conversationId: string): Promise<Transcript & { notes: Note[] }>;
  /** A private note to the chat's agent; from a supervisor or admin the hub makes it a whisper. */
  whisper(conversationId: string, body: string, clientId?: string): Promise<Note>;
  reassign(conversationId: string, toAgentId: string, note?: string): Promise<Conversation>;
  cannedList(query?: string): Promise<CannedReply[]>;
  cannedSave(reply: CannedSave): Promise<CannedReply>;
  cannedDelete(id: string): Promise<void>;
  /** Each handler returns an unsubscribe. */
  onUpdated(handler: (snapshot: SuperviseSnapshot) => void): () => void;
  onMessage(handler: (message: Message) => void): () => void;
  onConversation(handler: (conversation: Conversation) => void): () => void;
  onNote(handler: (note: Note) => void): () => void;
  onCanned(handler: (change: { reply: CannedReply | null; deletedId: string | null }) => void): () => void;
  /** Each (re)connect: the subscription and the rooms are gone with the old socket, so ask again. */
  onConnected(handler: () => void): () => void;
}

export function superviseApi(socket: AgentSocket): SuperviseApi {
  // Fail fast while disconnected: socket.io would buffer the call and send it again on reconnect.
  const ask = async <T>(run: () => Promise<Ack<T>>): Promise<T> => {
    if (!socket.connected) throw new Error(tr('connection.offline'));
    return unwrap(await run());
  };

  return {
    snapshot: () => ask(() => socket.emitWithAck('supervise:snapshot', {})),
    open: (conversationId) => ask(() => socket.emitWithAck('supervise:open', { conversationId })),
    whisper: async (conversationId, body, clientId = newClientId()) =>
      (await ask(() => socket.emitWithAck('chat:note', { conversationId, clientId, body }))).note,
    reassign: async (conversationId, toAgentId, note) =>
      (await ask(() => socket.emitWithAck('supervise:reassign', { conversationId, toAgentId, ...(note ? { note } : {}) }))).conversation,
    cannedList: async (query) => (await ask(() => socket.emitWithAck('canned:list', query ? { query } : {}))).replies,
    cannedSave: async (reply) => (await ask(() => socket.emitWithAck('canned:save', reply))).reply,
    cannedDelete: async (id) => {
      await ask(() => socket.emitWithAck('canned:delete', { id }));
    },
    onUpdated(handler) {
      socket.on('supervise:updated', handler);
      return () => socket.off('supervise:updated', handler);
    },
    onMessage(handler) {
      socket.on('message:new', handler);
      return () => socket.off('message:new', handler);
    },
    onConversation(handler) {
      socket.on('conversation:updated', handler);
      return () => socket.off('conversation:updated', handler);
    },
    onNote(handler) {
      socket.on('note:new', handler);
      return () => socket.off('note:new', handler);
    },
    onCanned(handler) {
      socket.on('canned:updated', handler);
      return () => socket.off('canned:updated', handler);
    },
    onConnected(handler) {
      socket.on('connect', handler);
      return () => socket.off('connect', handler);
    },
  };
}
