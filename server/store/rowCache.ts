// In-memory copies of rows the hub reads on every event (a widget session behind each customer
// event, a conversation's access facts behind each send), kept coherent with the database:
//  - a change made on this connection drops the copies it touches at once, through temporary
//    triggers (this connection only, so no migration) that call back into JS inside the write;
//  - a change committed by another process (a CLI tool run beside the hub) is seen through
//    `PRAGMA data_version`, checked once per event-loop turn, and drops every copy;
//  - nothing is copied while a transaction is open, so a rolled-back write never leaves a copy of
//    what it wrote.
// Reading a row costs ~5-10 µs of SQLite per statement (a read transaction each); a copy costs a
// Map lookup.
import type { Db } from './db';

const CHANGED_FN = 'caredesk_row_changed';

// Enough for every connected customer's session and every open chat of a busy desk; past it the
// oldest copy goes (the next read of it costs one statement).
const MAX_ROWS = 50_000;

export interface Watch {
  table: string;
  /** Only changes to these columns matter (UPDATE OF …); all columns when absent. */
  columns?: string[];
  /** The column whose old value names the copy to drop; every copy is dropped when absent. */
  key?: string;
}

interface Registered<T> {
  name: string;
  rows: Map<string, T>;
}

export interface RowCaches {
  /** A cache of rows by key, dropped when any of `watches` changes. */
  cache<T>(name: string, watches: Watch[]): RowCache<T>;
  /** Drops every copy (after an external change, or when in doubt). */
  clear(): void;
}

export interface RowCache<T> {
  /** The copy of `key`, or what `load` reads (copied when it exists and no transaction is open). */
  get(key: string, load: () => T | undefined): T | undefined;
}

// The callback is registered per connection; a second set would silently take it from the first.
const connections = new WeakSet<Db>();

export function rowCaches(db: Db): RowCaches {
  if (connections.has(db)) throw new Error('this connection already has its row caches');
  connections.add(db);
  const caches = new Map<string, Registered<unknown>>();
  const dataVersion = db.prepare('PRAGMA data_version').pluck();
  let version = dataVersion.get() as number;
  let checkedThisTurn = false;

  db.function(CHANGED_FN, { varargs: true }, (name: unknown, key?: unknown) => {
    const c = caches.get(String(name));
    if (c) {
      if (key === undefined || key === null) c.rows.clear();
      else c.rows.delete(String(key));
    }
    return null;
  });

  function clear(): void {
    for (const c of caches.values()) c.rows.clear();
  }

  function checkExternal(): void {
    if (checkedThisTurn) return;
    checkedThisTurn = true;
    setImmediate(() => {
      checkedThisTurn = false;
    });
    const now = dataVersion.get() as number;
    if (now !== version) {
      version = now;
      clear();
    }
  }

  return {
    clear,
    cache<T>(name: string, watches: Watch[]): RowCache<T> {
      if (caches.has(name)) throw new Error(`row cache ${name} exists`);
      const c: Registered<T> = { name, rows: new Map() };
      caches.set(name, c as Registered<unknown>);
      watches.forEach((w, i) => {
        const args = w.key ? `'${name}', old.${w.key}` : `'${name}'`;
        const of = w.columns ? ` OF ${w.columns.join(', ')}` : '';
        db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS rowcache_${name}_${i}_u AFTER UPDATE${of} ON main.${w.table} BEGIN SELECT ${CHANGED_FN}(${args}); END`);
        db.exec(`CREATE TEMP TRIGGER IF NOT EXISTS rowcache_${name}_${i}_d AFTER DELETE ON main.${w.table} BEGIN SELECT ${CHANGED_FN}(${args}); END`);
      });
      return {
        get(key, load) {
          if (db.inTransaction) return load();
          checkExternal();
          const hit = c.rows.get(key);
          if (hit !== undefined) return hit;
          const row = load();
          if (row !== undefined) {
            if (c.rows.size >= MAX_ROWS) c.rows.delete(c.rows.keys().next().value as string);
            c.rows.set(key, row);
          }
          return row;
        },
      };
    },
  };
}
