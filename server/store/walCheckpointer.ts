// WAL checkpoints off the hub's event loop (issue 11). SQLite's automatic checkpoint runs inside
// the commit that crosses 1,000 WAL pages, on the thread that commits: copying those pages into
// the database file (decrypting and re-encrypting each) and its fsync stalled every socket for
// that long. The hub's connection turns it off; a worker thread with its own connection (same
// file, same key) checkpoints on a timer instead:
//  - PASSIVE every `intervalMs`, beside the hub's commits (SQLite lets one checkpointer and one
//    writer work at once; a PASSIVE never waits for either);
//  - when the WAL has grown past `restartPages`, a RESTART between two group commits: the write
//    batcher holds the next batch (its writes queue, nothing blocks) until the worker has folded
//    the last pages in, so the next commit starts the WAL from its beginning again. Without it a
//    hub that never stops writing would grow the WAL for ever: SQLite rewinds it only when a
//    commit finds every frame already copied;
//  - a TRUNCATE on demand (`store.checkpoint()`, after a purge), likewise between batches.
// The worker is plain JavaScript evaluated from a string, so it runs the same under tsx, vitest
// and the Electron bundle; it requires the driver by the path resolved here.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

export type CheckpointMode = 'PASSIVE' | 'RESTART' | 'TRUNCATE';

export interface CheckpointResult {
  /** Whether it completed (false: a reader or writer kept it from finishing; try again later). */
  done: boolean;
  /** Frames in the WAL, and how many of them are in the database file, as SQLite reports them. */
  log: number;
  checkpointed: number;
  ms: number;
}

export interface WalCheckpointerOptions {
  file: string;
  /** The pragmas that open the file (db.ts keyPragmas), or none for a plain file. */
  keyPragmas: string[];
  intervalMs: number;
  restartPages: number;
  /** Holds the write batcher between two batches; the function returned releases it. */
  holdWrites(): () => void;
  /** The worker failed: the caller turns SQLite's own checkpoints back on. */
  onFailure(e: Error): void;
}

const MODES: readonly CheckpointMode[] = ['PASSIVE', 'RESTART', 'TRUNCATE'];
// How long close() waits for the worker to close its connection (a checkpoint may be running).
const CLOSE_WAIT_MS = 10_000;
// The longest the hub's writes are held for a RESTART or TRUNCATE (they take milliseconds): past it
// the writes go ahead, and a commit that meets the checkpoint's lock waits in SQLite's busy
// handler instead, as it did when checkpoints ran inside commits.
const HOLD_MAX_MS = 2_000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const closed = new Int32Array(workerData.closed);
const db = new Database(workerData.file, { fileMustExist: true });
for (const p of workerData.keyPragmas) db.pragma(p);
// Never wait for a reader or the writer: the hub holds its writes only for as long as this runs.
db.pragma('busy_timeout = 0');
db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
parentPort.postMessage({ ready: true });
parentPort.on('message', (m) => {
  if (m.close) {
    try { db.close(); } finally { Atomics.store(closed, 0, 1); Atomics.notify(closed, 0); parentPort.close(); }
    return;
  }
  const t0 = performance.now();
  try {
    if (!${JSON.stringify(MODES)}.includes(m.mode)) throw new Error('unknown checkpoint mode ' + String(m.mode));
    const [r] = db.pragma('wal_checkpoint(' + m.mode + ')');
    parentPort.postMessage({ id: m.id, busy: r.busy, log: r.log, checkpointed: r.checkpointed, ms: performance.now() - t0 });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: String((e && e.message) || e) });
  }
});
`;

interface Reply {
  id?: number;
  ready?: boolean;
  busy?: number;
  log?: number;
  checkpointed?: number;
  ms?: number;
  error?: string;
}

export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly closedFlag = new SharedArrayBuffer(4);
  private readonly pending = new Map<number, { resolve: (r: CheckpointResult) => void; reject: (e: Error) => void }>();
  private readonly timer: NodeJS.Timeout;
  private nextId = 1;
  private ticking = false;
  private failed: Error | null = null;
  private closed = false;
  /** The last checkpoint's figures (for the bench and tests). */
  last: (CheckpointResult & { mode: CheckpointMode }) | null = null;

  constructor(private readonly o: WalCheckpointerOptions) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3-multiple-ciphers');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file: o.file, keyPragmas: o.keyPragmas, closed: this.closedFlag } });
    this.worker.unref();
    this.worker.on('message', (r: Reply) => this.reply(r));
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => {
      if (!this.closed) this.fail(new Error(`the checkpoint worker exited (code ${code})`));
    });
    this.timer = setInterval(() => void this.tick(), o.intervalMs);
    this.timer.unref();
  }

  /** A checkpoint in the worker; RESTART and TRUNCATE run between two group commits. */
  async run(mode: CheckpointMode): Promise<CheckpointResult> {
    if (mode === 'PASSIVE') return this.ask(mode);
    const release = this.o.holdWrites();
    const overdue = setTimeout(release, HOLD_MAX_MS);
    try {
      return await this.ask(mode);
    } finally {
      clearTimeout(overdue);
      release();
    }
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.failed || this.closed) return;
    this.ticking = true;
    try {
      const r = await this.ask('PASSIVE');
      if (r.log >= this.o.restartPages) await this.run('RESTART');
    } catch {
      // fail() has switched SQLite's own checkpoints back on; nothing else to do here.
    } finally {
      this.ticking = false;
    }
  }

  private ask(mode: CheckpointMode): Promise<CheckpointResult> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.closed) return Promise.reject(new Error('store is closed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, {
        resolve: (r) => {
          this.last = { ...r, mode };
          resolve(r);
        },
        reject,
      });
      this.worker.postMessage({ id, mode });
    });
  }

  private reply(r: Reply): void {
    if (r.ready || r.id === undefined) return;
    const p = this.pending.get(r.id);
    if (!p) return;
    this.pending.delete(r.id);
    if (r.error !== undefined) p.reject(new Error(`WAL checkpoint failed: ${r.error}`));
    else p.resolve({ done: r.busy === 0, log: r.log ?? 0, checkpointed: r.checkpointed ?? 0, ms: r.ms ?? 0 });
  }

  private fail(e: Error): void {
    if (this.failed || this.closed) return;
    this.failed = e;
    clearInterval(this.timer);
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    this.o.onFailure(e);
  }

  /** Closes the worker's connection (waiting for a checkpoint under way), then the worker. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    if (!this.failed) {
      this.worker.postMessage({ close: true });
      Atomics.wait(new Int32Array(this.closedFlag), 0, 0, CLOSE_WAIT_MS);
    }
    for (const p of this.pending.values()) p.reject(new Error('store is closed'));
    this.pending.clear();
    void this.worker.terminate();
  }
}
