// Read receipts (issue 3): how far each side of a chat has read. A chat on screen reports a read
// for nearly every message, so marks for the same chat and side that arrive while a write is
// still queued fold into that write: a burst costs one row update inside the normal group commit,
// never a commit of its own.
import { DeskError } from '../../shared/protocol/errors';
import type { ReadBy, ReadReceipt } from '../../shared/protocol/schemas';
import type { StoreApi } from '../store/api';
import type { ConversationRecord } from '../store/conversations';

interface Pending {
  seq: number;
  /** The side's mark once stored, or null when the chat was gone by then. */
  stored: Promise<number | null>;
}

export function readReceipts(store: StoreApi, announce: (receipt: ReadReceipt) => void) {
  const pending = new Map<string, Pending>();

  function queue(conversationId: string, by: ReadBy, seq: number, before: number): Pending {
    const key = `${by}:${conversationId}`;
    const queued = pending.get(key);
    if (queued) {
      queued.seq = Math.max(queued.seq, seq);
      return queued;
    }
    const p: Pending = { seq, stored: Promise.resolve(null) };
    p.stored = store.write(async (tx) => {
      // From here on a new mark needs a new write: this one has taken its seq.
      if (pending.get(key) === p) pending.delete(key);
      return await tx.conversations.markRead(conversationId, by, p.seq);
    });
    pending.set(key, p);
    p.stored.then(
      (after) => {
        if (after !== null && after > before) announce({ conversationId, by, seq: after });
      },
      () => {
        if (pending.get(key) === p) pending.delete(key);
      },
    );
    return p;
  }

  return {
    /**
     * Marks `c` read by one side up to `seq` and resolves with that side's mark once it is on
     * disk. A seq at or below the mark changes nothing; one past the last message is refused.
     */
    async mark(c: ConversationRecord, by: ReadBy, seq: number): Promise<ReadReceipt> {
      if (seq > c.lastSeq) {
        const message = `seq ${seq} is past the conversation's last message (${c.lastSeq})`;
        throw new DeskError('invalid_payload', `Invalid request: seq: ${message}`, [{ path: 'seq', message }]);
      }
      const current = by === 'customer' ? c.customerReadSeq : c.agentReadSeq;
      const queued = pending.get(`${by}:${c.id}`);
      if (!queued && seq <= current) return { conversationId: c.id, by, seq: current };
      const after = await queue(c.id, by, seq, current).stored;
      if (after === null) throw new DeskError('not_found', 'No such conversation.');
      return { conversationId: c.id, by, seq: after };
    },
  };
}
export type ReadReceipts = ReturnType<typeof readReceipts>;
