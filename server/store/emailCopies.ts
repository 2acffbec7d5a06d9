// Copies of transcripts emailed to customers, with their delivery status.
import type { EmailCopy, EmailCopyStatus } from '../../shared/protocol/transcripts';
import { maskCardNumbers } from '../../shared/domain/cardMask';
import type { Db } from './db';

export interface EmailCopyRow {
  id: string;
  conversation_id: string;
  to_address: string;
  reason: string | null;
  requested_by_kind: string;
  requested_by_id: string | null;
  status: EmailCopyStatus;
  error: string | null;
  attempts: number;
  created_at: string;
  updated_at: string;
}

export const toCopy = (r: EmailCopyRow): EmailCopy => ({
  id: r.id,
  conversationId: r.conversation_id,
  to: r.to_address,
  reason: r.reason,
  requestedBy: { kind: r.requested_by_kind as EmailCopy['requestedBy']['kind'], id: r.requested_by_id },
  status: r.status,
  error: r.error,
  attempts: r.attempts,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function emailCopiesStore(db: Db) {
  const q = {
    insert: db.prepare(
      `INSERT INTO email_copies (id, conversation_id, to_address, reason, requested_by_kind, requested_by_id, status, attempts, created_at, updated_at)
       VALUES (@id, @conversationId, @to, @reason, @requestedByKind, @requestedById, 'queued', 0, @at, @at)`,
    ),
    byId: db.prepare('SELECT * FROM email_copies WHERE id = ?'),
    forConversation: db.prepare('SELECT * FROM email_copies WHERE conversation_id = ? ORDER BY created_at, rowid'),
    countFor: db.prepare('SELECT COUNT(*) AS n FROM email_copies WHERE conversation_id = ? AND requested_by_kind = ?'),
    settle: db.prepare('UPDATE email_copies SET status = @status, error = @error, attempts = attempts + 1, updated_at = @at WHERE id = @id'),
    requeue: db.prepare("UPDATE email_copies SET status = 'queued', error = NULL, updated_at = ? WHERE id = ? AND status = 'failed'"),
  };

  return {
    /** Free text is masked here, at the door to the disk, so no caller can forget. */
    create(c: { id: string; conversationId: string; to: string; reason: string | null; requestedByKind: string; requestedById: string | null; at: string }): EmailCopy {
      q.insert.run({ ...c, reason: c.reason === null ? null : maskCardNumbers(c.reason) });
      return this.get(c.id)!;
    },
    get(id: string): EmailCopy | undefined {
      const r = q.byId.get(id) as EmailCopyRow | undefined;
      return r && toCopy(r);
    },
    forConversation(conversationId: string): EmailCopy[] {
      return (q.forConversation.all(conversationId) as EmailCopyRow[]).map(toCopy);
    },
    countRequestedBy(conversationId: string, kind: string): number {
      return (q.countFor.get(conversationId, kind) as { n: number }).n;
    },
    /** Records the outcome of one delivery attempt. */
    settle(id: string, outcome: { status: 'sent' | 'failed'; error: string | null; at: string }): EmailCopy {
      q.settle.run({ id, status: outcome.status, error: outcome.error === null ? null : maskCardNumbers(outcome.error), at: outcome.at });
      return this.get(id)!;
    },
    /** A failed copy goes back to queued for another attempt; false if it was not failed. */
    requeue(id: string, at: string): boolean {
      return q.requeue.run(at, id).changes > 0;
    },
  };
}
export type EmailCopiesStore = ReturnType<typeof emailCopiesStore>;
