// Sends chat messages until the hub acknowledges them (the hub acks only after a durable commit),
// so nothing a person typed is lost to a dropped connection. The clientId makes every retry
// idempotent: the hub stores a message once per (conversation, clientId).
import type { Ack } from '../protocol/errors';
import type { ChatSend, Message } from '../protocol/schemas';

export interface PendingMessage extends ChatSend {
  queuedAt: string;
}

export interface OutboxOptions {
  /** Emits chat:send; rejects when no ack came (timeout, disconnected). */
  send: (payload: ChatSend) => Promise<Ack<{ message: Message }>>;
  onAcked: (message: Message, pending: PendingMessage) => void;
  /** The hub refused the message for good (invalid, too large, conversation ended). */
  onRejected: (pending: PendingMessage, error: { code: string; message: string }) => void;
  /** Called whenever the pending set changes, so a client can persist it (localStorage, disk). */
  onChange?: (pending: PendingMessage[]) => void;
  /** Delays between attempts in ms; the last one repeats. */
  retryDelaysMs?: number[];
  now?: () => Date;
}

export function newClientId(): string {
  return globalThis.crypto.randomUUID().replace(/-/g, '');
}

export class Outbox {
  private pending = new Map<string, PendingMessage>();
  private inFlight = new Set<string>();
  private timers = new Map<string, ReturnType<typeof setTimeout>>();
  private attempts = new Map<string, number>();
  private closed = false;

  constructor(private readonly opts: OutboxOptions) {}

  get size(): number {
    return this.pending.size;
  }

  list(): PendingMessage[] {
    return [...this.pending.values()];
  }

  /** Queues a message and sends it at once; returns what was queued (for optimistic display). */
  enqueue(conversationId: string, body: string, clientId: string = newClientId()): PendingMessage {
    const now = (this.opts.now ?? (() => new Date()))();
    const p: PendingMessage = { conversationId, clientId, body, queuedAt: now.toISOString() };
    this.pending.set(clientId, p);
    this.changed();
    void this.attempt(clientId);
    return p;
  }

  /** Restores messages persisted by an earlier run (page reload, app restart) and resends them. */
  restore(items: PendingMessage[]): void {
    for (const p of items) this.pending.set(p.clientId, p);
    this.changed();
    this.flush();
  }

  /** Resends everything still pending now (call on reconnect). */
  flush(): void {
    for (const id of this.pending.keys()) {
      const t = this.timers.get(id);
      if (t) clearTimeout(t);
      this.timers.delete(id);
      void this.attempt(id);
    }
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private async attempt(clientId: string): Promise<void> {
    const p = this.pending.get(clientId);
    if (!p || this.closed || this.inFlight.has(clientId)) return;
    this.inFlight.add(clientId);
    const n = (this.attempts.get(clientId) ?? 0) + 1;
    this.attempts.set(clientId, n);
    let reply: Ack<{ message: Message }> | undefined;
    try {
      reply = await this.opts.send({ conversationId: p.conversationId, clientId: p.clientId, body: p.body });
    } catch {
      reply = undefined; // no ack: retry below
    } finally {
      this.inFlight.delete(clientId);
    }
    if (!this.pending.has(clientId)) return;
    if (reply?.ok) {
      this.settle(clientId);
      this.opts.onAcked(reply.data.message, p);
    } else if (reply && reply.error.code !== 'internal' && reply.error.code !== 'unauthenticated') {
      this.settle(clientId);
      this.opts.onRejected(p, reply.error);
    } else if (!this.closed) {
      const delays = this.opts.retryDelaysMs ?? [250, 500, 1000, 2000, 5000];
      const delay = delays[Math.min(n - 1, delays.length - 1)] ?? 1000;
      this.timers.set(
        clientId,
        setTimeout(() => {
          this.timers.delete(clientId);
          void this.attempt(clientId);
        }, delay),
      );
    }
  }

  private settle(clientId: string): void {
    this.pending.delete(clientId);
    this.attempts.delete(clientId);
    const t = this.timers.get(clientId);
    if (t) clearTimeout(t);
    this.timers.delete(clientId);
    this.changed();
  }

  private changed(): void {
    this.opts.onChange?.(this.list());
  }
}
