// Transcript search on PostgreSQL: the same results, in the same order, with the same snippets as
// the SQLite store's FTS5 search (../transcripts.ts), for the same parameters.
//
// How it stays the same:
// - Words: messages.search_words holds each message's words as FTS5's unicode61 tokenizer
//   (remove_diacritics 2) reads them, cut and folded by the function the snippets use
//   (../snippet.ts indexWords). A GIN index over them as a tsvector finds the matches: every query
//   word must be there, a trailing * matches a prefix, as ftsQuery's FTS5 query does.
// - Candidates: the newest `candidateCap` matching messages that pass the filters (by message id,
//   as FTS5 walks its rowids from the newest).
// - Rank: FTS5's bm25() computed in SQL with its constants and order of operations (k1 1.2, b 0.75;
//   IDF log((N − n + 0.5)/(n + 0.5)), at least 1e-6; N and the average length over every message,
//   from message_search_totals; n per query word, over every message, read from message_word_counts:
//   migration 3, which also says how a prefix's count is read from it). A conversation ranks by its
//   best message (lowest score, then lowest message id); ties between conversations by id.
// - Snippets: cut from the best message by the same JS function as on SQLite (toSearchResult).
import { prefixEnd, searchTerms } from '../snippet';
import { OPEN_HOLD, searchFilters, TAG_SEPARATOR, toSearchResult, type CaseLinkSql, type SearchOutcome, type SearchParams, type SearchRow } from '../transcripts';
import { positional } from './named';
import type { PgQueryable } from './query';

/** A lexeme in tsquery syntax: quoted, with quotes doubled and backslashes escaped. */
const lexeme = (word: string) => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** The FTS5 query ftsQuery built, as PostgreSQL terms: each word (and where its prefix's words end), and the tsquery of all. */
export function pgQueryTerms(fts: string): { terms: string[]; prefixes: boolean[]; prefixEnds: string[]; all: string } {
  const parsed = searchTerms(fts);
  const termQueries = parsed.map((t) => `${lexeme(t.text)}${t.prefix ? ':*' : ''}`);
  const prefixEnds = parsed.map((t) => prefixEnd(t.text));
  return { terms: parsed.map((t) => t.text), prefixes: parsed.map((t) => t.prefix), prefixEnds, all: termQueries.join(' & ') };
}

const COLUMNS = `c.id, c.brand_id, c.created_at, c.ended_at, c.purge_at, c.customer_id, k.name AS c_name, k.email AS c_email,
  k.verified_at IS NOT NULL AS c_verified, c.assigned_agent_id, u.name AS a_name, ${OPEN_HOLD} AS held,
  (SELECT string_agg(t.tag, @tagSeparator ORDER BY t.tag) FROM conversation_tags t WHERE t.conversation_id = c.id) AS tags,
  (COUNT(*) OVER ())::int AS total`;
const JOINS = 'JOIN customers k ON k.id = c.customer_id LEFT JOIN users u ON u.id = c.assigned_agent_id';

// The CTEs are MATERIALIZED: PostgreSQL would otherwise inline the per-word document counts into the
// per-candidate score and read them again for every candidate.
// bm25 as FTS5's fts5Bm25Function computes it, term by term in query order (float8 throughout).
const K1 = '1.2::float8';
const B = '0.75::float8';

export function pgTranscriptSearch(client: PgQueryable, caseLink: CaseLinkSql | null = null) {
  return async function search(p: SearchParams): Promise<SearchOutcome> {
    const { where, params } = searchFilters(p, caseLink);
    const filters = where.length ? where.join(' AND ') : 'TRUE';
    params.tagSeparator = TAG_SEPARATOR;
    let sql: string;
    if (p.fts) {
      // The hits join conversations and customers only for a filter: joined with none, PostgreSQL
      // hashed every conversation first (about 70 ms at 100,000), even for a word that matched nothing.
      const q = pgQueryTerms(p.fts);
      Object.assign(params, { q: q.all, terms: q.terms, prefixes: q.prefixes, prefixEnds: q.prefixEnds, cap: p.candidateCap });
      sql = `WITH totals AS MATERIALIZED (
          SELECT COALESCE(SUM(messages), 0)::float8 AS n, COALESCE(SUM(words), 0)::float8 AS words FROM message_search_totals
        ), terms AS MATERIALIZED (
          SELECT t.i, t.term, t.prefix,
                 (CASE WHEN t.prefix
                    THEN (SELECT COALESCE(SUM(CASE WHEN c.shared THEN -c.messages ELSE c.messages END), 0) FROM message_word_counts c
                          WHERE c.word >= t.term AND c.word < t.prefix_end)
                    ELSE (SELECT COALESCE(SUM(c.messages), 0) FROM message_word_counts c WHERE c.word = t.term AND NOT c.shared) END)::float8 AS hit
          FROM unnest(@terms::text[], @prefixes::boolean[], @prefixEnds::text[]) WITH ORDINALITY AS t(term, prefix, prefix_end, i)
        ), idf AS MATERIALIZED (
          SELECT t.i, t.term, t.prefix,
                 CASE WHEN (o.n - t.hit + 0.5::float8) / (t.hit + 0.5::float8) <= 1::float8 THEN 1e-6::float8
                      ELSE ln((o.n - t.hit + 0.5::float8) / (t.hit + 0.5::float8)) END AS idf,
                 o.words / o.n AS avgdl
          FROM terms t CROSS JOIN totals o
        ), hits AS MATERIALIZED (
          SELECT m.conversation_id AS cid, m.id AS mid, m.seq AS seq, m.search_words AS w
          FROM messages m ${where.length ? 'JOIN conversations c ON c.id = m.conversation_id JOIN customers k ON k.id = c.customer_id' : ''}
          WHERE array_to_tsvector(m.search_words) @@ @q::tsquery AND ${filters}
          ORDER BY m.id DESC LIMIT @cap
        ), scored AS (
          SELECT h.cid, h.mid, h.seq,
                 -1.0::float8 * (
                   SELECT SUM(d.idf * ((f.tf * (${K1} + 1.0::float8)) / (f.tf + ${K1} * (1::float8 - ${B} + ${B} * cardinality(h.w)::float8 / d.avgdl))) ORDER BY d.i)
                   FROM idf d CROSS JOIN LATERAL (
                     SELECT COUNT(*)::float8 AS tf FROM unnest(h.w) AS x(word)
                     WHERE CASE WHEN d.prefix THEN starts_with(x.word, d.term) ELSE x.word = d.term END
                   ) f
                 ) AS score
          FROM hits h
        ), ranked AS (
          SELECT cid, mid, seq, score, COUNT(*) OVER (PARTITION BY cid) AS hits,
                 ROW_NUMBER() OVER (PARTITION BY cid ORDER BY score, mid) AS rn,
                 COUNT(*) OVER () AS candidates
          FROM scored
        )
        SELECT ${COLUMNS}, r.seq, r.hits::int AS hits, r.candidates::int AS candidates, (SELECT body FROM messages WHERE id = r.mid) AS body
        FROM ranked r JOIN conversations c ON c.id = r.cid ${JOINS}
        WHERE r.rn = 1
        ORDER BY r.score, c.id LIMIT @limit OFFSET @offset`;
    } else {
      sql = `SELECT ${COLUMNS}, NULL::int AS seq, 0 AS hits, NULL::text AS body
        FROM conversations c ${JOINS}
        WHERE ${filters}
        ORDER BY c.created_at DESC, c.id LIMIT @limit OFFSET @offset`;
    }
    const { text, values } = positional(sql, params);
    const rows = (await client.query(text, values)).rows as SearchRow[];
    const capped = p.fts ? (rows[0]?.candidates ?? 0) >= p.candidateCap : false;
    return { rows: rows.map((r) => toSearchResult(r, p.fts)), total: rows[0]?.total ?? 0, capped };
  };
}
export type PgTranscriptSearch = ReturnType<typeof pgTranscriptSearch>;
