// The SQLite store's ranked search over FTS5: the newest `candidateCap` matching messages, each
// scored with bm25 from the word counts kept beside the index (./searchWords.ts), a conversation
// ranked by its best message. The PostgreSQL store computes the same in SQL
// (pg/transcriptSearch.ts); test/integration/pg-search.test.ts holds the two to the same pages,
// and search-rank.test.ts holds these scores to FTS5's own bm25().
import type { Db } from './db';
import { PREFIX_WORDS_MAX, prefixAsWords, prefixEnd, QUERY_TERM, searchTerms } from './snippet';
import { bm25Scorer, indexTotals, type RankTerm } from './searchWords';

/** A conversation's best match among the candidates. */
export interface RankedHit {
  cid: string;
  mid: number;
  seq: number;
  body: string;
  score: number;
  /** Its matching messages among the candidates. */
  hits: number;
}

const quoted = (word: string) => `"${word.replace(/"/g, '""')}"`;

export function ftsSearch(db: Db) {
  const q = {
    word: db.prepare('SELECT COALESCE(SUM(messages), 0) FROM messages_fts_words WHERE word = ? AND shared = 0').pluck(),
    prefix: db.prepare('SELECT COALESCE(SUM(CASE WHEN shared THEN -messages ELSE messages END), 0) FROM messages_fts_words WHERE word >= ? AND word < ?').pluck(),
    prefixWords: db.prepare('SELECT word FROM messages_fts_words WHERE word >= ? AND word < ? AND shared = 0 LIMIT ?').pluck(),
    totals: db.prepare('SELECT block FROM messages_fts_data WHERE id = 1').pluck(),
    ln: db.prepare('SELECT ln(?)').pluck(),
  };

  /**
   * The FTS5 query with each narrow prefix spelled out as its words: FTS5 walks them newest first
   * and stops at the cap, where a prefix merges every match first (`refu*` at 5M: 715,000, 40 ms).
   * FTS5 needs an explicit AND beside a group.
   */
  function expandPrefixes(fts: string): string {
    const parts = [...fts.matchAll(QUERY_TERM)].map(([whole]) => {
      const term = searchTerms(whole)[0];
      if (!term?.prefix) return whole;
      const words = prefixAsWords(q.prefixWords.all(term.text, prefixEnd(term.text), PREFIX_WORDS_MAX + 1) as string[]);
      return words ? `(${words.map(quoted).join(' OR ')})` : whole;
    });
    return parts.join(' AND ');
  }

  /** bm25 of a message's text for this query, from the counts and the index's totals (as FTS5's bm25() for a matching message). */
  function scorer(fts: string): (body: string) => number {
    const terms: RankTerm[] = searchTerms(fts).map((t) => ({
      ...t,
      messages: (t.prefix ? q.prefix.get(t.text, prefixEnd(t.text)) : q.word.get(t.text)) as number,
    }));
    return bm25Scorer(terms, indexTotals(q.totals.get() as Uint8Array | undefined), (x) => q.ln.get(x) as number);
  }

  /**
   * Ranks the newest `cap` messages that match `fts` and pass `filters` (SQL over c and k, with
   * `params`), best conversation first; the index must be up to date (SearchIndex.indexPending).
   */
  function rank(fts: string, cap: number, filters: string[], params: Record<string, unknown>): { ranked: RankedHit[]; candidates: number } {
    const hits = db
      .prepare(
        `SELECT m.id AS mid, m.conversation_id AS cid, m.seq AS seq, m.body AS body
         FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
           ${filters.length ? 'JOIN conversations c ON c.id = m.conversation_id JOIN customers k ON k.id = c.customer_id' : ''}
         WHERE messages_fts MATCH @ftsQuery ${filters.map((f) => `AND ${f}`).join(' ')}
         ORDER BY messages_fts.rowid DESC LIMIT @cap`,
      )
      .all({ ...params, ftsQuery: expandPrefixes(fts), cap }) as Omit<RankedHit, 'score' | 'hits'>[];
    if (hits.length === 0) return { ranked: [], candidates: 0 };
    const score = scorer(fts);
    const best = new Map<string, RankedHit>();
    for (const h of hits) {
      const s = score(h.body);
      const b = best.get(h.cid);
      if (!b) best.set(h.cid, { ...h, score: s, hits: 1 });
      else {
        b.hits += 1;
        if (s < b.score || (s === b.score && h.mid < b.mid)) Object.assign(b, h, { score: s });
      }
    }
    const ranked = [...best.values()].sort((a, b) => a.score - b.score || (a.cid < b.cid ? -1 : a.cid > b.cid ? 1 : 0));
    return { ranked, candidates: hits.length };
  }

  return { rank, scorer };
}
