// Transcripts on PostgreSQL: ../../transcripts.ts's twin. Search is ../transcriptSearch.ts (FTS5's
// results, order and snippets); review, holds, attachments, retention and import are here.
//
// Free text written here is masked at this door to the disk, exactly as on SQLite (POLICY §3):
// tags, comments, hold and release reasons, attachment names, and everything an import writes.
// Chat messages are masked by the chat service before conversations.appendMessage, on either backend.
import type { Message } from '../../../../shared/protocol/schemas';
import type { HoldInfo, ReviewComment, TranscriptMeta } from '../../../../shared/protocol/transcripts';
import { maskCardNumbers } from '../../../../shared/domain/cardMask';
import { CASE_LINK_SQL } from '../../cases';
import { publicConversation, toMessage, type MessageRow } from '../../conversations';
import { indexWords } from '../../snippet';
import { AGENT_MAY_SEE, INSERT_IMPORTED_SQL, LISTING_SQL, OPEN_HOLD, importedParams, toListing, type AttachmentRecord, type ImportedConversation, type ListingRow, type PurgedRows, type TranscriptListing } from '../../transcripts';
import type { PgModuleFactory } from '../api';
import { all, one, run, type PgQueryable } from '../query';
import { pgTranscriptSearch } from '../transcriptSearch';
import { MESSAGE_COLUMNS, pgConversationsStore } from './conversations';

/** Imports from every hub queue on this transaction lock: the duplicate check and the shared customer by email hold. */
const IMPORT_LOCK = 0x696d7074; // 'impt'

/** Rows per INSERT of imported messages (9 parameters each, far below PostgreSQL's 65,535). */
const IMPORT_BATCH = 500;

async function insertImportedMessages(q: PgQueryable, conversationId: string, messages: ImportedConversation['messages']): Promise<void> {
  for (let from = 0; from < messages.length; from += IMPORT_BATCH) {
    const batch = messages.slice(from, from + IMPORT_BATCH);
    const values: unknown[] = [];
    const rows = batch.map((m, i) => {
      const body = maskCardNumbers(m.body);
      values.push(conversationId, from + i + 1, m.clientId, m.authorKind, maskCardNumbers(m.authorName), body, m.createdAt, indexWords(body));
      const p = i * 8;
      return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, NULL, $${p + 5}, $${p + 6}, $${p + 7}, $${p + 8})`;
    });
    // In message order: ids (the search's newest-first order) follow seq, as SQLite's rowids do.
    await run(q, `INSERT INTO messages (conversation_id, seq, client_id, author_kind, author_id, author_name, body, created_at, search_words) VALUES ${rows.join(', ')}`, values);
  }
}

export const pgTranscriptsStore: PgModuleFactory<'transcripts'> = (q, ctx) => {
  const conversations = pgConversationsStore(q, ctx);

  async function hold(conversationId: string): Promise<HoldInfo | null> {
    const h = await one<Record<string, string>>(
      q,
      `SELECT h.id, h.reason, COALESCE(h.placed_by, 'operator:' || h.placed_by_operator) AS placed_by, h.placed_at,
              COALESCE(u.name, 'Operator ' || h.placed_by_operator) AS placed_by_name
       FROM legal_holds h LEFT JOIN users u ON u.id = h.placed_by WHERE h.conversation_id = $1 AND h.released_at IS NULL`,
      [conversationId],
    );
    return h ? { id: h.id!, reason: h.reason!, placedBy: { id: h.placed_by!, name: h.placed_by_name! }, placedAt: h.placed_at! } : null;
  }

  return {
    search: pgTranscriptSearch(q, CASE_LINK_SQL),

    async agentMaySee(agentId: string, conversationId: string): Promise<boolean> {
      return (await one(q, `SELECT 1 FROM conversations c WHERE c.id = @id AND ${AGENT_MAY_SEE}`, { id: conversationId, viewerId: agentId })) !== undefined;
    },

    async meta(conversationId: string): Promise<TranscriptMeta | undefined> {
      const c = await conversations.get(conversationId);
      if (!c) return undefined;
      const x = (await one<{ purge_at: string | null; external_id: string | null; brand_id: string; last_seq: number }>(
        q,
        'SELECT purge_at, external_id, brand_id, last_seq FROM conversations WHERE id = $1',
        [conversationId],
      ))!;
      const tags = await all<{ tag: string }>(q, 'SELECT tag FROM conversation_tags WHERE conversation_id = $1 ORDER BY tag', [conversationId]);
      // SQLite breaks ties of created_at by rowid (insertion order); review_comments has no such column here.
      const comments = await all<Record<string, string | null>>(q, 'SELECT id, author_id, author_name, body, created_at FROM review_comments WHERE conversation_id = $1 ORDER BY created_at, id', [conversationId]);
      return {
        conversation: publicConversation(c),
        brandId: x.brand_id,
        purgeAt: x.purge_at,
        hold: await hold(conversationId),
        tags: tags.map((t) => t.tag),
        comments: comments.map((r): ReviewComment => ({ id: r.id!, author: { id: r.author_id ?? null, name: r.author_name! }, body: r.body!, createdAt: r.created_at! })),
        messageCount: x.last_seq,
        externalId: x.external_id,
      };
    },

    async page(conversationId: string, beforeSeq: number | undefined, limit: number): Promise<{ messages: Message[]; hasMore: boolean }> {
      const rows = await all<MessageRow>(q, `SELECT ${MESSAGE_COLUMNS} FROM messages WHERE conversation_id = $1 AND seq < $2::bigint ORDER BY seq DESC LIMIT $3`, [
        conversationId,
        beforeSeq ?? Number.MAX_SAFE_INTEGER,
        limit + 1,
      ]);
      const hasMore = rows.length > limit;
      return { messages: rows.slice(0, limit).reverse().map(toMessage), hasMore };
    },

    async tagCounts(limit: number): Promise<{ tag: string; count: number }[]> {
      return all(q, 'SELECT tag, COUNT(*)::int AS count FROM conversation_tags GROUP BY tag ORDER BY count DESC, tag LIMIT $1', [limit]);
    },
    async addTag(conversationId: string, tag: string, by: string, at: string): Promise<boolean> {
      return (await run(q, 'INSERT INTO conversation_tags (conversation_id, tag, added_by, added_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [conversationId, maskCardNumbers(tag), by, at])) > 0;
    },
    async removeTag(conversationId: string, tag: string): Promise<boolean> {
      return (await run(q, 'DELETE FROM conversation_tags WHERE conversation_id = $1 AND tag = $2', [conversationId, maskCardNumbers(tag)])) > 0;
    },
    async addComment(c: { id: string; conversationId: string; authorId: string; authorName: string; body: string; createdAt: string }): Promise<void> {
      await run(
        q,
        'INSERT INTO review_comments (id, conversation_id, author_id, author_name, body, created_at) VALUES (@id, @conversationId, @authorId, @authorName, @body, @createdAt)',
        { ...c, body: maskCardNumbers(c.body) },
      );
    },

    hold,
    // SQLite looks for an open hold first, alone as its only writer; here two hubs may place one at
    // once, so the insert itself yields to the open hold (the legal_holds_open unique index).
    async placeHold(h: { id: string; conversationId: string; placedBy: string | null; operator?: string | null; placedAt: string; reason: string }): Promise<boolean> {
      return (
        (await run(
          q,
          `INSERT INTO legal_holds (id, conversation_id, placed_by, placed_by_operator, placed_at, reason) VALUES (@id, @conversationId, @placedBy, @operator, @placedAt, @reason)
           ON CONFLICT (conversation_id) WHERE released_at IS NULL DO NOTHING`,
          { id: h.id, conversationId: h.conversationId, placedBy: h.placedBy, placedAt: h.placedAt, operator: h.placedBy ? null : (h.operator ?? 'unknown'), reason: maskCardNumbers(h.reason) },
        )) > 0
      );
    },
    async releaseHold(conversationId: string, by: string | null, at: string, opts: { operator?: string | null; reason?: string | null } = {}): Promise<boolean> {
      const operator = by ? null : (opts.operator ?? 'unknown');
      return (
        (await run(
          q,
          'UPDATE legal_holds SET released_by = @by, released_by_operator = @operator, released_at = @at, release_reason = @reason WHERE conversation_id = @id AND released_at IS NULL',
          { id: conversationId, by, operator, at, reason: opts.reason ? maskCardNumbers(opts.reason) : null },
        )) > 0
      );
    },

    async addAttachment(a: AttachmentRecord): Promise<void> {
      await run(
        q,
        `INSERT INTO attachments (id, conversation_id, message_seq, name, mime, size, path, created_at)
         VALUES (@id, @conversationId, @messageSeq, @name, @mime, @size, @path, @createdAt)`,
        { ...a, name: maskCardNumbers(a.name) },
      );
    },
    async attachments(conversationId: string): Promise<AttachmentRecord[]> {
      // Ties of created_at: by id (SQLite's rowid has no twin on this table).
      const rows = await all<Record<string, string | number | null>>(q, 'SELECT * FROM attachments WHERE conversation_id = $1 ORDER BY created_at, id', [conversationId]);
      return rows.map((r) => ({
        id: r.id as string,
        conversationId: r.conversation_id as string,
        messageSeq: r.message_seq as number | null,
        name: r.name as string,
        mime: r.mime as string,
        // bigint: node-postgres gives it as text.
        size: Number(r.size),
        path: r.path as string,
        createdAt: r.created_at as string,
      }));
    },

    // ---- retention ----

    async endedWithoutPurgeAt(limit: number): Promise<{ id: string; endedAt: string }[]> {
      const rows = await all<{ id: string; ended_at: string }>(q, "SELECT id, ended_at FROM conversations WHERE status = 'ended' AND purge_at IS NULL ORDER BY created_at, id LIMIT $1", [limit]);
      return rows.map((r) => ({ id: r.id, endedAt: r.ended_at }));
    },
    async setPurgeAt(conversationId: string, purgeAt: string): Promise<void> {
      await run(q, 'UPDATE conversations SET purge_at = $1 WHERE id = $2', [purgeAt, conversationId]);
    },
    async dueForPurge(now: string, limit: number, after: { purgeAt: string; id: string } = { purgeAt: '', id: '' }): Promise<{ id: string; purgeAt: string }[]> {
      const rows = await all<{ id: string; purge_at: string }>(
        q,
        `SELECT c.id, c.purge_at FROM conversations c
         WHERE c.purge_at <= @now AND (c.purge_at > @afterPurgeAt OR (c.purge_at = @afterPurgeAt AND c.id > @afterId))
           AND NOT ${OPEN_HOLD}
         ORDER BY c.purge_at, c.id LIMIT @limit`,
        { now, limit, afterPurgeAt: after.purgeAt, afterId: after.id },
      );
      return rows.map((r) => ({ id: r.id, purgeAt: r.purge_at }));
    },
    async countDueOnHold(now: string): Promise<number> {
      return (await one<{ n: number }>(q, `SELECT COUNT(*)::int AS n FROM conversations c WHERE c.purge_at <= $1 AND ${OPEN_HOLD}`, [now]))!.n;
    },
    async isPurgeable(conversationId: string, now: string): Promise<boolean> {
      return (await one(q, `SELECT 1 FROM conversations c WHERE c.id = @id AND c.purge_at <= @now AND NOT ${OPEN_HOLD}`, { id: conversationId, now })) !== undefined;
    },
    // The guard is repeated in every purge statement: a hold placed while a purge is under way
    // stops it at the next batch. The search totals follow by trigger (migration 0001).
    async purgeMessages(conversationId: string, now: string, limit: number): Promise<number> {
      return run(
        q,
        `DELETE FROM messages WHERE id IN (SELECT m.id FROM messages m WHERE m.conversation_id = @id LIMIT @limit)
         AND EXISTS (SELECT 1 FROM conversations c WHERE c.id = @id AND c.purge_at <= @now AND NOT ${OPEN_HOLD})`,
        { id: conversationId, now, limit },
      );
    },
    async deleteConversation(conversationId: string, now: string): Promise<PurgedRows | null> {
      // The conversation's row lock first: another hub's tag, comment or hold (their foreign key
      // locks the row too) then waits, so the counts are what the delete takes.
      await run(q, 'SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE', [conversationId]);
      const counts = (await one<PurgedRows>(
        q,
        `SELECT (SELECT COUNT(*) FROM conversation_tags WHERE conversation_id = @id)::int AS tags,
                (SELECT COUNT(*) FROM review_comments WHERE conversation_id = @id)::int AS comments,
                (SELECT COUNT(*) FROM attachments WHERE conversation_id = @id)::int AS attachments,
                (SELECT COUNT(*) FROM email_copies WHERE conversation_id = @id)::int AS copies,
                (SELECT COUNT(*) FROM legal_holds WHERE conversation_id = @id)::int AS holds`,
        { id: conversationId },
      ))!;
      const deleted = await run(
        q,
        `DELETE FROM conversations AS c WHERE c.id = @id AND c.purge_at <= @now AND NOT ${OPEN_HOLD}
         AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = @id)`,
        { id: conversationId, now },
      );
      return deleted > 0 ? counts : null;
    },

    // ---- import ----

    async importConversation(r: ImportedConversation): Promise<'imported' | 'duplicate'> {
      // SQLite's single writer makes look-then-insert safe; across hubs this lock does (imports are
      // an operator's batch job, so queuing them costs nothing a user waits for).
      await run(q, 'SELECT pg_advisory_xact_lock($1)', [IMPORT_LOCK]);
      const externalId = maskCardNumbers(r.externalId);
      if (await one(q, 'SELECT id FROM conversations WHERE external_id = $1', [externalId])) return 'duplicate';
      // Imported chats of one email share a customer (unverified, like every guest), and join no
      // widget guest's or verified customer's record (migration 0006).
      const known = await one<{ id: string }>(
        q,
        `SELECT k.id FROM customers k WHERE k.email = $1 AND k.verified_at IS NULL
         AND EXISTS (SELECT 1 FROM conversations c WHERE c.customer_id = k.id AND c.external_id IS NOT NULL) LIMIT 1`,
        [r.customer.email],
      );
      if (!known) await run(q, 'INSERT INTO customers (id, email, name, created_at) VALUES (@id, @email, @name, @createdAt)', { ...r.customer, name: maskCardNumbers(r.customer.name) });
      await run(q, INSERT_IMPORTED_SQL, importedParams(r, known?.id ?? r.customer.id, externalId));
      await insertImportedMessages(q, r.id, r.messages);
      return 'imported';
    },

    async list(): Promise<TranscriptListing[]> {
      const rows = await all<ListingRow>(q, LISTING_SQL);
      return rows.map(toListing);
    },
  };
};
