// Group commit: writes submitted in the same tick run in one transaction, so one fsync covers
// them all. Each write runs in its own savepoint, so one failing write rejects alone.
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

  constructor(
    private readonly db: Db,
    private readonly maxBatch = 1000,
  ) {}

  /** Resolves after the transaction holding `fn` has committed. */
  submit<T>(fn: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error('store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Runs everything queued now (also used on close). */
  flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      const results: { ok: boolean; value: unknown }[] = [];
      try {
        this.db.transaction(() => {
          for (const job of batch) {
            try {
              results.push({ ok: true, value: this.db.transaction(job.fn)() });
            } catch (e) {
              results.push({ ok: false, value: e });
            }
          }
        })();
      } catch (e) {
        // The commit itself failed: nothing in this batch is stored, so nobody gets an ack.
        for (const job of batch) job.reject(e);
        continue;
      }
      batch.forEach((job, i) => {
        const r = results[i]!;
        if (r.ok) job.resolve(r.value);
        else job.reject(r.value);
      });
    }
  }

  close(): void {
    this.flush();
    this.closed = true;
  }
}
