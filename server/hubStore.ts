// Which store a hub runs on: the SQLite file in its data folder (the embedded desk, the default),
// or PostgreSQL (settings.database, CAREDESK_DATABASE_URL or `caredesk hub --database`) for a
// cluster of hubs. The services see only the async interface (./store/api.ts); the few things
// only one backend has (SQLite's WAL checkpoint, PostgreSQL's pool for the socket.io adapter and
// the retention lock) are here.
import type pg from 'pg';
import type { Clock } from './clock';
import type { HubSettings } from './config';
import { storeKeys, toAuditKeys, type GivenKeys } from './keys';
import type { Log } from './realtime/handle';
import { sqliteApi, type StoreApi } from './store/api';
import type { AuditRow } from './store/audit';
import { openStore, type Store } from './store/index';
import { openPgStore } from './store/pg/api';
import { parsePgUrl, PgStoreError, redact } from './store/pg/db';
import { openWorkerStore } from './store/workerStore';

export interface HubStore {
  api: StoreApi;
  /**
   * The SQLite store in this thread, or null on PostgreSQL. With the store in its worker thread,
   * a second connection to the same file, opened when first asked for (tests and tools reach
   * under the interface with it; the hub itself never does).
   */
  sqlite: (() => Store) | null;
  /** PostgreSQL's pool (advisory locks, shared limits), or null on SQLite. */
  pool: pg.Pool | null;
  /** The pool socket.io's Postgres adapter gets (its own: see openPgStore), or null on SQLite. */
  broadcastPool: pg.Pool | null;
  /** The 'audit.keyed' row this open wrote, or null. */
  sealed: AuditRow | null;
  auditKeyId: string | null;
  /** SQLite's WAL checkpoint after a purge's deletes; undefined where there is no WAL to trim. */
  checkpoint?: () => Promise<boolean>;
  /** Where the hub keeps its data: for logs ("a SQLite file in …", "PostgreSQL at host/db"). */
  describe: string;
  close(): Promise<void>;
}

/** The PostgreSQL URL the hub runs on, or null for SQLite: the option, then the environment, then the setting. */
export function databaseUrl(given: string | undefined, settings: Pick<HubSettings, 'database'>): string | null {
  const url = given ?? process.env.CAREDESK_DATABASE_URL ?? settings.database;
  if (!url) return null;
  const u = parsePgUrl(url);
  if (given === undefined && !process.env.CAREDESK_DATABASE_URL && u.password) {
    // config.json holds no secrets (docs/OPERATIONS.md, "Secrets and keys").
    throw new PgStoreError(`settings.database must not hold a password (${redact(url)}): give it in PGPASSWORD, or the whole URL in CAREDESK_DATABASE_URL`);
  }
  return url;
}

export async function openHubStore(o: { dataDir: string; settings: HubSettings; keys?: GivenKeys; clock: Clock; log: Log; database?: string }): Promise<HubStore> {
  const url = databaseUrl(o.database, o.settings);
  const keys = storeKeys(o.dataDir, o.settings, o.keys);
  // SQLite's search index and PostgreSQL's word counts both catch up on this timer.
  const searchIndexing = { intervalMs: o.settings.searchIndexIntervalMs, batch: o.settings.searchIndexBatch };
  if (url) {
    if (!keys.auditKeys) {
      // Every hub of a cluster appends to one chain: a key made up here would not be the others'.
      throw new PgStoreError('a hub on PostgreSQL needs the audit key, the same on every hub: set CAREDESK_AUDIT_KEY or settings.auditKeyFile (docs/OPERATIONS.md, "Running a cluster")');
    }
    const store = await openPgStore(url, { auditKeys: toAuditKeys(keys.auditKeys), clock: o.clock, workMemMiB: o.settings.pgWorkMemMiB, poolSize: o.settings.pgPoolSize, searchIndexing, log: o.log });
    const u = new URL(url);
    return {
      api: store,
      sqlite: null,
      pool: store.pool,
      broadcastPool: store.broadcastPool,
      sealed: store.sealed,
      auditKeyId: store.audit.keyId,
      describe: `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`,
      close: () => store.close(),
    };
  }
  const walCheckpoints = { intervalMs: o.settings.walCheckpointIntervalMs, restartPages: o.settings.walRestartPages };
  const cacheMiB = o.settings.storeCacheMiB;
  const describe = `the SQLite file in ${o.dataDir}`;
  if (!o.settings.storeInWorker) {
    const store = openStore(o.dataDir, { clock: o.clock, keys, walCheckpoints, searchIndexing, cacheMiB, log: o.log });
    const api = sqliteApi(store);
    return { api, sqlite: () => store, pool: null, broadcastPool: null, sealed: store.sealed, auditKeyId: store.audit.keyId, checkpoint: () => store.checkpoint(), describe, close: () => api.close() };
  }
  const store = await openWorkerStore(o.dataDir, { clock: o.clock, keys, walCheckpoints, searchIndexing, cacheMiB, log: o.log });
  let beside: Store | null = null;
  return {
    api: store,
    sqlite() {
      // Not sealed again (the worker did: its seal row is the one reported), its checkpoint is the
      // worker's (one checkpointer), and its keys are read afresh (the worker may have made the
      // audit key file since).
      beside ??= { ...openStore(o.dataDir, { clock: o.clock, keys: storeKeys(o.dataDir, o.settings, o.keys), seal: false }), sealed: store.sealed, checkpoint: () => store.checkpoint() };
      return beside;
    },
    pool: null,
    broadcastPool: null,
    sealed: store.sealed,
    auditKeyId: store.audit.keyId,
    checkpoint: () => store.checkpoint(),
    describe,
    async close() {
      beside?.close();
      await store.close();
    },
  };
}
