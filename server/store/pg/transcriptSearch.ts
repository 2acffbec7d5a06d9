// Transcript search on PostgreSQL: the same results, in the same order, with the same snippets as
// the SQLite store's FTS5 search (../transcripts.ts), for the same parameters.
//
// How it stays the same:
// - Words: messages.search_words holds each message's words as FTS5's unicode61 tokenizer
//   (remove_diacritics 2) reads them, cut and folded by the function the snippets use
//   (../snippet.ts indexWords). A GIN index over them as a tsvector finds the matches: every query
//   word must be there, a trailing * matches a prefix, as ftsQuery's FTS5 query does.
// - Candidates: the newest `candidateCap` matching messages that pass the filters (by message id,
//   as FTS5 walks its rowids from the newest). Without filters they are asked of GIN a few blocks of
//   ids at a time, newest first (newestMatches below, migration 4).
// - Rank: FTS5's bm25() computed in SQL with its constants and order of operations (k1 1.2, b 0.75;
//   IDF log((N − n + 0.5)/(n + 0.5)), at least 1e-6; N and the average length over every message,
//   from message_search_totals; n per query word, over every message, read from message_word_counts:
//   migration 3, which also says how a prefix's count is read from it; a search first counts the
//   messages whose words wait, migration 10). A conversation ranks by its
//   best message (lowest score, then lowest message id); ties between conversations by id.
// - Snippets: cut from the best message by the same JS function as on SQLite (toSearchResult).
import { PREFIX_WORDS_MAX, prefixAsWords, prefixEnd, searchTerms } from '../snippet';
import { browseCountSql, OPEN_HOLD, searchFilters, TAG_SEPARATOR, toSearchResult, type CaseLinkSql, type SearchOutcome, type SearchParams, type SearchRow } from '../transcripts';
import { positional } from './named';
import { all, one, type PgQueryable } from './query';
import { catchUpWordCounts } from './wordCounts';

/** A lexeme in tsquery syntax: quoted, with quotes doubled and backslashes escaped. */
const lexeme = (word: string) => `'${word.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;

/** The FTS5 query ftsQuery built, as PostgreSQL terms: each word (and where its prefix's words end) and each one's tsquery. */
export function pgQueryTerms(fts: string): { terms: string[]; prefixes: boolean[]; prefixEnds: string[]; parts: string[] } {
  const parsed = searchTerms(fts);
  const parts = parsed.map((t) => `${lexeme(t.text)}${t.prefix ? ':*' : ''}`);
  const prefixEnds = parsed.map((t) => prefixEnd(t.text));
  return { terms: parsed.map((t) => t.text), prefixes: parsed.map((t) => t.prefix), prefixEnds, parts };
}

// How many messages hold each term (for a prefix: any word that starts with it), from the word
// counts (migration 3, which says how a prefix is read), and a prefix's words (at most
// PREFIX_WORDS_MAX + 1), in the terms' order.
const TERM_COUNTS = `SELECT (CASE WHEN t.prefix
      THEN (SELECT COALESCE(SUM(CASE WHEN c.shared THEN -c.messages ELSE c.messages END), 0) FROM message_word_counts c
            WHERE c.word >= t.term AND c.word < t.prefix_end)
      ELSE (SELECT COALESCE(SUM(c.messages), 0) FROM message_word_counts c WHERE c.word = t.term AND NOT c.shared) END)::float8 AS hit,
    CASE WHEN t.prefix THEN ARRAY(SELECT DISTINCT c.word FROM message_word_counts c
      WHERE c.word >= t.term AND c.word < t.prefix_end AND NOT c.shared ORDER BY c.word LIMIT ${PREFIX_WORDS_MAX + 1}) END AS words
  FROM unnest(@terms::text[], @prefixes::boolean[], @prefixEnds::text[]) WITH ORDINALITY AS t(term, prefix, prefix_end, i)
  ORDER BY t.i`;

// Migration 4 puts each message's blocks of ids into its search vector as lexemes, at three sizes:
// '~a' + (id >> 14), '~b' + (id >> 17), '~c' + (id >> 20); each block holds eight of the size below.
const BLOCK_BITS = [14n, 17n, 20n];
const blockLexeme = (level: number, block: bigint) => lexeme(`~${'abc'[level]}${block}`);
/** A level's block size, in blocks of the smallest size. */
const blockSize = (level: number) => 1n << (BLOCK_BITS[level]! - BLOCK_BITS[0]!);
// At most this many blocks in one query: GIN steps through every listed block's postings for each
// message that holds the words (at 5M, 68 blocks took 143 ms for a word in 1.5 % of messages).
const BLOCKS_PER_QUERY = 8n;
// A query whose rarest word is in at most this many messages fetches them all and keeps the newest;
// a more common one asks for the newest blocks first.
const DIRECT_MAX = 10_000;

/**
 * The next window of blocks below block `below` (in smallest blocks), about `want` of them: blocks
 * of the largest size that fits `want` and that `below` is a boundary of, stopping at the next
 * larger size's boundary so that the window after it can use that size.
 */
function nextWindow(below: bigint, want: bigint): { from: bigint; lexemes: string[] } {
  let level = 0;
  for (let l = BLOCK_BITS.length - 1; l > 0; l--) {
    if (blockSize(l) <= want && below % blockSize(l) === 0n) {
      level = l;
      break;
    }
  }
  const size = blockSize(level);
  let count = (want + size - 1n) / size;
  if (count > BLOCKS_PER_QUERY) count = BLOCKS_PER_QUERY;
  if (count > below / size) count = below / size;
  if (level + 1 < BLOCK_BITS.length) {
    const toBoundary = (below % blockSize(level + 1)) / size;
    if (toBoundary > 0n && count > toBoundary) count = toBoundary;
  }
  const top = below / size;
  const lexemes: string[] = [];
  for (let b = top - count; b < top; b++) lexemes.push(blockLexeme(level, b));
  return { from: below - count * size, lexemes };
}

/**
 * The tsquery to match with (each prefix of few words spelled out as its words, ../snippet.ts
 * prefixAsWords), how many messages each term is in (for bm25's IDF), and the fewest of those: no
 * more messages than that can match.
 */
async function matchQuery(client: PgQueryable, q: ReturnType<typeof pgQueryTerms>): Promise<{ tsquery: string; hits: number[]; bound: number }> {
  const rows = await all<{ hit: number; words: string[] | null }>(client, TERM_COUNTS, { terms: q.terms, prefixes: q.prefixes, prefixEnds: q.prefixEnds });
  const parts = rows.map((r, i) => {
    const words = prefixAsWords(r.words);
    return words ? `(${words.map(lexeme).join(' | ')})` : q.parts[i]!;
  });
  const hits = rows.map((r) => r.hit);
  return { tsquery: parts.join(' & '), hits, bound: Math.min(...hits) };
}

/**
 * The ids of the newest `cap` messages that match (no filters), newest first. GIN keeps no order,
 * so for a common word it would fetch every match in the archive to keep the newest; it is asked
 * for the matches inside the newest blocks of ids first, in windows that double as long as fewer
 * than `cap` came back, starting from as many blocks as the rarest word's count suggests.
 */
async function newestMatches(client: PgQueryable, match: { tsquery: string; bound: number }, cap: number, directMax: number): Promise<string[]> {
  const top = await one<{ id: string | null }>(client, 'SELECT max(id)::text AS id FROM messages');
  if (!top?.id || match.bound === 0) return [];
  if (match.bound <= directMax) {
    const rows = await all<{ id: string }>(
      client,
      'SELECT m.id::text AS id FROM messages m WHERE message_search_vector(m.search_words, m.id) @@ $1::tsquery ORDER BY m.id DESC LIMIT $2',
      [match.tsquery, cap],
    );
    return rows.map((r) => r.id);
  }
  const ids: string[] = [];
  let below = (BigInt(top.id) >> BLOCK_BITS[0]!) + 1n;
  let want = BigInt(Math.max(1, Math.ceil((cap * Number(below)) / match.bound)));
  while (ids.length < cap && below > 0n) {
    const window = nextWindow(below, want);
    // Every match in the window, then the newest: with the LIMIT inside, PostgreSQL walks the id
    // index backwards testing each message when it expects the matches to be many (240 ms for a
    // window that held 72).
    const rows = await all<{ id: string }>(
      client,
      `WITH w AS MATERIALIZED (SELECT m.id FROM messages m WHERE message_search_vector(m.search_words, m.id) @@ ($1::tsquery && $2::tsquery))
       SELECT id::text AS id FROM w ORDER BY id DESC LIMIT $3`,
      [match.tsquery, window.lexemes.join(' | '), cap - ids.length],
    );
    ids.push(...rows.map((r) => r.id));
    below = window.from;
    want *= 2n;
  }
  return ids;
}

const COLUMNS = `c.id, c.brand_id, c.created_at, c.ended_at, c.purge_at, c.customer_id, k.name AS c_name, k.email AS c_email,
  k.verified_at IS NOT NULL AS c_verified, c.assigned_agent_id, u.name AS a_name, ${OPEN_HOLD} AS held,
  (SELECT string_agg(t.tag, @tagSeparator ORDER BY t.tag) FROM conversation_tags t WHERE t.conversation_id = c.id) AS tags`;
const JOINS = 'JOIN customers k ON k.id = c.customer_id LEFT JOIN users u ON u.id = c.assigned_agent_id';

// The CTEs are MATERIALIZED: PostgreSQL would otherwise inline the per-word document counts into the
// per-candidate score and read them again for every candidate.
// bm25 as FTS5's fts5Bm25Function computes it, term by term in query order (float8 throughout).
const K1 = '1.2::float8';
const B = '0.75::float8';

/** What browseCountSql counts, on PostgreSQL (its COUNT is a bigint, read back as text). */
async function browseCount(client: PgQueryable, where: string[], params: Record<string, unknown>): Promise<number> {
  const { text, values } = positional(browseCountSql(where), params);
  return Number(((await client.query(text, values)).rows[0] as { n: string }).n);
}

/**
 * `directMax`: below how many messages the rarest word must be to skip the blocks (DIRECT_MAX); a
 * test corpus of a few hundred messages sets it to 0 to search by blocks.
 */
export function pgTranscriptSearch(client: PgQueryable, caseLink: CaseLinkSql | null = null, { directMax = DIRECT_MAX } = {}) {
  return async function search(p: SearchParams): Promise<SearchOutcome> {
    const { where, params } = searchFilters(p, caseLink);
    const filters = where.length ? where.join(' AND ') : 'TRUE';
    params.tagSeparator = TAG_SEPARATOR;
    let sql: string;
    if (p.fts) {
      // The hits join conversations and customers only for a filter: joined with none, PostgreSQL
      // hashed every conversation first (about 70 ms at 100,000), even for a word that matched nothing.
      const q = pgQueryTerms(p.fts);
      // The words of messages appended a moment ago may wait to be counted (migration 10).
      await catchUpWordCounts(client, null, true);
      const match = await matchQuery(client, q);
      Object.assign(params, { q: match.tsquery, terms: q.terms, prefixes: q.prefixes, hits: match.hits, cap: p.candidateCap });
      if (!where.length) params.ids = await newestMatches(client, match, p.candidateCap, directMax);
      sql = `WITH totals AS MATERIALIZED (
          SELECT COALESCE(SUM(messages), 0)::float8 AS n, COALESCE(SUM(words), 0)::float8 AS words FROM message_search_totals
        ), terms AS MATERIALIZED (
          SELECT t.i, t.term, t.prefix, t.hit
          FROM unnest(@terms::text[], @prefixes::boolean[], @hits::float8[]) WITH ORDINALITY AS t(term, prefix, hit, i)
        ), idf AS MATERIALIZED (
          SELECT t.i, t.term, t.prefix,
                 CASE WHEN (o.n - t.hit + 0.5::float8) / (t.hit + 0.5::float8) <= 1::float8 THEN 1e-6::float8
                      ELSE ln((o.n - t.hit + 0.5::float8) / (t.hit + 0.5::float8)) END AS idf,
                 o.words / o.n AS avgdl
          FROM terms t CROSS JOIN totals o
        ), hits AS MATERIALIZED (
          SELECT m.conversation_id AS cid, m.id AS mid, m.seq AS seq, m.search_words AS w
          FROM messages m ${where.length ? 'JOIN conversations c ON c.id = m.conversation_id JOIN customers k ON k.id = c.customer_id' : ''}
          WHERE ${where.length ? `message_search_vector(m.search_words, m.id) @@ @q::tsquery AND ${filters} ORDER BY m.id DESC LIMIT @cap` : 'm.id = ANY(@ids::bigint[])'}
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
        SELECT ${COLUMNS}, (COUNT(*) OVER ())::int AS total, r.seq, r.hits::int AS hits, r.candidates::int AS candidates, (SELECT body FROM messages WHERE id = r.mid) AS body
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
    // Browsing counts apart from the page (browseCountSql says why); a page past the end says 0.
    const total = p.fts ? (rows[0]?.total ?? 0) : rows.length ? await browseCount(client, where, params) : 0;
    return { rows: rows.map((r) => toSearchResult(r, p.fts)), total, capped };
  };
}
export type PgTranscriptSearch = ReturnType<typeof pgTranscriptSearch>;
