// Group commit: writes submitted in the same tick run in one transaction (which takes the write
// lock at once: see localSteps), so one fsync covers them all. A failing write rejects alone: the
// batch is then rerun with a savepoint per write.
// A write may be asynchronous (the store's async interface, ./api.ts): a batch holding one runs
// between a BEGIN and a COMMIT of its own, awaiting each write in turn; the next batch waits.
// The same batcher drives the store in its worker thread from the hub's thread (./worker/): there
// every write is asynchronous and each transaction step is a message to the worker.
import type { Db } from './db';

/** A step of an asynchronous batch's transaction (the savepoint is always named `job`). */
export type TxStep = 'BEGIN' | 'COMMIT' | 'ROLLBACK' | 'SAVEPOINT job' | 'RELEASE job' | 'ROLLBACK TO job';

/** Runs transaction steps on a connection; ROLLBACK only when a transaction is open. */
export type TxSteps = (step: TxStep) => void | Promise<void>;

/**
 * Steps on a connection in this thread. Every batch takes the write lock when it begins: a deferred
 * transaction that has read and then writes fails at once ('database is locked', no waiting) when
 * another connection (a CLI tool beside the hub) wrote in between.
 */
export function localSteps(db: Db): TxSteps {
  return (step) => {
    if (step === 'ROLLBACK' && !db.inTransaction) return;
    db.exec(step === 'BEGIN' ? 'BEGIN IMMEDIATE' : step);
  };
}

interface Job {
  fn: () => unknown;
  /** fn returns a promise: the batch cannot run inside better-sqlite3's synchronous transaction. */
  async: boolean;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

type Outcome = { ok: boolean; value: unknown };

export class WriteBatcher {
  private queue: Job[] = [];
  private scheduled = false;
  private closed = false;
  private holds = 0;
  private unheldWaiters: (() => void)[] = [];
  /** The asynchronous batch in progress; nothing else commits until it has. */
  private running: Promise<void> | null = null;

  private readonly steps: TxSteps;

  /**
   * `db`: the connection for synchronous writes (null where there are none: the worker's client);
   * `steps`: how an asynchronous batch's transaction is run (default: on `db`).
   */
  constructor(
    private readonly db: Db | null,
    private readonly maxBatch = 1000,
    steps?: TxSteps,
  ) {
    if (!db && !steps) throw new Error('a write batcher needs a connection or transaction steps');
    this.steps = steps ?? localSteps(db!);
  }

  /** Resolves after the transaction holding `fn` has committed. */
  submit<T>(fn: () => T): Promise<T> {
    if (!this.db) return Promise.reject(new Error('this store takes only asynchronous writes'));
    return this.enqueue(fn, false);
  }

  /** Like submit, for a write that awaits (only calls on the same store, never the network). */
  submitAsync<T>(fn: () => Promise<T>): Promise<T> {
    return this.enqueue(fn, true);
  }

  private enqueue<T>(fn: () => unknown, async: boolean): Promise<T> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, async, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.running || this.holds > 0 || this.queue.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.holds === 0) this.flush();
    });
  }

  /**
   * Keeps the next batch from committing until the function returned is called (a WAL restart
   * runs between two batches, server/store/walCheckpointer.ts). Writes submitted meanwhile queue;
   * close() still commits them.
   */
  hold(): () => void {
    this.holds += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds -= 1;
      if (this.holds === 0) for (const go of this.unheldWaiters.splice(0)) go();
      this.schedule();
    };
  }

  /** Nothing, when no hold is on; else a promise of the moment the last is released. */
  unheld(): Promise<void> | void {
    if (this.holds > 0) return new Promise<void>((go) => this.unheldWaiters.push(go));
  }

  /**
   * Runs everything queued now (also used on close). A batch with an asynchronous write is only
   * started here; settle() waits for it.
   */
  flush(): void {
    while (this.queue.length > 0 && !this.running) {
      const batch = this.queue.splice(0, this.maxBatch);
      if (batch.some((job) => job.async)) {
        this.running = this.runAsync(batch).finally(() => {
          this.running = null;
          this.schedule();
        });
        return;
      }
      // Fast path: one plain transaction. A savepoint per write cost ~15% of the hub's CPU, and
      // writes almost never fail; when one does, the whole batch is rolled back and rerun below.
      const db = this.db!;
      let results: { ok: boolean; value: unknown }[];
      try {
        results = db.transaction(() => batch.map((job) => ({ ok: true, value: job.fn() }))).immediate();
      } catch {
        try {
          results = this.runIsolated(db, batch);
        } catch (e) {
          // The commit itself failed: nothing in this batch is stored, so nobody gets an ack.
          for (const job of batch) job.reject(e);
          continue;
        }
      }
      batch.forEach((job, i) => {
        const r = results[i]!;
        if (r.ok) job.resolve(r.value);
        else job.reject(r.value);
      });
    }
  }

  /** Resolves when nothing is queued or running (before closing the database). */
  async settle(): Promise<void> {
    for (;;) {
      if (this.running) await this.running;
      else if (this.queue.length > 0) this.flush();
      else return;
    }
  }

  private async runAsync(batch: Job[]): Promise<void> {
    let results: Outcome[];
    try {
      results = await this.inTransaction(async () => {
        const out: Outcome[] = [];
        for (const job of batch) out.push({ ok: true, value: await job.fn() });
        return out;
      });
    } catch {
      try {
        results = await this.inTransaction(async () => {
          const out: Outcome[] = [];
          for (const job of batch) out.push(await this.inSavepoint(job.fn));
          return out;
        });
      } catch (e) {
        for (const job of batch) job.reject(e);
        return;
      }
    }
    batch.forEach((job, i) => {
      const r = results[i]!;
      if (r.ok) job.resolve(r.value);
      else job.reject(r.value);
    });
  }

  private async inTransaction<T>(fn: () => Promise<T>): Promise<T> {
    await this.steps('BEGIN');
    try {
      const value = await fn();
      await this.steps('COMMIT');
      return value;
    } catch (e) {
      await this.steps('ROLLBACK');
      throw e;
    }
  }

  private async inSavepoint(fn: () => unknown): Promise<Outcome> {
    await this.steps('SAVEPOINT job');
    try {
      const value = await fn();
      await this.steps('RELEASE job');
      return { ok: true, value };
    } catch (e) {
      await this.steps('ROLLBACK TO job');
      await this.steps('RELEASE job');
      return { ok: false, value: e };
    }
  }

  /** Each write in its own savepoint, so one failing write rejects alone. */
  private runIsolated(db: Db, batch: Job[]): { ok: boolean; value: unknown }[] {
    return db
      .transaction(() =>
        batch.map((job) => {
          try {
            return { ok: true, value: db.transaction(job.fn)() };
          } catch (e) {
            return { ok: false, value: e };
          }
        }),
      )
      .immediate();
  }

  close(): void {
    this.flush();
    this.closed = true;
  }
}
