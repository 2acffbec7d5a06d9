// The agent's queue as the hub last sent it: every waiting conversation, and the active ones
// assigned to this agent.
import { create } from 'zustand';
import type { Conversation } from '../../../../shared/protocol/schemas';

interface QueueState {
  conversations: Conversation[];
  loaded: boolean;
  setQueue(conversations: Conversation[]): void;
  /** A conversation:updated between two queue refreshes. */
  patch(conversation: Conversation): void;
  reset(): void;
}

export const useQueue = create<QueueState>()((set) => ({
  conversations: [],
  loaded: false,
  setQueue: (conversations) => set({ conversations, loaded: true }),
  patch: (c) =>
    set((s) => ({
      conversations:
        c.status === 'ended' ? s.conversations.filter((x) => x.id !== c.id) : s.conversations.map((x) => (x.id === c.id ? c : x)),
    })),
  reset: () => set({ conversations: [], loaded: false }),
}));

export function splitQueue(conversations: Conversation[]): { waiting: Conversation[]; active: Conversation[] } {
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
