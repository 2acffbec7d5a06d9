// The store: the one door to the database. Reads are synchronous; writes that must be durable
// before an ack go through `write`, which batches them into group commits.
import { auditStore } from './audit';
import { CASE_LINK_SQL, casesStore } from './cases';
import { conversationsStore } from './conversations';
import { openDb, type Db } from './db';
import { emailCopiesStore } from './emailCopies';
import { ordersStore } from './orders';
import { routingStore } from './routing';
import { ticketsStore } from './tickets';
import { transcriptsStore } from './transcripts';
import { usersStore } from './users';
import { WriteBatcher } from './writeBatcher';

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
  /** Runs `fn` inside a group-committed transaction; resolves once it is on disk. */
  write<T>(fn: () => T): Promise<T>;
  /**
   * Folds the WAL into the database file and truncates it, so pages a purge freed (and zeroed)
   * do not linger in the WAL. Returns false when readers kept it from completing.
   */
  checkpoint(): boolean;
  close(): void;
}

export function openStore(dataDir: string): Store {
  const db = openDb(dataDir);
  const batcher = new WriteBatcher(db);
  const conversations = conversationsStore(db);
  return {
    db,
    dataDir,
    users: usersStore(db),
    conversations,
    transcripts: transcriptsStore(db, conversations, CASE_LINK_SQL),
    audit: auditStore(db),
    emailCopies: emailCopiesStore(db),
    orders: ordersStore(db),
    cases: casesStore(db),
    routing: routingStore(db),
    tickets: ticketsStore(db),
    write: (fn) => batcher.submit(fn),
    checkpoint() {
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
    },
    close() {
      batcher.close();
      db.close();
    },
  };
}
