// Highlighted snippets for search results, made from the best message's text in JS. FTS5's own
// snippet() re-runs the MATCH for each result, and for a prefix query (`refu*`) that means
// expanding the prefix over the whole index twenty times a page: seconds at millions of messages.
// Words are cut and compared the way the index's tokenizer does (unicode61, remove_diacritics 2):
// see WORD and foldWord below.
import type { Snippet } from '../../shared/protocol/transcripts';

/** A word of the query as the store received it (ftsQuery's output): exact, or a prefix. */
interface Term {
  text: string;
  prefix: boolean;
}

interface Token {
  start: number;
  end: number;
  /** Index into the terms it matches, or -1. */
  term: number;
}

// Words as FTS5's unicode61 tokenizer (remove_diacritics 2) cuts and folds them, the rule
// test/integration/pg-search.test.ts checks against FTS5 itself:
// - a word is a run of letters, digits, private-use characters and the combining accents unicode61
//   removes (so a decomposed "é" stays inside its word); other marks (Arabic vowel signs, Hebrew
//   points, Indic vowel signs) separate words, as there;
// - accents come off Latin letters only (U+00C0–U+024F, U+1E00–U+1EFF), not Greek or Cyrillic ones
//   ("ё" stays "ё"), except a few letters unicode61 keeps; case is folded, with the folds of
//   Unicode's case folding that lower-casing lacks (final sigma, micro sign, long s …).
// Letters newer than unicode61's tables (Cherokee or Georgian capitals, for instance) may differ.
const REMOVED_ACCENTS = '\u0300-\u0304\u0306-\u030c\u030f\u0311\u031b\u0323-\u0328\u032d\u032e\u0330\u0331';
const WORD = new RegExp(`[\\p{L}\\p{N}\\p{Co}${REMOVED_ACCENTS}]+`, 'gu');
const ACCENT = new RegExp(`[${REMOVED_ACCENTS}]`, 'gu');
const LATIN_ACCENTED = /[\u00C0-\u01DF\u01E4-\u01ED\u01F0-\u01FB\u0200-\u024F\u1E00-\u1EFF]/gu;
const CASE_FOLDS: Record<string, string> = { '\u03c2': 'σ', '\u00b5': 'μ', '\u017f': 's', '\u03d0': 'β', '\u03d1': 'θ', '\u03d5': 'φ', '\u03d6': 'π', '\u03f0': 'κ', '\u03f1': 'ρ', '\u03f5': 'ε', '\u1fbe': 'ι' };
const ASCII = /^[\x00-\x7f]*$/;
const CASE_FOLDED = new RegExp(`[${Object.keys(CASE_FOLDS).join('')}]`, 'gu');

/** Folded as the index folds: "Éclair" and "eclair" are one word to it. */
export function foldWord(word: string): string {
  // Most words of a chat are plain ASCII, which only needs lower-casing (a third of the time).
  if (ASCII.test(word)) return word.toLowerCase();
  return word
    .replace(LATIN_ACCENTED, (c) => c.normalize('NFD').replace(/\p{M}/gu, ''))
    .toLowerCase()
    .replace(CASE_FOLDED, (c) => CASE_FOLDS[c] ?? c)
    .replace(ACCENT, '');
}

/**
 * The longest word the PostgreSQL index keeps, in characters (a tsvector lexeme holds at most 2,047
 * bytes; 500 characters of up to 4 bytes stay below). Longer words are cut to it on both sides (the
 * stored words and the query's), so they still count as one word each.
 */
export const INDEX_WORD_MAX_CHARS = 500;

/** A folded word as the index keeps it: cut to INDEX_WORD_MAX_CHARS characters (not UTF-16 units). */
export function indexWord(folded: string): string {
  return folded.length <= INDEX_WORD_MAX_CHARS ? folded : [...folded].slice(0, INDEX_WORD_MAX_CHARS).join('');
}

/**
 * A message's words as the search index reads them, in order: what FTS5's unicode61 tokenizer
 * (remove_diacritics 2) cuts and folds, and what PostgreSQL stores in messages.search_words.
 */
export function indexWords(body: string): string[] {
  const words: string[] = [];
  for (const m of body.matchAll(WORD)) {
    const w = foldWord(m[0]);
    if (w) words.push(indexWord(w));
  }
  return words;
}

/** One term of an FTS5 query built by ftsQuery: `"word"` or `"word"*` (the text, the star). */
export const QUERY_TERM = /"((?:[^"]|"")*)"(\*?)/g;

/** The terms of an FTS5 query built by ftsQuery, space-separated QUERY_TERMs. */
export function queryTerms(fts: string): Term[] {
  return [...fts.matchAll(QUERY_TERM)].map((m) => ({ text: foldWord(m[1]!.replace(/""/g, '"')), prefix: m[2] === '*' }));
}

/**
 * A prefix of at most this many words is searched as those words, on both stores: FTS5 merges, and
 * GIN gathers, every match of a prefix before returning any, but walk words newest first.
 */
export const PREFIX_WORDS_MAX = 64;

/**
 * The words to search a prefix as (read from the word counts, up to PREFIX_WORDS_MAX + 1), or null
 * to keep the prefix: none, too many, or one cut to the index's length, which stands for longer ones.
 */
export function prefixAsWords(words: string[] | null): string[] | null {
  if (!words || words.length === 0 || words.length > PREFIX_WORDS_MAX || words.some((w) => [...w].length >= INDEX_WORD_MAX_CHARS)) return null;
  return words;
}

/** The terms of a search as the index keeps words (cut to INDEX_WORD_MAX_CHARS): what both stores count and rank. */
export const searchTerms = (fts: string): Term[] => queryTerms(fts).map((t) => ({ text: indexWord(t.text), prefix: t.prefix }));

/**
 * Where the words that start with `prefix` end: they sort (byte order) from the prefix up to the
 * prefix + U+10FFFF, the last code point, which is no word character (WORD).
 */
export const prefixEnd = (prefix: string) => `${prefix}\u{10FFFF}`;

function tokenize(body: string, terms: Term[]): Token[] {
  const tokens: Token[] = [];
  for (const m of body.matchAll(WORD)) {
    const word = foldWord(m[0]);
    const term = terms.findIndex((t) => (t.prefix ? word.startsWith(t.text) : word === t.text));
    tokens.push({ start: m.index, end: m.index + m[0].length, term });
  }
  return tokens;
}

/** The window of `size` tokens with the most distinct terms, then the most hits, hits centred in it. */
function bestWindow(tokens: Token[], size: number): [number, number] {
  if (tokens.length <= size) return [0, tokens.length];
  let best = { score: -1, first: 0, last: 0 };
  tokens.forEach((t, i) => {
    if (t.term < 0) return;
    const seen = new Set<number>();
    let hits = 0;
    let last = i;
    for (let j = i; j < Math.min(tokens.length, i + size); j++) {
      const u = tokens[j]!;
      if (u.term < 0) continue;
      seen.add(u.term);
      hits += 1;
      last = j;
    }
    const score = seen.size * 1000 + hits;
    if (score > best.score) best = { score, first: i, last };
  });
  if (best.score < 0) return [0, size];
  const pad = Math.floor((size - (best.last - best.first + 1)) / 2);
  const start = Math.max(0, Math.min(best.first - pad, tokens.length - size));
  return [start, start + size];
}

/**
 * Up to `size` words around the best cluster of matches, hits marked; "…" where text was cut.
 * The document's own leading and trailing text is kept when the window reaches its ends.
 */
export function snippet(body: string, fts: string, size: number): Snippet {
  const terms = queryTerms(fts);
  const tokens = tokenize(body, terms);
  if (tokens.length === 0) return [{ text: body, hit: false }];
  const [from, to] = bestWindow(tokens, size);
  const begin = from === 0 ? 0 : tokens[from]!.start;
  const end = to === tokens.length ? body.length : tokens[to - 1]!.end;
  const runs: Snippet = [];
  const push = (text: string, hit: boolean) => {
    if (!text) return;
    const prev = runs.at(-1);
    if (prev && prev.hit === hit && !hit) prev.text += text;
    else runs.push({ text, hit });
  };
  if (from > 0) push('…', false);
  let at = begin;
  for (let i = from; i < to; i++) {
    const t = tokens[i]!;
    if (t.term < 0) continue;
    push(body.slice(at, t.start), false);
    push(body.slice(t.start, t.end), true);
    at = t.end;
  }
  push(body.slice(at, end), false);
  if (to < tokens.length) push('…', false);
  return runs;
}
