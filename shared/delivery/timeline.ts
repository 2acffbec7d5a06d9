// The client's view of one conversation: messages in seq order, each shown once. A message that
// skips ahead reveals a gap, which the caller fills with chat:sync. A long chat may be held from a
// later seq on (its newest page): earlier pages are merged in as they are fetched.
import type { Message } from '../protocol/schemas';

export type AddResult = 'added' | 'duplicate' | 'gap';

export class Timeline {
  private bySeq = new Map<number, Message>();
  private last = 0;
  /** The messages in seq order, until the next change (a view is taken on every change). */
  private sorted: Message[] | null = null;

  get lastSeq(): number {
    return this.last;
  }

  /** The lowest seq held (0 when empty). */
  get firstSeq(): number {
    return this.messages[0]?.seq ?? 0;
  }

  get messages(): Message[] {
    this.sorted ??= [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
    return this.sorted;
  }

  /**
   * The timeline is loaded from `seq` on (the newest page of a long chat): what comes before is
   * not a gap to sync but history fetched on demand. Only before anything is held.
   */
  startAt(seq: number): void {
    if (this.bySeq.size === 0 && this.last === 0 && seq > 1) this.last = seq - 1;
  }

  /** Adds a live message; 'gap' means earlier ones are missing (it is kept, and a sync is due). */
  add(message: Message): AddResult {
    if (this.bySeq.has(message.seq)) return 'duplicate';
    this.bySeq.set(message.seq, message);
    this.sorted = null;
    if (message.seq === this.last + 1) {
      this.advance();
      return 'added';
    }
    return 'gap';
  }

  /** Adds a replayed batch (from chat:sync, or an earlier page); returns only the messages that were new. */
  merge(messages: Message[]): Message[] {
    const fresh = messages.filter((m) => !this.bySeq.has(m.seq));
    for (const m of fresh) this.bySeq.set(m.seq, m);
    if (fresh.length) this.sorted = null;
    this.advance();
    return fresh;
  }

  private advance(): void {
    while (this.bySeq.has(this.last + 1)) this.last += 1;
  }
}
