// The PostgreSQL search's document counts (migration 3, message_word_counts): bm25 ranks with
// them, so each word's and each prefix's must always be what counting every message would give.
// Since migration 10 a message appended alone is counted a moment later, by a catch-up (a hub's
// timer, or the next search): at every moment the counts must be exactly those of the messages not
// waiting, and once caught up those of every message. Checked against a fresh count after each way
// messages come and go on a real PostgreSQL: a database from before migration 3 (backfill), two
// hubs appending at once while both count, the retention purge's batches, an erasure's cascade and
// a body rewritten in place (a redaction), of messages counted and still waiting.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { toAuditKeys } from '../../server/keys';
import { indexWords } from '../../server/store/snippet';
import { connectPg, migratePg } from '../../server/store/pg/db';
import { openPgStore, type PgStore } from '../../server/store/pg/api';
import { PG_MIGRATIONS } from '../../server/store/pg/migrations/index';
import { catchUpWordCounts } from '../../server/store/pg/wordCounts';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

type Queryable = Pick<pg.Client, 'query'>;

/**
 * Words and prefixes whose kept count differs from a fresh count over every message not waiting to
 * be counted (none, when they are kept): every word, and every beginning of every word, read as the
 * search reads them (server/store/pg/transcriptSearch.ts: a word's rows; a prefix's word rows less
 * its shared rows). One statement: the counts and the waiting list as of one moment.
 */
async function wrongCounts(q: Queryable): Promise<{ term: string; fresh: number; kept: number }[]> {
  return (
    await q.query(
      `WITH counted AS MATERIALIZED (SELECT m.search_words FROM messages m WHERE NOT EXISTS (SELECT 1 FROM message_words_pending p WHERE p.id = m.id)),
       vocab AS (SELECT unnest(search_words) COLLATE "C" AS word FROM counted UNION SELECT word FROM message_word_counts)
       SELECT 'word ' || v.word AS term,
              (SELECT COUNT(*) FROM counted m WHERE m.search_words @> ARRAY[v.word])::int AS fresh,
              (SELECT COALESCE(SUM(c.messages), 0) FROM message_word_counts c WHERE c.word = v.word AND NOT c.shared)::int AS kept
       FROM vocab v
       UNION ALL
       SELECT 'prefix ' || p.prefix,
              (SELECT COUNT(*) FROM counted m WHERE EXISTS (SELECT 1 FROM unnest(m.search_words) AS x(word) WHERE starts_with(x.word, p.prefix)))::int,
              (SELECT COALESCE(SUM(CASE WHEN c.shared THEN -c.messages ELSE c.messages END), 0) FROM message_word_counts c
               WHERE c.word >= p.prefix AND c.word < p.prefix || U&'\\+10FFFF')::int
       FROM (SELECT DISTINCT left(v.word, n) AS prefix FROM vocab v, generate_series(1, length(v.word)) AS n) p
       ORDER BY 1`,
    )
  ).rows.filter((r: { fresh: number; kept: number }) => r.fresh !== r.kept);
}

const waiting = async (q: Queryable) => (await q.query('SELECT COUNT(*)::int AS n FROM message_words_pending')).rows[0].n as number;

/** What wrongCounts finds once every message waiting is counted (a search's catch-up), and that none waits then. */
async function wrongAfterCatchUp(q: Queryable): Promise<unknown[]> {
  await catchUpWordCounts(q, null, true);
  expect(await waiting(q)).toBe(0);
  return wrongCounts(q);
}

const vocabulary = async (q: Queryable) => (await q.query('SELECT COUNT(DISTINCT word)::int AS n FROM message_word_counts WHERE NOT shared AND messages <> 0')).rows[0].n as number;

const WORDS = ['handbag', 'strap', 'refund', 'refunded', 'courier', 'parcel', 'the', 'my', 'is', 'a', 'scarf', 'café', 'Größe', 'order'];
function body(i: number): string {
  const n = 3 + (i % 9);
  // Repeats within a message (a word counts once per message) and a word of its own (rare words).
  return Array.from({ length: n }, (_, j) => WORDS[(i * 7 + j * j) % WORDS.length]).join(' ') + ` the ref${i}`;
}

describe('PostgreSQL search word counts (migration 3) equal a fresh count over every message', () => {
  let server: TestPostgres;
  const keys = toAuditKeys([randomBytes(32)]);

  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('a database from before migration 3 has its counts filled in by it', async () => {
    const client = await connectPg(await server.freshDatabase('backfill'));
    try {
      await migratePg(client, { migrations: PG_MIGRATIONS.filter((m) => m.version < 3) });
      await client.query(`INSERT INTO customers (id, email, name, created_at) VALUES ('k1', 'k@x.test', 'K', 't')`);
      await client.query(`INSERT INTO conversations (id, customer_id, status, created_at) VALUES ('c1', 'k1', 'ended', 't')`);
      for (let i = 0; i < 40; i++) {
        const text = i === 39 ? '' : body(i);
        await client.query(
          `INSERT INTO messages (conversation_id, seq, client_id, author_kind, author_name, body, created_at, search_words) VALUES ('c1', $1, $2, 'customer', 'K', $3, 't', $4)`,
          [i + 1, `m${i}`, text, indexWords(text)],
        );
      }
      expect(await migratePg(client)).toBe(PG_MIGRATIONS.at(-1)!.version);
      expect(await waiting(client)).toBe(0);
      expect(await wrongCounts(client)).toEqual([]);
      expect(await vocabulary(client)).toBeGreaterThan(40);
      const the = (await client.query(`SELECT SUM(messages)::int AS n FROM message_word_counts WHERE word = 'the' AND NOT shared`)).rows[0].n;
      expect(the).toBe(39); // every message but the empty one, once each however often it says "the"
    } finally {
      await client.end();
    }
  });

  it('they hold on a database whose own collation is not byte order (ICU), as most are', async () => {
    const url = await server.freshDatabase('icu');
    const admin = await connectPg(url);
    await admin.query(`CREATE DATABASE word_counts_icu TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'und' LOCALE 'C'`);
    await admin.end();
    const client = await connectPg(url.replace(/\/[^/]+$/, '/word_counts_icu'));
    try {
      await migratePg(client);
      await client.query(`INSERT INTO customers (id, email, name, created_at) VALUES ('k1', 'k@x.test', 'K', 't')`);
      await client.query(`INSERT INTO conversations (id, customer_id, status, created_at) VALUES ('c1', 'k1', 'ended', 't')`);
      // Words a linguistic order sorts apart from byte order ("e", "é", "ez"; "ss", "ß"; upper case).
      const bodies = ['e ez', 'é éa ez', 'Ёлка елка е', 'a ab abc abd B b', 'E-Mail email émail ez', 'ß ss straße strasse', 'ǅ dž DŽ', '1 10 1a', 'ez'];
      for (const [i, text] of bodies.entries()) {
        await client.query(
          `INSERT INTO messages (conversation_id, seq, client_id, author_kind, author_name, body, created_at, search_words) VALUES ('c1', $1, $2, 'customer', 'K', $3, 't', $4)`,
          [i + 1, `m${i}`, text, indexWords(text)],
        );
      }
      expect(await waiting(client)).toBe(bodies.length);
      expect(await wrongAfterCatchUp(client)).toEqual([]);
      await client.query(`DELETE FROM messages WHERE seq IN (2, 5)`);
      expect(await wrongCounts(client)).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it('two hubs appending at once and counting on their timers, the purge in batches, an erasure and a redaction keep them exact', async () => {
    const url = await server.freshDatabase('writers');
    // Both hubs count small batches every 2 ms, so catch-ups run beside every write below.
    const searchIndexing = { intervalMs: 2, batch: 5 };
    const hubs: PgStore[] = [await openPgStore(url, { auditKeys: keys, searchIndexing }), await openPgStore(url, { auditKeys: keys, searchIndexing })];
    try {
      const [a, b] = hubs as [PgStore, PgStore];
      const ids = Array.from({ length: 8 }, (_, i) => `c_${i}`);
      await a.write(async (tx) => {
        for (const [i, id] of ids.entries()) {
          const k = await tx.conversations.createGuest({ id: `k_${i}`, email: `k${i}@shop.test`, name: `K ${i}`, createdAt: '2026-01-01T00:00:00.000Z' });
          await tx.conversations.create({ id, customerId: k.id, widgetSessionId: null, brandId: 'default', createdAt: '2026-01-01T00:00:00.000Z' });
        }
      });
      // Many writes in flight on both hubs, one message per transaction as the hub appends them:
      // several connections, so several slots, and common words written by all of them at once.
      await Promise.all(
        Array.from({ length: 160 }, (_, i) =>
          (i % 2 ? a : b).write((tx) =>
            tx.conversations.appendMessage({ conversationId: ids[i % ids.length]!, clientId: `m${i}`, authorKind: i % 3 ? 'customer' : 'agent', authorId: null, authorName: 'Someone', body: body(i), createdAt: '2026-01-01T01:00:00.000Z' }),
          ),
        ),
      );
      expect(await wrongCounts(a.pool)).toEqual([]);

      // The retention purge: due conversations emptied a few messages per batch, on either hub.
      const due = ids.slice(0, 3);
      await a.write(async (tx) => {
        for (const id of due) await tx.conversations.end(id, '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z', 'agent');
      });
      for (const [n, id] of due.entries()) {
        const hub = n % 2 ? a : b;
        while ((await hub.write((tx) => tx.transcripts.purgeMessages(id, '2026-01-04T00:00:00.000Z', 4))) > 0) expect(await wrongCounts(hub.pool)).toEqual([]);
        await hub.write((tx) => tx.transcripts.deleteConversation(id, '2026-01-04T00:00:00.000Z'));
      }
      expect(await wrongCounts(a.pool)).toEqual([]);

      // A purge while both hubs go on appending the same common words elsewhere: nothing fails.
      await a.write((tx) => tx.conversations.end(ids[6]!, '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z', 'agent'));
      const purging = (async () => {
        while ((await a.write((tx) => tx.transcripts.purgeMessages(ids[6]!, '2026-01-04T00:00:00.000Z', 3))) > 0);
      })();
      await Promise.all([
        purging,
        ...Array.from({ length: 60 }, (_, i) =>
          (i % 2 ? a : b).write((tx) =>
            tx.conversations.appendMessage({ conversationId: ids[7]!, clientId: `late${i}`, authorKind: 'customer', authorId: null, authorName: 'Someone', body: body(i + 1000), createdAt: '2026-01-04T01:00:00.000Z' }),
          ),
        ),
      ]);
      expect((await a.pool.query('SELECT COUNT(*)::int AS n FROM messages WHERE conversation_id = $1', [ids[6]])).rows[0].n).toBe(0);
      expect(await wrongCounts(a.pool)).toEqual([]);
      // A word only the purged messages held is gone from the counts, not left at 0 in some slot.
      expect((await a.pool.query(`SELECT COUNT(*)::int AS n FROM message_word_counts WHERE word = 'ref0'`)).rows[0].n).toBe(0);
      expect((await a.pool.query('SELECT COUNT(*)::int AS n FROM message_word_counts WHERE messages = 0')).rows[0].n).toBe(0);

      // An erasure deletes a customer's conversations; their messages go by cascade.
      await b.pool.query(`DELETE FROM conversations WHERE id = $1`, [ids[3]]);
      expect(await wrongCounts(a.pool)).toEqual([]);

      // A redaction rewrites bodies in place, with the words the index reads from the new text.
      const redacted = 'This message was redacted at the customer’s request';
      await a.pool.query(`UPDATE messages SET body = $2, search_words = $3 WHERE conversation_id = $1 AND seq % 2 = 0`, [ids[4], redacted, indexWords(redacted)]);
      await a.pool.query(`UPDATE messages SET author_name = 'Renamed' WHERE conversation_id = $1`, [ids[5]]); // words unchanged
      expect(await wrongAfterCatchUp(a.pool)).toEqual([]);
      expect((await a.pool.query(`SELECT SUM(messages)::int AS n FROM message_word_counts WHERE word = 'redacted' AND NOT shared`)).rows[0].n).toBeGreaterThan(5);
      expect(await vocabulary(a.pool)).toBeGreaterThan(60);
    } finally {
      for (const h of hubs) await h.close();
    }
  });

  it('a message purged or rewritten while it waits, or while a catch-up is counting it, is counted once or not at all', async () => {
    const url = await server.freshDatabase('later');
    const hub = await openPgStore(url, { auditKeys: keys }); // no timer: the test says when to count
    const counting = await connectPg(url);
    try {
      await hub.write(async (tx) => {
        for (const i of [0, 1, 2]) {
          const k = await tx.conversations.createGuest({ id: `k_${i}`, email: `k${i}@shop.test`, name: `K ${i}`, createdAt: '2026-01-01T00:00:00.000Z' });
          await tx.conversations.create({ id: `c_${i}`, customerId: k.id, widgetSessionId: null, brandId: 'default', createdAt: '2026-01-01T00:00:00.000Z' });
        }
      });
      const append = (c: number, i: number) =>
        hub.writeCalls((tx) => tx.conversations.appendMessage({ conversationId: `c_${c}`, clientId: `m${i}`, authorKind: 'customer', authorId: null, authorName: 'K', body: body(i), createdAt: '2026-01-01T01:00:00.000Z' }));
      for (let i = 0; i < 30; i++) await append(i % 3, i);
      // Appended one at a time, as the hub does: nothing counted yet, all 30 waiting.
      expect(await waiting(hub.pool)).toBe(30);
      expect(await vocabulary(hub.pool)).toBe(0);
      expect(await catchUpWordCounts(hub.pool, 10, false)).toBe(10);
      expect(await waiting(hub.pool)).toBe(20);
      expect(await wrongCounts(hub.pool)).toEqual([]);

      // Conversation 0 holds counted messages (ids 1, 4, 7, 10) and waiting ones: a purge batch and
      // a redaction take from the counts only what was counted.
      await hub.write(async (tx) => {
        await tx.conversations.end('c_0', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z', 'agent');
      });
      expect(await hub.write((tx) => tx.transcripts.purgeMessages('c_0', '2026-01-04T00:00:00.000Z', 6))).toBe(6);
      expect(await wrongCounts(hub.pool)).toEqual([]);
      const redacted = 'This message was redacted at the customer’s request';
      await hub.pool.query(`UPDATE messages SET body = $1, search_words = $2 WHERE conversation_id = 'c_1'`, [redacted, indexWords(redacted)]);
      expect(await wrongCounts(hub.pool)).toEqual([]);

      // A catch-up holds the waiting messages (counted, not committed) while another connection
      // purges one conversation and rewrites another: those wait for it, then take its counts.
      await counting.query('BEGIN');
      expect((await counting.query('SELECT message_word_counts_catch_up(NULL, false) AS n')).rows[0].n).toBeGreaterThan(0);
      const purge = hub.write((tx) => tx.transcripts.purgeMessages('c_0', '2026-01-04T00:00:00.000Z', 100));
      const rewrite = hub.pool.query(`UPDATE messages SET body = $1, search_words = $2 WHERE conversation_id = 'c_2' AND seq <= 5`, ['refund refunded', indexWords('refund refunded')]);
      // Both are waiting for the catch-up's locks before it commits (else this test proves nothing).
      // (Asked outside the catch-up's transaction: one keeps the activity it first read.)
      const blocked = async () => (await hub.pool.query(`SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`)).rows[0].n as number;
      for (let tries = 0; (await blocked()) < 2; tries++) {
        expect(tries).toBeLessThan(100);
        await new Promise((r) => setTimeout(r, 50));
      }
      await counting.query('COMMIT');
      await Promise.all([purge, rewrite]);
      expect(await wrongAfterCatchUp(hub.pool)).toEqual([]);
      expect((await hub.pool.query(`SELECT COUNT(*)::int AS n FROM messages WHERE conversation_id = 'c_0'`)).rows[0].n).toBe(0);
      expect((await hub.pool.query(`SELECT SUM(messages)::int AS n FROM message_word_counts WHERE word = 'redacted' AND NOT shared`)).rows[0].n).toBe(10);
    } finally {
      await counting.end();
      await hub.close();
    }
  });
});
