// The only module that opens the database. WAL with synchronous=FULL: a commit is on disk when
// it returns, and the write batcher makes one commit (one fsync) serve many messages.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS, type Migration } from './migrations/index';

export type Db = Database.Database;

export const DB_FILE = 'caredesk.sqlite';

export function openDb(dataDir: string, migrations: Migration[] = MIGRATIONS): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, DB_FILE));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Freed pages are zeroed, so a purged transcript's text does not linger in the file (POLICY §3).
  db.pragma('secure_delete = ON');
  migrate(db, migrations);
  return db;
}

export function migrate(db: Db, migrations: Migration[]): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  // Numbers are handed out per change before the changes merge, so a build may have gaps; it must
  // never have two of one number.
  sorted.forEach((m, i) => {
    if (i > 0 && m.version === sorted[i - 1]!.version) throw new Error(`migrations ${sorted[i - 1]!.name} and ${m.name} share version ${m.version}`);
  });
  const known = sorted.at(-1)?.version ?? 0;
  if (current > known) {
    throw new Error(`the data folder was written by a newer caredesk (schema ${current}, this build knows ${known})`);
  }
  for (const m of sorted.filter((x) => x.version > current)) {
    db.transaction(() => {
      db.exec(m.up);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return db.pragma('user_version', { simple: true }) as number;
}
