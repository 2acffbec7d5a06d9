// Read receipts (issue 3), the parts the widget and the console share: what to report as read,
// when the reader counts as looking, and a reporter that sends one chat:read per pause rather
// than one per message.
import type { AuthorKind, Message } from '../../shared/protocol/schemas';

/** The newest stored message the other side wrote (or the hub posted): what "read up to" points at; 0 for none. */
export function latestFromOthers(messages: readonly Message[], selfKind: AuthorKind): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.author.kind !== selfKind) return m.seq;
  }
  return 0;
}

/**
 * Sends "read up to seq" after a short pause (a burst of messages, or a chat flicked past, costs
 * nothing), never for a seq the hub already has. A failed send is forgotten: the next change on
 * screen (or the catch-up after a reconnect) reports again.
 */
export class ReadReporter {
  /** The highest seq the hub acknowledged per conversation. */
  private acked = new Map<string, number>();
  private wanted: { conversationId: string; seq: number } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly send: (conversationId: string, seq: number) => Promise<{ seq: number }>,
    private readonly delayMs = 500,
  ) {}

  /** The chat is on screen with the reader looking: `seq` is read. `known` is the mark the hub last gave. */
  seen(conversationId: string, seq: number, known: number): void {
    if (seq <= Math.max(known, this.acked.get(conversationId) ?? 0)) return;
    if (this.wanted?.conversationId === conversationId && this.wanted.seq >= seq && this.timer) return;
    this.wanted = { conversationId, seq };
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), this.delayMs);
  }

  /** The hub's mark is at least `seq` (an ack, or the same reader on another page). */
  acknowledged(conversationId: string, seq: number): void {
    if (seq > (this.acked.get(conversationId) ?? 0)) this.acked.set(conversationId, seq);
  }

  /** The chat left the screen (or the reader looked away) before the pause was over. */
  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.wanted = null;
  }

  private flush(): void {
    const w = this.wanted;
    this.cancel();
    if (!w) return;
    // A send that throws (no link any more) fails like one that rejects.
    Promise.resolve()
      .then(() => this.send(w.conversationId, w.seq))
      .then(
        (r) => this.acknowledged(w.conversationId, r.seq),
        () => {},
      );
  }
}

/** The page is shown and has the focus. Inside a store's iframe the focus is usually on the store's page: being shown is enough there. */
export function pageAttended(): boolean {
  if (document.visibilityState !== 'visible') return false;
  return document.hasFocus() || window.self !== window.top;
}

/** Calls `changed` whenever the page may have become attended or stopped being so. */
export function onAttentionChange(changed: () => void): () => void {
  window.addEventListener('focus', changed);
  window.addEventListener('blur', changed);
  document.addEventListener('visibilitychange', changed);
  return () => {
    window.removeEventListener('focus', changed);
    window.removeEventListener('blur', changed);
    document.removeEventListener('visibilitychange', changed);
  };
}
