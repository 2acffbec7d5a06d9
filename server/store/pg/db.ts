// The PostgreSQL side of the store: connecting (with errors that say what is wrong) and the
// numbered migrations. `pg` (node-postgres) with plain SQL: the store's SQL is written by hand for
// SQLite already, and the PostgreSQL twin of each query stays readable beside it; pg is the client
// socket.io's Postgres adapter uses too, so a cluster needs one driver (docs/OPERATIONS.md).
import pg from 'pg';
import { PG_MIGRATIONS, type PgMigration } from './migrations/index';

export type PgClient = pg.Client | pg.PoolClient;

/** The table that records which PostgreSQL migrations ran (SQLite uses user_version). */
export const PG_VERSION_TABLE = 'caredesk_schema';

/** Any migration run takes this transaction-scoped advisory lock: two hubs starting together migrate once. */
const MIGRATION_LOCK = 0x63617265; // 'care'

export class PgStoreError extends Error {}

/** A postgres:// or postgresql:// URL, checked before anything connects. */
export function parsePgUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new PgStoreError(`not a PostgreSQL URL: ${redact(url)} (expected postgres://USER:PASSWORD@HOST:PORT/DATABASE)`);
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') {
    throw new PgStoreError(`not a PostgreSQL URL: ${redact(url)} (expected postgres://USER:PASSWORD@HOST:PORT/DATABASE)`);
  }
  if (!u.hostname || u.pathname.replace(/^\//, '') === '') {
    throw new PgStoreError(`the PostgreSQL URL ${redact(url)} must name a host and a database (postgres://USER:PASSWORD@HOST:PORT/DATABASE)`);
  }
  return u;
}

/** The URL without its password, for messages and logs. */
export function redact(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}

/** Connects one client; a refusal names the server and the reason, never the password. */
export async function connectPg(url: string): Promise<pg.Client> {
  const u = parsePgUrl(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // An idle client whose server goes away emits 'error'; without a listener that would end the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (e) {
    await client.end().catch(() => undefined);
    const err = e as Error & { code?: string };
    const where = `${u.hostname}:${u.port || 5432}/${u.pathname.slice(1)}`;
    const why =
      err.code === 'ECONNREFUSED' ? 'nothing is listening there'
      : err.code === 'ENOTFOUND' ? 'the host name is not known'
      : err.code === '3D000' ? 'that database does not exist (create it first: CREATE DATABASE …)'
      : err.code === '28P01' || err.code === '28000' ? 'the user name or password was refused'
      : err.message;
    throw new PgStoreError(`cannot connect to PostgreSQL at ${where}: ${why}`);
  }
  return client;
}

/** The highest migration this database has, 0 for an empty one. */
export async function pgSchemaVersion(client: PgClient): Promise<number> {
  const exists = await client.query('SELECT to_regclass($1) IS NOT NULL AS ok', [PG_VERSION_TABLE]);
  if (!exists.rows[0].ok) return 0;
  const r = await client.query(`SELECT COALESCE(MAX(version), 0)::int AS v FROM ${PG_VERSION_TABLE}`);
  return r.rows[0].v as number;
}

/**
 * Brings the database to the newest schema. Runs inside the caller's transaction when `inTransaction`
 * (a copy: the schema goes with the data or not at all); otherwise in one of its own.
 */
export async function migratePg(client: PgClient, opts: { inTransaction?: boolean; migrations?: PgMigration[] } = {}): Promise<number> {
  const sorted = [...(opts.migrations ?? PG_MIGRATIONS)].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version < 1 || (i > 0 && m.version === sorted[i - 1]!.version)) throw new Error(`PostgreSQL migration ${m.name} has version ${m.version}, which is taken or not positive`);
  });
  const own = !opts.inTransaction;
  if (own) await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS ${PG_VERSION_TABLE} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const current = await pgSchemaVersion(client);
    const known = sorted.at(-1)?.version ?? 0;
    if (current > known) throw new PgStoreError(`the PostgreSQL database was written by a newer caredesk (schema ${current}, this build knows ${known})`);
    for (const m of sorted.filter((x) => x.version > current)) {
      await client.query(m.up);
      await client.query(`INSERT INTO ${PG_VERSION_TABLE} (version, name) VALUES ($1, $2)`, [m.version, m.name]);
    }
    if (own) await client.query('COMMIT');
  } catch (e) {
    if (own) await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  }
  return pgSchemaVersion(client);
}
