// The search's word counts kept up with the messages (migration 10): a hub's append leaves its
// message's words to be counted later, many messages in one statement.
import { backlogTimer, type BacklogLog } from '../backlogTimer';
import { one, retried, type PgQueryable } from './query';

/**
 * Counts up to `max` messages whose words wait (null: all of them), oldest first, and returns how
 * many. `wait` false skips the ones another hub's catch-up holds (the timer: hubs share the work);
 * true waits for that catch-up to commit (a search, which must rank with every message counted).
 */
export async function catchUpWordCounts(q: PgQueryable, max: number | null, wait: boolean): Promise<number> {
  // Retried like a write: a search's catch-up can meet an erasure in a deadlock (migration 10).
  return retried(async () => (await one<{ n: number }>(q, 'SELECT message_word_counts_catch_up($1, $2) AS n', [max, wait]))!.n);
}

/**
 * Counts what waits every `intervalMs`, `batch` messages per statement (../backlogTimer.ts: hubs
 * share the backlog, a failing PostgreSQL is reported once a minute).
 */
export function wordCountsTimer(q: PgQueryable, o: { intervalMs: number; batch: number; log?: BacklogLog }): { stop(): Promise<void> } {
  return backlogTimer(() => catchUpWordCounts(q, o.batch, false), { ...o, what: 'counting search words' });
}
