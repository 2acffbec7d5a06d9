// Copies of transcripts emailed to customers on PostgreSQL: ../../emailCopies.ts's twin.
import type { EmailCopy } from '../../../../shared/protocol/transcripts';
import { maskCardNumbers } from '../../../../shared/domain/cardMask';
import { toCopy, type EmailCopyRow } from '../../emailCopies';
import type { PgModuleFactory } from '../api';
import { all, one, run } from '../query';

const COLUMNS = 'id, conversation_id, to_address, reason, requested_by_kind, requested_by_id, status, error, attempts, created_at, updated_at';

export const pgEmailCopiesStore: PgModuleFactory<'emailCopies'> = (q) => {
  const get = async (id: string): Promise<EmailCopy | undefined> => {
    const r = await one<EmailCopyRow>(q, `SELECT ${COLUMNS} FROM email_copies WHERE id = $1`, [id]);
    return r && toCopy(r);
  };
  return {
    /** Free text is masked here, at the door to the disk, so no caller can forget. */
    async create(c: { id: string; conversationId: string; to: string; reason: string | null; requestedByKind: string; requestedById: string | null; at: string }): Promise<EmailCopy> {
      await run(
        q,
        `INSERT INTO email_copies (id, conversation_id, to_address, reason, requested_by_kind, requested_by_id, status, attempts, created_at, updated_at)
         VALUES (@id, @conversationId, @to, @reason, @requestedByKind, @requestedById, 'queued', 0, @at, @at)`,
        { ...c, reason: c.reason === null ? null : maskCardNumbers(c.reason) },
      );
      return (await get(c.id))!;
    },
    get,
    async forConversation(conversationId: string): Promise<EmailCopy[]> {
      // SQLite breaks a tie of created_at by rowid (insertion); this table has no insertion-order
      // column on PostgreSQL, so a tie (two copies asked for in one millisecond) goes by id.
      return (await all<EmailCopyRow>(q, `SELECT ${COLUMNS} FROM email_copies WHERE conversation_id = $1 ORDER BY created_at, id`, [conversationId])).map(toCopy);
    },
    async countRequestedBy(conversationId: string, kind: string): Promise<number> {
      return (await one<{ n: number }>(q, 'SELECT COUNT(*)::int AS n FROM email_copies WHERE conversation_id = $1 AND requested_by_kind = $2', [conversationId, kind]))!.n;
    },
    /** Records the outcome of one delivery attempt. */
    async settle(id: string, outcome: { status: 'sent' | 'failed'; error: string | null; at: string }): Promise<EmailCopy> {
      // attempts + 1 in the statement: two hubs settling one copy both count.
      await run(q, 'UPDATE email_copies SET status = @status, error = @error, attempts = attempts + 1, updated_at = @at WHERE id = @id', {
        id,
        status: outcome.status,
        error: outcome.error === null ? null : maskCardNumbers(outcome.error),
        at: outcome.at,
      });
      return (await get(id))!;
    },
    /** A failed copy goes back to queued for another attempt; false if it was not failed. */
    async requeue(id: string, at: string): Promise<boolean> {
      return (await run(q, "UPDATE email_copies SET status = 'queued', error = NULL, updated_at = $1 WHERE id = $2 AND status = 'failed'", [at, id])) > 0;
    },
  };
};
