// `caredesk store copy --to postgres://…`: a desk's SQLite database into an empty PostgreSQL
// database, all or nothing. One PostgreSQL transaction creates the schema, copies every table in
// foreign-key order and compares each table's row count with SQLite's before it commits; any
// failure rolls it all back, leaving the target as empty as it was. SQLite is read in one read
// transaction, so the copy is one moment of the desk even if a hub is still writing.
import type { Db } from '../db';
import { MIGRATIONS } from '../migrations/index';
import { connectPg, migratePg, PgStoreError, redact, type PgClient } from './db';
import { isSqliteOnlyTable, PG_DERIVED_COLUMNS, PG_ONLY_TABLES } from './schema';

export interface CopiedTable {
  table: string;
  rows: number;
}

export interface CopyReport {
  /** The target URL without its password. */
  target: string;
  schemaVersion: number;
  tables: CopiedTable[];
  totalRows: number;
}

/** Rows per INSERT, and never more than PostgreSQL's 65,535 parameters in one. */
const BATCH_ROWS = 500;
const MAX_PARAMS = 65_000;

async function pgTables(client: PgClient): Promise<string[]> {
  const r = await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`);
  return r.rows.map((x) => x.table_name as string);
}

/** Tables in an order where each comes after the tables it references (self-references aside). */
async function foreignKeyOrder(client: PgClient, tables: string[]): Promise<string[]> {
  const r = await client.query(
    `SELECT src.relname AS child, dst.relname AS parent FROM pg_constraint k
     JOIN pg_class src ON src.oid = k.conrelid JOIN pg_class dst ON dst.oid = k.confrelid
     WHERE k.contype = 'f' AND src.relnamespace = current_schema()::regnamespace`,
  );
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of r.rows as { child: string; parent: string }[]) if (child !== parent) parents.get(child)?.add(parent);
  const ordered: string[] = [];
  const placed = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.find((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p) || !parents.has(p)));
    if (!next) throw new Error('the PostgreSQL schema has a cycle of foreign keys');
    ordered.push(next);
    placed.add(next);
  }
  return ordered;
}

async function pgColumns(client: PgClient, table: string): Promise<string[]> {
  const r = await client.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`, [table]);
  return r.rows.map((x) => x.column_name as string);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Copies the open SQLite database `db` into the empty PostgreSQL database at `url`. `onTable` is
 * told as each table is done (for progress on a large desk).
 */
export async function copySqliteToPg(db: Db, url: string, onTable: (t: CopiedTable) => void = () => undefined): Promise<CopyReport> {
  const sqliteVersion = db.pragma('user_version', { simple: true }) as number;
  const known = Math.max(...MIGRATIONS.map((m) => m.version));
  if (sqliteVersion !== known) {
    throw new PgStoreError(
      sqliteVersion < known
        ? `the desk's database is at schema ${sqliteVersion}, this caredesk writes ${known}: start the hub (or run any caredesk command) on it once, then copy`
        : `the desk's database was written by a newer caredesk (schema ${sqliteVersion}, this build knows ${known})`,
    );
  }
  const client = await connectPg(url);
  db.exec('BEGIN');
  try {
    await client.query('BEGIN');
    try {
      // Two copies started together: the second waits here, then finds the first one's tables.
      await client.query('SELECT pg_advisory_xact_lock($1)', [0x63617265]);
      const existing = await pgTables(client);
      if (existing.length) {
        const shown = existing.slice(0, 5).join(', ') + (existing.length > 5 ? `, … (${existing.length} in all)` : '');
        throw new PgStoreError(`the target database is not empty (it has tables: ${shown}); copy only into a new, empty database (CREATE DATABASE …); nothing was copied`);
      }
      const schemaVersion = await migratePg(client, { inTransaction: true });
      // tickets.merged_into may point at a ticket copied after it: checked at commit instead.
      await client.query('SET CONSTRAINTS ALL DEFERRED');
      const sqliteTables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[])
        .map((r) => r.name)
        .filter((n) => !isSqliteOnlyTable(n));
      const targetTables = (await pgTables(client)).filter((t) => !PG_ONLY_TABLES.includes(t));
      const missing = sqliteTables.filter((t) => !targetTables.includes(t));
      if (missing.length) throw new PgStoreError(`PostgreSQL's schema has no table for ${missing.join(', ')}: this caredesk cannot copy this desk; nothing was copied`);
      const tables: CopiedTable[] = [];
      for (const table of await foreignKeyOrder(client, targetTables)) {
        const copied = { table, rows: await copyTable(db, client, table) };
        tables.push(copied);
        onTable(copied);
      }
      await setIdentities(client);
      await verifyCounts(db, client, tables);
      await client.query('COMMIT');
      return { target: redact(url), schemaVersion, tables, totalRows: tables.reduce((n, t) => n + t.rows, 0) };
    } catch (e) {
      await client.query('ROLLBACK').catch(() => undefined);
      // PostgreSQL's own refusals (no right to create tables, the server going away) say so.
      throw e instanceof PgStoreError ? e : new PgStoreError(`the copy failed: ${(e as Error).message}; nothing was copied`);
    }
  } finally {
    db.exec('COMMIT');
    await client.end().catch(() => undefined);
  }
}

async function copyTable(db: Db, client: PgClient, table: string): Promise<number> {
  const sqliteColumns = new Set((db.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map((r) => r.name));
  const columns = await pgColumns(client, table);
  const derived = PG_DERIVED_COLUMNS[table] ?? {};
  const unknown = columns.filter((c) => !sqliteColumns.has(c) && !derived[c]);
  if (unknown.length) throw new PgStoreError(`PostgreSQL's ${table} has columns SQLite's lacks (${unknown.join(', ')}): nothing was copied`);
  const lost = [...sqliteColumns].filter((c) => !columns.includes(c));
  if (lost.length) throw new PgStoreError(`PostgreSQL's ${table} lacks SQLite's columns ${lost.join(', ')}: nothing was copied`);
  const perBatch = Math.max(1, Math.min(BATCH_ROWS, Math.floor(MAX_PARAMS / columns.length)));
  const insert = (n: number) =>
    `INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ` +
    Array.from({ length: n }, (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`).join(', ');
  let rows = 0;
  let batch: unknown[][] = [];
  const flush = async () => {
    if (!batch.length) return;
    try {
      await client.query(insert(batch.length), batch.flat());
    } catch (e) {
      throw new PgStoreError(`copying ${table} failed at row ${rows - batch.length + 1}: ${(e as Error).message}; nothing was copied`);
    }
    batch = [];
  };
  // rowid order where there is one: the order SQLite keeps them in.
  const withoutRowid = (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as { sql: string }).sql.includes('WITHOUT ROWID');
  for (const row of db.prepare(`SELECT * FROM ${quote(table)}${withoutRowid ? '' : ' ORDER BY rowid'}`).iterate() as Iterable<Record<string, unknown>>) {
    batch.push(columns.map((c) => (derived[c] ? derived[c](row) : row[c])));
    rows += 1;
    if (batch.length >= perBatch) await flush();
  }
  await flush();
  return rows;
}

/** Identity columns continue after the highest id copied. */
async function setIdentities(client: PgClient): Promise<void> {
  const r = await client.query(`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'`);
  for (const { table_name: t, column_name: c } of r.rows as { table_name: string; column_name: string }[]) {
    await client.query(`SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(MAX(${quote(c)}), 1), MAX(${quote(c)}) IS NOT NULL) FROM ${quote(t)}`, [quote(t), c]);
  }
}

async function verifyCounts(db: Db, client: PgClient, tables: CopiedTable[]): Promise<void> {
  for (const { table } of tables) {
    const there = Number((await client.query(`SELECT COUNT(*) AS n FROM ${quote(table)}`)).rows[0].n);
    const here = (db.prepare(`SELECT COUNT(*) AS n FROM ${quote(table)}`).get() as { n: number }).n;
    if (there !== here) throw new PgStoreError(`${table}: ${here} rows in SQLite but ${there} in PostgreSQL after the copy; nothing was copied`);
  }
  const totals = (await client.query('SELECT COALESCE(SUM(messages), 0)::bigint AS n FROM message_search_totals')).rows[0].n;
  const messages = (db.prepare('SELECT COUNT(*) AS n FROM messages').get() as { n: number }).n;
  if (Number(totals) !== messages) throw new PgStoreError(`the search totals count ${String(totals)} messages, not ${messages}; nothing was copied`);
}
