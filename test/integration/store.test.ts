import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE, migrate, openDb } from '../../server/store/db';
import { MIGRATIONS } from '../../server/store/migrations/index';

// The newest schema version (numbers are handed out ahead of time, so there may be gaps).
const LATEST = MIGRATIONS.at(-1)!.version;
import { WriteBatcher } from '../../server/store/writeBatcher';
import { tempDataDir } from '../helpers/hub';

// Migration numbers are handed out per change before the changes merge, so a build may have gaps:
// the schema version is the newest migration's number, not how many there are.

describe('store on a real SQLite file', () => {
  it('a fresh data folder gets every migration, WAL and full sync', () => {
    const dir = tempDataDir('store');
    const db = openDb(dir);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => (r as { name: string }).name);
    expect(tables).toEqual(expect.arrayContaining(['users', 'staff_sessions', 'customers', 'widget_sessions', 'conversations', 'messages']));
    db.close();
    expect(existsSync(join(dir, DB_FILE))).toBe(true);
  });

  it('reopening runs nothing twice and keeps the data', () => {
    const dir = tempDataDir('store');
    const db = openDb(dir);
    db.prepare("INSERT INTO customers (id, email, name, created_at) VALUES ('k_1', 'a@b.c', 'A', '2026-01-01T00:00:00Z')").run();
    db.close();
    const again = openDb(dir);
    expect(again.prepare('SELECT COUNT(*) AS n FROM customers').get()).toEqual({ n: 1 });
    again.close();
  });

  it('migrations apply one by one from an older schema', () => {
    const dir = tempDataDir('store');
    const db = new Database(join(dir, DB_FILE));
    expect(migrate(db, MIGRATIONS.slice(0, 1))).toBe(1);
    const extra = { version: LATEST + 1, name: 'test-extra', up: 'CREATE TABLE extra (x INTEGER);' };
    expect(migrate(db, [...MIGRATIONS, extra])).toBe(LATEST + 1);
    db.close();
  });

  it('a data folder written by a newer build is refused, not damaged', () => {
    const dir = tempDataDir('store');
    const db = new Database(join(dir, DB_FILE));
    db.pragma(`user_version = ${LATEST + 5}`);
    db.close();
    expect(() => openDb(dir)).toThrow(/newer caredesk/);
  });

  it('two migrations with one number are refused', () => {
    const db = new Database(join(tempDataDir('store'), DB_FILE));
    expect(() => migrate(db, [...MIGRATIONS, { ...MIGRATIONS[0]!, name: 'twin' }])).toThrow(/taken or not positive/);
    db.close();
  });

  it('a failing migration leaves the schema version where it was', () => {
    const dir = tempDataDir('store');
    const db = new Database(join(dir, DB_FILE));
    migrate(db, MIGRATIONS);
    const broken = { version: LATEST + 1, name: 'broken', up: 'CREATE TABLE ok1 (x); THIS IS NOT SQL;' };
    expect(() => migrate(db, [...MIGRATIONS, broken])).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'ok1'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('group commit: writes of one tick share a transaction; a failing write rejects alone', async () => {
    const db = openDb(tempDataDir('store'));
    db.exec('CREATE TABLE t (v TEXT UNIQUE)');
    let commits = 0;
    const original = db.transaction.bind(db);
    // Count outermost transactions: each is one commit (one fsync).
    (db as unknown as { transaction: typeof db.transaction }).transaction = ((fn: (...a: unknown[]) => unknown) => {
      const t = original(fn);
      const counted =
        (run: (...a: unknown[]) => unknown) =>
        (...a: unknown[]) => {
          if (!db.inTransaction) commits += 1;
          return run(...a);
        };
      // The batcher begins its transactions IMMEDIATE (the write lock at once): count every variant.
      return Object.assign(counted(t), { immediate: counted(t.immediate), deferred: counted(t.deferred), exclusive: counted(t.exclusive) }) as never;
    }) as never;
    const batcher = new WriteBatcher(db);
    const ins = db.prepare('INSERT INTO t (v) VALUES (?)');
    const clean = await Promise.allSettled(['a', 'b', 'c'].map((v) => batcher.submit(() => ins.run(v).changes)));
    expect(clean.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    expect(commits).toBe(1); // three writes, one transaction, one fsync

    commits = 0;
    const mixed = await Promise.allSettled(['d', 'a', 'e'].map((v) => batcher.submit(() => ins.run(v).changes)));
    expect(mixed.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(commits).toBe(2); // the plain attempt rolled back, then one rerun with a savepoint per write
    expect(db.prepare('SELECT v FROM t ORDER BY v').all()).toEqual([{ v: 'a' }, { v: 'b' }, { v: 'c' }, { v: 'd' }, { v: 'e' }]);
    batcher.close();
    db.close();
  });
});
