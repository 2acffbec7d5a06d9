// Transcripts in the console: the search (query, filters, page, results), the transcript open in
// the viewer (its meta and the pages of messages loaded so far, oldest first), and its email copies
// with their delivery as the hub pushes it. Every call goes through getLink().transcripts; nothing
// here changes a transcript until the hub says it changed.
import { create } from 'zustand';
import type { Note } from '../../../../shared/protocol/routing';
import type { Message } from '../../../../shared/protocol/schemas';
import type {
  EmailCopy,
  ExportFormat,
  TranscriptFilters,
  TranscriptMeta,
  TranscriptPhoto,
  TranscriptSearchResult,
} from '../../../../shared/protocol/transcripts';
import { normalizeTag } from '../../../../shared/protocol/transcripts';
import { errorMessage } from '../../../common/ack';
import { tr, type MessageKey } from '../../../common/i18n';
import { HISTORY_PAGE } from '../../../common/historyPage';
import { bridge } from '../../bridge';
import type { TranscriptsApi } from '../../bridge/transcriptsApi';
import { getLink } from '../../desk/linkRef';

/** The filter form as typed: strings, turned into TranscriptFilters only when searching. */
export interface FilterForm {
  brandId: string;
  agentId: string;
  /** yyyy-mm-dd, the reader's local days. */
  from: string;
  to: string;
  customerEmail: string;
  tag: string;
  hasCase: '' | 'yes' | 'no';
}

export const EMPTY_FILTERS: FilterForm = { brandId: '', agentId: '', from: '', to: '', customerEmail: '', tag: '', hasCase: '' };

export interface SearchState {
  query: string;
  filters: FilterForm;
  page: number;
  status: 'idle' | 'loading' | 'done' | 'error';
  error: string | null;
  results: TranscriptSearchResult[];
  total: number;
  pageSize: number;
  /** The words matched more messages than the hub ranks: results are from the newest of them. */
  capped: boolean;
}

export type ViewerAction = 'tag' | 'untag' | 'comment' | 'hold' | 'release' | 'copy' | 'retry' | 'export';

export interface ViewerState {
  conversationId: string;
  meta: TranscriptMeta | null;
  /** Ascending by seq: the pages loaded so far, from the end backwards. */
  messages: Message[];
  hasMore: boolean;
  /** Private notes, whispers and handover notes, and claim photos: staff-only, marked as such. */
  notes: Note[];
  photos: TranscriptPhoto[];
  /** The search hit the viewer opened at (its seq), or null: opened at the end. */
  focusSeq: number | null;
  loading: boolean;
  loadingOlder: boolean;
  error: string | null;
  copies: EmailCopy[];
  copiesError: string | null;
  busy: ViewerAction | null;
  actionError: { action: ViewerAction; message: string } | null;
}

interface TranscriptsState {
  search: SearchState;
  /** Agents and brands seen in results: the hub has no directory a supervisor may list, so the filters offer these. */
  agents: Record<string, string>;
  brands: string[];
  viewer: ViewerState | null;
  /** Tags in use on the desk, most used first: suggestions in the tag fields. */
  tagSuggestions: string[];
  /** What just happened, for the live region; `n` makes a repeat announce again. */
  announcement: { text: string; n: number };

  setQuery(query: string): void;
  setFilters(patch: Partial<FilterForm>): void;
  clearFilters(): void;
  runSearch(page?: number): Promise<void>;
  /** Opens a transcript, at the message `atSeq` (a search hit) when given, else at its end. */
  open(conversationId: string, atSeq?: number | null): Promise<void>;
  loadTagSuggestions(): Promise<void>;
  close(): void;
  loadOlder(): Promise<void>;
  tag(tag: string): Promise<boolean>;
  untag(tag: string): Promise<boolean>;
  comment(body: string): Promise<boolean>;
  hold(reason: string): Promise<boolean>;
  release(): Promise<boolean>;
  sendCopy(to?: string, reason?: string): Promise<boolean>;
  retryCopy(copyId: string): Promise<void>;
  exportAs(format: ExportFormat): Promise<void>;
  copyUpdated(copy: EmailCopy): void;
  clearActionError(): void;
  attach(api: TranscriptsApi): () => void;
  reset(): void;
}

const api = (): TranscriptsApi => getLink().transcripts;

const INITIAL_SEARCH: SearchState = { query: '', filters: EMPTY_FILTERS, page: 1, status: 'idle', error: null, results: [], total: 0, pageSize: 0, capped: false };

/** Local calendar days to the instants the hub compares with the conversations' start. */
export function toFilters(f: FilterForm): TranscriptFilters {
  const out: TranscriptFilters = {};
  if (f.brandId) out.brandId = f.brandId;
  if (f.agentId) out.agentId = f.agentId;
  if (f.from) out.from = new Date(`${f.from}T00:00:00`).toISOString();
  if (f.to) out.to = new Date(`${f.to}T23:59:59.999`).toISOString();
  if (f.customerEmail.trim()) out.customerEmail = f.customerEmail.trim();
  if (f.tag.trim()) out.tag = f.tag.trim();
  if (f.hasCase) out.hasCase = f.hasCase === 'yes';
  return out;
}

const upsertCopy = (copies: EmailCopy[], copy: EmailCopy): EmailCopy[] =>
  copies.some((c) => c.id === copy.id) ? copies.map((c) => (c.id === copy.id ? copy : c)) : [...copies, copy];

const COPY_ANNOUNCEMENT: Record<EmailCopy['status'], MessageKey> = {
  queued: 'transcripts.announce.copyQueued',
  sent: 'transcripts.announce.copySent',
  failed: 'transcripts.announce.copyFailed',
};

// Replies that arrive after the reader moved on (a newer search, another transcript) are dropped.
let searchRun = 0;

export const useTranscripts = create<TranscriptsState>()((set, get) => {
  const announce = (text: string) => set((s) => ({ announcement: { text, n: s.announcement.n + 1 } }));
  const patchViewer = (conversationId: string, patch: Partial<ViewerState>) =>
    set((s) => (s.viewer?.conversationId === conversationId ? { viewer: { ...s.viewer, ...patch } } : {}));

  /** One change to the open transcript; its refusal stays next to the control that asked. */
  async function act(action: ViewerAction, run: (id: string) => Promise<TranscriptMeta>, done: string): Promise<boolean> {
    const v = get().viewer;
    if (!v || v.busy) return false;
    const id = v.conversationId;
    patchViewer(id, { busy: action, actionError: null });
    try {
      const meta = await run(id);
      patchViewer(id, { meta, busy: null });
      // The result row says "on hold" and lists tags too: keep it in step with the viewer.
      set((s) => ({
        search: { ...s.search, results: s.search.results.map((r) => (r.conversationId === id ? { ...r, held: meta.hold !== null, tags: meta.tags } : r)) },
      }));
      announce(done);
      return true;
    } catch (e) {
      patchViewer(id, { busy: null, actionError: { action, message: errorMessage(e) } });
      return false;
    }
  }

  return {
    search: INITIAL_SEARCH,
    agents: {},
    brands: [],
    viewer: null,
    tagSuggestions: [],
    announcement: { text: '', n: 0 },

    async loadTagSuggestions() {
      try {
        const tags = await api().tags();
        set({ tagSuggestions: tags.map((t) => t.tag) });
      } catch {
        // Suggestions are a convenience: typing a tag still works.
      }
    },

    setQuery: (query) => set((s) => ({ search: { ...s.search, query } })),
    setFilters: (patch) => set((s) => ({ search: { ...s.search, filters: { ...s.search.filters, ...patch } } })),
    clearFilters: () => set((s) => ({ search: { ...s.search, filters: EMPTY_FILTERS } })),

    async runSearch(page = 1) {
      const run = ++searchRun;
      const { query, filters } = get().search;
      set((s) => ({ search: { ...s.search, page, status: 'loading', error: null } }));
      try {
        const r = await api().search(query.trim(), toFilters(filters), page);
        if (run !== searchRun) return;
        const agents = { ...get().agents };
        const brands = new Set(get().brands);
        for (const x of r.results) {
          if (x.assignedAgent) agents[x.assignedAgent.id] = x.assignedAgent.name;
          brands.add(x.brandId);
        }
        set((s) => ({
          search: { ...s.search, status: 'done', results: r.results, total: r.total, page: r.page, pageSize: r.pageSize, capped: r.capped },
          agents,
          brands: [...brands].sort(),
        }));
      } catch (e) {
        if (run !== searchRun) return;
        set((s) => ({ search: { ...s.search, status: 'error', error: errorMessage(e) } }));
      }
    },

    async open(conversationId, atSeq = null) {
      set({
        viewer: {
          conversationId,
          meta: null,
          messages: [],
          hasMore: false,
          notes: [],
          photos: [],
          focusSeq: atSeq,
          loading: true,
          loadingOlder: false,
          error: null,
          copies: [],
          copiesError: null,
          busy: null,
          actionError: null,
        },
      });
      try {
        let page = await api().get(conversationId, undefined, HISTORY_PAGE);
        let messages = page.messages;
        // Opened at a hit: pages back until it is loaded, so the viewer can start there.
        while (atSeq !== null && page.hasMore && (messages[0]?.seq ?? 0) > atSeq) {
          page = await api().get(conversationId, messages[0]!.seq, HISTORY_PAGE);
          messages = [...page.messages, ...messages];
          if (get().viewer?.conversationId !== conversationId) return;
        }
        patchViewer(conversationId, { meta: page.meta, messages, hasMore: page.hasMore, notes: page.notes, photos: page.photos, loading: false });
      } catch (e) {
        patchViewer(conversationId, { loading: false, error: errorMessage(e) });
        return;
      }
      try {
        patchViewer(conversationId, { copies: await api().copies(conversationId) });
      } catch (e) {
        patchViewer(conversationId, { copiesError: errorMessage(e) });
      }
    },

    close: () => set({ viewer: null }),

    async loadOlder() {
      const v = get().viewer;
      if (!v || !v.hasMore || v.loadingOlder || v.loading) return;
      const first = v.messages[0];
      if (!first) return;
      const id = v.conversationId;
      patchViewer(id, { loadingOlder: true });
      try {
        const page = await api().get(id, first.seq, HISTORY_PAGE);
        const now = get().viewer;
        if (now?.conversationId !== id) return;
        // Only what is older than what we hold: a page that raced another is not added twice.
        const older = page.messages.filter((m) => m.seq < (now.messages[0]?.seq ?? Infinity));
        patchViewer(id, { messages: [...older, ...now.messages], hasMore: page.hasMore, meta: page.meta, loadingOlder: false });
      } catch (e) {
        patchViewer(id, { loadingOlder: false, error: errorMessage(e) });
      }
    },

    async tag(tag) {
      const normal = normalizeTag(tag);
      const ok = await act('tag', (id) => api().tag(id, tag), tr('transcripts.announce.tagged', { tag: normal }));
      if (ok && !get().tagSuggestions.includes(normal)) set((s) => ({ tagSuggestions: [...s.tagSuggestions, normal] }));
      return ok;
    },
    untag: (tag) => act('untag', (id) => api().untag(id, tag), tr('transcripts.announce.untagged', { tag })),
    comment: (body) => act('comment', (id) => api().comment(id, body), tr('transcripts.announce.commented')),
    hold: (reason) => act('hold', (id) => api().hold(id, reason), tr('transcripts.announce.held')),
    release: () => act('release', (id) => api().release(id), tr('transcripts.announce.released')),

    async sendCopy(to, reason) {
      const v = get().viewer;
      if (!v || v.busy) return false;
      const id = v.conversationId;
      patchViewer(id, { busy: 'copy', actionError: null });
      try {
        const copy = await api().sendCopy(id, to, reason);
        set((s) => (s.viewer?.conversationId === id ? { viewer: { ...s.viewer, busy: null, copies: upsertCopy(s.viewer.copies, copy) } } : {}));
        announce(tr(COPY_ANNOUNCEMENT.queued, { to: copy.to }));
        return true;
      } catch (e) {
        patchViewer(id, { busy: null, actionError: { action: 'copy', message: errorMessage(e) } });
        return false;
      }
    },

    async retryCopy(copyId) {
      const v = get().viewer;
      if (!v) return;
      const id = v.conversationId;
      patchViewer(id, { busy: 'retry', actionError: null });
      try {
        get().copyUpdated(await api().retryCopy(copyId));
        patchViewer(id, { busy: null });
      } catch (e) {
        patchViewer(id, { busy: null, actionError: { action: 'retry', message: errorMessage(e) } });
      }
    },

    async exportAs(format) {
      const v = get().viewer;
      if (!v || v.busy) return;
      const id = v.conversationId;
      patchViewer(id, { busy: 'export', actionError: null });
      try {
        const file = await api().exportFile(id, format);
        const { saved } = await bridge.saveFile(file.fileName, file.content, { encoding: file.encoding, mime: file.mime });
        patchViewer(id, { busy: null });
        if (saved) announce(tr('transcripts.announce.saved', { file: file.fileName }));
      } catch (e) {
        patchViewer(id, { busy: null, actionError: { action: 'export', message: errorMessage(e) } });
      }
    },

    copyUpdated(copy) {
      const v = get().viewer;
      if (v?.conversationId !== copy.conversationId) return;
      const before = v.copies.find((c) => c.id === copy.id);
      // Pushes can overtake an ack or each other: keep the latest state of each copy.
      if (before && before.updatedAt > copy.updatedAt) return;
      set((s) => (s.viewer ? { viewer: { ...s.viewer, copies: upsertCopy(s.viewer.copies, copy) } } : {}));
      if (before?.status !== copy.status && copy.status !== 'queued') announce(tr(COPY_ANNOUNCEMENT[copy.status], { to: copy.to }));
    },

    clearActionError: () => set((s) => (s.viewer ? { viewer: { ...s.viewer, actionError: null } } : {})),

    attach(transcripts) {
      return transcripts.onCopyUpdated((copy) => get().copyUpdated(copy));
    },

    reset() {
      searchRun++;
      set({ search: INITIAL_SEARCH, agents: {}, brands: [], viewer: null, tagSuggestions: [], announcement: { text: '', n: 0 } });
    },
  };
});
