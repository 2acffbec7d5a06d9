// The widget's live connection: one /customer socket with the shared delivery rules on top.
import type { PendingMessage } from '../../shared/delivery/outbox';
import type { CustomerCase } from '../../shared/protocol/cases';
import type { Ack } from '../../shared/protocol/errors';
import type { Transcript, TypingEvent } from '../../shared/protocol/events';
import type { Conversation, Customer, ReadReceipt } from '../../shared/protocol/schemas';
import type { CodeChallenge, CodeConfirmed } from '../../shared/protocol/identity';
import type { AccessFiles, PrivacyAsk, PrivacyReceipt } from '../../shared/protocol/privacy';
import type { Rating } from '../../shared/protocol/reports';
import type { CustomerCopy } from '../../shared/protocol/transcripts';
import { unwrap } from '../common/ack';
import { tr } from '../common/i18n';
import { ChatDelivery, type ThreadView } from '../common/chatDelivery';
import type { CustomerSocket } from './hubClient';

export type LinkStatus = 'connecting' | 'online' | 'reconnecting';

export interface CustomerLinkEvents {
  status(status: LinkStatus): void;
  /** Every successful connect; `again` after a drop (the link has already caught up by itself). */
  connected(again: boolean): void;
  thread(conversationId: string, view: ThreadView): void;
  typing(event: TypingEvent): void;
  /** The hub refused the session token: it expired or is unknown. */
  refused(message: string): void;
  pending(pending: PendingMessage[]): void;
  /** One of the customer's cases changed (a step by customer care, a photo added). */
  caseUpdated(c: CustomerCase): void;
  /** An emailed copy of a chat was sent, or failed. */
  copyUpdated(copy: CustomerCopy): void;
  /** The chat's place in the queue while it waits (1 = next). */
  position(conversationId: string, position: number): void;
  /** The agent (or this customer on another page) read further. */
  read(receipt: ReadReceipt): void;
  /** Customer care sent a code to an order's email, for the customer to enter here. */
  codeRequested(challenge: CodeChallenge): void;
  /** The session's customer changed (their email was confirmed, here or on another page). */
  customerUpdated(customer: Customer): void;
}

const notConnected = () => Promise.reject(new Error(tr('widget.more.notConnected')));

export class CustomerLink {
  private readonly delivery: ChatDelivery;
  private connectedOnce = false;
  private ended = false;
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly socket: CustomerSocket,
    on: CustomerLinkEvents,
  ) {
    // Fail fast while disconnected instead of letting socket.io buffer a second copy; the Outbox retries.
    this.delivery = new ChatDelivery(
      {
        send: (p) => (socket.connected ? socket.emitWithAck('chat:send', p) : notConnected()),
        sync: (p) => (socket.connected ? socket.emitWithAck('chat:sync', p) : notConnected()),
      },
      { thread: on.thread, pending: on.pending },
    );
    socket.on('connect', () => {
      on.status('online');
      const again = this.connectedOnce;
      this.connectedOnce = true;
      if (again) void this.delivery.reconnected();
      on.connected(again);
    });
    socket.on('disconnect', (reason) => {
      if (this.ended || reason === 'io client disconnect') return;
      on.status('reconnecting');
      // socket.io does not retry after the hub closed the socket itself (e.g. a hub restart).
      if (reason === 'io server disconnect') this.retry = setTimeout(() => socket.connect(), 1000);
    });
    socket.on('connect_error', (err) => {
      if (this.ended) return;
      // Refused by the hub (not a network failure): socket.io gives up, and so do we.
      if (!socket.active) {
        this.close();
        on.refused(err.message || tr('widget.more.sessionExpired'));
      } else on.status(this.connectedOnce ? 'reconnecting' : 'connecting');
    });
    socket.on('message:new', (m) => this.delivery.receive(m));
    socket.on('conversation:updated', (c) => this.delivery.update(c));
    socket.on('typing', on.typing);
    socket.on('case:updated', (c) => on.caseUpdated(c));
    socket.on('transcript:copy-updated', (c) => on.copyUpdated(c));
    socket.on('queue:position', (p) => on.position(p.conversationId, p.position));
    socket.on('read', (r) => on.read(r));
    socket.on('identity:code-requested', (c) => on.codeRequested(c));
    socket.on('identity:updated', ({ customer }) => on.customerUpdated(customer));
    on.status('connecting');
    socket.connect();
  }

  private async ask<T>(run: () => Promise<Ack<T>>): Promise<T> {
    if (!this.socket.connected) return notConnected();
    return unwrap(await run());
  }

  /** The latest conversation (open or ended) with its history, or null. */
  async current(): Promise<Transcript | null> {
    const t = await this.ask(() => this.socket.emitWithAck('chat:current', {}));
    if (t) this.delivery.load(t);
    return t;
  }

  /** The open conversation, or a new one with the brand's desk; refused with `closed` outside its hours. */
  /** `locale` and `timeZone`: the widget's language and the browser's zone, for the chat's copies. */
  async start(brandId: string | null, customer: { locale?: string; timeZone?: string } = {}): Promise<Transcript> {
    const t = await this.ask(() => this.socket.emitWithAck('chat:start', { ...(brandId ? { brandId } : {}), ...customer }));
    this.delivery.load(t);
    return t;
  }

  /** The returns and claims linked to this session's chats. */
  async myCases(): Promise<CustomerCase[]> {
    return (await this.ask(() => this.socket.emitWithAck('cases:mine', {}))).cases;
  }

  /** A copy of the chat to the customer's address on file; queued now, delivery follows as copyUpdated. */
  async emailCopy(conversationId: string): Promise<CustomerCopy> {
    return (await this.ask(() => this.socket.emitWithAck('transcript:email-copy', { conversationId }))).copy;
  }

  /** A code to the customer's own email (to confirm it). */
  async requestCode(brandId: string | null): Promise<CodeChallenge> {
    return this.ask(() => this.socket.emitWithAck('identity:request-code', brandId ? { brandId } : {}));
  }

  /** The code from the email: confirms the customer's email, or the order customer care asked about. */
  async confirmCode(challengeId: string, code: string): Promise<CodeConfirmed> {
    return this.ask(() => this.socket.emitWithAck('identity:confirm-code', { challengeId, code }));
  }

  /** "Your privacy" (issue 13): a request about this session's own address; a code is emailed to it. */
  privacyRequest(p: PrivacyAsk): Promise<PrivacyReceipt> {
    return this.ask(() => this.socket.emitWithAck('privacy:request', p));
  }
  privacyVerify(requestId: string, code: string): Promise<PrivacyReceipt> {
    return this.ask(() => this.socket.emitWithAck('privacy:verify', { requestId, code }));
  }
  privacyDownload(requestId: string): Promise<AccessFiles> {
    return this.ask(() => this.socket.emitWithAck('privacy:download', { requestId }));
  }

  /** The customer ends the chat themself (issue 9); acks the ended conversation. */
  async end(conversationId: string): Promise<Conversation> {
    const { conversation } = await this.ask(() => this.socket.emitWithAck('chat:end', { conversationId }));
    return conversation;
  }

  /** Rates an ended chat 1–5 with an optional comment; a second rating replaces the first. */
  async rate(conversationId: string, score: number, comment: string): Promise<Rating> {
    const { rating } = await this.ask(() => this.socket.emitWithAck('chat:rate', comment.trim() ? { conversationId, score, comment } : { conversationId, score }));
    return rating;
  }

  view(conversationId: string): ThreadView | null {
    return this.delivery.view(conversationId);
  }

  send(conversationId: string, body: string): void {
    this.delivery.send(conversationId, body);
  }

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
    if (this.socket.connected) this.socket.emitWithAck('chat:typing', { conversationId, typing }).catch(() => {});
  }

  /** The customer has read up to `seq`; resolves with the hub's mark. */
  read(conversationId: string, seq: number): Promise<ReadReceipt> {
    return this.ask(() => this.socket.emitWithAck('chat:read', { conversationId, seq }));
  }

  close(): void {
    this.ended = true;
    if (this.retry) clearTimeout(this.retry);
    this.delivery.close();
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }
}
