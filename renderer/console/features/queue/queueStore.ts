// The agent's queue as the hub last sent it: every waiting conversation, and the active ones
// assigned to this agent, with how many customer messages each holds unread.
import { create } from 'zustand';
import type { QueuePreview } from '../../../../shared/protocol/routing';
import type { Conversation, Message } from '../../../../shared/protocol/schemas';
import { keepOnly, markRead, messageArrived, NO_UNREAD, type Unread } from './unread';

interface QueueState {
  conversations: Conversation[];
  loaded: boolean;
  unread: Unread;
  /** What each listed chat is about (issue 9): from the hub with the queue, then kept by message:new. */
  previews: Record<string, QueuePreview>;
  setQueue(conversations: Conversation[], previews?: QueuePreview[]): void;
  /** A conversation:updated between two queue refreshes. */
  patch(conversation: Conversation): void;
  /** A message:new; `selectedId` is the chat on screen, whose messages are read as they come. */
  arrived(message: Message, selectedId: string | null): void;
  markRead(conversationId: string, lastSeq?: number): void;
  /** Gone from this agent's list at once (transferred away), before the hub's next queue. */
  drop(conversationId: string): void;
  reset(): void;
}

const PREVIEW_CHARS = 160;

/** The preview after a message arrived: a newer spoken message becomes the last, the customer's first stays first. */
export function previewAfter(p: QueuePreview | undefined, m: Message): QueuePreview | undefined {
  if (m.author.kind === 'system') return p;
  const base = p ?? { conversationId: m.conversationId, first: null, last: null };
  if (base.last && base.last.createdAt > m.createdAt) return base;
  const body = m.body.slice(0, PREVIEW_CHARS);
  return { ...base, first: base.first ?? (m.author.kind === 'customer' ? body : null), last: { body, authorKind: m.author.kind, createdAt: m.createdAt } };
}

export const useQueue = create<QueueState>()((set) => ({
  conversations: [],
  loaded: false,
  unread: NO_UNREAD,
  previews: {},
  setQueue: (conversations, previews) =>
    set((s) => ({
      conversations,
      loaded: true,
      unread: keepOnly(s.unread, new Set(conversations.map((c) => c.id))),
      previews: previews ? Object.fromEntries(previews.map((p) => [p.conversationId, p])) : s.previews,
    })),
  patch: (c) =>
    set((s) => ({
      conversations:
        c.status === 'ended' ? s.conversations.filter((x) => x.id !== c.id) : s.conversations.map((x) => (x.id === c.id ? c : x)),
    })),
  arrived: (m, selectedId) =>
    set((s) => {
      const preview = previewAfter(s.previews[m.conversationId], m);
      return { unread: messageArrived(s.unread, m, selectedId), previews: preview ? { ...s.previews, [m.conversationId]: preview } : s.previews };
    }),
  markRead: (conversationId, lastSeq) => set((s) => ({ unread: markRead(s.unread, conversationId, lastSeq) })),
  drop: (conversationId) =>
    set((s) => ({ conversations: s.conversations.filter((x) => x.id !== conversationId), unread: markRead(s.unread, conversationId) })),
  reset: () => set({ conversations: [], loaded: false, unread: NO_UNREAD, previews: {} }),
}));

export function splitQueue(conversations: Conversation[]): { waiting: Conversation[]; active: Conversation[] } {
  // The hub sends them oldest first: the longest wait is at the top.
  return {
    waiting: conversations.filter((c) => c.status === 'waiting'),
    active: conversations.filter((c) => c.status === 'active'),
  };
}

/** The order the queue is shown in, which is also the order Alt+↓ / Alt+↑ walk. */
export function navOrder(conversations: Conversation[]): Conversation[] {
  const { waiting, active } = splitQueue(conversations);
  return [...waiting, ...active];
}
