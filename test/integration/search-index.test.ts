// The search index's backlog (migration 0012, server/store/searchIndex.ts): a stored message waits
// in messages_fts_pending until it is indexed in a batch. A search still finds every stored
// message; a message deleted or edited while waiting leaves nothing behind in the index; and the
// index always agrees with the messages (FTS5's own integrity check).
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { openStore, type Store } from '../../server/store';
import { ftsQuery } from '../../server/store/transcripts';
import { customerToken, startTestHub, tempDataDir } from '../helpers/hub';
import { connectCustomer, ok, until } from '../helpers/sockets';

const T = '2026-01-10T10:00:00.000Z';

describe('the search index backlog on a real SQLite file', () => {
  let store: Store;
  let nextSeq = 0;
  beforeEach(() => {
    store = openStore(tempDataDir('search-index'));
    store.db.exec(`INSERT INTO customers (id, email, name, created_at) VALUES ('k1', 'ada@shop.test', 'Ada', '${T}');
      INSERT INTO conversations (id, customer_id, status, created_at) VALUES ('c1', 'k1', 'active', '${T}');`);
    nextSeq = 0;
  });
  afterEach(() => store.close());

  const add = (body: string): number => {
    nextSeq += 1;
    return Number(
      store.db
        .prepare("INSERT INTO messages (conversation_id, seq, client_id, author_kind, author_name, body, created_at) VALUES ('c1', ?, ?, 'customer', 'Ada', ?, ?)")
        .run(nextSeq, `m${nextSeq}`, body, T).lastInsertRowid,
    );
  };
  const inIndex = (word: string) => store.db.prepare('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid').pluck().all(`"${word}"`);
  const search = (word: string) => store.transcripts.search({ fts: ftsQuery(word), filters: {}, viewerAgentId: null, limit: 10, offset: 0, candidateCap: 1000 });
  const consistent = () => store.db.prepare("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')").run();

  it('a stored message waits outside the index; a search indexes it first and finds it', () => {
    const id = add('my zanzibar parcel is late');
    expect(store.searchIndex.pending()).toBe(1);
    expect(store.searchIndex.waiting()).toBe(true);
    expect(inIndex('zanzibar')).toEqual([]);
    const found = search('zanzibar');
    expect(found.rows.map((r) => r.conversationId)).toEqual(['c1']);
    expect(JSON.stringify(found.rows[0]!.snippet)).toContain('zanzibar');
    expect(inIndex('zanzibar')).toEqual([id]);
    expect(store.searchIndex.pending()).toBe(0);
    expect(store.searchIndex.waiting()).toBe(false);
    expect(consistent).not.toThrow();
  });

  it('a batch indexes the oldest waiting messages, no more than asked', () => {
    const ids = ['alpha one', 'alpha two', 'alpha three'].map(add);
    expect(store.searchIndex.indexPending(2)).toBe(2);
    expect(inIndex('alpha')).toEqual(ids.slice(0, 2));
    expect(store.searchIndex.indexPending(2)).toBe(1);
    expect(store.searchIndex.indexPending(2)).toBe(0);
    expect(inIndex('alpha')).toEqual(ids);
  });

  it('a message deleted or edited while waiting never reaches the index with its old words', () => {
    const kept = add('quokka kept');
    const gone = add('quokka purged wombat');
    const edited = add('card secretword here');
    store.db.prepare('DELETE FROM messages WHERE id = ?').run(gone);
    store.db.prepare('UPDATE messages SET body = ? WHERE id = ?').run('card redacted here', edited);
    store.searchIndex.indexPending();
    expect(inIndex('quokka')).toEqual([kept]);
    expect(inIndex('wombat')).toEqual([]);
    expect(inIndex('secretword')).toEqual([]);
    expect(inIndex('redacted')).toEqual([edited]);
    expect(consistent).not.toThrow();
  });

  it('an indexed message deleted or edited leaves the index too (secure-delete), and the index stays whole', () => {
    const edited = add('numbat secretword');
    const gone = add('numbat lyrebird');
    store.searchIndex.indexPending();
    store.db.prepare('UPDATE messages SET body = ? WHERE id = ?').run('numbat redacted', edited);
    store.db.prepare('DELETE FROM messages WHERE id = ?').run(gone);
    expect(inIndex('secretword')).toEqual([]);
    expect(inIndex('lyrebird')).toEqual([]);
    expect(inIndex('numbat')).toEqual([edited]);
    expect(consistent).not.toThrow();
    // A new message may take the freed id (no AUTOINCREMENT): it waits and is indexed like any other.
    const again = add('platypus');
    expect(store.searchIndex.pending()).toBe(1);
    expect(search('platypus').rows).toHaveLength(1);
    expect(inIndex('platypus')).toEqual([again]);
    expect(consistent).not.toThrow();
  });
});

describe('a backlog larger than one batch', () => {
  it('is worked off batch after batch right after a tick, not one batch per tick', async () => {
    // One batch per 2 s tick would take 20 s for these 1,000 messages; each batch commits on its own.
    const store = openStore(tempDataDir('search-index-backlog'), { searchIndexing: { intervalMs: 2000, batch: 100 } });
    try {
      store.db.exec(`INSERT INTO customers (id, email, name, created_at) VALUES ('k1', 'ada@shop.test', 'Ada', '${T}');
        INSERT INTO conversations (id, customer_id, status, created_at) VALUES ('c1', 'k1', 'active', '${T}');`);
      const insert = store.db.prepare("INSERT INTO messages (conversation_id, seq, client_id, author_kind, author_name, body, created_at) VALUES ('c1', ?, ?, 'customer', 'Ada', ?, ?)");
      store.db.transaction(() => {
        for (let i = 1; i <= 1000; i++) insert.run(i, `m${i}`, `backlog quokka ${i}`, T);
      })();
      expect(store.searchIndex.pending()).toBe(1000);
      await until(() => store.searchIndex.pending() === 0, 6000, 'the whole backlog indexed after the first tick');
      expect(store.db.prepare(`SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH '"quokka"'`).pluck().get()).toBe(1000);
    } finally {
      store.close();
    }
  });
});

describe('the hub indexes chat messages on its own, in its store worker thread', () => {
  let hub: Hub;
  afterAll(async () => hub?.close());

  it('messages sent through the hub are in the index within a few ticks, without a search', async () => {
    hub = await startTestHub({ settings: { searchIndexIntervalMs: 50 } });
    const customer = await connectCustomer(hub.url, await customerToken(hub.url, 'Ada', 'ada@shop.test'));
    const { conversation } = await ok(customer, 'chat:start', {});
    for (let i = 0; i < 5; i++) await ok(customer, 'chat:send', { conversationId: conversation.id, clientId: `kiwi-${i}-000`, body: `kiwifruit order ${i}` });
    await until(() => hub.store.searchIndex.pending() === 0, 5000, 'the backlog indexed');
    const n = hub.store.db.prepare(`SELECT COUNT(*) FROM messages_fts WHERE messages_fts MATCH '"kiwifruit"'`).pluck().get();
    expect(n).toBe(5);
    customer.close();
  });
});
