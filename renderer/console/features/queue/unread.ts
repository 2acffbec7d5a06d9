// Unread counts per chat: customer messages that arrived while another chat was on screen. Pure,
// so the rules (what counts, what is a repeat, what clears) are tested on their own.
import type { Message } from '../../../../shared/protocol/schemas';

export interface Unread {
  counts: Record<string, number>;
  /** The highest seq already counted or seen per chat: a message replayed after a reconnect is not new. */
  seen: Record<string, number>;
}

export const NO_UNREAD: Unread = { counts: {}, seen: {} };

export function messageArrived(state: Unread, m: Message, selectedId: string | null): Unread {
  const id = m.conversationId;
  if (m.seq <= (state.seen[id] ?? 0)) return state;
  const seen = { ...state.seen, [id]: m.seq };
  // Only what the customer wrote waits for the agent; their own replies and hub notices do not.
  if (id === selectedId || m.author.kind !== 'customer') return { counts: state.counts, seen };
  return { counts: { ...state.counts, [id]: (state.counts[id] ?? 0) + 1 }, seen };
}

export function markRead(state: Unread, conversationId: string, lastSeq?: number): Unread {
  const seen = lastSeq !== undefined && lastSeq > (state.seen[conversationId] ?? 0) ? { ...state.seen, [conversationId]: lastSeq } : state.seen;
  if (!(conversationId in state.counts) && seen === state.seen) return state;
  const counts = { ...state.counts };
  delete counts[conversationId];
  return { counts, seen };
}

/** Chats that left this agent's list (ended, transferred) keep no count. */
export function keepOnly(state: Unread, ids: Set<string>): Unread {
  const stale = Object.keys(state.counts).filter((id) => !ids.has(id));
  if (stale.length === 0) return state;
  const counts = { ...state.counts };
  for (const id of stale) delete counts[id];
  return { counts, seen: state.seen };
}
