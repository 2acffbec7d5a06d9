// The conversation on screen and every transcript opened this session.
import { create } from 'zustand';
import type { TypingEvent } from '../../../../shared/protocol/events';
import type { ReadBy, ReadReceipt } from '../../../../shared/protocol/schemas';
import type { ThreadView } from '../../../common/chatDelivery';
import { errorMessage } from '../../../common/ack';
import { TypingSignal } from '../../../common/typingSignal';
import { bridge } from '../../bridge';
import { getLink, maybeLink } from '../../desk/linkRef';
import { transcriptFileName, transcriptText } from './transcriptFile';
import { tr } from '../../../common/i18n';

type Busy = 'opening' | 'accepting' | 'ending';

interface ConversationState {
  selectedId: string | null;
  threads: Record<string, ThreadView>;
  /** Who is typing in each conversation, with when we heard it. */
  typing: Record<string, { name: string; at: number }>;
  busy: Record<string, Busy>;
  /** Chats whose earlier page is on its way (scrolled up to the top of what is loaded). */
  loadingEarlier: Record<string, boolean>;
  error: string | null;
  /** Read marks heard live (`read`) per chat; the thread's conversation has those it was loaded with. */
  reads: Record<string, Record<ReadBy, number>>;
  /** The chat whose ending is being confirmed (the End chat button and Alt+Shift+E ask first). */
  confirmEnd: string | null;

  select(conversationId: string): Promise<void>;
  /** The page before the first message loaded (a long chat opens on its newest page). */
  loadEarlier(conversationId: string): Promise<void>;
  accept(conversationId: string): Promise<void>;
  end(conversationId: string): Promise<void>;
  askEnd(conversationId: string): void;
  cancelEnd(): void;
  send(conversationId: string, body: string): void;
  setOwnTyping(conversationId: string, active: boolean): void;
  dismissFailed(clientId: string): void;
  close(conversationId: string): void;
  saveTranscript(conversationId: string): Promise<void>;
  clearError(): void;

  setThread(conversationId: string, view: ThreadView): void;
  setTyping(event: TypingEvent): void;
  setRead(receipt: ReadReceipt): void;
  reset(): void;
}

// A typing hint whose "stopped" was lost must not linger.
const TYPING_STALE_MS = 6000;
const signals = new Map<string, TypingSignal>();

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

function signalFor(conversationId: string): TypingSignal {
  let s = signals.get(conversationId);
  if (!s) {
    s = new TypingSignal((typing) => maybeLink()?.typing(conversationId, typing));
    signals.set(conversationId, s);
  }
  return s;
}

export const useConversation = create<ConversationState>()((set, get) => {
  const withBusy = async (conversationId: string, busy: Busy, run: () => Promise<void>) => {
    set((s) => ({ busy: { ...s.busy, [conversationId]: busy }, error: null }));
    try {
      await run();
    } catch (e) {
      set({ error: errorMessage(e) });
    } finally {
      set((s) => {
        return { busy: without(s.busy, conversationId) };
      });
    }
  };

  return {
    selectedId: null,
    threads: {},
    typing: {},
    busy: {},
    loadingEarlier: {},
    error: null,
    reads: {},
    confirmEnd: null,

    async loadEarlier(conversationId) {
      if (get().loadingEarlier[conversationId] || !get().threads[conversationId]?.hasEarlier) return;
      set((s) => ({ loadingEarlier: { ...s.loadingEarlier, [conversationId]: true } }));
      try {
        await getLink().openEarlier(conversationId);
      } catch (e) {
        set({ error: tr('conversation.earlierFailed', { error: errorMessage(e) }) });
      } finally {
        set((s) => ({ loadingEarlier: without(s.loadingEarlier, conversationId) }));
      }
    },

    async select(conversationId) {
      if (get().selectedId === conversationId && get().threads[conversationId]) return;
      set({ selectedId: conversationId, error: null });
      if (get().threads[conversationId]) return;
      await withBusy(conversationId, 'opening', () => getLink().open(conversationId));
    },

    accept: (conversationId) => withBusy(conversationId, 'accepting', () => getLink().accept(conversationId)),

    askEnd: (conversationId) => set({ confirmEnd: conversationId }),
    cancelEnd: () => set({ confirmEnd: null }),

    end: (conversationId) =>
      withBusy(conversationId, 'ending', async () => {
        signalFor(conversationId).stop();
        await getLink().end(conversationId);
      }),

    send(conversationId, body) {
      try {
        getLink().send(conversationId, body);
      } catch (e) {
        set({ error: errorMessage(e) });
      }
    },

    setOwnTyping(conversationId, active) {
      const s = signalFor(conversationId);
      if (active) s.input();
      else s.stop();
    },

    dismissFailed: (clientId) => maybeLink()?.dismissFailed(clientId),

    close(conversationId) {
      maybeLink()?.forget(conversationId);
      signals.get(conversationId)?.stop();
      signals.delete(conversationId);
      set((s) => {
        return { threads: without(s.threads, conversationId), selectedId: s.selectedId === conversationId ? null : s.selectedId };
      });
    },

    async saveTranscript(conversationId) {
      if (!get().threads[conversationId]) return;
      try {
        // The file holds the whole chat, also the pages not scrolled to yet.
        const view = await getLink().openWhole(conversationId);
        if (!view) return;
        await bridge.saveFile(transcriptFileName(view), transcriptText(view));
      } catch (e) {
        set({ error: tr('conversation.saveFailed', { error: errorMessage(e) }) });
      }
    },

    clearError: () => set({ error: null }),

    setThread: (conversationId, view) => set((s) => ({ threads: { ...s.threads, [conversationId]: view } })),

    setTyping(e) {
      if (e.author.kind !== 'customer') return;
      set((s) => ({
        typing: e.typing ? { ...s.typing, [e.conversationId]: { name: e.author.name, at: Date.now() } } : without(s.typing, e.conversationId),
      }));
      if (e.typing) {
        setTimeout(() => {
          const t = get().typing[e.conversationId];
          if (t && Date.now() - t.at >= TYPING_STALE_MS) {
            set((s) => ({ typing: without(s.typing, e.conversationId) }));
          }
        }, TYPING_STALE_MS);
      }
    },

    setRead: (r) =>
      set((s) => {
        const now = s.reads[r.conversationId] ?? { customer: 0, agent: 0 };
        if (r.seq <= now[r.by]) return s;
        return { reads: { ...s.reads, [r.conversationId]: { ...now, [r.by]: r.seq } } };
      }),

    reset() {
      for (const s of signals.values()) s.stop();
      signals.clear();
      set({ selectedId: null, threads: {}, typing: {}, busy: {}, loadingEarlier: {}, error: null, reads: {}, confirmEnd: null });
    },
  };
});

/** How far `by` has read the chat: the later of what the thread was loaded with and what was heard live. */
export function readMark(s: Pick<ConversationState, 'threads' | 'reads'>, conversationId: string, by: ReadBy): number {
  const c = s.threads[conversationId]?.conversation;
  const loaded = c ? (by === 'customer' ? c.customerReadSeq : c.agentReadSeq) : 0;
  return Math.max(loaded ?? 0, s.reads[conversationId]?.[by] ?? 0);
}
