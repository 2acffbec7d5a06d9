// The console's live connection to the hub: one /agent socket, the delivery rules on top of it,
// and what happens on reconnect. It reports to plain callbacks so the stores stay socket-free.
import type { Ack } from '../../../shared/protocol/errors';
import type { TypingEvent } from '../../../shared/protocol/events';
import type { QueuePreview } from '../../../shared/protocol/routing';
import type { Conversation, Message, ReadReceipt } from '../../../shared/protocol/schemas';
import type { PendingMessage } from '../../../shared/delivery/outbox';
import { unwrap } from '../../common/ack';
import { ChatDelivery, type ThreadView } from '../../common/chatDelivery';
import type { AgentSocket } from '../bridge';
import { casesApi, type CasesApi } from '../bridge/casesApi';
import { privacyApi, type PrivacyApi } from '../bridge/privacyApi';
import { routingApi, type RoutingApi } from '../bridge/routingApi';
import { settingsApi, type SettingsApi } from '../bridge/settingsApi';
import { superviseApi, type SuperviseApi } from '../bridge/superviseApi';
import { reportsApi, type ReportsApi } from '../bridge/reportsApi';
import { ticketsApi, type TicketsApi } from '../bridge/ticketsApi';
import { transcriptsApi, type TranscriptsApi } from '../bridge/transcriptsApi';
import { tr } from '../../common/i18n';
import { HISTORY_PAGE } from '../../common/historyPage';

export type ConnectionStatus = 'connecting' | 'online' | 'reconnecting';

export interface LinkEvents {
  status(status: ConnectionStatus): void;
  queue(conversations: Conversation[], previews: QueuePreview[]): void;
  thread(conversationId: string, view: ThreadView): void;
  conversation(conversation: Conversation): void;
  message(message: Message): void;
  typing(event: TypingEvent): void;
  /** The customer (or this agent on another screen) read further in a chat this socket follows. */
  read(receipt: ReadReceipt): void;
  /** The hub refused this session (revoked, expired, signed out elsewhere). */
  revoked(reason: string): void;
  problem(message: string): void;
  /** The unacknowledged messages changed: keep them where a restart finds them. */
  pending?(pending: PendingMessage[]): void;
}

const notConnected = () => Promise.reject(new Error(tr('connection.offline')));

export class AgentLink {
  private readonly delivery: ChatDelivery;
  private connectedOnce = false;
  private ended = false;
  private retry: ReturnType<typeof setTimeout> | null = null;
  /** Cases and orders (features/cases) on this same socket and session. */
  readonly cases: CasesApi;
  /** Status, offers, transfers, private notes and canned replies (features/routing, notes, canned). */
  readonly routing: RoutingApi;
  /** Chats of mine this socket follows (their room) without a transcript open, for unread counts. */
  private followed = new Set<string>();
  /** Transcript search, review and copies (features/transcripts) on the same socket. */
  readonly transcripts: TranscriptsApi;
  /** Supervisors live, whispers, reassign and canned replies (features/supervise). */
  readonly supervise: SuperviseApi;
  /** Reports for supervisors (features/reports, issue 9). */
  readonly reports: ReportsApi;
  /** Offline tickets (features/tickets). */
  readonly tickets: TicketsApi;
  /** Privacy requests and the customer panel's privacy line (features/privacy). */
  readonly privacy: PrivacyApi;
  /** Brand settings and their demo warnings (features/settings). */
  readonly settings: SettingsApi;

  constructor(
    private readonly socket: AgentSocket,
    private readonly on: LinkEvents,
  ) {
    this.cases = casesApi(socket);
    this.routing = routingApi(socket);
    this.transcripts = transcriptsApi(socket);
    this.supervise = superviseApi(socket);
    this.reports = reportsApi(socket);
    this.tickets = ticketsApi(socket);
    this.privacy = privacyApi(socket);
    this.settings = settingsApi(socket);
    this.delivery = new ChatDelivery(
      {
        // A disconnected socket would buffer the packet and send it again on reconnect on top of
        // the Outbox's own resend: fail fast instead and let the Outbox retry.
        send: (p) => (socket.connected ? socket.emitWithAck('chat:send', p) : notConnected()),
        sync: (p) => (socket.connected ? socket.emitWithAck('chat:sync', p) : notConnected()),
      },
      {
        thread: (id, view) => on.thread(id, view),
        pending: (p) => on.pending?.(p),
        syncFailed: (_id, e) => {
          if (socket.connected) on.problem(e instanceof Error ? e.message : tr('connection.catchUpFailed'));
        },
      },
    );
    this.wire();
    on.status('connecting');
    socket.connect();
  }

  private wire(): void {
    const { socket, on } = this;
    socket.on('connect', () => {
      on.status('online');
      if (this.connectedOnce) void this.delivery.reconnected();
      // Messages restored from an earlier run go out as soon as there is a hub to take them.
      else this.delivery.outbox.flush();
      this.connectedOnce = true;
      void this.refreshQueue();
    });
    socket.on('disconnect', (reason) => {
      this.followed.clear();
      if (this.ended || reason === 'io client disconnect') return;
      on.status('reconnecting');
      // The hub closed us without revoking the session (it is restarting): socket.io will not
      // retry by itself in that case. A revoked session fails the next handshake instead.
      if (reason === 'io server disconnect') this.retry = setTimeout(() => socket.connect(), 1000);
    });
    socket.on('connect_error', (err) => {
      if (this.ended) return;
      // Refused by the hub's middleware (not a network error): socket.io stops retrying.
      if (!socket.active) this.revoke(err.message || tr('connection.sessionEnded'));
      else on.status('reconnecting');
    });
    socket.on('session:revoked', ({ reason }) => this.revoke(reason));
    socket.on('queue:updated', ({ conversations, previews }) => {
      on.queue(conversations, previews ?? []);
      this.follow(conversations);
    });
    socket.on('message:new', (m) => {
      this.delivery.receive(m);
      on.message(m);
    });
    socket.on('conversation:updated', (c) => {
      this.delivery.update(c);
      on.conversation(c);
    });
    socket.on('typing', (e) => on.typing(e));
    socket.on('read', (r) => on.read(r));
  }

  private revoke(reason: string): void {
    if (this.ended) return;
    this.close();
    this.on.revoked(reason);
  }

  private request<T>(run: () => Promise<Ack<T>>): Promise<T> {
    return this.socket.connected ? run().then(unwrap) : notConnected();
  }

  /** After the desk is unlocked: the hub refused every request while it was locked (issue 12). */
  async resume(): Promise<void> {
    if (!this.socket.connected) return;
    this.followed.clear();
    await Promise.all([this.refreshQueue(), this.delivery.reconnected()]);
  }

  async refreshQueue(): Promise<void> {
    try {
      const { conversations, previews } = await this.request(() => this.socket.emitWithAck('queue:list', {}));
      this.on.queue(conversations, previews ?? []);
      this.follow(conversations);
    } catch (e) {
      this.on.problem(e instanceof Error ? e.message : tr('connection.queueFailed'));
    }
  }

  /**
   * The hub sends a chat's messages to the sockets in its room; after a reload (or a chat given
   * by auto-assignment on another tab) this socket is in none. A sync from the last seq joins the
   * room without fetching or auditing the transcript, so unread counts work for every chat of mine.
   */
  private follow(conversations: Conversation[]): void {
    if (!this.socket.connected) return;
    for (const c of conversations) {
      if (c.status !== 'active' || this.followed.has(c.id) || this.delivery.has(c.id)) continue;
      this.followed.add(c.id);
      this.socket.emitWithAck('chat:sync', { conversationId: c.id, afterSeq: c.lastSeq }).catch(() => this.followed.delete(c.id));
    }
  }

  isOpen(conversationId: string): boolean {
    return this.delivery.has(conversationId);
  }

  /** A chat opens on its newest page; earlier ones load as the agent scrolls up (openEarlier). */
  async open(conversationId: string): Promise<void> {
    const t = await this.request(() => this.socket.emitWithAck('conversation:open', { conversationId, limit: HISTORY_PAGE }));
    this.delivery.load(t);
  }

  /** The page before the first message held; nothing when the thread already holds the chat's beginning. */
  async openEarlier(conversationId: string): Promise<void> {
    const beforeSeq = this.delivery.earlierBefore(conversationId);
    if (beforeSeq === null) return;
    const t = await this.request(() => this.socket.emitWithAck('conversation:open', { conversationId, beforeSeq, limit: HISTORY_PAGE }));
    this.delivery.loadEarlier(t);
  }

  /** The whole chat (to save it as a file): fills in every page not loaded yet. */
  async openWhole(conversationId: string): Promise<ThreadView | null> {
    if (this.delivery.earlierBefore(conversationId) !== null) {
      this.delivery.load(await this.request(() => this.socket.emitWithAck('conversation:open', { conversationId })));
    }
    return this.delivery.view(conversationId);
  }

  async accept(conversationId: string): Promise<void> {
    const { conversation } = await this.request(() => this.socket.emitWithAck('conversation:accept', { conversationId }));
    this.delivery.update(conversation);
    this.on.conversation(conversation);
  }

  async end(conversationId: string): Promise<void> {
    const { conversation } = await this.request(() => this.socket.emitWithAck('conversation:end', { conversationId }));
    this.delivery.update(conversation);
    this.on.conversation(conversation);
  }

  send(conversationId: string, body: string): void {
    this.delivery.send(conversationId, body);
  }

  /** Unsent messages from an earlier run (the app was closed while the hub was unreachable). */
  restore(pending: PendingMessage[]): void {
    this.delivery.restore(pending);
  }

  dismissFailed(clientId: string): void {
    this.delivery.dismissFailed(clientId);
  }

  forget(conversationId: string): void {
    this.delivery.forget(conversationId);
  }

  typing(conversationId: string, typing: boolean): void {
    // Best effort: a lost typing hint is not worth a retry.
    if (this.socket.connected) this.socket.emitWithAck('chat:typing', { conversationId, typing }).catch(() => {});
  }

  /** This agent has read the chat up to `seq` (only the chat's own agent may; the hub refuses others). */
  read(conversationId: string, seq: number): Promise<ReadReceipt> {
    return this.request(() => this.socket.emitWithAck('chat:read', { conversationId, seq }));
  }

  close(): void {
    this.ended = true;
    if (this.retry) clearTimeout(this.retry);
    this.delivery.close();
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }
}
