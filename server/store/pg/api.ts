// The store on PostgreSQL, behind the same asynchronous interface as the SQLite file (../api.ts):
// a pool for calls outside a write; each write gets one client, BEGIN … COMMIT, and is retried when
// PostgreSQL gives up on it for a deadlock or a serialization failure (another hub's write won). A
// chat message's append alone is one statement, its own transaction (ONE_STATEMENT).
import pg from 'pg';
import { MODULE_NAMES, PURE_MEMBERS, recordCalls, runCalls, type StoreApi, type StoreModules } from '../api';
import type { AuditKey, AuditRow } from '../audit';
import { systemClock, type Clock } from '../../clock';
import { connectPg, migratePg, parsePgUrl, PgStoreError } from './db';
import { pgEmailCopiesStore } from './modules/emailCopies';
import { pgIdentityStore } from './modules/identity';
import { pgOrdersStore } from './modules/orders';
import { pgReportsStore } from './modules/reports';
import { pgPrivacyStore } from './modules/privacy';
import { pgAuditStore, sealPgAuditLog } from './modules/audit';
import { pgSettingsStore } from './modules/settings';
import { pgUsersStore } from './modules/users';
import { pgConversationsStore } from './modules/conversations';
import { pgTranscriptsStore } from './modules/transcripts';
import { pgCasesStore } from './modules/cases';
import { pgRoutingStore } from './modules/routing';
import { pgTicketsStore } from './modules/tickets';
import { retried, type PgQueryable } from './query';
import { wordCountsTimer } from './wordCounts';

export interface PgContext {
  /** The audit keys, current first (server/keys.ts); appends are refused without one. */
  auditKeys: AuditKey[];
}

export type PgModuleFactory<M extends keyof StoreModules> = (q: PgQueryable, ctx: PgContext) => StoreModules[M];

/** The modules ported so far; the rest refuse with a clear error (see notPorted). */
const FACTORIES: { [M in keyof StoreModules]?: PgModuleFactory<M> } = {
  cases: pgCasesStore,
  routing: pgRoutingStore,
  audit: pgAuditStore,
  settings: pgSettingsStore,
  users: pgUsersStore,
  identity: pgIdentityStore,
  emailCopies: pgEmailCopiesStore,
  orders: pgOrdersStore,
  reports: pgReportsStore,
  conversations: pgConversationsStore,
  transcripts: pgTranscriptsStore,
  tickets: pgTicketsStore,
  privacy: pgPrivacyStore,
};

function notPorted<M extends keyof StoreModules>(name: M): StoreModules[M] {
  return new Proxy({} as StoreModules[M], {
    get(_, member) {
      if (typeof member !== 'string' || member === 'then') return undefined;
      return () => Promise.reject(new PgStoreError(`the store's ${name}.${member} does not run on PostgreSQL yet`));
    },
  });
}

function modulesOn(q: PgQueryable, ctx: PgContext): StoreModules {
  return Object.fromEntries(
    MODULE_NAMES.map((name) => {
      const factory = FACTORIES[name] as PgModuleFactory<typeof name> | undefined;
      return [name, factory ? factory(q, ctx) : notPorted(name)];
    }),
  ) as unknown as StoreModules;
}

/**
 * Store calls that make one SQL statement on PostgreSQL (module.method), and only one that writes.
 * Alone in a writeCalls they run on the pool, each its own transaction. A chat message's append is
 * the hot path of a cluster.
 */
const ONE_STATEMENT: ReadonlySet<string> = new Set(['conversations.appendMessage']);

/** The broadcast adapter's connections (realtime/pgAdapter.ts): its LISTEN, its one sender, and reading back large messages. */
export const BROADCAST_POOL_SIZE = 3;

export interface PgStoreOptions extends PgContext {
  /** Connections in the pool (default 10; the hub: settings.pgPoolSize). */
  poolSize?: number;
  /**
   * PostgreSQL's work_mem on the store's connections, in MiB (the hub: settings.pgWorkMemMiB;
   * default the server's own). At the server's default of 4 MiB the bitmap of a common word's
   * matches goes lossy and the search re-tests every message on those pages (docs/PERFORMANCE.md).
   */
  workMemMiB?: number;
  /** As StoreOptions.seal (../index.ts): false leaves a non-empty log unsealed (`audit verify`). */
  seal?: boolean;
  /** The time of the 'audit.keyed' row a seal writes. */
  clock?: Clock;
  /**
   * Messages' words counted for search on a timer, in batches (the hub: settings
   * searchIndexIntervalMs, searchIndexBatch; ./wordCounts.ts). Without it (the CLI), a search counts
   * what waits first, and the hubs count the rest.
   */
  searchIndexing?: { intervalMs: number; batch: number };
  /** Where a failed catch-up of the word counts is reported, and its recovery (the hub's log). */
  log?: (level: 'warn' | 'info', msg: string, extra?: Record<string, unknown>) => void;
}

export interface PgStore extends StoreApi {
  readonly pool: pg.Pool;
  /** For socket.io's Postgres adapter alone (see openPgStore). */
  readonly broadcastPool: pg.Pool;
  /** As Store.sealed: the 'audit.keyed' row this open wrote (a new desk, the first key, a new key), or null. */
  readonly sealed: AuditRow | null;
}

/** Connects, migrates to the newest schema (once across hubs starting together), and opens the store. */
export async function openPgStore(url: string, opts: PgStoreOptions): Promise<PgStore> {
  parsePgUrl(url);
  // One client first: a refusal then names the server and the reason (connectPg), not a pool error.
  const first = await connectPg(url);
  try {
    await migratePg(first);
  } finally {
    await first.end();
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 10,
    connectionTimeoutMillis: 10_000,
    ...(opts.workMemMiB ? { options: `-c work_mem=${Math.round(opts.workMemMiB * 1024)}kB` } : {}),
  });
  // An idle client whose server went away emits 'error' on the pool; the next query reports it.
  pool.on('error', () => undefined);
  // A client in use (a write's, or the socket.io adapter's LISTEN client) whose connection the
  // server cuts emits 'error' too; unheard, that would end the hub. Its query rejects instead, and
  // the adapter reconnects on the client's 'end'.
  pool.on('connect', (client) => client.on('error', () => undefined));
  // The broadcast adapter holds one client for its LISTEN for as long as the hub runs: its own pool,
  // so the store's is never a connection short, and closing the store never waits for it.
  const broadcastPool = new pg.Pool({ connectionString: url, max: BROADCAST_POOL_SIZE, connectionTimeoutMillis: 10_000 });
  broadcastPool.on('error', () => undefined);
  broadcastPool.on('connect', (client) => client.on('error', () => undefined));
  const ctx: PgContext = { auditKeys: opts.auditKeys };
  const modules = modulesOn(pool, ctx);
  // Like openStore: the log ends in a stretch under the current key before anything appends.
  let sealed: AuditRow | null;
  try {
    sealed = await sealPgAuditLog(pool, ctx, (opts.clock ?? systemClock).now().toISOString(), opts.seal !== false);
  } catch (e) {
    await pool.end();
    throw e;
  }
  const wordCounts = opts.searchIndexing && wordCountsTimer(pool, { ...opts.searchIndexing, log: opts.log });
  const store: PgStore = {
    backend: 'postgres',
    inThread: false,
    pool,
    broadcastPool,
    sealed,
    ...modules,
    writeCalls<T>(fn: (tx: StoreModules) => Promise<T>): Promise<T> {
      const recorded = recordCalls(fn, PURE_MEMBERS(modules));
      // The calls as fn made them up front (writeCalls' contract): one statement is a transaction of
      // its own, no BEGIN … COMMIT, two round trips fewer.
      const calls = [...recorded.calls];
      if (calls.length === 1 && ONE_STATEMENT.has(`${calls[0]!.module}.${calls[0]!.method}`)) {
        return recorded.settle(retried(() => runCalls(modules, calls)));
      }
      return recorded.settle(store.write((tx) => runCalls(tx, recorded.calls)));
    },
    write<T>(fn: (tx: StoreModules) => Promise<T>): Promise<T> {
      return retried(async () => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          const value = await fn(modulesOn(client, ctx));
          await client.query('COMMIT');
          return value;
        } catch (e) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw e;
        } finally {
          client.release();
        }
      });
    },
    async close() {
      await wordCounts?.stop();
      await pool.end();
      // Not awaited: a LISTEN client the adapter dropped after a cut connection is never handed back.
      void broadcastPool.end().catch(() => undefined);
    },
  };
  return store;
}
