// The only module that opens the database. WAL with synchronous=FULL: a commit is on disk when
// it returns, and the write batcher makes one commit (one fsync) serve many messages.
//
// Encrypted at rest (issue 12): SQLCipher (v4 format) through better-sqlite3-multiple-ciphers, a
// drop-in build of better-sqlite3, with a raw 256-bit key (no passphrase stretching: the key is
// random). The key lives outside the database (server/keys.ts). Without encryption
// (settings.databaseEncryption false) the file is plain SQLite, as before.
import type BetterSqlite3 from 'better-sqlite3';
import Database from 'better-sqlite3-multiple-ciphers';
import { closeSync, existsSync, mkdirSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS, type Migration } from './migrations/index';
import { registerSearchWords } from './searchWords';

export type Db = BetterSqlite3.Database;

export const DB_FILE = 'caredesk.sqlite';

export interface DbOptions {
  /** The SQLCipher key (32 bytes), or null/undefined for a plain file. */
  key?: Buffer | null;
  readonly?: boolean;
}

const PLAIN_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** Whether the file is plain SQLite (readable by anyone who can read the file); null when it does not exist or is empty. */
export function isPlainDatabase(file: string): boolean | null {
  if (!existsSync(file) || statSync(file).size === 0) return null;
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    readSync(fd, head, 0, 16, 0);
    return head.equals(PLAIN_HEADER);
  } finally {
    closeSync(fd);
  }
}

/** The pragmas that set the SQLCipher key on a connection before its first read (also the checkpoint worker's). */
export function keyPragmas(key: Buffer, pragma: 'key' | 'rekey' = 'key'): string[] {
  return [`cipher='sqlcipher'`, 'legacy=4', `${pragma}="x'${key.toString('hex')}'"`];
}

function useKey(db: Db, key: Buffer, pragma: 'key' | 'rekey' = 'key'): void {
  for (const p of keyPragmas(key, pragma)) db.pragma(p);
}

/** Opens the database file with `key` (and nothing else: no pragmas, no migrations); for tools and tests. */
export function openDbFile(file: string, opts: DbOptions = {}): Db {
  const db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false }) as unknown as Db;
  try {
    if (opts.key) useKey(db, opts.key);
    db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
    // The search index's triggers call it: a connection without it could not delete a message.
    registerSearchWords(db);
  } catch (e) {
    db.close();
    throw explainOpenFailure(file, opts.key ?? null, e as Error);
  }
  return db;
}

function explainOpenFailure(file: string, key: Buffer | null, e: Error): Error {
  if (!/not a database|encrypted/i.test(e.message)) return e;
  const plain = isPlainDatabase(file);
  // An encrypted database is whole pages (512 bytes or a multiple): anything else is no database at
  // all, whatever the key, and saying "wrong key" would send the operator after the wrong thing.
  if (!plain && existsSync(file) && statSync(file).size % 512 !== 0) {
    return new Error(`${file} is not a caredesk database (neither SQLite nor an encrypted one): restore the data folder from a backup (docs/OPERATIONS.md, "Backups").`);
  }
  if (key && plain) {
    return new Error(
      `The database ${file} is not encrypted, but settings.databaseEncryption is on. Back it up, then run \`caredesk store encrypt --data DIR\`; ` +
        'or, if the data folder sits on an encrypted volume, set settings.databaseEncryption to false (docs/SECURITY.md).',
    );
  }
  if (!key) {
    return new Error(
      `The database ${file} is encrypted and no database key was given: set CAREDESK_DB_KEY or settings.databaseKeyFile, ` +
        'or restore the key file in the key folder beside the data folder (docs/OPERATIONS.md, "Secrets and keys").',
    );
  }
  return new Error(`The database key does not open ${file}: it is the wrong key for this data folder (docs/OPERATIONS.md, "Secrets and keys").`);
}

export function openDb(dataDir: string, migrations: Migration[] = MIGRATIONS, opts: DbOptions = {}): Db {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = openDbFile(join(dataDir, DB_FILE), { key: opts.key });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Freed pages are zeroed, so a purged transcript's text does not linger in the file (POLICY §3).
  db.pragma('secure_delete = ON');
  migrate(db, migrations);
  return db;
}

/**
 * Changes the database's encryption in place: plain → encrypted (`from` null), encrypted → plain
 * (`to` null), or one key to another. Run with the hub stopped; back the folder up first.
 */
export function rekeyDatabase(dataDir: string, from: Buffer | null, to: Buffer | null): void {
  const file = join(dataDir, DB_FILE);
  const db = openDbFile(file, { key: from });
  try {
    // Rekeying is not possible in WAL mode: fold the WAL in and leave it for the moment.
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma('journal_mode = DELETE');
    if (to) useKey(db, to, 'rekey');
    else {
      db.pragma(`cipher='sqlcipher'`);
      db.pragma(`rekey=''`);
    }
  } finally {
    db.close();
  }
  for (const f of [`${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
  const check = openDbFile(file, { key: to });
  try {
    check.pragma('journal_mode = WAL');
  } finally {
    check.close();
  }
}

export function migrate(db: Db, migrations: Migration[]): number {
  // Migration 13's backfill and its triggers call it (a connection from openDbFile has it already).
  registerSearchWords(db);
  const current = db.pragma('user_version', { simple: true }) as number;
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  // Numbers are handed out ahead of time to work done in parallel, so a build may lack some of
  // them for a while: versions must be unique and increasing, not contiguous.
  sorted.forEach((m, i) => {
    if (m.version < 1 || (i > 0 && m.version === sorted[i - 1]!.version)) throw new Error(`migration ${m.name} has version ${m.version}, which is taken or not positive`);
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
