// The search index's backlog (migration 0012): a stored message waits in messages_fts_pending
// until it is indexed here, in one large batch rather than one commit at a time. FTS5 writes a new
// index segment per transaction and merges segments as they pile up, so indexing a few hundred
// messages at once costs a fraction of indexing them in the small group commits of live chat.
import type { Db } from './db';
import { wordCounter } from './searchWords';

export interface SearchIndex {
  /**
   * Indexes up to `limit` pending messages, oldest first, inside the caller's transaction or in
   * its own; returns how many. Search calls it with no limit first, so it finds every stored message.
   */
  indexPending(limit?: number): number;
  /** How many stored messages are not in the index yet. */
  pending(): number;
  /** Whether any stored message waits for the index (one index step, not a count of them all). */
  waiting(): boolean;
}

export function searchIndex(db: Db): SearchIndex {
  const countWords = wordCounter(db);
  const q = {
    // The id of the limit-th waiting message (LIMIT -1: all of them), or null when none waits.
    upto: db.prepare('SELECT MAX(id) FROM (SELECT id FROM messages_fts_pending ORDER BY id LIMIT ?)').pluck(),
    // CROSS JOIN keeps the backlog as the outer loop: with a plain JOIN SQLite walked every message
    // below the bound (the whole table) and looked each up in the backlog.
    index: db.prepare('INSERT INTO messages_fts (rowid, body) SELECT m.id, m.body FROM messages_fts_pending p CROSS JOIN messages m ON m.id = p.id WHERE p.id <= ?'),
    bodies: db.prepare('SELECT m.body FROM messages_fts_pending p CROSS JOIN messages m ON m.id = p.id WHERE p.id <= ?').pluck(),
    done: db.prepare('DELETE FROM messages_fts_pending WHERE id <= ?'),
    count: db.prepare('SELECT COUNT(*) FROM messages_fts_pending').pluck(),
  };
  // Indexes what waits up to `upto` now: rows another connection indexed meanwhile have left the
  // backlog, and the triggers keep it exact, so the bound read before the transaction is safe.
  const run = db.transaction((upto: number): number => {
    q.index.run(upto);
    // The word counts bm25 and prefixes read (./searchWords.ts), for what this step indexes.
    countWords(q.bodies.all(upto) as string[]);
    return q.done.run(upto).changes;
  });
  return {
    indexPending(limit = Infinity) {
      // A read-only connection (a tool reading a copy) searches what is indexed already.
      if (db.readonly) return 0;
      // Read first: a search with nothing waiting (the usual case) takes no write lock.
      const upto = q.upto.get(Number.isFinite(limit) ? Math.max(1, limit) : -1) as number | null;
      return upto === null ? 0 : run.immediate(upto);
    },
    pending: () => q.count.get() as number,
    waiting: () => q.upto.get(1) !== null,
  };
}
