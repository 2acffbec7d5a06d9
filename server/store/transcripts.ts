// Transcripts: search (FTS5), paged reading, review (tags, comments), legal holds, attachments,
// import, and the retention queries the purge runs on.
//
// Free text written here (tags, comments, hold reasons, attachment names, imported messages and
// names) is masked at this door to the disk, so no caller can forget (POLICY §3).
import type { AuthorKind, Message } from '../../shared/protocol/schemas';
import type { HoldInfo, ReviewComment, TranscriptFilters, TranscriptMeta, TranscriptSearchResult } from '../../shared/protocol/transcripts';
import { maskCardNumbers } from '../../shared/domain/cardMask';
import { isSet, type Flag } from './rowValues';
import { snippet } from './snippet';
import { publicConversation, toMessage, type ConversationsStore, type MessageRow } from './conversations';
import type { Db } from './db';
import { searchIndex, type SearchIndex } from './searchIndex';
import { ftsSearch } from './ftsSearch';

/**
 * Seam for cases (issue 5): SQL conditions over the conversation aliased `c`, e.g.
 * `EXISTS (SELECT 1 FROM cases k WHERE k.conversation_id = c.id)`. Until the cases migration
 * exists there are no cases, so "has a case" matches nothing.
 */
export interface CaseLinkSql {
  anyCase: string;
}

/** Words of context around a search hit in a snippet. */
export const SNIPPET_TOKENS = 12;
export const TAG_SEPARATOR = '\u001f';

// The fragments below are shared with the PostgreSQL search (pg/transcriptSearch.ts): plain SQL
// both engines read alike, with @name parameters.

/** An agent sees conversations assigned to them, and those of the customers they are chatting with now. */
export const AGENT_MAY_SEE = `(c.assigned_agent_id = @viewerId OR c.customer_id IN
  (SELECT a.customer_id FROM conversations a WHERE a.assigned_agent_id = @viewerId AND a.status = 'active'))`;

export const OPEN_HOLD = `EXISTS (SELECT 1 FROM legal_holds h WHERE h.conversation_id = c.id AND h.released_at IS NULL)`;

/**
 * The user's words as an FTS5 query: every word must match, a trailing * matches a prefix.
 * Anything else (quotes, operators, column filters) is dropped rather than passed to FTS5, so a
 * stray character never becomes a syntax error or a query the user did not mean.
 */
export function ftsQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}]+\*?/gu) ?? [];
  if (words.length === 0) return null;
  return words.map((w) => (w.endsWith('*') ? `"${w.slice(0, -1)}"*` : `"${w}"`)).join(' ');
}

export interface SearchParams {
  fts: string | null;
  filters: TranscriptFilters;
  /** null: every conversation (supervisors, admins); an id: what that agent may see. */
  viewerAgentId: string | null;
  limit: number;
  offset: number;
  /** Rank only the newest this-many matching messages (that pass the filters); see search(). */
  candidateCap: number;
}

export interface SearchOutcome {
  rows: TranscriptSearchResult[];
  /** Conversations matched (for an fts search: among the ranked candidates). */
  total: number;
  /** The candidate cap was reached: older matches were not ranked. */
  capped: boolean;
}

/** One row of either engine's search query. */
export interface SearchRow {
  id: string;
  brand_id: string;
  created_at: string;
  ended_at: string | null;
  purge_at: string | null;
  customer_id: string;
  c_name: string;
  c_email: string;
  c_verified: number | boolean;
  assigned_agent_id: string | null;
  a_name: string | null;
  held: number | boolean;
  tags: string | null;
  mid: number | null;
  seq: number | null;
  hits: number;
  total: number;
  /** Matching messages ranked (fts searches only). */
  candidates?: number;
  /** The best-matching message's text, for its snippet. */
  body: string | null;
}

export interface AttachmentRecord {
  id: string;
  conversationId: string;
  messageSeq: number | null;
  name: string;
  mime: string;
  size: number;
  /** Relative to the data folder. */
  path: string;
  createdAt: string;
}

export interface ImportedConversation {
  id: string;
  externalId: string;
  brandId: string;
  customer: { id: string; name: string; email: string; createdAt: string };
  startedAt: string;
  endedAt: string;
  purgeAt: string;
  messages: { clientId: string; authorKind: AuthorKind; authorName: string; body: string; createdAt: string }[];
}

export interface TranscriptListing {
  id: string;
  externalId: string | null;
  brandId: string;
  customer: { name: string; email: string };
  status: string;
  createdAt: string;
  endedAt: string | null;
  purgeAt: string | null;
  held: boolean;
  messageCount: number;
}

export interface ListingRow {
  id: string;
  external_id: string | null;
  brand_id: string;
  name: string;
  email: string;
  status: string;
  created_at: string;
  ended_at: string | null;
  purge_at: string | null;
  held: Flag;
  last_seq: number;
}

/** An imported chat, ended, its customer's record given (named parameters: importedParams). */
export const INSERT_IMPORTED_SQL = `INSERT INTO conversations (id, customer_id, widget_session_id, brand_id, status, created_at, ended_at, last_seq, purge_at, external_id)
  VALUES (@id, @customerId, NULL, @brandId, 'ended', @startedAt, @endedAt, @lastSeq, @purgeAt, @externalId)`;
export const importedParams = (r: ImportedConversation, customerId: string, externalId: string): Record<string, unknown> => ({
  id: r.id,
  customerId,
  brandId: r.brandId,
  startedAt: r.startedAt,
  endedAt: r.endedAt,
  lastSeq: r.messages.length,
  purgeAt: r.purgeAt,
  externalId,
});

/** Every transcript, oldest first, as ListingRow. */
export const LISTING_SQL = `SELECT c.id, c.external_id, c.brand_id, c.status, c.created_at, c.ended_at, c.purge_at, c.last_seq, k.name, k.email, ${OPEN_HOLD} AS held
  FROM conversations c JOIN customers k ON k.id = c.customer_id ORDER BY c.created_at, c.id`;

export const toListing = (r: ListingRow): TranscriptListing => ({
  id: r.id,
  externalId: r.external_id,
  brandId: r.brand_id,
  customer: { name: r.name, email: r.email },
  status: r.status,
  createdAt: r.created_at,
  endedAt: r.ended_at,
  purgeAt: r.purge_at,
  held: isSet(r.held),
  messageCount: r.last_seq,
});

export interface PurgedRows {
  tags: number;
  comments: number;
  attachments: number;
  copies: number;
  holds: number;
}

/**
 * How many chats a browse's filters match, for both stores. Apart from the page: a window count over
 * the page query read every matching chat with its tags and hold (1.7–2.3 s at 500,000 chats)
 * instead of the newest page. Customers are joined only for a filter on them (every chat has one).
 */
export function browseCountSql(where: string[]): string {
  const filters = where.length ? where.join(' AND ') : 'TRUE';
  const joins = /\bk\./.test(filters) ? 'JOIN customers k ON k.id = c.customer_id' : '';
  return `SELECT COUNT(*) AS n FROM conversations c ${joins} WHERE ${filters}`;
}

/** The WHERE conditions (joined with AND) and their @parameters for a search's filters and viewer. */
export function searchFilters(p: SearchParams, caseLink: CaseLinkSql | null): { where: string[]; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: p.limit, offset: p.offset };
  const when = (value: unknown, condition: string, name?: string) => {
    if (value === undefined) return;
    where.push(condition);
    if (name) params[name] = value;
  };
  const f = p.filters;
  when(f.brandId, 'c.brand_id = @brandId', 'brandId');
  when(f.agentId, 'c.assigned_agent_id = @agentId', 'agentId');
  when(f.from, 'c.created_at >= @from', 'from');
  when(f.to, 'c.created_at <= @to', 'to');
  when(f.customerEmail, 'k.email = @customerEmail', 'customerEmail');
  when(f.customerId, 'c.customer_id = @customerId', 'customerId');
  when(f.tag, 'EXISTS (SELECT 1 FROM conversation_tags t WHERE t.conversation_id = c.id AND t.tag = @tag)', 'tag');
  const anyCase = caseLink ? `(${caseLink.anyCase})` : 'FALSE';
  when(f.hasCase, f.hasCase ? anyCase : `NOT ${anyCase}`);
  when(p.viewerAgentId ?? undefined, AGENT_MAY_SEE, 'viewerId');
  return { where, params };
}

/** A search row as the protocol's result: the snippet is cut from the best message here, in JS. */
export function toSearchResult(r: SearchRow, fts: string | null): TranscriptSearchResult {
  return {
    conversationId: r.id,
    customer: { id: r.customer_id, name: r.c_name, email: r.c_email, verified: Boolean(r.c_verified) },
    brandId: r.brand_id,
    assignedAgent: r.assigned_agent_id ? { id: r.assigned_agent_id, name: r.a_name ?? '' } : null,
    createdAt: r.created_at,
    endedAt: r.ended_at,
    purgeAt: r.purge_at,
    held: Boolean(r.held),
    tags: r.tags ? r.tags.split(TAG_SEPARATOR) : [],
    hits: r.hits,
    snippet: fts && r.body !== null ? snippet(r.body, fts, SNIPPET_TOKENS) : null,
    snippetSeq: r.seq,
  };
}

export function transcriptsStore(db: Db, conversations: ConversationsStore, caseLink: CaseLinkSql | null = null, index: SearchIndex = searchIndex(db)) {
  const fts = ftsSearch(db);
  const q = {
    extra: db.prepare('SELECT purge_at, external_id, brand_id, last_seq FROM conversations WHERE id = ?'),
    pageBefore: db.prepare('SELECT * FROM messages WHERE conversation_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?'),
    agentMaySee: db.prepare(`SELECT 1 FROM conversations c WHERE c.id = @id AND ${AGENT_MAY_SEE}`),
    tags: db.prepare('SELECT tag FROM conversation_tags WHERE conversation_id = ? ORDER BY tag'),
    allTags: db.prepare('SELECT tag, COUNT(*) AS count FROM conversation_tags GROUP BY tag ORDER BY count DESC, tag LIMIT ?'),
    addTag: db.prepare('INSERT OR IGNORE INTO conversation_tags (conversation_id, tag, added_by, added_at) VALUES (?, ?, ?, ?)'),
    removeTag: db.prepare('DELETE FROM conversation_tags WHERE conversation_id = ? AND tag = ?'),
    comments: db.prepare('SELECT * FROM review_comments WHERE conversation_id = ? ORDER BY created_at, rowid'),
    addComment: db.prepare(
      'INSERT INTO review_comments (id, conversation_id, author_id, author_name, body, created_at) VALUES (@id, @conversationId, @authorId, @authorName, @body, @createdAt)',
    ),
    openHold: db.prepare(
      `SELECT h.id, h.reason, COALESCE(h.placed_by, 'operator:' || h.placed_by_operator) AS placed_by, h.placed_at,
              COALESCE(u.name, 'Operator ' || h.placed_by_operator) AS placed_by_name
       FROM legal_holds h LEFT JOIN users u ON u.id = h.placed_by WHERE h.conversation_id = ? AND h.released_at IS NULL`,
    ),
    placeHold: db.prepare(
      'INSERT INTO legal_holds (id, conversation_id, placed_by, placed_by_operator, placed_at, reason) VALUES (@id, @conversationId, @placedBy, @operator, @placedAt, @reason)',
    ),
    releaseHold: db.prepare(
      'UPDATE legal_holds SET released_by = @by, released_by_operator = @operator, released_at = @at, release_reason = @reason WHERE conversation_id = @id AND released_at IS NULL',
    ),
    addAttachment: db.prepare(
      `INSERT INTO attachments (id, conversation_id, message_seq, name, mime, size, path, created_at)
       VALUES (@id, @conversationId, @messageSeq, @name, @mime, @size, @path, @createdAt)`,
    ),
    attachments: db.prepare('SELECT * FROM attachments WHERE conversation_id = ? ORDER BY created_at, rowid'),
    setPurgeAt: db.prepare('UPDATE conversations SET purge_at = ? WHERE id = ?'),
    endedWithoutPurgeAt: db.prepare("SELECT id, ended_at FROM conversations WHERE status = 'ended' AND purge_at IS NULL LIMIT ?"),
    due: db.prepare(
      `SELECT c.id, c.purge_at FROM conversations c
       WHERE c.purge_at <= @now AND (c.purge_at > @afterPurgeAt OR (c.purge_at = @afterPurgeAt AND c.id > @afterId))
         AND NOT ${OPEN_HOLD}
       ORDER BY c.purge_at, c.id LIMIT @limit`,
    ),
    purgeable: db.prepare(`SELECT 1 FROM conversations c WHERE c.id = @id AND c.purge_at <= @now AND NOT ${OPEN_HOLD}`),
    dueHeld: db.prepare(`SELECT COUNT(*) AS n FROM conversations c WHERE c.purge_at <= ? AND ${OPEN_HOLD}`),
    // The guard is repeated in every purge statement: a hold placed while a purge is under way
    // stops it at the next batch.
    purgeMessages: db.prepare(
      `DELETE FROM messages WHERE id IN (SELECT m.id FROM messages m WHERE m.conversation_id = @id LIMIT @limit)
       AND EXISTS (SELECT 1 FROM conversations c WHERE c.id = @id AND c.purge_at <= @now AND NOT ${OPEN_HOLD})`,
    ),
    counts: db.prepare(
      `SELECT (SELECT COUNT(*) FROM conversation_tags WHERE conversation_id = @id) AS tags,
              (SELECT COUNT(*) FROM review_comments WHERE conversation_id = @id) AS comments,
              (SELECT COUNT(*) FROM attachments WHERE conversation_id = @id) AS attachments,
              (SELECT COUNT(*) FROM email_copies WHERE conversation_id = @id) AS copies,
              (SELECT COUNT(*) FROM legal_holds WHERE conversation_id = @id) AS holds`,
    ),
    deleteConversation: db.prepare(
      `DELETE FROM conversations AS c WHERE c.id = @id AND c.purge_at <= @now AND NOT ${OPEN_HOLD}
       AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.conversation_id = @id)`,
    ),
    byExternalId: db.prepare('SELECT id FROM conversations WHERE external_id = ?'),
    insertCustomer: db.prepare('INSERT INTO customers (id, email, name, created_at) VALUES (@id, @email, @name, @createdAt)'),
    // Imported chats of one email share a customer (unverified, like every guest), and join no
    // widget guest's or verified customer's record (migration 0006).
    importedCustomerByEmail: db.prepare(
      `SELECT k.id FROM customers k WHERE k.email = ? AND k.verified_at IS NULL
       AND EXISTS (SELECT 1 FROM conversations c WHERE c.customer_id = k.id AND c.external_id IS NOT NULL) LIMIT 1`,
    ),
    insertImported: db.prepare(INSERT_IMPORTED_SQL),
    insertMessage: db.prepare(
      `INSERT INTO messages (conversation_id, seq, client_id, author_kind, author_id, author_name, body, created_at)
       VALUES (@conversationId, @seq, @clientId, @authorKind, NULL, @authorName, @body, @createdAt)`,
    ),
    list: db.prepare(LISTING_SQL),
  };

  function hold(conversationId: string): HoldInfo | null {
    const h = q.openHold.get(conversationId) as Record<string, string> | undefined;
    return h ? { id: h.id!, reason: h.reason!, placedBy: { id: h.placed_by!, name: h.placed_by_name! }, placedAt: h.placed_at! } : null;
  }

  function search(p: SearchParams): SearchOutcome {
    const { where, params } = searchFilters(p, caseLink);
    const columns = `c.id, c.brand_id, c.created_at, c.ended_at, c.purge_at, c.customer_id, k.name AS c_name, k.email AS c_email, k.verified_at IS NOT NULL AS c_verified,
      c.assigned_agent_id, u.name AS a_name, ${OPEN_HOLD} AS held,
      (SELECT group_concat(t.tag, '${TAG_SEPARATOR}') FROM (SELECT tag FROM conversation_tags WHERE conversation_id = c.id ORDER BY tag) t) AS tags`;
    const joins = 'JOIN customers k ON k.id = c.customer_id LEFT JOIN users u ON u.id = c.assigned_agent_id';

    if (p.fts) {
      // Every stored message is found: what is still waiting for the index goes in first.
      index.indexPending();
      // Ranking every hit of a common word costs time in proportion to the archive (seconds at
      // millions of messages). FTS5 walks hits newest first and stops at the cap, so a search costs
      // the same at any size; a care desk mostly looks for recent chats, and filters narrow further
      // back. A conversation ranks by its best-matching message (bm25: lower is better).
      const { ranked, candidates } = fts.rank(p.fts, p.candidateCap, where, params);
      const page = ranked.slice(p.offset, p.offset + p.limit);
      const byId = new Map(
        (db.prepare(`SELECT ${columns} FROM conversations c ${joins} WHERE c.id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(page.map((h) => h.cid))) as SearchRow[]).map(
          (r) => [r.id, r],
        ),
      );
      const rows = page.map((h): SearchRow => ({ ...byId.get(h.cid)!, mid: h.mid, seq: h.seq, hits: h.hits, body: h.body, total: ranked.length, candidates }));
      // As the SQL of both engines counts: on the page's rows, so a page past the end says 0.
      return { rows: rows.map((r) => toSearchResult(r, p.fts)), total: rows.length ? ranked.length : 0, capped: candidates >= p.candidateCap };
    }
    const filters = where.length ? where.join(' AND ') : 'TRUE';
    const rows = db
      .prepare(
        `SELECT ${columns}, NULL AS mid, NULL AS seq, 0 AS hits, NULL AS body
         FROM conversations c ${joins}
         WHERE ${filters}
         ORDER BY c.created_at DESC, c.id LIMIT @limit OFFSET @offset`,
      )
      .all(params) as SearchRow[];
    // Counted apart from the page (browseCountSql says why). A page past the end says 0, as the ranked
    // search does.
    const total = rows.length ? (db.prepare(browseCountSql(where)).get(params) as { n: number }).n : 0;
    return { rows: rows.map((r) => toSearchResult(r, p.fts)), total, capped: false };
  }

  return {
    search,

    agentMaySee(agentId: string, conversationId: string): boolean {
      return q.agentMaySee.get({ id: conversationId, viewerId: agentId }) !== undefined;
    },

    meta(conversationId: string): TranscriptMeta | undefined {
      const c = conversations.get(conversationId);
      if (!c) return undefined;
      const x = q.extra.get(conversationId) as { purge_at: string | null; external_id: string | null; brand_id: string; last_seq: number };
      return {
        conversation: publicConversation(c),
        brandId: x.brand_id,
        purgeAt: x.purge_at,
        hold: hold(conversationId),
        tags: (q.tags.all(conversationId) as { tag: string }[]).map((t) => t.tag),
        comments: (q.comments.all(conversationId) as Record<string, string | null>[]).map(
          (r): ReviewComment => ({ id: r.id!, author: { id: r.author_id ?? null, name: r.author_name! }, body: r.body!, createdAt: r.created_at! }),
        ),
        messageCount: x.last_seq,
        externalId: x.external_id,
      };
    },

    /** Up to `limit` messages before `beforeSeq` (or the last ones), ascending. */
    page(conversationId: string, beforeSeq: number | undefined, limit: number): { messages: Message[]; hasMore: boolean } {
      const rows = q.pageBefore.all(conversationId, beforeSeq ?? Number.MAX_SAFE_INTEGER, limit + 1) as MessageRow[];
      const hasMore = rows.length > limit;
      return { messages: rows.slice(0, limit).reverse().map(toMessage), hasMore };
    },

    /** Every tag in use with how many transcripts carry it, most used first (suggestions). */
    tagCounts(limit: number): { tag: string; count: number }[] {
      return q.allTags.all(limit) as { tag: string; count: number }[];
    },
    addTag(conversationId: string, tag: string, by: string, at: string): boolean {
      return q.addTag.run(conversationId, maskCardNumbers(tag), by, at).changes > 0;
    },
    removeTag(conversationId: string, tag: string): boolean {
      return q.removeTag.run(conversationId, maskCardNumbers(tag)).changes > 0;
    },
    addComment(c: { id: string; conversationId: string; authorId: string; authorName: string; body: string; createdAt: string }): void {
      q.addComment.run({ ...c, body: maskCardNumbers(c.body) });
    },

    hold,
    /** False when the conversation is already on hold. */
    /** By a staff account, or (placedBy null) by an operator from the command line, named in `operator`. */
    placeHold(h: { id: string; conversationId: string; placedBy: string | null; operator?: string | null; placedAt: string; reason: string }): boolean {
      if (hold(h.conversationId)) return false;
      q.placeHold.run({ ...h, operator: h.placedBy ? null : (h.operator ?? 'unknown'), reason: maskCardNumbers(h.reason) });
      return true;
    },
    /** False when there was no hold to release. */
    releaseHold(conversationId: string, by: string | null, at: string, opts: { operator?: string | null; reason?: string | null } = {}): boolean {
      const operator = by ? null : (opts.operator ?? 'unknown');
      return q.releaseHold.run({ id: conversationId, by, operator, at, reason: opts.reason ? maskCardNumbers(opts.reason) : null }).changes > 0;
    },

    /** For uploads (issue 5): the name is masked here like every other text. */
    addAttachment(a: AttachmentRecord): void {
      q.addAttachment.run({ ...a, name: maskCardNumbers(a.name) });
    },
    attachments(conversationId: string): AttachmentRecord[] {
      return (q.attachments.all(conversationId) as Record<string, string | number | null>[]).map((r) => ({
        id: r.id as string,
        conversationId: r.conversation_id as string,
        messageSeq: r.message_seq as number | null,
        name: r.name as string,
        mime: r.mime as string,
        size: r.size as number,
        path: r.path as string,
        createdAt: r.created_at as string,
      }));
    },

    // ---- retention ----

    /** Ended conversations missing a purge date (ended before migration 0002). */
    endedWithoutPurgeAt(limit: number): { id: string; endedAt: string }[] {
      return (q.endedWithoutPurgeAt.all(limit) as { id: string; ended_at: string }[]).map((r) => ({ id: r.id, endedAt: r.ended_at }));
    },
    setPurgeAt(conversationId: string, purgeAt: string): void {
      q.setPurgeAt.run(purgeAt, conversationId);
    },
    /** Due and not on hold, in purge order, after the (purgeAt, id) cursor. */
    dueForPurge(now: string, limit: number, after: { purgeAt: string; id: string } = { purgeAt: '', id: '' }): { id: string; purgeAt: string }[] {
      return (q.due.all({ now, limit, afterPurgeAt: after.purgeAt, afterId: after.id }) as { id: string; purge_at: string }[]).map((r) => ({
        id: r.id,
        purgeAt: r.purge_at,
      }));
    },
    countDueOnHold(now: string): number {
      return (q.dueHeld.get(now) as { n: number }).n;
    },
    /** Due at `now` and not on hold. */
    isPurgeable(conversationId: string, now: string): boolean {
      return q.purgeable.get({ id: conversationId, now }) !== undefined;
    },
    /** Deletes up to `limit` of the conversation's messages (their index rows go by trigger). */
    purgeMessages(conversationId: string, now: string, limit: number): number {
      return q.purgeMessages.run({ id: conversationId, now, limit }).changes;
    },
    /**
     * Deletes the conversation row with its tags, comments, holds, attachment rows and copies
     * (ON DELETE CASCADE) once its messages are gone; null if it is no longer due or now held.
     */
    deleteConversation(conversationId: string, now: string): PurgedRows | null {
      const counts = q.counts.get({ id: conversationId }) as PurgedRows;
      return q.deleteConversation.run({ id: conversationId, now }).changes > 0 ? counts : null;
    },

    // ---- import ----

    /** Stores one imported conversation, unless its externalId is already here. */
    importConversation(r: ImportedConversation): 'imported' | 'duplicate' {
      const externalId = maskCardNumbers(r.externalId);
      if (q.byExternalId.get(externalId)) return 'duplicate';
      const known = q.importedCustomerByEmail.get(r.customer.email) as { id: string } | undefined;
      if (!known) q.insertCustomer.run({ ...r.customer, name: maskCardNumbers(r.customer.name) });
      const customerId = known?.id ?? r.customer.id;
      q.insertImported.run(importedParams(r, customerId, externalId));
      r.messages.forEach((m, i) =>
        q.insertMessage.run({
          conversationId: r.id,
          seq: i + 1,
          clientId: m.clientId,
          authorKind: m.authorKind,
          authorName: maskCardNumbers(m.authorName),
          body: maskCardNumbers(m.body),
          createdAt: m.createdAt,
        }),
      );
      return 'imported';
    },

    list(): TranscriptListing[] {
      return (q.list.all() as ListingRow[]).map(toListing);
    },
  };
}
export type TranscriptsStore = ReturnType<typeof transcriptsStore>;
