// A backlog worked off in batches on a timer: SQLite's search index (./index.ts) and PostgreSQL's
// word counts (./pg/wordCounts.ts). One batch at a time; a full batch is followed by the next at
// once, so a backlog (a burst, a restart) goes batch after batch instead of one per tick.

/** At most one report of failing batches per this long (a store that is down: a tick every 250 ms). */
const FAILURE_REPORT_MS = 60_000;

export type BacklogLog = (level: 'warn' | 'info', msg: string, extra: Record<string, unknown>) => void;

/**
 * Runs `step` (one batch; resolves how many it did, or null when there was nothing to do) every
 * `intervalMs`. A failure is reported at once, then at most once a minute with how many failed,
 * and the recovery once. `stop` waits for the batch under way.
 */
export function backlogTimer(step: () => Promise<number> | null, o: { intervalMs: number; batch: number; what: string; log?: BacklogLog }): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let stopped = false;
  let failures = 0;
  let reportedAt = -Infinity;
  const tick = () => {
    if (running || stopped) return;
    const batch = step();
    if (!batch) return;
    running = batch.then(
      (n) => {
        running = null;
        if (failures > 0) o.log?.('info', `${o.what} works again`, { failures });
        failures = 0;
        reportedAt = -Infinity;
        if (n >= o.batch) setImmediate(tick);
      },
      (e: unknown) => {
        running = null;
        if (stopped) return;
        failures += 1;
        const now = performance.now();
        if (now - reportedAt < FAILURE_REPORT_MS) return;
        reportedAt = now;
        o.log?.('warn', `${o.what} failed; the next tick tries again`, { error: String(e), failures });
      },
    );
  };
  const timer = setInterval(tick, o.intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
