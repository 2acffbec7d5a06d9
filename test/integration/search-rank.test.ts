// The SQLite search ranks with word counts kept beside FTS5 (migration 0013,
// server/store/searchWords.ts) instead of FTS5's bm25(), which counted a word's messages on every
// search. Held here to FTS5 itself on a real file: the same scores to the last bit, the same pages
// as the ranking FTS5 computed in SQL before, and counts that stay exact through deletes, edits,
// purges, and the upgrade of a desk indexed before the counts existed.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../server/store';
import { openDb, type Db } from '../../server/store/db';
import { MIGRATIONS } from '../../server/store/migrations/index';
import { ftsSearch } from '../../server/store/ftsSearch';
import { searchIndex } from '../../server/store/searchIndex';
import { messageWordKeys } from '../../server/store/searchWords';
import { ftsQuery, type SearchParams } from '../../server/store/transcripts';
import { tempDataDir } from '../helpers/hub';

const T = '2026-01-10T10:00:00.000Z';

// Words that share beginnings (ref…, wrap…), accents FTS5 folds (Éclair), numbers, repeats.
const VOCABULARY = [
  'refund', 'refunded', 'refunds', 'refurbished', 'ref', 'return', 'returned', 'wrap', 'wrapping', 'gift', 'the', 'the', 'the', 'a', 'a',
  'parcel', 'courier', 'Éclair', 'eclair', 'ÉCLAIR', 'scarf', 'cashmere', 'Milano', 'tote', 'scratch', 'A-826159', '826159', 'size', '38',
  'naïve', 'Straße', 'ёлка', 'δέλτα', 'strap', 'handbag',
];

/** A seeded generator: the same corpus on every run. */
function random(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return x / 2147483648;
  };
}

function fillCorpus(db: Db, conversations: number, messagesEach: number, extraWords: string[] = []): void {
  const next = random(7);
  const words = [...VOCABULARY, ...extraWords];
  db.exec(`INSERT INTO customers (id, email, name, created_at) VALUES ('k1', 'ada@shop.test', 'Ada', '${T}')`);
  const conversation = db.prepare("INSERT INTO conversations (id, customer_id, status, created_at) VALUES (?, 'k1', 'ended', ?)");
  const message = db.prepare(
    "INSERT INTO messages (conversation_id, seq, client_id, author_kind, author_name, body, created_at) VALUES (?, ?, ?, 'customer', 'Ada', ?, ?)",
  );
  for (let c = 0; c < conversations; c++) {
    const id = `c${String(c).padStart(3, '0')}`;
    conversation.run(id, T);
    for (let s = 1; s <= messagesEach; s++) {
      const length = 1 + Math.floor(next() * 14);
      const body = Array.from({ length }, () => words[Math.floor(next() * words.length)]).join(next() < 0.5 ? ' ' : ', ');
      message.run(id, s, `${id}-${s}`, body, T);
    }
  }
}

/** The counts recomputed from every indexed message, as the table keeps them. */
function recount(db: Db): [string, number, number][] {
  const counts = new Map<string, number>();
  for (const body of db.prepare('SELECT body FROM messages WHERE id NOT IN (SELECT id FROM messages_fts_pending)').pluck().all() as string[]) {
    for (const [word, shared, n] of messageWordKeys(body)) counts.set(`${shared}\u0000${word}`, (counts.get(`${shared}\u0000${word}`) ?? 0) + n);
  }
  return [...counts].map(([k, n]): [string, number, number] => [k.slice(2), Number(k[0]), n]).sort(byKey);
}
const byKey = (a: [string, number, number], b: [string, number, number]) => Buffer.compare(Buffer.from(a[0]), Buffer.from(b[0])) || a[1] - b[1];
const stored = (db: Db) => (db.prepare('SELECT word, shared, messages FROM messages_fts_words').raw().all() as [string, number, number][]).sort(byKey);

// The ranking as the store computed it before the counts, with FTS5's own bm25() (kept here as the reference).
function fts5Ranking(db: Db, fts: string, cap: number): { cid: string; seq: number; hits: number }[] {
  return db
    .prepare(
      `WITH hits AS (
         SELECT m.conversation_id AS cid, m.id AS mid, m.seq AS seq, bm25(messages_fts) AS score
         FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid
         WHERE messages_fts MATCH ? ORDER BY messages_fts.rowid DESC LIMIT ?
       ), ranked AS (
         SELECT cid, seq, score, COUNT(*) OVER (PARTITION BY cid) AS hits, ROW_NUMBER() OVER (PARTITION BY cid ORDER BY score, mid) AS rn FROM hits
       )
       SELECT cid, seq, hits FROM ranked WHERE rn = 1 ORDER BY score, cid`,
    )
    .all(fts, cap) as { cid: string; seq: number; hits: number }[];
}

const QUERIES = ['refund', 'ref*', 'refu*', 're*', 'the', 'a 826159', 'A-826159', 'eclair', 'ÉCLAIR', 'gift wrap*', 'cashmere scarf', 'naïve', 'strasse', 'ёлка', 'δέλτα', 'zz*', 'nothingmatches', 'w*'];

describe('search ranked from word counts kept beside FTS5', () => {
  let store: Store;
  let db: Db;
  beforeEach(() => {
    store = openStore(tempDataDir('search-rank'));
    db = store.db;
  });
  afterEach(() => store.close());

  const searchAll = (text: string, cap: number, limit = 500): SearchParams => ({ fts: ftsQuery(text), filters: {}, viewerAgentId: null, limit, offset: 0, candidateCap: cap });

  it('every matching message scores exactly what FTS5’s bm25() gives it', () => {
    fillCorpus(db, 30, 20);
    store.searchIndex.indexPending();
    const { scorer } = ftsSearch(db);
    let compared = 0;
    for (const text of QUERIES) {
      const fts = ftsQuery(text)!;
      const score = scorer(fts);
      for (const r of db.prepare('SELECT m.body, bm25(messages_fts) AS s FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid WHERE messages_fts MATCH ?').all(fts) as { body: string; s: number }[]) {
        expect(score(r.body), `${text}: ${r.body}`).toBe(r.s);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it('pages, hits and snippets as FTS5 ranked them, under a cap and without one, prefixes of few words and of many', () => {
    // 80 words starting "zz": more than a prefix spelled out as its words may have, so FTS5's own prefix serves it.
    fillCorpus(db, 40, 25, Array.from({ length: 80 }, (_, i) => `zz${i}`));
    store.searchIndex.indexPending();
    for (const text of QUERIES) {
      for (const cap of [50, 2000]) {
        const fts = ftsQuery(text)!;
        const found = store.transcripts.search(searchAll(text, cap));
        const reference = fts5Ranking(db, fts, cap);
        expect(found.rows.map((r) => [r.conversationId, r.snippetSeq, r.hits]), `${text}, cap ${cap}`).toEqual(reference.map((r) => [r.cid, r.seq, r.hits]));
        expect(found.total).toBe(reference.length);
      }
    }
    expect(store.transcripts.search(searchAll('ref*', 2000)).rows.length).toBeGreaterThan(10);
    expect(store.transcripts.search(searchAll('zz*', 2000)).rows.length).toBeGreaterThan(10);
  });

  it('the counts follow deletes, edits and purge batches, and a word whose messages are gone leaves no count', () => {
    fillCorpus(db, 20, 20);
    db.exec(`INSERT INTO messages (conversation_id, seq, client_id, author_kind, author_name, body, created_at) VALUES ('c000', 100, 'x', 'customer', 'Ada', 'my name is Quirinella Zabriskie', '${T}')`);
    store.searchIndex.indexPending();
    expect(stored(db)).toEqual(recount(db));
    expect(db.prepare("SELECT COUNT(*) FROM messages_fts_words WHERE word = 'quirinella'").pluck().get()).toBe(1);

    db.prepare("UPDATE messages SET body = 'refunded twice, Éclair' WHERE conversation_id = 'c001'").run();
    db.prepare("DELETE FROM messages WHERE conversation_id = 'c002' AND seq <= 10").run();
    // A purge batch, and an erasure of the message naming the customer.
    db.prepare("DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE conversation_id = 'c003' LIMIT 25)").run();
    db.prepare("DELETE FROM messages WHERE client_id = 'x'").run();
    // Pending ones edited and deleted before they are indexed touch no count.
    addPending(db);
    db.prepare("UPDATE messages SET body = 'wrap wrap' WHERE client_id = 'p1'").run();
    db.prepare("DELETE FROM messages WHERE client_id = 'p2'").run();
    expect(stored(db)).toEqual(recount(db));
    store.searchIndex.indexPending();
    expect(stored(db)).toEqual(recount(db));
    expect(db.prepare("SELECT COUNT(*) FROM messages_fts_words WHERE word IN ('quirinella', 'zabriskie', 'quirinella zabriskie') ").pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM messages_fts_words WHERE messages <= 0').pluck().get()).toBe(0);
    for (const text of QUERIES) {
      const found = store.transcripts.search(searchAll(text, 2000));
      expect(found.rows.map((r) => [r.conversationId, r.snippetSeq, r.hits]), text).toEqual(fts5Ranking(db, ftsQuery(text)!, 2000).map((r) => [r.cid, r.seq, r.hits]));
    }
  });
});

function addPending(db: Db): void {
  const add = db.prepare("INSERT INTO messages (conversation_id, seq, client_id, author_kind, author_name, body, created_at) VALUES ('c004', ?, ?, 'customer', 'Ada', ?, ?)");
  add.run(900, 'p1', 'pending refund gift', T);
  add.run(901, 'p2', 'pending scarf', T);
}

describe('a desk indexed before the counts existed', () => {
  it('gets them from the upgrade, for what is indexed, and its searches rank as before', () => {
    const dir = tempDataDir('search-rank-upgrade');
    const old = openDb(dir, MIGRATIONS.filter((m) => m.version <= 12));
    fillCorpus(old, 10, 30);
    // Indexed as migration 12's store did, without counts.
    old.exec('INSERT INTO messages_fts (rowid, body) SELECT id, body FROM messages; DELETE FROM messages_fts_pending;');
    old.prepare("INSERT INTO messages (conversation_id, seq, client_id, author_kind, author_name, body, created_at) VALUES ('c000', 99, 'w', 'customer', 'Ada', 'still waiting refund', ?)").run(T);
    old.close();

    const db = openDb(dir);
    try {
      // Migrated to the newest schema, through 13 (the counts).
      expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
      expect(stored(db).length).toBeGreaterThan(30);
      expect(stored(db)).toEqual(recount(db));
      searchIndex(db).indexPending();
      expect(stored(db)).toEqual(recount(db));
      const { scorer } = ftsSearch(db);
      const score = scorer(ftsQuery('refund')!);
      for (const r of db.prepare(`SELECT m.body, bm25(messages_fts) AS s FROM messages_fts JOIN messages m ON m.id = messages_fts.rowid WHERE messages_fts MATCH '"refund"'`).all() as { body: string; s: number }[]) {
        expect(score(r.body)).toBe(r.s);
      }
    } finally {
      db.close();
    }
  });
});
