// The SQLite store in a worker thread (issue 11), behind the asynchronous interface (./api.ts):
// the hub's event loop runs no SQL and waits on no fsync. Every module call is a message to the
// worker (./worker/host.ts), which runs it on the hub's one connection; writes are still group
// commits, batched here by the same WriteBatcher, whose transaction steps become messages too.
// A call costs the hub's thread a message each way (~10-20 µs) instead of the statement itself,
// and a commit's fsync, a purge's deletes and FTS indexing happen while the hub serves sockets.
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Clock } from '../clock';
import { systemClock } from '../clock';
import { secureDataFolder } from '../dataDir';
import { parseKeys, type StoreKeys } from '../keys';
import { recordCalls, standInModules, type StoreApi, type StoreModules } from './api';
import { auditDigest, auditKey, type AuditRow } from './audit';
import { WriteBatcher, type TxStep } from './writeBatcher';
import { receivedError, type Reply, type Request, type WorkerInit } from './worker/protocol';

export interface WorkerStore extends StoreApi {
  readonly backend: 'sqlite';
  /** The 'audit.keyed' row this open wrote, or null. */
  sealed: AuditRow | null;
  /** The WAL folded into the file and truncated (after a purge), between two group commits. */
  checkpoint(): Promise<boolean>;
  /** The worker thread now serving the store (for diagnostics and fault tests). */
  thread(): Worker;
}

export interface WorkerStoreOptions {
  keys: StoreKeys;
  clock?: Clock;
  /** Seal the audit log under the current key (default true; ./index.ts StoreOptions.seal). */
  seal?: boolean;
  walCheckpoints?: { intervalMs: number; restartPages: number };
  searchIndexing?: { intervalMs: number; batch: number };
  cacheMiB?: number;
  log?: (level: 'warn' | 'info' | 'error', msg: string, extra?: Record<string, unknown>) => void;
}

type Sent = Request extends infer R ? (R extends Request ? Omit<R, 'id'> : never) : never;
type Pending = { resolve: (v: unknown) => void; reject: (e: Error) => void };

/** The worker's script: the bundle's own (the Electron app), or host.ts through tsx (source). */
function workerScript(): URL {
  const here = import.meta.url;
  return here.endsWith('.cjs') ? new URL('./storeWorker.cjs', here) : new URL('./worker/entry.mjs', here);
}

type Ready = Extract<Reply, { kind: 'ready' }>;

/**
 * Answers handled in one turn of the hub's event loop (each may ack and broadcast a chat message,
 * about 0.2 ms). After a commit that answers hundreds at once, 64 a turn held the loop 12–14 ms at
 * a time in the purge phase of the bench; 16 a turn, 2–3 ms (traced with BENCH_LOOP_SCHED).
 */
const ANSWERS_PER_TURN = 16;

/** One worker thread and the answers awaited from it. */
interface Thread {
  worker: Worker;
  ready: Promise<Ready>;
  /** Set when it answered ready: calls then go straight to it. */
  isReady: boolean;
  /** Set when it has failed or exited: calls go to its successor. */
  gone: boolean;
  pending: Map<number, Pending>;
  /** Requests of this turn of the event loop, sent together at its end (see ask). */
  outbox: Request[];
}

export async function openWorkerStore(dataDir: string, opts: WorkerStoreOptions): Promise<WorkerStore> {
  // Here, not only in the worker: a worker thread may not set the process's umask, and the files
  // SQLite creates there (the database, its WAL and SHM) must be private like the rest (issue 12).
  secureDataFolder(dataDir);
  const init: WorkerInit = {
    dataDir,
    keys: opts.keys,
    seal: opts.seal ?? true,
    sealAt: (opts.clock ?? systemClock).now().toISOString(),
    walCheckpoints: opts.walCheckpoints ?? null,
    searchIndexing: opts.searchIndexing ?? null,
    cacheMiB: opts.cacheMiB ?? null,
  };
  let nextId = 1;
  /** Set once the store is closed, or when a new thread could not open the database. */
  let stopped: Error | null = null;
  let closing: Promise<void> | null = null;

  // eslint-disable-next-line prefer-const -- set once the first thread has opened the store
  let reopen: WorkerInit;
  function start(data: WorkerInit): Thread {
    const worker = new Worker(workerScript(), { workerData: data });
    const t: Thread = { worker, ready: null as unknown as Promise<Ready>, isReady: false, gone: false, pending: new Map(), outbox: [] };
    const pending = t.pending;
    t.ready = new Promise<Ready>((resolve, reject) => {
      // A worker that was held up (a checkpoint between commits, a purge's batch) answers many
      // writes at once, and each answer goes on to ack and broadcast a chat message: they are taken
      // a slice per turn, in the order they came, with sockets served between slices, so they do
      // not stall the hub's event loop.
      const inbox: Reply[] = [];
      let draining = false;
      const drain = () => {
        const slice = inbox.splice(0, ANSWERS_PER_TURN);
        try {
          for (const r of slice) answer(r);
        } finally {
          if (inbox.length > 0) setImmediate(drain);
          else draining = false;
        }
      };
      worker.on('message', (m: Reply | Reply[]) => {
        for (const r of Array.isArray(m) ? m : [m]) inbox.push(r);
        if (draining) return;
        draining = true;
        drain();
      });
      const answer = (r: Reply) => {
        switch (r.kind) {
          case 'ready':
            t.isReady = true;
            return resolve(r);
          case 'failed':
            return reject(receivedError(r.error));
          case 'log':
            return opts.log?.(r.level, r.msg, r.extra);
          default: {
            const p = pending.get(r.id);
            if (!p) return;
            pending.delete(r.id);
            if (pending.size === 0) worker.unref();
            if (r.kind === 'result') p.resolve(r.value);
            else p.reject(receivedError(r.error));
          }
        }
      };
      const lost = (e: Error) => {
        if (t.gone) return;
        t.gone = true;
        reject(e);
        // Answers it gave before it went still count: those writes are stored.
        for (const r of inbox.splice(0)) answer(r);
        // What was in flight is not known to be stored: its callers have no ack, and resend.
        for (const p of pending.values()) p.reject(e);
        pending.clear();
        // A thread that never opened the store is not replaced: its open failed, and said why.
        if (stopped || closing || thread !== t || !t.isReady) return;
        // The thread died under a running hub (it should not): a new one opens the same file, where
        // SQLite has rolled back whatever was not committed, and the hub goes on.
        opts.log?.('error', `${e.message}; the store is reopened in a new worker thread`);
        thread = start(reopen);
        thread.ready.catch((failed: Error) => {
          stopped = new Error(`the store's worker thread could not reopen the database (${failed.message}); nothing can be stored until the hub restarts`);
          opts.log?.('error', stopped.message);
        });
      };
      worker.on('error', (e) => lost(new Error(`the store's worker thread failed: ${e.message}`)));
      worker.on('exit', (code) => lost(new Error(`the store's worker thread exited (code ${code})`)));
    });
    return t;
  }

  let thread = start(init);
  const opened = await thread.ready;
  const currentAuditKey = opts.keys.auditKeys?.[0] ?? (opened.auditKeyFile ? parseKeys(readFileSync(opened.auditKeyFile, 'utf8'), 'the audit key')[0]! : null);
  // A thread started after this one died opens the same file: sealed already, with the key it made.
  reopen = { ...init, seal: false, keys: { ...init.keys, auditKeys: init.keys.auditKeys ?? (currentAuditKey && [currentAuditKey]) } };

  async function ask(r: Sent): Promise<unknown> {
    let t = thread;
    while (!t.isReady || t.gone) {
      if (stopped) throw stopped;
      if (t.gone && thread === t) throw new Error('store is closed');
      await t.ready;
      t = thread;
    }
    if (stopped) throw stopped;
    const id = nextId++;
    return new Promise((resolve, reject) => {
      // Referenced while an answer is awaited: a script's last write must not be cut off.
      if (t.pending.size === 0) t.worker.ref();
      t.pending.set(id, { resolve, reject });
      // One message per turn of the event loop, not per call: at 2,000 msg/s each message's
      // post and wake-up cost the hub's thread more than the call itself. The worker answers the
      // batch in one message too, in order.
      if (t.outbox.push({ ...r, id } as Request) === 1) setImmediate(() => send(t));
    });
  }

  function send(t: Thread): void {
    const batch = t.outbox;
    t.outbox = [];
    // A thread gone meanwhile has rejected these calls already (their callers resend).
    if (!t.gone) t.worker.postMessage(batch);
  }

  const pure: Record<string, Record<string, unknown>> = {
    audit: {
      keyId: opened.auditKeyId,
      digest(text: string): string {
        if (!currentAuditKey) throw new Error('a digest needs the audit key');
        return auditDigest(auditKey(currentAuditKey), text);
      },
    },
  };
  const modules = standInModules(pure, (module, method, args) => ask({ op: 'call', module, method, args }));

  function writeCalls<T>(fn: (tx: StoreModules) => Promise<T>): Promise<T> {
    const recorded = recordCalls(fn, pure);
    return recorded.settle(ask({ op: 'write', calls: recorded.calls }) as Promise<unknown[]>);
  }

  const batcher = new WriteBatcher(null, 1000, (step: TxStep) => ask({ op: 'step', step }) as Promise<void>);
  return {
    backend: 'sqlite',
    inThread: false,
    ...modules,
    sealed: opened.sealed,
    write: (fn) => batcher.submitAsync(() => fn(modules)),
    writeCalls: (fn) => writeCalls(fn),
    async checkpoint() {
      return (await ask({ op: 'checkpoint' })) as boolean;
    },
    thread: () => thread.worker,
    close() {
      closing ??= (async () => {
        await batcher.settle();
        batcher.close();
        if (!stopped) await ask({ op: 'close' });
        stopped = new Error('store is closed');
        await thread.worker.terminate();
      })();
      return closing;
    },
  };
}
