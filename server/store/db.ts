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
  // Numbers are assigned ahead to work under way in parallel, so a build may lack some between
  // two it has; each number is used once and they only go up.
  sorted.forEach((m, i) => {
    if (m.version < 1 || (i > 0 && m.version === sorted[i - 1]!.version)) throw new Error(`migration ${m.name} has version ${m.version}, used twice or below 1`);
  });
  const known = sorted.at(-1)?.version ?? 0;
  if (current > known) {
    throw new Error(`the data folder was written by a newer caredesk (schema ${current}, this build knows ${known})`);
  }
  for (const m of sorted.filter((x) => x.version > current)) {
    // A migration that rebuilds a table others point at runs with foreign keys off (SQLite cannot
    // change that inside a transaction), and is checked before it commits: the documented way.
    const fkWereOn = m.rebuildsTables && (db.pragma('foreign_keys', { simple: true }) as number) === 1;
    if (fkWereOn) db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        db.exec(m.up);
        if (m.rebuildsTables) {
          const broken = db.pragma('foreign_key_check') as unknown[];
          if (broken.length) throw new Error(`migration ${m.name} would break ${broken.length} foreign keys`);
        }
        db.pragma(`user_version = ${m.version}`);
      })();
    } finally {
      if (fkWereOn) db.pragma('foreign_keys = ON');
    }
  }
  return db.pragma('user_version', { simple: true }) as number;
}
