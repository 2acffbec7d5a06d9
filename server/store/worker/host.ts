// The store's worker thread (issue 11): the hub's SQLite connection lives here, so its SQL, its
// group commits' fsyncs and the retention purge's deletes never run on the hub's event loop.
// The hub's thread (../workerStore.ts) sends module calls and the steps of each batch's
// transaction; this side runs them on the one connection, in the order they arrive, exactly as
// the store would in the hub's thread (../index.ts). The row caches (../rowCache.ts) live here
// with the connection they watch, so what a send reads (the chat's access facts, the widget
// session) is still a Map lookup, now in this thread.
import { parentPort, workerData } from 'node:worker_threads';
import { openStore, type Store } from '../index';
import type { TxStep } from '../writeBatcher';
import { sendError, type Call, type Reply, type Request, type WorkerInit } from './protocol';

const port = parentPort!;
const init = workerData as WorkerInit;
const post = (r: Reply) => port.postMessage(r);

const buffer = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

let store: Store;

/** Released when the hub's batch under way commits or rolls back: until then this thread's own writes wait. */
let ownWritesHeld: (() => void) | null = null;
try {
  store = openStore(init.dataDir, {
    keys: {
      ...init.keys,
      databaseKey: init.keys.databaseKey && buffer(init.keys.databaseKey),
      auditKeys: init.keys.auditKeys && init.keys.auditKeys.map(buffer),
    },
    seal: init.seal,
    clock: { now: () => new Date(init.sealAt) },
    // A WAL restart holds this thread's write batcher: its own group commits (writeCalls) wait, and
    // so does the BEGIN of a batch of the hub's thread (below).
    walCheckpoints: init.walCheckpoints ?? undefined,
    searchIndexing: init.searchIndexing ?? undefined,
    cacheMiB: init.cacheMiB ?? undefined,
    log: (level, msg, extra) => post({ kind: 'log', level, msg, extra }),
  });
} catch (e) {
  post({ kind: 'failed', error: sendError(e) });
  process.exit(0);
}
post({ kind: 'ready', sealed: store.sealed, auditKeyId: store.audit.keyId, auditKeyFile: init.keys.auditKeys ? null : init.keys.defaultAuditKeyFile });

// The write lock is taken at once: a deferred transaction that reads first and then writes fails
// at once ('database is locked', no waiting) if another connection (a CLI tool) wrote in between.
// Waiting for the lock blocks this thread, not the hub's.
const begin = (): void => {
  store.db.exec('BEGIN IMMEDIATE');
};

function step(s: TxStep): void | Promise<void> {
  if (s === 'BEGIN') {
    const held = store.writeBatcher.unheld();
    return held ? held.then(beginHubBatch) : beginHubBatch();
  }
  if (s !== 'ROLLBACK' || store.db.inTransaction) store.db.exec(s);
  if (s === 'COMMIT' || s === 'ROLLBACK') {
    ownWritesHeld?.();
    ownWritesHeld = null;
  }
}

function beginHubBatch(): void {
  begin();
  // This thread's own group commit (writeCalls) must not run inside the hub's open transaction:
  // its writes would be acknowledged before that transaction commits.
  ownWritesHeld = store.writeBatcher.hold();
}

/** The calls of one StoreApi.writeCalls, in this thread's group commit: one fsync for all of a turn's. */
function writeCalls(calls: Call[]): Promise<unknown[]> {
  return store.write(() => calls.map((c) => call(c.module, c.method, c.args)));
}

function call(module: string, method: string, args: unknown[]): unknown {
  const mod = (store as unknown as Record<string, Record<string, unknown> | undefined>)[module];
  const fn = mod?.[method];
  if (typeof fn !== 'function') throw new Error(`the store has no ${module}.${method}`);
  return (fn as (...a: unknown[]) => unknown).apply(mod, args);
}

/** What the request returns, or a promise where it must wait (a BEGIN behind a checkpoint, a checkpoint). */
function handle(r: Request): unknown {
  switch (r.op) {
    case 'call':
      return call(r.module, r.method, r.args);
    case 'step':
      return step(r.step);
    case 'write':
      return writeCalls(r.calls);
    case 'checkpoint':
      return store.checkpoint();
    case 'close':
      store.close();
      return null;
  }
}

/**
 * Answers that come later (a group commit's writes, a checkpoint) wait for the end of this turn and
 * go back in one message: a commit resolves every write in it at once, and a message each would
 * cost both threads a post and a wake-up per chat message.
 */
let later: Reply[] = [];
function answerLater(r: Reply): void {
  if (later.push(r) > 1) return;
  setImmediate(() => {
    const answers = later;
    later = [];
    port.postMessage(answers);
  });
}

port.on('message', (batch: Request[]) => {
  // Requests run in the order sent; what answers at once is answered in one message.
  const answers: Reply[] = [];
  for (const r of batch) {
    try {
      const value = handle(r);
      if (value instanceof Promise) {
        value.then(
          (v: unknown) => answerLater({ kind: 'result', id: r.id, value: v }),
          (e: unknown) => answerLater({ kind: 'error', id: r.id, error: sendError(e) }),
        );
      } else answers.push({ kind: 'result', id: r.id, value });
    } catch (e) {
      answers.push({ kind: 'error', id: r.id, error: sendError(e) });
    }
  }
  if (answers.length) port.postMessage(answers);
  if (batch.some((r) => r.op === 'close')) port.close();
});
