// The PostgreSQL word-count timer while PostgreSQL cannot be reached: it tries every tick but says
// so once (then at most once a minute), and says once when counting works again. A fake queryable
// stands in for PostgreSQL (the counting itself is tested on a real one: pg-word-counts.test.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { wordCountsTimer } from '../../server/store/pg/wordCounts';
import type { PgQueryable } from '../../server/store/pg/query';

describe('word-count timer (PostgreSQL replaced by a fake that fails, then answers)', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports a failing PostgreSQL once, not at every tick, and its recovery once', async () => {
    vi.useFakeTimers();
    let down = true;
    let calls = 0;
    const q = {
      query: async () => {
        calls += 1;
        if (down) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        return { rows: [{ n: 0 }] };
      },
    } as unknown as PgQueryable;
    const logged: { level: string; msg: string; extra: Record<string, unknown> }[] = [];
    const timer = wordCountsTimer(q, { intervalMs: 250, batch: 500, log: (level, msg, extra) => logged.push({ level, msg, extra }) });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(calls).toBeGreaterThanOrEqual(39); // it kept trying, every tick
    expect(logged).toEqual([{ level: 'warn', msg: expect.stringContaining('failed'), extra: expect.objectContaining({ failures: 1, error: expect.stringContaining('ECONNREFUSED') }) }]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(logged).toHaveLength(2);
    expect(logged[1]!.extra.failures).toBeGreaterThan(200);
    down = false;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(logged.slice(2)).toEqual([{ level: 'info', msg: expect.stringContaining('again'), extra: expect.objectContaining({ failures: expect.any(Number) }) }]);
    await timer.stop();
  });
});
