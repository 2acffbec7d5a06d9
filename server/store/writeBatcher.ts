// Group commit: writes submitted in the same tick run in one transaction, so one fsync covers
// them all. A failing write rejects alone: the batch is then rerun with a savepoint per write.
import type { Db } from './db';

interface Job {
  fn: () => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class WriteBatcher {
  private queue: Job[] = [];
  private scheduled = false;
  private closed = false;
  private holds = 0;

  constructor(
    private readonly db: Db,
    private readonly maxBatch = 1000,
  ) {}

  /** Resolves after the transaction holding `fn` has committed. */
  submit<T>(fn: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.holds > 0 || this.queue.length === 0) return;
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
      this.schedule();
    };
  }

  /** Runs everything queued now (also used on close). */
  flush(): void {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      // Fast path: one plain transaction. A savepoint per write cost ~15% of the hub's CPU, and
      // writes almost never fail; when one does, the whole batch is rolled back and rerun below.
      let results: { ok: boolean; value: unknown }[];
      try {
        results = this.db.transaction(() => batch.map((job) => ({ ok: true, value: job.fn() })))();
      } catch {
        try {
          results = this.runIsolated(batch);
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

  /** Each write in its own savepoint, so one failing write rejects alone. */
  private runIsolated(batch: Job[]): { ok: boolean; value: unknown }[] {
    return this.db.transaction(() =>
      batch.map((job) => {
        try {
          return { ok: true, value: this.db.transaction(job.fn)() };
        } catch (e) {
          return { ok: false, value: e };
        }
      }),
    )();
  }

  close(): void {
    this.flush();
    this.closed = true;
  }
}
