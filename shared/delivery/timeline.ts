// The client's view of one conversation: messages in seq order, each shown once. A message that
// skips ahead reveals a gap, which the caller fills with chat:sync.
import type { Message } from '../protocol/schemas';

export type AddResult = 'added' | 'duplicate' | 'gap';

export class Timeline {
  private bySeq = new Map<number, Message>();
  private last = 0;

  get lastSeq(): number {
    return this.last;
  }

  get messages(): Message[] {
    return [...this.bySeq.values()].sort((a, b) => a.seq - b.seq);
  }

  /** Adds a live message; 'gap' means earlier ones are missing (it is kept, and a sync is due). */
  add(message: Message): AddResult {
    if (this.bySeq.has(message.seq)) return 'duplicate';
    this.bySeq.set(message.seq, message);
    if (message.seq === this.last + 1) {
      this.advance();
      return 'added';
    }
    return 'gap';
  }

  /** Adds a replayed batch (from chat:sync); returns only the messages that were new. */
  merge(messages: Message[]): Message[] {
    const fresh = messages.filter((m) => !this.bySeq.has(m.seq));
    for (const m of fresh) this.bySeq.set(m.seq, m);
    this.advance();
    return fresh;
  }

  private advance(): void {
    while (this.bySeq.has(this.last + 1)) this.last += 1;
  }
}
