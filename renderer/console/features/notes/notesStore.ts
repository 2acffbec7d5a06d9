// Private notes of the chats on this console: the agent's own notes, supervisors' whispers and
// transfer notes. Never sent to the customer (the hub keeps them apart from messages).
import { create } from 'zustand';
import { newClientId } from '../../../../shared/delivery/outbox';
import type { Note } from '../../../../shared/protocol/routing';
import { errorMessage } from '../../../common/ack';
import type { RoutingApi } from '../../bridge/routingApi';
import { getLink } from '../../desk/linkRef';
import { tr } from '../../../common/i18n';

interface NotesState {
  byConversation: Record<string, Note[]>;
  loaded: Record<string, boolean>;
  error: Record<string, string>;
  saving: Record<string, boolean>;

  attach(api: RoutingApi): () => void;
  load(conversationId: string): Promise<void>;
  /** Resolves true once the hub stored the note. */
  add(conversationId: string, body: string): Promise<boolean>;
  received(note: Note): void;
  clearError(conversationId: string): void;
  reset(): void;
}

/** Adds notes by id, oldest first, so a push and an ack of the same note make one. */
export function mergeNotes(list: Note[], more: Note[]): Note[] {
  const byId = new Map(list.map((n) => [n.id, n]));
  for (const n of more) byId.set(n.id, n);
  return [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

export const useNotes = create<NotesState>()((set, get) => {
  const put = (conversationId: string, notes: Note[]) =>
    set((s) => ({ byConversation: { ...s.byConversation, [conversationId]: mergeNotes(s.byConversation[conversationId] ?? [], notes) } }));
  // One clientId per draft: a retry after a lost ack is stored once.
  const drafts = new Map<string, { body: string; clientId: string }>();

  return {
    byConversation: {},
    loaded: {},
    error: {},
    saving: {},

    attach(api) {
      const offs = [
        api.onNote((note) => get().received(note)),
        // Notes pushed while the link was down are lost: reload those of the chats on screen.
        api.onConnected(() => {
          for (const id of Object.keys(get().loaded)) void get().load(id);
        }),
      ];
      return () => offs.forEach((off) => off());
    },

    async load(conversationId) {
      try {
        put(conversationId, await getLink().routing.notes(conversationId));
        set((s) => ({ loaded: { ...s.loaded, [conversationId]: true }, error: without(s.error, conversationId) }));
      } catch (e) {
        set((s) => ({ error: { ...s.error, [conversationId]: tr('notes.loadFailed', { error: errorMessage(e) }) } }));
      }
    },

    async add(conversationId, body) {
      const before = drafts.get(conversationId);
      const draft = before && before.body === body ? before : { body, clientId: newClientId() };
      drafts.set(conversationId, draft);
      set((s) => ({ saving: { ...s.saving, [conversationId]: true }, error: without(s.error, conversationId) }));
      try {
        put(conversationId, [await getLink().routing.addNote(conversationId, body, draft.clientId)]);
        drafts.delete(conversationId);
        return true;
      } catch (e) {
        set((s) => ({ error: { ...s.error, [conversationId]: tr('notes.saveFailed', { error: errorMessage(e) }) } }));
        return false;
      } finally {
        set((s) => ({ saving: without(s.saving, conversationId) }));
      }
    },

    received: (note) => put(note.conversationId, [note]),
    clearError: (conversationId) => set((s) => ({ error: without(s.error, conversationId) })),
    reset: () => set({ byConversation: {}, loaded: {}, error: {}, saving: {} }),
  };
});
