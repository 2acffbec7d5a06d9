// Search conformance: one corpus in a SQLite store (FTS5) and, copied, in a real PostgreSQL
// (tsvector/GIN, server/store/pg/transcriptSearch.ts); the same queries with the same filters give
// the same results on both: conversations in the same order, the same totals, hits, snippets and
// caps. The ranking rule both follow is FTS5's bm25 over every message (see transcriptSearch.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { openStore, type Store } from '../../server/store/index';
import { CASE_LINK_SQL } from '../../server/store/cases';
import { indexWord, indexWords } from '../../server/store/snippet';
import { ftsQuery, type SearchParams } from '../../server/store/transcripts';
import { copySqliteToPg } from '../../server/store/pg/copy';
import { connectPg } from '../../server/store/pg/db';
import { pgTranscriptSearch, type PgTranscriptSearch } from '../../server/store/pg/transcriptSearch';
import type { TranscriptFilters } from '../../shared/protocol/transcripts';
import { plainDataDir } from '../helpers/hub';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

/** A small seeded generator: the corpus is the same on every run. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COMMON = ['the', 'my', 'is', 'and', 'of', 'to', 'a', 'please', 'thank', 'you', 'for', 'it'];
const RARE = ['handbag', 'strap', 'scarf', 'cashmere', 'silk', 'refund', 'refunded', 'refurbished', 'delivery', 'courier', 'parcel', 'order',
  'watch', 'bracelet', 'boutique', 'Éclair', 'café', 'crème', 'brûlée', 'return', 'label', 'colour', 'damaged', 'torn', 'seam', 'gift', 'wrap',
  'wrapping', 'A-123456', '2026', 'Größe', 'naïve', 'ÉTÉ', 'Ünïcödé', 'receipt', 'boxed', 'box'];

function sentence(rnd: () => number): string {
  const n = 1 + Math.floor(rnd() * (rnd() < 0.2 ? 60 : 14));
  const words = Array.from({ length: n }, () => (rnd() < 0.55 ? COMMON : RARE)[Math.floor(rnd() * (rnd() < 0.55 ? COMMON.length : RARE.length))] ?? 'the');
  const text = words.map((w, i) => (i > 0 && rnd() < 0.12 ? `, ${w}` : i > 0 ? ` ${w}` : w)).join('');
  return text.charAt(0).toUpperCase() + text.slice(1) + (rnd() < 0.3 ? '?' : '.');
}

const QUERIES = [
  'handbag', 'strap handbag', 'refu*', 'ECLAIR', 'creme brulee', 'the', 'handbag handbag', 'parcel courier delivery', 'gift wrap*',
  'nothingmatcheshere', 'a', '2026', 'cashmere scarf', 'b*', 'se*', 'grosse', 'GRÖSSE', 'naive ete', 'A-123456', 'thank you', 'box',
  'unicode', 'torn seam the', '"handbag" OR strap', 'r*', 'zqx9*', 'code handbag', 'كتب', 'ك', 'שלום', 'ש', 'ह*', 'τσαντα', 'τσάντα', 'ΤΣΆΝΤΑ', 'ёлка', 'елка', '가방', '텍*', 'résumé', 'resume', 'mu', 'μ', 'straße',
];

describe('transcript search: SQLite FTS5 and PostgreSQL give the same results', () => {
  let server: TestPostgres;
  let store: Store;
  let client: pg.Client;
  let pgSearch: PgTranscriptSearch;
  const agents = ['u_agent_a', 'u_agent_b'];
  const conversations: string[] = [];

  beforeAll(async () => {
    server = await startPostgres();
    store = openStore(plainDataDir('pg-search'));
    const rnd = random(20261205);
    const base = Date.parse('2026-03-01T09:00:00.000Z');
    await store.write(() => {
      for (const id of agents) store.users.create({ id, email: `${id}@desk.test`, name: id, role: 'agent', passwordHash: 'x', createdAt: new Date(base).toISOString() });
      store.db.prepare(`INSERT INTO orders (id, customer_email, payment_method, shipping, imported_at) VALUES ('PO-1', 'x@shop.test', 'card', 'paid', '2026-03-01T00:00:00.000Z')`).run();
      store.db.prepare(`INSERT INTO cases (id, kind, brand_id, order_id, status, customer_email, created_at, updated_at) VALUES ('case1', 'rma', 'default', 'PO-1', 'requested', 'x@shop.test', 't', 't')`).run();
      const repeated = [sentence(rnd), sentence(rnd)];
      for (let i = 0; i < 90; i++) {
        const at = new Date(base + i * 3_600_000).toISOString();
        const id = `c_${String(i).padStart(3, '0')}_${Math.floor(rnd() * 1e6).toString(36)}`;
        const verified = i % 3 === 0;
        const email = `customer${i % 30}@shop.test`;
        const customer = verified
          ? store.conversations.upsertVerified({ id: `k_v${i}`, email, name: `Customer ${i}`, createdAt: at, by: 'code', externalId: null })
          : (store.db.prepare('INSERT INTO customers (id, email, name, created_at) VALUES (?, ?, ?, ?) RETURNING id').get(`k_g${i}`, email, `Guest ${i}`, at) as { id: string });
        store.conversations.create({ id, customerId: customer.id, widgetSessionId: null, brandId: i % 4 === 0 ? 'maison' : 'default', createdAt: at });
        if (i % 5 !== 0) store.conversations.assign(id, agents[i % 2]!, at);
        // A few conversations say exactly the same: their scores tie, and the id decides.
        const bodies = i % 17 === 3 ? repeated : Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => sentence(rnd));
        bodies.forEach((body, j) =>
          store.conversations.appendMessage({ conversationId: id, clientId: `m${j}`, authorKind: j % 2 ? 'agent' : 'customer', authorId: null, authorName: 'Someone', body, createdAt: at }),
        );
        if (i % 7 === 0) store.transcripts.addTag(id, 'vip', agents[0]!, at);
        if (i % 9 === 0) store.transcripts.addTag(id, 'damage-claim', agents[1]!, at);
        if (i % 11 === 0) store.transcripts.placeHold({ id: `h${i}`, conversationId: id, placedBy: agents[0]!, placedAt: at, reason: 'court order' });
        if (i % 6 === 0) store.db.prepare('INSERT INTO case_conversations (case_id, conversation_id, linked_at) VALUES (?, ?, ?)').run('case1', id, at);
        conversations.push(id);
      }
      // A word longer than PostgreSQL keeps in an index entry (a pasted code, a link): it is cut to
      // INDEX_WORD_MAX_CHARS on both sides of the comparison, and still one word.
      store.conversations.appendMessage({ conversationId: conversations[5]!, clientId: 'long', authorKind: 'customer', authorId: null, authorName: 'Someone', body: `My code is Zq${'x9'.repeat(1500)} for the handbag`, createdAt: new Date(base).toISOString() });
      // Other scripts, written as customers write them: vowel signs that separate words (Arabic,
      // Hebrew, Hindi), accents kept on Greek and Cyrillic, a decomposed é, Korean, Japanese.
      const world = ['كَتَبَ الطلب مرحبا', 'שָׁלוֹם הזמנה', 'हिन्दी भाषा में ऑर्डर', 'Ὠιδή ἄνθρωπος ΤΣΆΝΤΑ τσάντα', 'Привет, ёлка Ёлка Й', '한국어 텍스트 가방', '日本語のテキスト', 'Re\u0301sume\u0301 du colis, résumé', 'µ ſ ϐ Straße'];
      world.forEach((body, j) =>
        store.conversations.appendMessage({ conversationId: conversations[10 + j]!, clientId: `world-${j}`, authorKind: 'customer', authorId: null, authorName: 'Someone', body, createdAt: new Date(base).toISOString() }),
      );
      // A chat one agent is in now: the agent may see that customer's other chats too.
      store.db.prepare(`UPDATE conversations SET status = 'active' WHERE id = ?`).run(conversations[1]);
    });
    const url = await server.freshDatabase('search');
    await copySqliteToPg(store.db, url);
    client = await connectPg(url);
    // Spread over some 150 of the smallest blocks of ids, in the same order, and searched by blocks
    // as a desk of millions is (PostgreSQL migration 4): the newest blocks first, in windows of
    // every size (directMax 0: a word in a few hundred messages would otherwise be fetched whole).
    await client.query('UPDATE messages SET id = id * 4000');
    pgSearch = pgTranscriptSearch(client, CASE_LINK_SQL, { directMax: 0 });
  }, 60_000);
  afterAll(async () => {
    await client?.end();
    store?.close();
    await server?.stop();
  });

  const params = (query: string | null, filters: TranscriptFilters = {}, more: Partial<SearchParams> = {}): SearchParams => ({
    fts: query === null ? null : ftsQuery(query),
    filters,
    viewerAgentId: null,
    limit: 10,
    offset: 0,
    candidateCap: 2000,
    ...more,
  });

  it('PostgreSQL keeps the words FTS5 reads: the same tokens, folded the same way, for every message', () => {
    // FTS5's own tables, read directly: the backlog (migration 0012) goes in first, as a search would take it.
    store.searchIndex.indexPending();
    store.db.exec(`CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, messages_fts, 'instance')`);
    const rows = store.db.prepare('SELECT m.id, m.body FROM messages m').all() as { id: number; body: string }[];
    const tokens = store.db.prepare('SELECT term FROM temp.vocab WHERE doc = ? ORDER BY offset').pluck();
    for (const r of rows) expect(indexWords(r.body), r.body).toEqual((tokens.all(r.id) as string[]).map(indexWord));
  });

  it('every query gives the same page on both: order, totals, hits, snippets, tags, holds', async () => {
    let nonTrivial = 0;
    for (const q of QUERIES) {
      for (const offset of [0, 10]) {
        const p = params(q, {}, { offset });
        const sqlite = store.transcripts.search(p);
        expect(await pgSearch(p), `${q} (offset ${offset})`).toEqual(sqlite);
        if (sqlite.rows.length > 3 && new Set(sqlite.rows.map((r) => r.hits)).size > 1) nonTrivial += 1;
      }
    }
    // The corpus makes real rankings, not a page of ties.
    expect(nonTrivial).toBeGreaterThan(10);
  });

  it('with filters, for an agent, without words, and under a small candidate cap', async () => {
    const filters: TranscriptFilters[] = [
      { brandId: 'maison' },
      { tag: 'vip' },
      { hasCase: true },
      { hasCase: false },
      { agentId: agents[1]! },
      { from: '2026-03-02T00:00:00.000Z', to: '2026-03-03T12:00:00.000Z' },
      { customerEmail: 'customer3@shop.test' },
      { brandId: 'default', tag: 'damage-claim' },
    ];
    for (const q of ['handbag', 'the', 're*', null]) {
      for (const f of filters) {
        const p = params(q, f);
        expect(await pgSearch(p), `${q} ${JSON.stringify(f)}`).toEqual(store.transcripts.search(p));
      }
      for (const viewer of agents) {
        const p = params(q, {}, { viewerAgentId: viewer });
        expect(await pgSearch(p), `${q} as ${viewer}`).toEqual(store.transcripts.search(p));
      }
    }
    const capped = params('the', {}, { candidateCap: 7 });
    const sqlite = store.transcripts.search(capped);
    expect(sqlite.capped).toBe(true);
    expect(await pgSearch(capped)).toEqual(sqlite);
  });

  it('still the same after conversations are deleted on both (the totals BM25 uses follow)', async () => {
    const gone = conversations.filter((_, i) => i % 4 === 1);
    await store.write(() => {
      for (const id of gone) {
        store.db.prepare('DELETE FROM messages WHERE conversation_id = ?').run(id);
        store.db.prepare('DELETE FROM conversations WHERE id = ?').run(id);
      }
    });
    await client.query('DELETE FROM conversations WHERE id = ANY($1)', [gone]);
    for (const q of ['handbag', 'the', 'refu*', 'cashmere scarf']) {
      const p = params(q);
      expect(await pgSearch(p), q).toEqual(store.transcripts.search(p));
    }
  });

  it('still the same after purge batches and bodies rewritten in place (the word counts BM25 uses follow)', async () => {
    const purged = conversations.filter((_, i) => i % 4 === 2);
    const rewritten = conversations.filter((_, i) => i % 4 === 3);
    const redacted = 'Redacted: the handbag strap refund was removed at the customer request';
    await store.write(() => {
      for (const id of purged) store.db.prepare('DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE conversation_id = ? ORDER BY seq LIMIT 2)').run(id);
      for (const id of rewritten) store.db.prepare('UPDATE messages SET body = ? WHERE conversation_id = ? AND seq % 2 = 1').run(redacted, id);
    });
    for (const id of purged) await client.query('DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE conversation_id = $1 ORDER BY seq LIMIT 2)', [id]);
    await client.query('UPDATE messages SET body = $1, search_words = $2 WHERE conversation_id = ANY($3) AND seq % 2 = 1', [redacted, indexWords(redacted), rewritten]);
    for (const q of ['handbag', 'strap handbag', 'refu*', 'redacted', 'parcel courier delivery', 'torn seam the', 'gift wrap*', 'thank you', 'customer request']) {
      const p = params(q);
      expect(await pgSearch(p), q).toEqual(store.transcripts.search(p));
    }
  });
});
