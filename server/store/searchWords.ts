// What the SQLite store's search ranks with, kept beside FTS5 (migration 0013): how many messages
// hold each word, and the index's own totals. FTS5's bm25() counts a word's messages on every
// search by walking its whole doclist: at 5M messages that was 55 ms for "a" (in half of them) and
// 40 ms for a prefix like `refu*` (715,000 messages), whatever the search then returned. The same
// counts also list a prefix's words, so FTS5 can walk them newest first and stop at the candidate
// cap instead of merging every match of the prefix before returning the first.
//
// The counts are the PostgreSQL store's (pg/migrations/0003-word-counts.ts explains them): a row
// per distinct word of a message (shared 0), and a row per common beginning of two neighbouring
// distinct words in byte order (shared 1), so a prefix's messages are one range's word rows minus
// its shared rows. They are kept in the writer's transaction: the search index's batches add what
// they index, and the delete and edit triggers take back what leaves the index, through the SQL
// function registered here on every connection (openDbFile).
import { indexWords } from './snippet';
import type { Db } from './db';

/** Byte order of UTF-8 (SQLite's BINARY collation), which is code point order; JS's `<` is UTF-16 order. */
function codePointOrder(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return shiftSurrogates(x) - shiftSurrogates(y);
  }
  return a.length - b.length;
}
// U+E000–U+FFFF sort below surrogate pairs (U+10000 and up) in code point order.
const shiftSurrogates = (c: number) => (c >= 0xe000 ? c - 0x800 : c >= 0xd800 ? c + 0x2000 : c);

/** The longest common beginning of two words, whole characters only. */
function commonBeginning(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  const last = a.charCodeAt(i - 1);
  if (i > 0 && i < a.length && last >= 0xd800 && last < 0xdc00) i--;
  return a.slice(0, i);
}

/** What one message adds to the counts: [word, shared, times], as message_word_keys does in PostgreSQL. */
export function messageWordKeys(body: string): [string, 0 | 1, number][] {
  const words = [...new Set(indexWords(body))].sort(codePointOrder);
  const keys: [string, 0 | 1, number][] = words.map((w) => [w, 0, 1]);
  const shared = new Map<string, number>();
  for (let i = 1; i < words.length; i++) {
    const common = commonBeginning(words[i - 1]!, words[i]!);
    if (common) shared.set(common, (shared.get(common) ?? 0) + 1);
  }
  for (const [w, n] of shared) keys.push([w, 1, n]);
  return keys;
}

/** Registers message_word_keys(body) → JSON [[word, shared, times], …] for the triggers and the index step. */
export function registerSearchWords(db: Db): void {
  db.function('message_word_keys', { deterministic: true }, (body: unknown) => JSON.stringify(typeof body === 'string' ? messageWordKeys(body) : []));
}

/**
 * Adds the words of messages about to be indexed to the counts (the index step's part). Summed in
 * JS first: 2,000 chat messages hold about 34,000 keys but only about 1,000 distinct ones, and
 * summing them in SQL (json_each, GROUP BY) took six times as long (75 against 12 ms per 2,000).
 */
export function wordCounter(db: Db): (bodies: string[]) => void {
  const add = db.prepare(`INSERT INTO messages_fts_words (word, shared, messages) VALUES (?, ?, ?) ${ADD_TO_COUNTS}`);
  return (bodies) => {
    const sums = new Map<string, number>();
    for (const body of bodies) for (const [word, shared, n] of messageWordKeys(body)) sums.set(`${shared}${word}`, (sums.get(`${shared}${word}`) ?? 0) + n);
    for (const [key, n] of sums) add.run(key.slice(1), Number(key[0]), n);
  };
}

/** The count rows of one message's words (`body` in scope), negated with sign '-': add a WHERE, then ADD_TO_COUNTS. */
export const wordKeysOf = (body: string, sign: '' | '-' = '') =>
  `SELECT k.value ->> 0, k.value ->> 1, ${sign}(k.value ->> 2) FROM json_each(message_word_keys(${body})) AS k`;

/** INSERT INTO messages_fts_words (word, shared, messages) SELECT … ADD_TO_COUNTS: adds to the counts (or, negative, takes back). */
export const ADD_TO_COUNTS = 'ON CONFLICT (word, shared) DO UPDATE SET messages = messages + excluded.messages';

/** FTS5's averages record: the messages in the index and their words in all (SQLite varints). */
export function indexTotals(block: Uint8Array | null | undefined): { messages: number; words: number } {
  if (!block || block.length === 0) return { messages: 0, words: 0 };
  const [messages, at] = varint(block, 0);
  const [words] = varint(block, at);
  return { messages, words };
}

function varint(buf: Uint8Array, at: number): [number, number] {
  let v = 0;
  for (let i = 0; i < 8; i++) {
    const b = buf[at + i] ?? 0;
    v = v * 128 + (b & 0x7f);
    if (!(b & 0x80)) return [v, at + i + 1];
  }
  return [v * 256 + (buf[at + 8] ?? 0), at + 9];
}

export interface RankTerm {
  text: string;
  prefix: boolean;
  /** How many indexed messages hold it (for a prefix: any word starting with it). */
  messages: number;
}

const K1 = 1.2;
const B = 0.75;

/**
 * FTS5's bm25() for one message (lower is better), with FTS5's constants and order of operations:
 * term by term in query order, IDF log((N − n + 0.5)/(n + 0.5)) and at least 1e-6. `ln` is the C
 * library's log, as FTS5 and PostgreSQL use: V8's Math.log differs from it in the last bit for about
 * 2 % of arguments, enough to order two near-equal conversations differently.
 */
export function bm25Scorer(terms: RankTerm[], totals: { messages: number; words: number }, ln: (x: number) => number): (body: string) => number {
  const n = totals.messages;
  const avgdl = totals.words / n;
  const idf = terms.map((t) => {
    const x = ln((n - t.messages + 0.5) / (t.messages + 0.5));
    return x <= 0 ? 1e-6 : x;
  });
  return (body) => {
    const words = indexWords(body);
    let score = 0;
    terms.forEach((t, i) => {
      let tf = 0;
      for (const w of words) if (t.prefix ? w.startsWith(t.text) : w === t.text) tf++;
      score += idf[i]! * ((tf * (K1 + 1.0)) / (tf + K1 * (1 - B + (B * words.length) / avgdl)));
    });
    return -1.0 * score;
  };
}
