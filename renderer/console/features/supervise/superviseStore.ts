// The supervisor's live view: the hub's latest snapshot (queue, agents, active chats), the one chat
// being watched read-only with its messages and private notes as they arrive, whisper and reassign
// with their refusals, and the canned replies kept for the desk. Every call goes through
// getLink().supervise; the socket joins the watched chat's room, so its message:new pushes come here.
import { create } from 'zustand';
import type { CannedReply, CannedSave, Note, SuperviseSnapshot } from '../../../../shared/protocol/routing';
import type { Conversation, Message } from '../../../../shared/protocol/schemas';
import { errorMessage } from '../../../common/ack';
import { tr } from '../../../common/i18n';
import type { SuperviseApi } from '../../bridge/superviseApi';
import { getLink } from '../../desk/linkRef';

export interface Watching {
  conversationId: string;
  conversation: Conversation | null;
  /** Ascending by seq. */
  messages: Message[];
  notes: Note[];
  loading: boolean;
  error: string | null;
}

type Action = 'whisper' | 'reassign';

interface CannedState {
  replies: CannedReply[];
  loaded: boolean;
  error: string | null;
  busy: boolean;
  /** The refusal of the last save or delete, shown by the form. */
  saveError: string | null;
}

interface SuperviseState {
  snapshot: SuperviseSnapshot | null;
  /** Local time the snapshot arrived: the longest wait keeps ticking from there between pushes. */
  receivedAt: number;
  error: string | null;
  watching: Watching | null;
  busy: Action | null;
  actionError: { action: Action; message: string } | null;
  canned: CannedState;
  announcement: { text: string; n: number };

  /** Loads the snapshot and subscribes to the hub's pushes (the Live view is open). */
  follow(): Promise<void>;
  unfollow(): void;
  watch(conversationId: string): Promise<void>;
  stopWatching(): void;
  whisper(body: string): Promise<boolean>;
  reassign(toAgentId: string, note: string): Promise<boolean>;
  loadCanned(): Promise<void>;
  saveCanned(reply: CannedSave): Promise<boolean>;
  deleteCanned(id: string): Promise<boolean>;
  clearActionError(): void;
  attach(api: SuperviseApi): () => void;
  reset(): void;
}

const api = (): SuperviseApi => getLink().supervise;

const NO_CANNED: CannedState = { replies: [], loaded: false, error: null, busy: false, saveError: null };

const bySeq = (messages: Message[]) => [...messages].sort((a, b) => a.seq - b.seq);

const sortCanned = (replies: CannedReply[]) => [...replies].sort((a, b) => a.shortcut.localeCompare(b.shortcut));

// Whether the Live view is open: pushes after a reconnect are asked for again only then.
let following = false;
let watchRun = 0;

export const useSupervise = create<SuperviseState>()((set, get) => {
  const announce = (text: string) => set((s) => ({ announcement: { text, n: s.announcement.n + 1 } }));
  const setSnapshot = (snapshot: SuperviseSnapshot) => set({ snapshot, receivedAt: Date.now(), error: null });
  const patchWatching = (conversationId: string, patch: (w: Watching) => Partial<Watching>) =>
    set((s) => (s.watching?.conversationId === conversationId ? { watching: { ...s.watching, ...patch(s.watching) } } : {}));

  function messageArrived(m: Message): void {
    patchWatching(m.conversationId, (w) => (w.messages.some((x) => x.seq === m.seq) ? {} : { messages: bySeq([...w.messages, m]) }));
  }

  function noteArrived(n: Note): void {
    patchWatching(n.conversationId, (w) => (w.notes.some((x) => x.id === n.id) ? {} : { notes: [...w.notes, n] }));
  }

  function cannedChanged({ reply, deletedId }: { reply: CannedReply | null; deletedId: string | null }): void {
    set((s) => {
      let replies = s.canned.replies;
      if (deletedId) replies = replies.filter((r) => r.id !== deletedId);
      if (reply) replies = sortCanned([...replies.filter((r) => r.id !== reply.id), reply]);
      return { canned: { ...s.canned, replies } };
    });
  }

  return {
    snapshot: null,
    receivedAt: 0,
    error: null,
    watching: null,
    busy: null,
    actionError: null,
    canned: NO_CANNED,
    announcement: { text: '', n: 0 },

    async follow() {
      following = true;
      try {
        setSnapshot(await api().snapshot());
      } catch (e) {
        set({ error: errorMessage(e) });
      }
    },

    unfollow() {
      // The hub keeps pushing to this socket until it reconnects; the pushes just refresh the numbers.
      following = false;
    },

    async watch(conversationId) {
      const run = ++watchRun;
      set({ watching: { conversationId, conversation: null, messages: [], notes: [], loading: true, error: null }, actionError: null });
      try {
        const t = await api().open(conversationId);
        if (run !== watchRun) return;
        // Messages pushed while the open was on its way are kept: merge rather than replace.
        patchWatching(conversationId, (w) => ({
          conversation: t.conversation,
          messages: bySeq([...t.messages, ...w.messages.filter((m) => !t.messages.some((x) => x.seq === m.seq))]),
          notes: [...t.notes, ...w.notes.filter((n) => !t.notes.some((x) => x.id === n.id))],
          loading: false,
        }));
      } catch (e) {
        if (run !== watchRun) return;
        patchWatching(conversationId, () => ({ loading: false, error: errorMessage(e) }));
      }
    },

    stopWatching() {
      watchRun++;
      set({ watching: null, actionError: null });
    },

    async whisper(body) {
      const w = get().watching;
      if (!w || get().busy) return false;
      set({ busy: 'whisper', actionError: null });
      try {
        noteArrived(await api().whisper(w.conversationId, body));
        set({ busy: null });
        const agent = w.conversation?.assignedAgent?.name;
        announce(agent ? tr('supervise.announce.whisper', { name: agent }) : tr('supervise.announce.whisperAgent'));
        return true;
      } catch (e) {
        set({ busy: null, actionError: { action: 'whisper', message: errorMessage(e) } });
        return false;
      }
    },

    async reassign(toAgentId, note) {
      const w = get().watching;
      if (!w || get().busy) return false;
      set({ busy: 'reassign', actionError: null });
      try {
        const conversation = await api().reassign(w.conversationId, toAgentId, note.trim() || undefined);
        patchWatching(w.conversationId, () => ({ conversation }));
        set({ busy: null });
        const to = conversation.assignedAgent?.name;
        announce(
          to
            ? tr('supervise.announce.reassigned', { customer: conversation.customer.name, name: to })
            : tr('supervise.announce.reassignedOther', { customer: conversation.customer.name }),
        );
        return true;
      } catch (e) {
        set({ busy: null, actionError: { action: 'reassign', message: errorMessage(e) } });
        return false;
      }
    },

    async loadCanned() {
      set((s) => ({ canned: { ...s.canned, error: null } }));
      try {
        const replies = await api().cannedList();
        set((s) => ({ canned: { ...s.canned, replies: sortCanned(replies), loaded: true } }));
      } catch (e) {
        set((s) => ({ canned: { ...s.canned, error: errorMessage(e) } }));
      }
    },

    async saveCanned(reply) {
      if (get().canned.busy) return false;
      set((s) => ({ canned: { ...s.canned, busy: true, saveError: null } }));
      try {
        const saved = await api().cannedSave(reply);
        cannedChanged({ reply: saved, deletedId: null });
        set((s) => ({ canned: { ...s.canned, busy: false } }));
        announce(tr('canned.announce.saved', { shortcut: saved.shortcut }));
        return true;
      } catch (e) {
        set((s) => ({ canned: { ...s.canned, busy: false, saveError: errorMessage(e) } }));
        return false;
      }
    },

    async deleteCanned(id) {
      if (get().canned.busy) return false;
      const gone = get().canned.replies.find((r) => r.id === id);
      set((s) => ({ canned: { ...s.canned, busy: true, saveError: null } }));
      try {
        await api().cannedDelete(id);
        cannedChanged({ reply: null, deletedId: id });
        set((s) => ({ canned: { ...s.canned, busy: false } }));
        announce(gone ? tr('canned.announce.deleted', { shortcut: gone.shortcut }) : tr('canned.announce.deletedOne'));
        return true;
      } catch (e) {
        set((s) => ({ canned: { ...s.canned, busy: false, saveError: errorMessage(e) } }));
        return false;
      }
    },

    clearActionError: () => set({ actionError: null }),

    attach(supervise) {
      const offs = [
        supervise.onUpdated(setSnapshot),
        supervise.onMessage(messageArrived),
        supervise.onNote(noteArrived),
        supervise.onConversation((c) => patchWatching(c.id, () => ({ conversation: c }))),
        supervise.onCanned(cannedChanged),
        supervise.onConnected(() => {
          // A new socket has neither the subscription nor the watched chat's room: ask again.
          if (!following) return;
          void get().follow();
          const w = get().watching;
          if (w) void get().watch(w.conversationId);
        }),
      ];
      return () => offs.forEach((off) => off());
    },

    reset() {
      following = false;
      watchRun++;
      set({ snapshot: null, receivedAt: 0, error: null, watching: null, busy: null, actionError: null, canned: NO_CANNED, announcement: { text: '', n: 0 } });
    },
  };
});
