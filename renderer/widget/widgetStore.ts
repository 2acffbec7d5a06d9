// The widget's state and the steps of a customer's chat: start form → session → conversation,
// resumed after a reload from the token and the unsent messages kept in the browser (for this
// browser session only unless the customer asked to be remembered: storage.ts). A guest may
// confirm their email with a code; a shopper signed in at the shop arrives verified (issue 12).
import { create } from 'zustand';
import i18next from 'i18next';
import { tr } from '../common/i18n';
import { browserTimeZone } from './widgetLocale';
import type { CustomerCase } from '../../shared/protocol/cases';
import type { Transcript, TypingEvent } from '../../shared/protocol/events';
import type { Rating } from '../../shared/protocol/reports';
import type { Customer, ReadReceipt } from '../../shared/protocol/schemas';
import type { CustomerCopy } from '../../shared/protocol/transcripts';
import { DeskError } from '../../shared/protocol/errors';
import { errorCode, errorMessage } from '../common/ack';
import type { ThreadView } from '../common/chatDelivery';
import { latestFromOthers, onAttentionChange, pageAttended, ReadReporter } from '../common/readReceipts';
import { TypingSignal } from '../common/typingSignal';
import { CustomerLink, type LinkStatus } from './customerLink';
import type { CodeChallenge } from '../../shared/protocol/identity';
import {
  createSession,
  createVerifiedSession,
  customerSocket,
  downloadTranscript,
  getConfig,
  identityTokenEmail,
  pageBrand,
  takePageIdentityToken,
  uploadPhoto,
  type WidgetConfig,
} from './hubClient';
import { storage, type StoredSession } from './storage';
import { formatSize } from './widgetFormat';

/** closed: outside the brand's hours, the offline-message form instead of a chat. */
type Phase = 'loading' | 'unreachable' | 'form' | 'chat' | 'closed';

/** One photo on its way to a claim, or that failed, with the hub's reason. */
export interface PhotoUpload {
  id: number;
  name: string;
  progress: number;
  state: 'waiting' | 'uploading' | 'done' | 'failed';
  error: string | null;
}

interface WidgetState {
  phase: Phase;
  config: WidgetConfig | null;
  customer: Customer | null;
  conversationId: string | null;
  thread: ThreadView | null;
  agentTyping: string | null;
  status: LinkStatus | 'offline';
  busy: boolean;
  error: string | null;
  /** Why the start form is back (an expired session). */
  notice: string | null;
  /** Focus the message box only after the customer started a chat here, never on load: inside a
   * store's page that would pull the page's scroll and focus to the widget. */
  focusComposer: boolean;
  /** The customer's returns and claims (those linked to this session's chats). */
  cases: CustomerCase[];
  /** Photo uploads per case, latest last. */
  uploads: Record<string, PhotoUpload[]>;
  /** The emailed copy of the current (ended) chat, and the download, with their last error. */
  transcriptCopy: { copy: CustomerCopy | null; busy: boolean; error: string | null };
  transcriptDownload: { busy: boolean; error: string | null };
  /** The waiting chat's place in the queue, as the hub last said (1 = next). */
  queuePosition: { conversationId: string; position: number } | null;
  /** Why the offline form replaced the chat (the desk closed while the customer was here). */
  closedNotice: string | null;
  /** How far the agent has read the chat on screen (the "Read" under the customer's messages). */
  agentReadSeq: number;
  /** Confirming the customer's own email with a code (issue 12). */
  emailCheck: CodeCheck;
  /** Codes customer care sent to an order's email, for the customer to enter here. */
  orderChecks: (CodeCheck & { challenge: CodeChallenge; done: boolean })[];
  /** The customer ending the chat themself (issue 9), and the rating they gave after it. */
  ending: { busy: boolean; error: string | null };
  rating: { sent: Rating | null; busy: boolean; error: string | null };

  init(): Promise<void>;
  start(name: string, email: string, remember?: boolean): Promise<void>;
  /** "Not you? Start again": this browser forgets the customer and their chat. */
  forget(): void;
  requestEmailCode(): Promise<void>;
  confirmCode(challengeId: string, code: string): Promise<boolean>;
  startAgain(): Promise<void>;
  send(body: string): void;
  setTyping(active: boolean): void;
  dismissFailed(clientId: string): void;
  uploadPhotos(caseId: string, files: File[]): Promise<void>;
  emailCopy(): Promise<void>;
  downloadCopy(): Promise<void>;
  /** Ends the chat for both sides; true once the hub has it ended. */
  endChat(): Promise<boolean>;
  rate(score: number, comment: string): Promise<void>;
}

export interface CodeCheck {
  challenge: CodeChallenge | null;
  busy: boolean;
  error: string | null;
}

const NO_CHECK: CodeCheck = { challenge: null, busy: false, error: null };
const NO_COPY = { copy: null, busy: false, error: null };
const NO_DOWNLOAD = { busy: false, error: null };
const NO_ENDING = { busy: false, error: null };
const NO_RATING = { sent: null, busy: false, error: null };

/** Nobody here: what the widget shows once it forgot the customer. */
const LOGGED_OUT = {
  status: 'offline' as const,
  customer: null,
  conversationId: null,
  thread: null,
  busy: false,
  cases: [],
  uploads: {},
  emailCheck: NO_CHECK,
  orderChecks: [],
  transcriptCopy: NO_COPY,
  transcriptDownload: NO_DOWNLOAD,
  queuePosition: null,
  agentReadSeq: 0,
};

const TYPING_STALE_MS = 6000;

const closedMeanwhile = () => tr('widget.closedMeanwhile');
const customerLocale = () => ({ locale: i18next.language, timeZone: browserTimeZone() });

/** The hub's reason, with its byte limit said the way people read sizes. */
function uploadErrorText(e: unknown): string {
  const message = errorMessage(e);
  const over = errorCode(e) === 'too_large' ? /over (\d+) bytes/.exec(message) : null;
  if (!over) return message;
  return tr('widget.photo.tooLarge', { size: formatSize(Number(over[1])) });
}

let link: CustomerLink | null = null;
/** The live link, for features that talk to the hub beside the chat (YourPrivacy). */
export const widgetLink = (): CustomerLink | null => link;
const brandId = pageBrand();
/** The widget session's bearer token, for the photo upload route (HTTP, not the socket). */
let token: string | null = null;
let uploadIds = 0;
/** The start form was submitted: the next connect starts a chat instead of looking one up. */
let wantStart = false;
/** Unsent messages from an earlier page are resent once, when the conversation is on screen. */
let restored = false;
let typingTimer: ReturnType<typeof setTimeout> | null = null;
const typingSignal = new TypingSignal((typing) => {
  const id = useWidget.getState().conversationId;
  if (id) link?.typing(id, typing);
});

// The customer has read what the chat shows while it is on screen and the page is attended.
const reporter = new ReadReporter((conversationId, seq) => (link ? link.read(conversationId, seq) : Promise.reject(new Error(tr('widget.more.notConnected')))));

export const useWidget = create<WidgetState>()((set, get) => {
  function show(t: Transcript): void {
    const id = t.conversation.id;
    const previous = get().conversationId;
    if (previous && previous !== id) link?.forget(previous);
    const agentReadSeq = previous === id ? Math.max(get().agentReadSeq, t.conversation.agentReadSeq) : t.conversation.agentReadSeq;
    set({ phase: 'chat', conversationId: id, thread: link?.view(id) ?? null, busy: false, error: null, notice: null, agentTyping: null, agentReadSeq });
    if (previous !== id) set({ transcriptCopy: NO_COPY, transcriptDownload: NO_DOWNLOAD, ending: NO_ENDING, rating: NO_RATING });
    if (!restored) {
      restored = true;
      link?.restore(storage.pending());
    }
  }

  /** Cases come and go with the chats: read them on every connect (pushes may have been missed). */
  async function refreshCases(): Promise<void> {
    try {
      const cases = (await link?.myCases()) ?? [];
      set({ cases });
    } catch {
      // Not worth an error on the chat: the next push or connect brings them.
    }
  }

  function caseUpdated(c: CustomerCase): void {
    set((s) => ({ cases: s.cases.some((x) => x.id === c.id) ? s.cases.map((x) => (x.id === c.id ? c : x)) : [...s.cases, c] }));
  }

  const patchUpload = (caseId: string, id: number, patch: Partial<PhotoUpload>) =>
    set((s) => ({ uploads: { ...s.uploads, [caseId]: (s.uploads[caseId] ?? []).map((u) => (u.id === id ? { ...u, ...patch } : u)) } }));

  /** Outside hours: the offline form, with the opening time read again (it may have just closed). */
  function closed(notice: string | null): void {
    set({ phase: 'closed', busy: false, error: null, closedNotice: notice });
    getConfig(brandId)
      .then((config) => set({ config }))
      .catch(() => {});
  }

  async function afterConnect(again: boolean): Promise<void> {
    void refreshCases();
    if (again && get().conversationId && !wantStart) return;
    try {
      const t = wantStart ? await link!.start(brandId, customerLocale()) : await link!.current();
      wantStart = false;
      if (t) show(t);
      else if (get().config?.brand.open === false) closed(null);
      else set({ phase: 'form', busy: false });
    } catch (e) {
      wantStart = false;
      if (errorCode(e) === 'closed') closed(get().config?.brand.open === false ? null : closedMeanwhile());
      else set({ busy: false, error: errorMessage(e), phase: get().phase === 'loading' ? 'form' : get().phase });
    }
  }

  function onTyping(e: TypingEvent): void {
    if (e.author.kind !== 'agent' || e.conversationId !== get().conversationId) return;
    if (typingTimer) clearTimeout(typingTimer);
    set({ agentTyping: e.typing ? e.author.name : null });
    if (e.typing) typingTimer = setTimeout(() => set({ agentTyping: null }), TYPING_STALE_MS);
  }

  function onRead(r: ReadReceipt): void {
    if (r.conversationId !== get().conversationId) return;
    if (r.by === 'agent') set((s) => ({ agentReadSeq: Math.max(s.agentReadSeq, r.seq) }));
    else reporter.acknowledged(r.conversationId, r.seq);
  }

  function connect(session: StoredSession): void {
    link?.close();
    token = session.token;
    link = new CustomerLink(customerSocket(session.token, get().config?.ackTimeoutMs ?? 5000), {
      status: (status) => set({ status }),
      connected: (again) => void afterConnect(again),
      thread: (id, view) => {
        if (id === get().conversationId) set((s) => ({ thread: view, agentReadSeq: Math.max(s.agentReadSeq, view.conversation.agentReadSeq) }));
      },
      read: onRead,
      typing: onTyping,
      caseUpdated,
      copyUpdated(copy) {
        // Only the copy on screen; a push can overtake the ack, so a later state is never replaced by an earlier one.
        const now = get().transcriptCopy.copy;
        if (copy.conversationId !== get().conversationId || (now && now.id === copy.id && now.updatedAt > copy.updatedAt)) return;
        set((s) => ({ transcriptCopy: { ...s.transcriptCopy, copy } }));
      },
      refused(message) {
        link = null;
        token = null;
        wantStart = false;
        storage.saveSession(null);
        set({ ...LOGGED_OUT, phase: get().config?.brand.open === false ? 'closed' : 'form', notice: message });
      },
      codeRequested(challenge) {
        set((s) => ({ orderChecks: [...s.orderChecks.filter((c) => c.challenge.orderId !== challenge.orderId), { ...NO_CHECK, challenge, done: false }] }));
      },
      customerUpdated: (customer) => keepCustomer(customer),
      pending: storage.savePending,
      position: (conversationId, position) => set({ queuePosition: { conversationId, position } }),
    });
  }

  /** The session's customer changed (verified): shown, and kept with the session. */
  function keepCustomer(customer: Customer): void {
    set({ customer });
    const kept = storage.session();
    if (kept) storage.saveSession({ ...kept, customer });
  }

  function begin(session: StoredSession): void {
    storage.saveSession(session);
    storage.savePending([]);
    restored = true;
    set({ customer: session.customer, conversationId: null, thread: null, cases: [], uploads: {}, emailCheck: NO_CHECK, orderChecks: [] });
    connect(session);
  }

  return {
    phase: 'loading',
    config: null,
    customer: null,
    conversationId: null,
    thread: null,
    agentTyping: null,
    status: 'offline',
    busy: false,
    error: null,
    notice: null,
    focusComposer: false,
    cases: [],
    uploads: {},
    transcriptCopy: NO_COPY,
    transcriptDownload: NO_DOWNLOAD,
    queuePosition: null,
    closedNotice: null,
    agentReadSeq: 0,
    emailCheck: NO_CHECK,
    orderChecks: [],
    ending: NO_ENDING,
    rating: NO_RATING,

    async init() {
      set({ phase: 'loading', error: null });
      let config: WidgetConfig;
      try {
        config = await getConfig(brandId);
        set({ config });
      } catch (e) {
        set({ phase: 'unreachable', error: errorMessage(e) });
        return;
      }
      const session = storage.session();
      // A shopper signed in at the shop (the page gave the widget its identity token): verified at
      // once, unless this browser session already is that verified shopper.
      const identityToken = takePageIdentityToken();
      const sameShopper = session?.customer.verified && identityToken && identityTokenEmail(identityToken) === session.customer.email;
      if (identityToken && !sameShopper) {
        try {
          wantStart = config.brand.open;
          begin({ ...(await createVerifiedSession(identityToken, brandId)), remember: false });
          return;
        } catch (e) {
          wantStart = false;
          // The shop's sign-in could not be taken: the customer can still chat as a guest.
          set({ notice: errorMessage(e) });
        }
      }
      if (!session) {
        set({ phase: config.brand.open ? 'form' : 'closed' });
        return;
      }
      set({ customer: session.customer });
      connect(session);
    },

    async start(name, email, remember = false) {
      set({ busy: true, error: null, notice: null, focusComposer: true });
      const kept = get().customer;
      // The same person in the same session just opens a new conversation; anyone else gets their own session.
      if (link && kept && kept.email === email.toLowerCase() && kept.name === name) {
        await get().startAgain();
        return;
      }
      try {
        const session = await createSession(name, email);
        wantStart = true;
        begin({ ...session, remember });
      } catch (e) {
        set({ busy: false, error: errorMessage(e) });
      }
    },

    forget() {
      link?.close();
      link = null;
      token = null;
      wantStart = false;
      reporter.cancel();
      storage.saveSession(null);
      set({ ...LOGGED_OUT, phase: get().config?.brand.open === false ? 'closed' : 'form', notice: tr('widget.verify.forgotten') });
    },

    async requestEmailCode() {
      if (!link || get().emailCheck.busy) return;
      set((s) => ({ emailCheck: { ...s.emailCheck, busy: true, error: null } }));
      try {
        const challenge = await link.requestCode(brandId);
        set({ emailCheck: { challenge, busy: false, error: null } });
      } catch (e) {
        set((s) => ({ emailCheck: { ...s.emailCheck, busy: false, error: errorMessage(e) } }));
      }
    },

    async confirmCode(challengeId, code) {
      if (!link) return false;
      const order = get().orderChecks.find((c) => c.challenge.challengeId === challengeId);
      const patch = (p: { busy?: boolean; error?: string | null; challenge?: null; done?: boolean }) =>
        order
          ? set((s) => ({ orderChecks: s.orderChecks.map((c) => (c.challenge.challengeId === challengeId ? { ...c, ...p, challenge: c.challenge } : c)) }))
          : set((s) => ({ emailCheck: { ...s.emailCheck, ...p } }));
      patch({ busy: true, error: null });
      try {
        const r = await link.confirmCode(challengeId, code);
        if (r.purpose === 'verify_email') {
          keepCustomer(r.customer);
          set({ emailCheck: NO_CHECK, transcriptCopy: { ...get().transcriptCopy, error: null } });
        } else patch({ busy: false, done: true });
        return true;
      } catch (e) {
        // Expired or out of tries: a new code is needed, so the challenge goes.
        const over = errorCode(e) === 'code_expired';
        patch({ busy: false, error: errorMessage(e), ...(over && !order ? { challenge: null } : {}) });
        if (over && order) set((s) => ({ orderChecks: s.orderChecks.map((c) => (c.challenge.challengeId === challengeId ? { ...c, error: tr('widget.verify.askNewCode', { reason: errorMessage(e) }) } : c)) }));
        return false;
      }
    },

    async startAgain() {
      if (!link) return;
      set({ busy: true, error: null, focusComposer: true });
      try {
        show(await link.start(brandId, customerLocale()));
      } catch (e) {
        if (errorCode(e) === 'closed') closed(get().config?.brand.open === false ? null : closedMeanwhile());
        else set({ busy: false, error: errorMessage(e) });
      }
    },

    send(body) {
      const id = get().conversationId;
      if (id && link) link.send(id, body);
    },

    setTyping(active) {
      if (active) typingSignal.input();
      else typingSignal.stop();
    },

    dismissFailed: (clientId) => link?.dismissFailed(clientId),

    async uploadPhotos(caseId, files) {
      const queued = files.map((f) => ({ file: f, upload: { id: ++uploadIds, name: f.name, progress: 0, state: 'waiting' as const, error: null } }));
      set((s) => ({ uploads: { ...s.uploads, [caseId]: [...(s.uploads[caseId] ?? []).filter((u) => u.state !== 'done'), ...queued.map((q) => q.upload)] } }));
      // One at a time: the hub counts photos per case, and a slow line is not split between several.
      for (const { file, upload } of queued) {
        const c = get().cases.find((x) => x.id === caseId);
        const path = c?.photos?.canUpload ? c.photos.uploadPath : null;
        if (!token || !path) {
          patchUpload(caseId, upload.id, { state: 'failed', error: tr('widget.photo.noMore') });
          continue;
        }
        patchUpload(caseId, upload.id, { state: 'uploading' });
        try {
          const reply = await uploadPhoto(token, path, file, (progress) => patchUpload(caseId, upload.id, { progress }));
          caseUpdated(reply.case);
          patchUpload(caseId, upload.id, { state: 'done', progress: 1 });
        } catch (e) {
          patchUpload(caseId, upload.id, { state: 'failed', error: uploadErrorText(e) });
        }
      }
    },

    async emailCopy() {
      const id = get().conversationId;
      if (!id || !link || get().transcriptCopy.busy) return;
      set({ transcriptCopy: { ...get().transcriptCopy, busy: true, error: null } });
      try {
        const copy = await link.emailCopy(id);
        // The push may already have said "sent": keep whichever is later.
        const now = get().transcriptCopy.copy;
        set({ transcriptCopy: { copy: now && now.id === copy.id && now.updatedAt > copy.updatedAt ? now : copy, busy: false, error: null } });
      } catch (e) {
        const message = errorCode(e) === 'rate_limited' && !(e instanceof DeskError && e.retryAfterMs) ? tr('widget.copy.limit') : errorMessage(e);
        set({ transcriptCopy: { ...get().transcriptCopy, busy: false, error: message } });
      }
    },

    async endChat() {
      const id = get().conversationId;
      if (!id || !link || get().ending.busy) return false;
      set({ ending: { busy: true, error: null } });
      try {
        const conversation = await link.end(id);
        // The push (conversation:updated) may lag the ack: show the ending at once.
        set((s) => ({ ending: NO_ENDING, thread: s.thread && s.thread.conversation.id === id ? { ...s.thread, conversation } : s.thread }));
        return true;
      } catch (e) {
        set({ ending: { busy: false, error: errorMessage(e) } });
        return false;
      }
    },

    async rate(score, comment) {
      const id = get().conversationId;
      if (!id || !link || get().rating.busy) return;
      set((s) => ({ rating: { ...s.rating, busy: true, error: null } }));
      try {
        const sent = await link.rate(id, score, comment);
        set({ rating: { sent, busy: false, error: null } });
      } catch (e) {
        set((s) => ({ rating: { ...s.rating, busy: false, error: errorMessage(e) } }));
      }
    },

    async downloadCopy() {
      const id = get().conversationId;
      if (!id || !token || get().transcriptDownload.busy) return;
      set({ transcriptDownload: { busy: true, error: null } });
      try {
        const { blob, fileName } = await downloadTranscript(token, id, 'pdf');
        const url = URL.createObjectURL(blob);
        const a = document.createElement('a');
        a.href = url;
        a.download = fileName;
        document.body.append(a);
        a.click();
        a.remove();
        // Revoked later: the browser reads the blob after the click returns.
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
        set({ transcriptDownload: NO_DOWNLOAD });
      } catch (e) {
        set({ transcriptDownload: { busy: false, error: errorMessage(e) } });
      }
    },
  };
});

function reportRead(): void {
  const { phase, thread, conversationId } = useWidget.getState();
  if (phase !== 'chat' || !thread || thread.conversation.id !== conversationId || !pageAttended()) {
    reporter.cancel();
    return;
  }
  const seq = latestFromOthers(thread.messages, 'customer');
  if (seq > 0) reporter.seen(thread.conversation.id, seq, thread.conversation.customerReadSeq);
}

useWidget.subscribe((s, prev) => {
  if (s.thread !== prev.thread || s.phase !== prev.phase) reportRead();
});
onAttentionChange(reportRead);
