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
  /**
   * Like write, for a transaction whose calls are all known before the first answers: `fn` calls
   * `tx` without awaiting in between (a call's arguments never depend on another's result) and
   * returns one of those calls' promises, or a combination of them. With the SQLite store in its
   * worker thread the calls go over in one message and are group-committed there (the hot path:
   * a chat message); elsewhere it is write.
   */
  writeCalls<T>(fn: (tx: StoreModules) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/**
 * Modules whose every method is `call(module, method, args)` (sent to the store's worker thread,
 * or recorded for writeCalls), except the members without SQL, which `pure` answers.
 */
export function standInModules(pure: Partial<Record<string, Record<string, unknown>>>, call: (module: string, method: string, args: unknown[]) => Promise<unknown>): StoreModules {
  return Object.fromEntries(
    MODULE_NAMES.map((module) => {
      const methods = new Map<string, (...args: unknown[]) => Promise<unknown>>();
      const own = pure[module];
      const proxy = new Proxy(
        {},
        {
          get(_, method) {
            if (typeof method !== 'string' || method === 'then') return undefined;
            if (own && method in own) return own[method];
            let fn = methods.get(method);
            if (!fn) methods.set(method, (fn = (...args: unknown[]) => call(module, method, args)));
            return fn;
          },
        },
      );
      return [module, proxy];
    }),
  ) as unknown as StoreModules;
}

/** One call of a StoreApi.writeCalls transaction, recorded before it runs. */
export interface RecordedCall {
  module: string;
  method: string;
  args: unknown[];
}

/**
 * Runs a writeCalls `fn` against modules that record its calls instead of making them, and
 * returns them with `settle`, which settles each call's promise (and so `fn`'s own) with the
 * results of running them, or rejects them all with the error. Every backend runs the calls in
 * the order made, one transaction for all (./workerStore.ts sends them to its thread at once).
 */
export function recordCalls<T>(fn: (tx: StoreModules) => Promise<T>, pure: Partial<Record<string, Record<string, unknown>>> = {}) {
  const calls: RecordedCall[] = [];
  const pending: { resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  const recorder = standInModules(pure, (module, method, args) => {
    calls.push({ module, method, args });
    const p = new Promise((resolve, reject) => pending.push({ resolve, reject }));
    // The caller awaits only the calls it returns; the write's own promise carries a failure.
    p.catch(() => undefined);
    return p;
  });
  const result = fn(recorder);
  // Handled here for the moment it may reject before the caller awaits it.
  result.catch(() => undefined);
  return {
    calls,
    /** Settles every call with `run`'s results (in call order) and answers what `fn` returned. */
    async settle(run: Promise<unknown[]>): Promise<T> {
      try {
        const values = await run;
        values.forEach((v, i) => pending[i]!.resolve(v));
      } catch (e) {
        for (const p of pending) p.reject(e);
        throw e;
      }
      return result;
    },
  };
}

/** The recorded calls one after another on `tx` (inside a write), with their results. */
export async function runCalls(tx: StoreModules, calls: RecordedCall[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const c of calls) {
    const mod = (tx as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>)[c.module]!;
    out.push(await mod[c.method]!(...c.args));
  }
  return out;
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

/** The members of `modules` that are not SQL (the audit key's id and digest), for a recorder to answer itself. */
export const PURE_MEMBERS = (modules: StoreModules): Partial<Record<string, Record<string, unknown>>> => ({
  audit: Object.fromEntries((PURE.audit ?? []).map((name) => [name, (modules.audit as unknown as Record<string, unknown>)[name]])),
});

/** The SQLite store behind the asynchronous interface (the same connection, caches and batcher). */
export function sqliteApi(store: Store): StoreApi {
  const modules = Object.fromEntries(MODULE_NAMES.map((m) => [m, promised(store[m], PURE[m])])) as unknown as StoreModules;
  return {
    backend: 'sqlite',
    inThread: true,
    ...modules,
    write: (fn) => store.writeAsync(() => fn(modules)),
    writeCalls(fn) {
      const recorded = recordCalls(fn, PURE_MEMBERS(modules));
      return recorded.settle(store.writeAsync(() => runCalls(modules, recorded.calls)));
    },
    async close() {
      await store.settle();
      store.close();
    },
  };
}
