// Returns and claims in the console: the cases known this session (full detail, or the summary the
// hub pushes), which of them belong to each open chat, the Cases list, the wizards that open new
// ones, and photo thumbnails. Every call goes through the bridge (getLink().cases, bridge.hub); the
// hub decides every step, so nothing here changes a case until the hub says it changed.
import { create } from 'zustand';
import { isOpenStatus, type CaseAction, type CaseKind, type CaseStatus, type ClaimKind, type ReturnReason } from '../../../../shared/domain/cases';
import type { RequestKind } from '../../../../shared/domain/returns';
import type { CaseDetail, CaseEvidence, CaseListQuery, CaseSummary, LabelDecision, OrderView } from '../../../../shared/protocol/cases';
import type { ErrorCode } from '../../../../shared/protocol/errors';
import type { Conversation } from '../../../../shared/protocol/schemas';
import { errorCode, errorMessage } from '../../../common/ack';
import { tr } from '../../../common/i18n';
import { bridge } from '../../bridge';
import type { CasesApi } from '../../bridge/casesApi';
import { getLink } from '../../desk/linkRef';
import { withSession } from '../../desk/withSession';
import { caseName, statusLabel } from './caseText';

/** A refusal from the hub, kept next to the step it refused. */
export interface StepError {
  action: string;
  message: string;
  code: ErrorCode | null;
}

export interface CaseUi {
  /** The step (or 'note', 'link', 'load') under way. */
  busy: string | null;
  error: StepError | null;
}

export interface ConversationCases {
  email: string;
  /** Cases linked to this chat, latest change first. */
  linked: string[];
  /** The same customer's other open cases, which could be linked to this chat. */
  others: string[];
  loading: boolean;
  loaded: boolean;
  error: string | null;
}

export interface ListFilters {
  status: CaseStatus | '';
  kind: CaseKind | '';
  overdueOnly: boolean;
  openOnly: boolean;
  /** Returns whose prepaid label waits for a supervisor. */
  labelPending: boolean;
}

export type WizardStep = 'order' | 'items' | 'details' | 'review' | 'done';

export interface WizardState {
  kind: CaseKind;
  step: WizardStep;
  query: string;
  results: OrderView[] | null;
  order: OrderView | null;
  /** Cases already open on the picked order (so an item already in one can be flagged). */
  orderCases: CaseSummary[];
  skus: string[];
  /** RMA: an internal note; claim: what happened, in the customer's words. */
  text: string;
  claimKind: ClaimKind;
  /** RMA: what the request is (POLICY §1); a return asks its reason. */
  requestKind: RequestKind;
  /** RMA: why the customer returns the items, and what they said. */
  reason: ReturnReason | '';
  reasonText: string;
  caseId: string | null;
  busy: boolean;
  error: string | null;
  /**
   * Issue 12: the hub refused the case because the chat's customer has not shown the order is
   * theirs; the agent may send a code to the order's email. 'sent': waiting for the customer to
   * enter it; 'proved': they did, open the case again.
   */
  proof: { state: 'needed' | 'sending' | 'sent' | 'proved'; sentTo: string | null; error: string | null } | null;
}

export type PhotoState = { status: 'loading' } | { status: 'ready'; url: string } | { status: 'error'; message: string };

interface CasesState {
  details: Record<string, CaseDetail>;
  summaries: Record<string, CaseSummary>;
  ui: Record<string, CaseUi>;
  byConversation: Record<string, ConversationCases>;
  wizards: Record<string, WizardState>;
  list: { filters: ListFilters; ids: string[]; loading: boolean; loaded: boolean; error: string | null };
  /** The case open in the Cases view. */
  selectedId: string | null;
  photos: Record<string, PhotoState>;
  /** What just happened, for the screen reader's live region; `n` makes a repeat announce again. */
  announcement: { text: string; n: number };
  /** Decisions on labels this agent asked for, until dismissed (issue 9). */
  labelDecisions: LabelDecision[];

  attach(api: CasesApi): void;
  /** Issue 12: a code to the picked order's email, for the chat's customer to enter. */
  requestOrderCode(conversationId: string): Promise<void>;
  /** The returns whose label waits for a supervisor (the supervisor's badge). */
  loadPendingLabels(): Promise<void>;
  dismissLabelDecision(caseId: string): void;
  loadForConversation(conversation: Conversation): Promise<void>;
  loadCase(caseId: string): Promise<void>;
  transition(caseId: string, action: CaseAction, data?: Record<string, unknown>): Promise<boolean>;
  note(caseId: string, text: string): Promise<boolean>;
  link(caseId: string, conversationId: string): Promise<void>;
  clearError(caseId: string): void;

  openWizard(conversationId: string, kind: CaseKind, query: string): void;
  patchWizard(conversationId: string, patch: Partial<WizardState>): void;
  closeWizard(conversationId: string): void;
  searchOrders(conversationId: string): Promise<void>;
  pickOrder(conversationId: string, order: OrderView): Promise<void>;
  submitWizard(conversationId: string): Promise<void>;
  authorizeFromWizard(conversationId: string, prepaidLabel: boolean): Promise<void>;

  setFilters(filters: Partial<ListFilters>): void;
  loadList(): Promise<void>;
  select(caseId: string | null): void;

  loadPhoto(evidence: CaseEvidence): Promise<void>;
  summaryUpdated(summary: CaseSummary): void;
  reconnected(): void;
  reset(): void;
}

const NO_UI: CaseUi = { busy: null, error: null };
const DEFAULT_FILTERS: ListFilters = { status: '', kind: '', overdueOnly: false, openOnly: true, labelPending: false };
// The protocol has no "cases of this chat" query: the list is read whole and narrowed here.
const LIST_LIMIT = 500;

const api = (): CasesApi => getLink().cases;
const newest = (a: { updatedAt: string }, b: { updatedAt: string }) => b.updatedAt.localeCompare(a.updatedAt);

function toSummary(d: CaseDetail): CaseSummary {
  const { id, number, kind, status, claimKind, requestKind, brandId, orderId, customerEmail, merchandiseCents, createdAt, updatedAt, closedAt, overdue, escalated, labelPending } = d;
  return { id, number, kind, status, claimKind, requestKind, brandId, orderId, customerEmail, merchandiseCents, createdAt, updatedAt, closedAt, overdue, escalated, labelPending };
}

export function listQuery(f: ListFilters): CaseListQuery {
  return {
    ...(f.status ? { status: [f.status] } : {}),
    ...(f.kind ? { kind: f.kind } : {}),
    ...(f.overdueOnly ? { overdue: true } : {}),
    ...(f.openOnly ? { open: true } : {}),
    ...(f.labelPending ? { labelPending: true } : {}),
    limit: LIST_LIMIT,
  };
}

function matches(s: CaseSummary, f: ListFilters): boolean {
  return (!f.status || s.status === f.status) && (!f.kind || s.kind === f.kind) && (!f.overdueOnly || s.overdue !== null) && (!f.openOnly || isOpenStatus(s.status)) && (!f.labelPending || s.labelPending);
}

function emptyWizard(kind: CaseKind, query: string): WizardState {
  return { kind, step: 'order', query, results: null, order: null, orderCases: [], skus: [], text: '', claimKind: 'damaged', requestKind: 'return', reason: '', reasonText: '', caseId: null, busy: false, error: null, proof: null };
}

export const useCases = create<CasesState>()((set, get) => {
  let subscriptions: (() => void)[] = [];
  let announced = 0;
  /** A supervisor's badge counts pending labels: read them again after a reconnect. */
  let watchingLabels = false;
  /** Cases whose detail is being fetched again after a push, so a burst of pushes costs one read. */
  const refreshing = new Set<string>();

  const announce = (text: string) => set({ announcement: { text, n: ++announced } });

  const patchUi = (caseId: string, patch: Partial<CaseUi>) => set((s) => ({ ui: { ...s.ui, [caseId]: { ...(s.ui[caseId] ?? NO_UI), ...patch } } }));

  /** Stores a case as the hub returned it, and files it under every chat on screen it belongs to. */
  function keep(d: CaseDetail): void {
    set((s) => {
      const byConversation = { ...s.byConversation };
      for (const [conversationId, entry] of Object.entries(byConversation)) {
        const linkedHere = d.conversations.some((c) => c.id === conversationId);
        const mine = linkedHere || entry.linked.includes(d.id) || d.customerEmail === entry.email;
        if (!mine) continue;
        const linked = entry.linked.filter((id) => id !== d.id);
        const others = entry.others.filter((id) => id !== d.id);
        if (linkedHere) linked.unshift(d.id);
        else if (isOpenStatus(d.status)) others.unshift(d.id);
        byConversation[conversationId] = { ...entry, linked, others };
      }
      const summary = toSummary(d);
      const listed = s.list.ids.includes(d.id);
      const ids = matches(summary, s.list.filters) ? (listed ? s.list.ids : [d.id, ...s.list.ids]) : s.list.ids.filter((id) => id !== d.id);
      return { details: { ...s.details, [d.id]: d }, summaries: { ...s.summaries, [d.id]: summary }, byConversation, list: { ...s.list, ids } };
    });
  }

  async function refresh(caseId: string): Promise<void> {
    if (refreshing.has(caseId)) return;
    refreshing.add(caseId);
    try {
      keep(await api().get(caseId));
    } catch {
      // A missed refresh is made up by the next push or the next time the case is opened.
    } finally {
      refreshing.delete(caseId);
    }
  }

  const patchWizard = (conversationId: string, patch: Partial<WizardState>) =>
    set((s) => {
      const w = s.wizards[conversationId];
      return w ? { wizards: { ...s.wizards, [conversationId]: { ...w, ...patch } } } : s;
    });

  /** Runs a wizard's call: busy while it runs, the hub's refusal kept on the wizard. */
  async function wizardCall(conversationId: string, run: (w: WizardState) => Promise<Partial<WizardState> | void>): Promise<void> {
    const w = get().wizards[conversationId];
    if (!w || w.busy) return;
    patchWizard(conversationId, { busy: true, error: null });
    try {
      patchWizard(conversationId, { ...(await run(w)), busy: false });
    } catch (e) {
      const needsProof = errorCode(e) === 'verification_required';
      patchWizard(conversationId, { busy: false, error: errorMessage(e), ...(needsProof ? { proof: { state: 'needed', sentTo: null, error: null } } : {}) });
    }
  }

  return {
    details: {},
    summaries: {},
    ui: {},
    byConversation: {},
    wizards: {},
    list: { filters: DEFAULT_FILTERS, ids: [], loading: false, loaded: false, error: null },
    selectedId: null,
    photos: {},
    announcement: { text: '', n: 0 },
    labelDecisions: [],

    attach(casesApi) {
      for (const off of subscriptions) off();
      subscriptions = [
        casesApi.onUpdated((s) => get().summaryUpdated(s)),
        casesApi.onConnected(() => get().reconnected()),
        casesApi.onOrderProved(({ conversationId, orderId }) => {
          const w = get().wizards[conversationId];
          if (w?.order?.id !== orderId || !w.proof) return;
          patchWizard(conversationId, { proof: { state: 'proved', sentTo: w.proof.sentTo, error: null }, error: null });
          announce(tr('wizard.proof.announceProved', { order: orderId }));
        }),
        casesApi.onLabelDecided((d) => {
          set((s) => ({ labelDecisions: [...s.labelDecisions.filter((x) => x.caseId !== d.caseId), d] }));
          announce(tr('rma.labels.announce', { approved: d.approved ? 'yes' : 'no', by: d.by, order: d.orderId, withReason: d.reason ? 'yes' : 'no', reason: d.reason ?? '' }));
          void refresh(d.caseId);
        }),
      ];
    },

    async loadPendingLabels() {
      watchingLabels = true;
      try {
        const pending = await api().list({ labelPending: true, limit: LIST_LIMIT });
        set((s) => ({ summaries: { ...s.summaries, ...Object.fromEntries(pending.map((c) => [c.id, c])) } }));
      } catch {
        // The badge catches up with the next push or reconnect.
      }
    },

    dismissLabelDecision: (caseId) => set((s) => ({ labelDecisions: s.labelDecisions.filter((d) => d.caseId !== caseId) })),

    async loadForConversation(conversation) {
      const conversationId = conversation.id;
      const email = conversation.customer.email.toLowerCase();
      const before = get().byConversation[conversationId];
      if (before?.loading) return;
      set((s) => ({
        byConversation: { ...s.byConversation, [conversationId]: { email, linked: before?.linked ?? [], others: before?.others ?? [], loading: true, loaded: before?.loaded ?? false, error: null } },
      }));
      try {
        const all = await api().list({ limit: LIST_LIMIT });
        const known = new Set(before?.linked ?? []);
        // A guest's typed email proves nothing (issue 12): only a verified customer's other cases under it are shown.
        const candidates = all.filter((c) => (conversation.customer.verified && c.customerEmail === email) || known.has(c.id));
        const details = await Promise.all(candidates.map((c) => api().get(c.id)));
        const linked = details.filter((d) => d.conversations.some((c) => c.id === conversationId)).sort(newest);
        const others = details.filter((d) => !linked.includes(d) && isOpenStatus(d.status)).sort(newest);
        set((s) => ({
          details: { ...s.details, ...Object.fromEntries(details.map((d) => [d.id, d])) },
          summaries: { ...s.summaries, ...Object.fromEntries(details.map((d) => [d.id, toSummary(d)])) },
          byConversation: { ...s.byConversation, [conversationId]: { email, linked: linked.map((d) => d.id), others: others.map((d) => d.id), loading: false, loaded: true, error: null } },
        }));
      } catch (e) {
        set((s) => ({ byConversation: { ...s.byConversation, [conversationId]: { ...s.byConversation[conversationId]!, loading: false, error: errorMessage(e) } } }));
      }
    },

    async loadCase(caseId) {
      patchUi(caseId, { busy: 'load', error: null });
      try {
        keep(await api().get(caseId));
        patchUi(caseId, { busy: null });
      } catch (e) {
        patchUi(caseId, { busy: null, error: { action: 'load', message: errorMessage(e), code: errorCode(e) } });
      }
    },

    async transition(caseId, action, data) {
      if (get().ui[caseId]?.busy) return false;
      patchUi(caseId, { busy: action, error: null });
      try {
        const d = await api().transition({ caseId, action, ...(data ? { data } : {}) });
        keep(d);
        patchUi(caseId, { busy: null });
        announce(tr('cases.announce.status', { name: caseName(d), status: statusLabel(d.status) }));
        return true;
      } catch (e) {
        // The hub refused: nothing changed, so the case on screen stays as it was.
        patchUi(caseId, { busy: null, error: { action, message: errorMessage(e), code: errorCode(e) } });
        return false;
      }
    },

    async note(caseId, text) {
      patchUi(caseId, { busy: 'note', error: null });
      try {
        keep(await api().note(caseId, text));
        patchUi(caseId, { busy: null });
        announce(tr('cases.announce.note'));
        return true;
      } catch (e) {
        patchUi(caseId, { busy: null, error: { action: 'note', message: errorMessage(e), code: errorCode(e) } });
        return false;
      }
    },

    async link(caseId, conversationId) {
      patchUi(caseId, { busy: 'link', error: null });
      try {
        const d = await api().link(caseId, conversationId);
        keep(d);
        patchUi(caseId, { busy: null });
        announce(tr('cases.announce.linked', { name: caseName(d) }));
      } catch (e) {
        patchUi(caseId, { busy: null, error: { action: 'link', message: errorMessage(e), code: errorCode(e) } });
      }
    },

    clearError: (caseId) => patchUi(caseId, { error: null }),

    openWizard: (conversationId, kind, query) => set((s) => ({ wizards: { ...s.wizards, [conversationId]: emptyWizard(kind, query) } })),
    patchWizard,
    closeWizard: (conversationId) =>
      set((s) => {
        const wizards = { ...s.wizards };
        delete wizards[conversationId];
        return { wizards };
      }),

    searchOrders: (conversationId) =>
      wizardCall(conversationId, async (w) => {
        const query = w.query.trim();
        if (!query) return { error: tr('wizard.order.queryMissing') };
        return { results: await api().searchOrders(query, 20) };
      }),

    pickOrder: (conversationId, picked) =>
      wizardCall(conversationId, async () => {
        // Fresh from the hub, with the cases already open on it.
        const { order, cases } = await api().order(picked.id);
        // Another order may not take the kind picked for the last one (a parcel back, a delivered order).
        return { order, orderCases: cases, skus: order.items.length === 1 ? [order.items[0]!.sku] : [], requestKind: 'return', step: 'items', proof: null };
      }),

    async requestOrderCode(conversationId) {
      const w = get().wizards[conversationId];
      if (!w?.order || !w.proof || w.proof.state === 'sending') return;
      patchWizard(conversationId, { proof: { state: 'sending', sentTo: null, error: null } });
      try {
        const { sentTo } = await api().requestOrderCode(conversationId, w.order.id);
        patchWizard(conversationId, { proof: { state: 'sent', sentTo, error: null } });
        announce(tr('wizard.proof.announceSent', { email: sentTo }));
      } catch (e) {
        patchWizard(conversationId, { proof: { state: 'needed', sentTo: null, error: errorMessage(e) } });
      }
    },

    submitWizard: (conversationId) =>
      wizardCall(conversationId, async (w) => {
        if (!w.order || w.skus.length === 0) return { error: tr('wizard.items.none') };
        const asReturn = w.requestKind === 'return';
        if (w.kind === 'rma' && asReturn && !w.reason) return { error: tr('wizard.items.noReason') };
        const text = w.text.trim();
        const d =
          w.kind === 'rma'
            ? await api().openRma({
                conversationId,
                orderId: w.order.id,
                skus: w.skus,
                ...(text ? { note: text } : {}),
                ...(asReturn ? {} : { requestKind: w.requestKind }),
                ...(asReturn && w.reason ? { reason: w.reason } : {}),
                ...(asReturn && w.reasonText.trim() ? { reasonText: w.reasonText.trim() } : {}),
              })
            : await api().openClaim({ conversationId, orderId: w.order.id, skus: w.skus, claimKind: w.claimKind, ...(text ? { description: text } : {}) });
        keep(d);
        announce(w.kind === 'rma' ? tr('wizard.announce.rmaOpened') : tr('wizard.announce.claimOpened', { name: caseName(d) }));
        return { caseId: d.id, step: w.kind === 'rma' ? 'review' : 'done', proof: null };
      }),

    authorizeFromWizard: (conversationId, prepaidLabel) =>
      wizardCall(conversationId, async (w) => {
        if (!w.caseId) return;
        const ok = await get().transition(w.caseId, 'authorize', { prepaidLabel });
        // A refusal stays on the case (shown by the authorize step); the wizard stays put.
        return ok ? { step: 'done' } : {};
      }),

    setFilters: (filters) => set((s) => ({ list: { ...s.list, filters: { ...s.list.filters, ...filters } } })),

    async loadList() {
      const filters = get().list.filters;
      set((s) => ({ list: { ...s.list, loading: true, error: null } }));
      try {
        const cases = await api().list(listQuery(filters));
        // Filters changed meanwhile: the newer request's answer wins.
        if (get().list.filters !== filters) return;
        set((s) => ({
          summaries: { ...s.summaries, ...Object.fromEntries(cases.map((c) => [c.id, c])) },
          list: { ...s.list, ids: cases.map((c) => c.id), loading: false, loaded: true },
        }));
      } catch (e) {
        set((s) => ({ list: { ...s.list, loading: false, error: errorMessage(e) } }));
      }
    },

    select(caseId) {
      set({ selectedId: caseId });
      if (caseId) void get().loadCase(caseId);
    },

    async loadPhoto(evidence) {
      const url = evidence.url;
      if (!url || get().photos[evidence.id]) return;
      set((s) => ({ photos: { ...s.photos, [evidence.id]: { status: 'loading' } } }));
      try {
        const blob = await withSession((token) => bridge.hub.evidencePhoto(token, url));
        set((s) => ({ photos: { ...s.photos, [evidence.id]: { status: 'ready', url: URL.createObjectURL(blob) } } }));
      } catch (e) {
        set((s) => ({ photos: { ...s.photos, [evidence.id]: { status: 'error', message: errorMessage(e) } } }));
      }
    },

    summaryUpdated(summary) {
      const s = get();
      const listed = s.list.ids.includes(summary.id);
      const fits = matches(summary, s.list.filters);
      set({
        summaries: { ...s.summaries, [summary.id]: summary },
        list: { ...s.list, ids: fits ? (listed ? s.list.ids : [summary.id, ...s.list.ids]) : s.list.ids.filter((id) => id !== summary.id) },
      });
      // A case on screen, or a new one for a customer whose chat is open: read it whole.
      const shown = s.details[summary.id];
      const forOpenChat = Object.values(s.byConversation).some((c) => c.email === summary.customerEmail);
      if ((shown && shown.updatedAt !== summary.updatedAt) || (!shown && forOpenChat)) void refresh(summary.id);
    },

    reconnected() {
      // Pushes sent while the link was down are lost: read again what is on screen.
      for (const id of Object.keys(get().details)) void refresh(id);
      if (get().list.loaded) void get().loadList();
      if (watchingLabels) void get().loadPendingLabels();
    },

    reset() {
      for (const off of subscriptions) off();
      subscriptions = [];
      watchingLabels = false;
      for (const p of Object.values(get().photos)) if (p.status === 'ready') URL.revokeObjectURL(p.url);
      set({
        details: {},
        summaries: {},
        ui: {},
        byConversation: {},
        wizards: {},
        list: { filters: DEFAULT_FILTERS, ids: [], loading: false, loaded: false, error: null },
        selectedId: null,
        photos: {},
        announcement: { text: '', n: 0 },
        labelDecisions: [],
      });
    },
  };
});

export const caseUi = (s: CasesState, caseId: string): CaseUi => s.ui[caseId] ?? NO_UI;
