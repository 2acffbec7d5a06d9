// The store: the one door to the database. Reads are synchronous; writes that must be durable
// before an ack go through `write`, which batches them into group commits.
import { conversationsStore } from './conversations';
import { openDb, type Db } from './db';
import { usersStore } from './users';
import { WriteBatcher } from './writeBatcher';

export interface Store {
  db: Db;
  users: ReturnType<typeof usersStore>;
  conversations: ReturnType<typeof conversationsStore>;
  /** Runs `fn` inside a group-committed transaction; resolves once it is on disk. */
  write<T>(fn: () => T): Promise<T>;
  close(): void;
}

export function openStore(dataDir: string): Store {
  const db = openDb(dataDir);
  const batcher = new WriteBatcher(db);
  return {
    db,
    users: usersStore(db),
    conversations: conversationsStore(db),
    write: (fn) => batcher.submit(fn),
    close() {
      batcher.close();
      db.close();
    },
  };
}
