// The store as the hub's services see it: one asynchronous interface with two backends, the
// embedded SQLite file (./index.ts, wrapped here) and PostgreSQL (./pg/api.ts) for a cluster of hubs.
// Each module's methods are its SQLite twin's, returning promises; both backends pass one
// conformance suite (test/conformance/). Signal Desktop's ts/sql/Interface.ts is the model.
import type { Store } from './index';

type AsyncFn<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : F;

/** A store module with every method returning a promise; `Pure` members (no SQL) stay as they are. */
export type Async<T, Pure extends keyof T = never> = { [K in keyof T]: K extends Pure ? T[K] : AsyncFn<T[K]> };

/** Members computed without the database (a key id, a keyed digest): the same on both backends. */
type AuditPure = 'keyId' | 'digest';

export interface StoreModules {
  users: Async<Store['users']>;
  conversations: Async<Store['conversations']>;
  transcripts: Async<Store['transcripts']>;
  audit: Async<Store['audit'], AuditPure>;
  emailCopies: Async<Store['emailCopies']>;
  orders: Async<Store['orders']>;
  cases: Async<Store['cases']>;
  routing: Async<Store['routing']>;
  tickets: Async<Store['tickets']>;
  identity: Async<Store['identity']>;
  privacy: Async<Store['privacy']>;
  reports: Async<Store['reports']>;
  settings: Async<Store['settings']>;
}

export const MODULE_NAMES = ['users', 'conversations', 'transcripts', 'audit', 'emailCopies', 'orders', 'cases', 'routing', 'tickets', 'identity', 'privacy', 'reports', 'settings'] as const satisfies readonly (keyof StoreModules)[];

const PURE: { [M in keyof StoreModules]?: readonly string[] } = { audit: ['keyId', 'digest'] satisfies AuditPure[] };

export interface StoreApi extends StoreModules {
  readonly backend: 'sqlite' | 'postgres';
  /**
   * Whether every call runs to its end in this thread before the next starts (the SQLite store
   * wrapped here): false where a call waits on another thread or the network (the store's worker
   * thread, PostgreSQL), so a later caller can overtake an earlier one between two awaits.
   */
  readonly inThread: boolean;
  /**
   * Runs `fn` in one transaction and resolves once it is durable (a group commit on SQLite). `fn`
   * must await only calls on `tx`, never the network or a timer: the transaction stays open while
   * it runs (on SQLite, so does every other write of the batch).
   */
  write<T>(fn: (tx: StoreModules) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** `mod`'s methods, each returning a promise of what it returns (or rejecting with what it throws). */
function promised<T extends object>(mod: T, pure: readonly string[] = []): T {
  const out: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(mod)) {
    out[name] =
      typeof member !== 'function' || pure.includes(name)
        ? member
        : (...args: unknown[]) => {
            try {
              return Promise.resolve((member as (...a: unknown[]) => unknown).apply(mod, args));
            } catch (e) {
              return Promise.reject(e);
            }
          };
  }
  return out as T;
}

/** The SQLite store behind the asynchronous interface (the same connection, caches and batcher). */
export function sqliteApi(store: Store): StoreApi {
  const modules = Object.fromEntries(MODULE_NAMES.map((m) => [m, promised(store[m], PURE[m])])) as unknown as StoreModules;
  return {
    backend: 'sqlite',
    inThread: true,
    ...modules,
    write: (fn) => store.writeAsync(() => fn(modules)),
    async close() {
      await store.settle();
      store.close();
    },
  };
}
