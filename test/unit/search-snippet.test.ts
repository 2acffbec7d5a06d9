import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ftsQuery } from '../../server/store/transcripts';
import { INDEX_WORD_MAX_CHARS, indexWord, indexWords, snippet } from '../../server/store/snippet';
import { pgQueryTerms } from '../../server/store/pg/transcriptSearch';

const marked = (body: string, query: string, size = 12) =>
  snippet(body, ftsQuery(query)!, size)
    .map((r) => (r.hit ? `[${r.text}]` : r.text))
    .join('');

describe('search snippets (made in JS, as the index reads words)', () => {
  it('marks every matching word of a short message and keeps its punctuation', () => {
    expect(marked('Handbag handbag: the strap of the handbag!', 'handbag')).toBe('[Handbag] [handbag]: the strap of the [handbag]!');
  });

  it('ignores case and accents, both ways, as unicode61 remove_diacritics does', () => {
    expect(marked('Un éclair au café, merci', 'eclair cafe')).toBe('Un [éclair] au [café], merci');
    expect(marked('An eclair please', 'ÉCLAIR')).toBe('An [eclair] please');
  });

  it('a trailing * matches words that start with it', () => {
    expect(marked('They refunded me; the refund is late', 'refu*')).toBe('They [refunded] me; the [refund] is late');
  });

  it('cuts a long message to the window with the most distinct words, with … where text was left out', () => {
    const body = `${'filler '.repeat(30)}the cashmere scarf arrived torn at the seam ${'more '.repeat(30)}end`;
    const s = marked(body, 'cashmere scarf');
    expect(s).toMatch(/^…/);
    expect(s).toMatch(/…$/);
    expect(s).toContain('[cashmere] [scarf] arrived torn');
    expect(s.replace(/[…[\]]/g, '').trim().split(/\s+/)).toHaveLength(12);
  });

  it('a window at the start or the end of the message keeps the text there', () => {
    expect(marked(`Order A-1 ${'word '.repeat(40)}`, 'order')).toMatch(/^\[Order\] A-1 word/);
    expect(marked(`${'word '.repeat(40)}my last order!`, 'order')).toMatch(/my last \[order\]!$/);
  });

  it('agrees with SQLite FTS5 snippet() on short messages', () => {
    const db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')");
    const cases: [string, string][] = [
      ['Handbag handbag: the strap of the handbag!', 'handbag'],
      ['My card was charged twice for order A-123456.', 'charged twice'],
      ['Où est ma commande? Élodie', 'elodie ou'],
      ['The refund for the refurbished watch', 'refu*'],
      ['Nothing to see', 'see'],
    ];
    for (const [body, query] of cases) {
      db.prepare('DELETE FROM t').run();
      db.prepare('INSERT INTO t (rowid, body) VALUES (1, ?)').run(body);
      const fts = ftsQuery(query)!;
      const ref = (db.prepare("SELECT snippet(t, 0, '[', ']', '…', 12) AS s FROM t WHERE t MATCH ?").get(fts) as { s: string }).s;
      expect(marked(body, query)).toBe(ref);
    }
  });
});

describe('the index’s words (what PostgreSQL keeps in messages.search_words)', () => {
  it('runs of letters and digits, lower-cased and without accents, in order, repeats kept', () => {
    expect(indexWords('Où est ma commande? Élodie — order A-123456, A-123456!')).toEqual(['ou', 'est', 'ma', 'commande', 'elodie', 'order', 'a', '123456', 'a', '123456']);
    expect(indexWords(' … !? ')).toEqual([]);
  });

  it('a word longer than INDEX_WORD_MAX_CHARS is cut to it, by characters (never half a surrogate pair)', () => {
    const long = '𠀀'.repeat(INDEX_WORD_MAX_CHARS + 10);
    const [word] = indexWords(`${long} end`);
    expect([...word!]).toHaveLength(INDEX_WORD_MAX_CHARS);
    expect(word!).toBe('𠀀'.repeat(INDEX_WORD_MAX_CHARS));
    expect(indexWord('short')).toBe('short');
  });

  it('the query as PostgreSQL terms: folded like the words, * a prefix (every word required: matchQuery joins them with &)', () => {
    expect(pgQueryTerms(ftsQuery('Crème refu* ÉTÉ')!)).toEqual({
      terms: ['creme', 'refu', 'ete'],
      prefixes: [false, true, false],
      prefixEnds: ['creme\u{10FFFF}', 'refu\u{10FFFF}', 'ete\u{10FFFF}'],
      parts: ["'creme'", "'refu':*", "'ete'"],
    });
  });
});
