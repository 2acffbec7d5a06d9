// The customer beside a chat: their earlier conversations (transcript search by their customer
// record: a verified customer's chats under their email, a guest's only from their own widget
// session — issue 12), and a peek into one of them.
import { create } from 'zustand';
import type { Message } from '../../../../shared/protocol/schemas';
import type { TranscriptSearchResult } from '../../../../shared/protocol/transcripts';
import { errorMessage } from '../../../common/ack';
import { getLink } from '../../desk/linkRef';

export interface History {
  loading: boolean;
  error: string | null;
  /** Newest first, without the chat on screen. */
  past: TranscriptSearchResult[];
  total: number;
}

export interface Peek {
  loading: boolean;
  error: string | null;
  messages: Message[];
}

interface CustomerState {
  /** By conversation on screen. */
  history: Record<string, History>;
  peeks: Record<string, Peek>;
  loadHistory(conversationId: string, customerId: string): Promise<void>;
  peek(conversationId: string): Promise<void>;
  reset(): void;
}

/** The last messages of a past chat are enough to recall what it was about. */
const PEEK_MESSAGES = 20;

export const useCustomer = create<CustomerState>()((set, get) => ({
  history: {},
  peeks: {},

  async loadHistory(conversationId, customerId) {
    set((s) => ({ history: { ...s.history, [conversationId]: { past: s.history[conversationId]?.past ?? [], total: 0, loading: true, error: null } } }));
    try {
      const page = await getLink().transcripts.search('', { customerId }, 1);
      const past = page.results.filter((r) => r.conversationId !== conversationId);
      const total = Math.max(0, page.total - (past.length < page.results.length ? 1 : 0));
      set((s) => ({ history: { ...s.history, [conversationId]: { past, total, loading: false, error: null } } }));
    } catch (e) {
      set((s) => ({ history: { ...s.history, [conversationId]: { past: [], total: 0, loading: false, error: errorMessage(e) } } }));
    }
  },

  async peek(conversationId) {
    if (get().peeks[conversationId]?.messages.length) return;
    set((s) => ({ peeks: { ...s.peeks, [conversationId]: { loading: true, error: null, messages: [] } } }));
    try {
      const page = await getLink().transcripts.get(conversationId, undefined, PEEK_MESSAGES);
      set((s) => ({ peeks: { ...s.peeks, [conversationId]: { loading: false, error: null, messages: page.messages } } }));
    } catch (e) {
      set((s) => ({ peeks: { ...s.peeks, [conversationId]: { loading: false, error: errorMessage(e), messages: [] } } }));
    }
  },

  reset: () => set({ history: {}, peeks: {} }),
}));
