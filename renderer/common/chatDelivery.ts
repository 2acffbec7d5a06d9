// Keeps every open conversation's transcript whole, ordered and free of duplicates across
// reconnects, and keeps sending what a person typed until the hub has stored it. It knows nothing
// of sockets: the caller passes the two calls in, so the console (through its bridge) and the
// widget share the same delivery rules.
import { Outbox, type PendingMessage } from '../../shared/delivery/outbox';
import { Timeline } from '../../shared/delivery/timeline';
import type { Ack } from '../../shared/protocol/errors';
import type { OpenedTranscript, Transcript } from '../../shared/protocol/events';
import type { ChatSend, ChatSync, Conversation, Message } from '../../shared/protocol/schemas';
import { unwrap } from './ack';

export interface ChatTransport {
  /** chat:send with an ack timeout; rejects when no ack came. */
  send(payload: ChatSend): Promise<Ack<{ message: Message }>>;
  sync(payload: ChatSync): Promise<Ack<Transcript>>;
}

export interface OutgoingMessage {
  clientId: string;
  body: string;
  queuedAt: string;
  /** sending: the hub has not acknowledged it yet; failed: the hub refused it for good. */
  state: 'sending' | 'failed';
  error?: string;
}

export interface ThreadView {
  conversation: Conversation;
  messages: Message[];
  outgoing: OutgoingMessage[];
  /** Messages before the first one here exist and were not loaded (a chat opened on its newest page). */
  hasEarlier: boolean;
}

export interface DeliveryListener {
  thread(conversationId: string, view: ThreadView): void;
  /** Every change of the unacknowledged set, for clients that persist it. */
  pending?(pending: PendingMessage[]): void;
  syncFailed?(conversationId: string, error: unknown): void;
}

interface Thread {
  conversation: Conversation;
  timeline: Timeline;
  hasEarlier: boolean;
}

export class ChatDelivery {
  readonly outbox: Outbox;
  private threads = new Map<string, Thread>();
  private failed = new Map<string, PendingMessage & { error: string }>();
  private syncing = new Map<string, Promise<void>>();
  private syncAgain = new Set<string>();
  private pendingIn = new Set<string>();

  constructor(
    private readonly transport: ChatTransport,
    private readonly listener: DeliveryListener,
    retryDelaysMs?: number[],
  ) {
    this.outbox = new Outbox({
      send: (p) => transport.send(p),
      onAcked: (message) => this.receive(message),
      onRejected: (p, error) => {
        this.failed.set(p.clientId, { ...p, error: error.message });
        this.emit(p.conversationId);
      },
      onChange: (pending) => this.pendingChanged(pending),
      ...(retryDelaysMs ? { retryDelaysMs } : {}),
    });
  }

  has(conversationId: string): boolean {
    return this.threads.has(conversationId);
  }

  /**
   * Takes a full or partial transcript (chat:current, chat:start, conversation:open). A newest page
   * (`hasEarlier`) starts a new thread at its first message: earlier ones come with loadEarlier().
   */
  load(t: Transcript | OpenedTranscript): void {
    const id = t.conversation.id;
    const paged = 'hasEarlier' in t && t.hasEarlier;
    let th = this.threads.get(id);
    if (!th) {
      th = { conversation: t.conversation, timeline: new Timeline(), hasEarlier: paged };
      if (paged && t.messages[0]) th.timeline.startAt(t.messages[0].seq);
      this.threads.set(id, th);
    } else {
      th.conversation = t.conversation;
      // A whole transcript loaded over a paged one fills it in.
      if (th.hasEarlier && !paged && t.messages[0]?.seq === 1) th.hasEarlier = false;
    }
    th.timeline.merge(t.messages);
    this.emit(id);
    if (t.conversation.lastSeq > th.timeline.lastSeq) void this.sync(id);
  }

  /** The seq before which loadEarlier() fetches, or null when the thread holds its beginning. */
  earlierBefore(conversationId: string): number | null {
    const th = this.threads.get(conversationId);
    return th?.hasEarlier ? th.timeline.firstSeq || null : null;
  }

  /** An earlier page of a thread opened on its newest one. */
  loadEarlier(t: OpenedTranscript): void {
    const th = this.threads.get(t.conversation.id);
    if (!th) return;
    // Everything from the first seq held to the last is held: what is new in a page before it is
    // older, and only that decides whether still more is earlier (a page may race another).
    const older = th.timeline.merge(t.messages);
    if (older.length || !t.messages.length) th.hasEarlier = t.hasEarlier;
    this.emit(t.conversation.id);
  }

  /** A live message:new (or an ack); a skipped seq triggers a sync to fill the hole. */
  receive(message: Message): void {
    const th = this.threads.get(message.conversationId);
    if (!th) return;
    const r = th.timeline.add(message);
    if (r === 'duplicate') return;
    if (r === 'gap') void this.sync(message.conversationId);
    this.emit(message.conversationId);
  }

  /** conversation:updated; its lastSeq also reveals messages this client never got. */
  update(conversation: Conversation): void {
    const th = this.threads.get(conversation.id);
    if (!th) return;
    th.conversation = conversation;
    this.emit(conversation.id);
    if (conversation.lastSeq > th.timeline.lastSeq) void this.sync(conversation.id);
  }

  /** chat:sync from the last seq held; concurrent requests for one conversation coalesce. */
  sync(conversationId: string): Promise<void> {
    const running = this.syncing.get(conversationId);
    if (running) {
      this.syncAgain.add(conversationId);
      return running;
    }
    const th = this.threads.get(conversationId);
    if (!th) return Promise.resolve();
    const run = (async () => {
      try {
        const t = unwrap(await this.transport.sync({ conversationId, afterSeq: th.timeline.lastSeq }));
        th.conversation = t.conversation;
        const fresh = th.timeline.merge(t.messages);
        this.emit(conversationId);
        // A reply capped by the hub's page size leaves more to fetch.
        if (fresh.length > 0 && t.conversation.lastSeq > th.timeline.lastSeq) this.syncAgain.add(conversationId);
      } catch (e) {
        this.listener.syncFailed?.(conversationId, e);
      } finally {
        this.syncing.delete(conversationId);
      }
      if (this.syncAgain.delete(conversationId)) await this.sync(conversationId);
    })();
    this.syncing.set(conversationId, run);
    return run;
  }

  /** After a reconnect: catch up every open conversation, then resend what is unacknowledged. */
  async reconnected(): Promise<void> {
    this.outbox.flush();
    await Promise.all([...this.threads.keys()].map((id) => this.sync(id)));
  }

  send(conversationId: string, body: string): void {
    this.outbox.enqueue(conversationId, body);
  }

  /** Messages persisted by an earlier page or app run. */
  restore(pending: PendingMessage[]): void {
    if (pending.length) this.outbox.restore(pending);
  }

  dismissFailed(clientId: string): void {
    const f = this.failed.get(clientId);
    if (!f) return;
    this.failed.delete(clientId);
    this.emit(f.conversationId);
  }

  forget(conversationId: string): void {
    this.threads.delete(conversationId);
  }

  view(conversationId: string): ThreadView | null {
    const th = this.threads.get(conversationId);
    if (!th) return null;
    const messages = th.timeline.messages;
    // An ack can arrive after the broadcast of the same message: show it once, as stored.
    const stored = new Set(messages.map((m) => m.clientId));
    const outgoing: OutgoingMessage[] = [
      ...this.outbox
        .list()
        .filter((p) => p.conversationId === conversationId && !stored.has(p.clientId))
        .map((p) => ({ clientId: p.clientId, body: p.body, queuedAt: p.queuedAt, state: 'sending' as const })),
      ...[...this.failed.values()]
        .filter((p) => p.conversationId === conversationId)
        .map((p) => ({ clientId: p.clientId, body: p.body, queuedAt: p.queuedAt, state: 'failed' as const, error: p.error })),
    ].sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
    return { conversation: th.conversation, messages, outgoing, hasEarlier: th.hasEarlier };
  }

  close(): void {
    this.outbox.close();
  }

  private pendingChanged(pending: PendingMessage[]): void {
    const now = new Set(pending.map((p) => p.conversationId));
    for (const id of new Set([...this.pendingIn, ...now])) this.emit(id);
    this.pendingIn = now;
    this.listener.pending?.(pending);
  }

  private emit(conversationId: string): void {
    const v = this.view(conversationId);
    if (v) this.listener.thread(conversationId, v);
  }
}
