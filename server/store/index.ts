// The store: the one door to the database. Reads are synchronous; writes that must be durable
// before an ack go through `write`, which batches them into group commits.
import { systemClock, type Clock } from '../clock';
import { loadConfig } from '../config';
import { secureDataFolder } from '../dataDir';
import { newKeyText, storeKeys, toAuditKeys, writeKeyFile, type StoreKeys } from '../keys';
import { auditStore, KEYED_ACTION, type AuditRow } from './audit';
import { CASE_LINK_SQL, casesStore } from './cases';
import { conversationsStore } from './conversations';
import { DB_FILE, isPlainDatabase, keyPragmas, openDb, type Db } from './db';
import { emailCopiesStore } from './emailCopies';
import { identityStore } from './identity';
import { ordersStore } from './orders';
import { privacyStore } from './privacy';
import { reportsStore } from './reports';
import { routingStore } from './routing';
import { rowCaches } from './rowCache';
import { ticketsStore } from './tickets';
import { settingsStore } from './settings';
import { transcriptsStore } from './transcripts';
import { usersStore } from './users';
import { WalCheckpointer } from './walCheckpointer';
import { searchIndex, type SearchIndex } from './searchIndex';
import { backlogTimer, type BacklogLog } from './backlogTimer';
import { WriteBatcher } from './writeBatcher';
import { join } from 'node:path';

export interface Store {
  db: Db;
  /** The data folder the database lives in (attachments are stored beside it). */
  dataDir: string;
  users: ReturnType<typeof usersStore>;
  conversations: ReturnType<typeof conversationsStore>;
  transcripts: ReturnType<typeof transcriptsStore>;
  audit: ReturnType<typeof auditStore>;
  emailCopies: ReturnType<typeof emailCopiesStore>;
  orders: ReturnType<typeof ordersStore>;
  cases: ReturnType<typeof casesStore>;
  /** Routing, offline tickets, private notes, canned replies (issue 3). */
  routing: ReturnType<typeof routingStore>;
  /** Tickets and their threads: offline messages and email (issues 3 and 10). */
  tickets: ReturnType<typeof ticketsStore>;
  /** One-time codes, identity tokens used, order proofs (issue 12). */
  identity: ReturnType<typeof identityStore>;
  /** Privacy requests, opt-outs, and retention of everything beyond transcripts (issue 13). */
  privacy: ReturnType<typeof privacyStore>;
  /** Ratings and report facts (issue 9). */
  reports: ReturnType<typeof reportsStore>;
  /** The 'audit.keyed' row this open wrote (a new desk, the first key, a new key), or null. */
  sealed: AuditRow | null;
  /** Brand settings set in the console (issue 9). */
  settings: ReturnType<typeof settingsStore>;
  /** Runs `fn` inside a group-committed transaction; resolves once it is on disk. */
  write<T>(fn: () => T): Promise<T>;
  /** Like write, for a write that awaits (only this store's calls): the async interface's (./api.ts). */
  writeAsync<T>(fn: () => Promise<T>): Promise<T>;
  /** Resolves when every submitted write has committed or failed (before close()). */
  settle(): Promise<void>;
  /** The group commit behind write (the store's worker thread holds it while the hub's own batch is open). */
  writeBatcher: WriteBatcher;
  /**
   * Folds the WAL into the database file and truncates it, so pages a purge freed (and zeroed)
   * do not linger in the WAL. Resolves false when readers kept it from completing. With the
   * checkpoint worker (the hub), it runs there, between two group commits.
   */
  checkpoint(): Promise<boolean>;
  /** The checkpoint worker, when the store has one (StoreOptions.walCheckpoints). */
  walCheckpointer: WalCheckpointer | null;
  /** Messages stored but not yet in the search index (migration 0012). */
  searchIndex: SearchIndex;
  close(): void;
}

export interface StoreOptions {
  /** The keys; default: resolved for the folder from its config.json (server/keys.ts). */
  keys?: StoreKeys;
  /**
   * Start a keyed stretch of the audit log when it does not end in one under the current key
   * (default true). `audit verify` opens with false, so it reports a log whose keyed rows are gone
   * instead of sealing it afresh. A new database is always sealed.
   */
  seal?: boolean;
  clock?: Clock;
  /**
   * WAL checkpoints in a worker thread on a timer instead of inside commits (the hub: settings
   * walCheckpointIntervalMs, walRestartPages). Without it (the CLI), SQLite checkpoints itself.
   */
  walCheckpoints?: {
    intervalMs: number;
    restartPages: number;
    /** What holds the writes between two batches (default: this store's batcher; the worker thread's own gate). */
    holdWrites?: () => () => void;
  };
  /**
   * Stored messages indexed for search on a timer, in batches (the hub: settings
   * searchIndexIntervalMs, searchIndexBatch; ./searchIndex.ts). Without it (the CLI), what is
   * pending is indexed by the next search, or by the hub.
   */
  searchIndexing?: { intervalMs: number; batch: number };
  /** The connection's page cache in MiB (the hub: settings.storeCacheMiB); default SQLite's own. */
  cacheMiB?: number;
  /** Where a failed checkpoint worker or search indexing (and its recovery) is reported (the hub's log). */
  log?: BacklogLog;
}

export function openStore(dataDir: string, opts: StoreOptions = {}): Store {
  secureDataFolder(dataDir);
  const isNew = isPlainDatabase(join(dataDir, DB_FILE)) === null;
  const keys = opts.keys ?? storeKeys(dataDir, loadConfig(dataDir).settings);
  const db = openDb(dataDir, undefined, { key: keys.databaseKey });
  // Negative: a size in KiB rather than in pages.
  if (opts.cacheMiB) db.pragma(`cache_size = -${Math.round(opts.cacheMiB * 1024)}`);
  let auditKeys = keys.auditKeys;
  if (!auditKeys) {
    const keyed = db.prepare(`SELECT detail FROM audit_log WHERE action = '${KEYED_ACTION}' ORDER BY id DESC LIMIT 1`).get() as { detail: string } | undefined;
    if (keyed) {
      db.close();
      throw new Error(
        `The audit log is keyed (audit key ${String(JSON.parse(keyed.detail).keyId)}), but no audit key was found: set CAREDESK_AUDIT_KEY or settings.auditKeyFile, ` +
          `or restore ${keys.defaultAuditKeyFile} (docs/OPERATIONS.md, "Secrets and keys").`,
      );
    }
    const text = newKeyText();
    writeKeyFile(keys.defaultAuditKeyFile, text);
    auditKeys = [Buffer.from(text, 'hex')];
  }
  const audit = auditStore(db, toAuditKeys(auditKeys));
  let sealed: AuditRow | null = null;
  if (isNew || opts.seal !== false) {
    const at = (opts.clock ?? systemClock).now().toISOString();
    const hasRows = (db.prepare('SELECT COUNT(*) AS n FROM audit_log').get() as { n: number }).n > 0;
    const everKeyed = db.prepare(`SELECT 1 FROM audit_log WHERE action = '${KEYED_ACTION}' LIMIT 1`).get() !== undefined;
    sealed = db.transaction(() => audit.seal(at, isNew || !hasRows ? 'new desk' : everKeyed ? 'new key' : 'first key'))();
  }
  const batcher = new WriteBatcher(db);
  let walCheckpointer: WalCheckpointer | null = null;
  if (opts.walCheckpoints) {
    // Off before the worker starts: from here on no commit of this connection runs a checkpoint.
    db.pragma('wal_autocheckpoint = 0');
    // After a burst grew the WAL past the restart point, the restart also gives the disk space back.
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.pragma(`journal_size_limit = ${opts.walCheckpoints.restartPages * pageSize}`);
    walCheckpointer = new WalCheckpointer({
      file: join(dataDir, DB_FILE),
      keyPragmas: keys.databaseKey ? keyPragmas(keys.databaseKey) : [],
      intervalMs: opts.walCheckpoints.intervalMs,
      restartPages: opts.walCheckpoints.restartPages,
      holdWrites: opts.walCheckpoints.holdWrites ?? (() => batcher.hold()),
      onFailure(e) {
        // Durability never depended on the worker; the WAL's size does: let SQLite checkpoint again.
        db.pragma('wal_autocheckpoint = 1000');
        opts.log?.('warn', 'WAL checkpoint worker failed; SQLite checkpoints inside commits again', { error: e.message });
      },
    });
  }
  const checkpointHere = (): boolean => {
    batcher.flush();
    // TRUNCATE waits for readers through the busy handler; another process reading (a CLI
    // export) must not stall live chat for the whole busy timeout, so do not wait here.
    const busyTimeout = db.pragma('busy_timeout', { simple: true }) as number;
    db.pragma('busy_timeout = 0');
    try {
      const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      return r?.busy === 0;
    } finally {
      db.pragma(`busy_timeout = ${busyTimeout}`);
    }
  };
  // One set per connection: its temporary triggers call back into this one (rowCache.ts).
  const caches = rowCaches(db);
  const conversations = conversationsStore(db, caches);
  const index = searchIndex(db);
  const indexing = opts.searchIndexing;
  // In this connection's group commit, beside live writes, a batch at a time. A backlog (a burst of
  // chat, a restart) is worked off batch after batch, each in its own commit as soon as the one
  // before has committed, instead of one large batch per tick: writes arriving meanwhile then wait
  // for one small batch, not for thousands of messages.
  const indexTimer =
    indexing &&
    backlogTimer(() => (index.waiting() ? batcher.submit(() => index.indexPending(indexing.batch)) : null), { ...indexing, what: 'search indexing', log: opts.log });
  return {
    db,
    dataDir,
    users: usersStore(db, caches),
    conversations,
    transcripts: transcriptsStore(db, conversations, CASE_LINK_SQL, index),
    audit,
    sealed,
    emailCopies: emailCopiesStore(db),
    orders: ordersStore(db),
    cases: casesStore(db),
    routing: routingStore(db),
    tickets: ticketsStore(db),
    identity: identityStore(db),
    privacy: privacyStore(db),
    reports: reportsStore(db),
    settings: settingsStore(db),
    write: (fn) => batcher.submit(fn),
    writeAsync: (fn) => batcher.submitAsync(fn),
    settle: () => batcher.settle(),
    writeBatcher: batcher,
    walCheckpointer,
    searchIndex: index,
    async checkpoint() {
      if (!walCheckpointer) return checkpointHere();
      try {
        return (await walCheckpointer.run('TRUNCATE')).done;
      } catch {
        // The worker failed (and said so): the purge's promise is kept here instead.
        return checkpointHere();
      }
    },
    close() {
      // Stops the timer at once; a batch under way is in the batcher, which closes next.
      void indexTimer?.stop();
      batcher.close();
      // A desk closed cleanly leaves no backlog: a copy or a read-only tool searches everything.
      index.indexPending();
      walCheckpointer?.close();
      db.close();
    },
  };
}
