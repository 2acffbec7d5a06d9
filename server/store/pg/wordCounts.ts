// The search's word counts kept up with the messages (migration 10): a hub's append leaves its
// message's words to be counted later, many messages in one statement.
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

/** At most one report of failing catch-ups per this long (PostgreSQL unreachable: a tick every 250 ms). */
const FAILURE_REPORT_MS = 60_000;

/**
 * Counts what waits every `intervalMs`, `batch` messages per statement; a backlog (a burst, a hub
 * that was down) is worked off a statement after another. A failure is reported at once, then at
 * most once a minute with how many failed, and the recovery once. `stop` waits for the one under way.
 */
export function wordCountsTimer(
  q: PgQueryable,
  o: { intervalMs: number; batch: number; log?: (level: 'warn' | 'info', msg: string, extra: Record<string, unknown>) => void },
): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  let failures = 0;
  let reportedAt = -Infinity;
  const step = () => {
    if (running || stopped) return;
    running = catchUpWordCounts(q, o.batch, false).then(
      (n) => {
        running = null;
        if (failures > 0) o.log?.('info', 'search word counts are being counted again', { failures });
        failures = 0;
        reportedAt = -Infinity;
        if (n >= o.batch) setImmediate(step);
      },
      (e: unknown) => {
        running = null;
        if (stopped) return;
        failures += 1;
        const now = performance.now();
        if (now - reportedAt < FAILURE_REPORT_MS) return;
        reportedAt = now;
        o.log?.('warn', 'search word counts failed; the next tick tries again', { error: String(e), failures });
      },
    );
  };
  const timer = setInterval(step, o.intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
