// The one-minute soak inside `npm test`: customers and agents chat through a real hub process
// while connections drop at random and the hub is SIGKILLed and restarted on the same port and
// data folder. Every client's ledger is then compared with the SQLite file. Then the same across
// three hubs on one PostgreSQL, one of them SIGKILLed at a time. The long versions are
// `npm run soak -- --minutes N` and `npm run soak -- --hubs 3 --minutes N`; the core lives in
// bench/lib/soak.ts.
import { afterAll, describe, expect, it } from 'vitest';

// A timer holds this worker's event loop from the start: while vitest loads the soak's large import
// graph, and while the soak waits on child processes, nothing else may hold it, and a worker whose
// loop runs empty ends before it reports (found in the full run of 6 December).
const hold = setInterval(() => undefined, 1000);
afterAll(() => clearInterval(hold));
const { formatSoak, runSoak } = await import('../../bench/lib/soak');

/** What every soak must show, whatever its faults: each acknowledged message stored once, in order. */
function expectNothingLost(c: Awaited<ReturnType<typeof runSoak>>['counts']): void {
  expect(c.lost).toBe(0);
  expect(c.duplicates).toBe(0);
  expect(c.orderViolations).toBe(0);
  expect(c.gaps).toBe(0);
  expect(c.viewMismatches).toBe(0);
  expect(c.unacked).toBe(0);
}

describe('soak: faults lose nothing', () => {
  it(
    'no acked message is lost or duplicated and every conversation keeps its order through drops and hub SIGKILLs',
    async () => {
      const result = await runSoak({
        durationMs: 50_000,
        customers: 8,
        agents: 3,
        // Two kills at least within 50 s: the first comes after 12–16 s, the next 12–16 s after
        // the restart, so a third is likely.
        killEveryMs: [12_000, 16_000],
        dropEveryMs: [400, 2000],
        ...(process.env.SOAK_SEED ? { seed: Number(process.env.SOAK_SEED) } : {}),
      });
      console.log(formatSoak(result));
      const c = result.counts;
      // The summary names the data folder and the first failures, so a red run explains itself.
      expect(result.failures, formatSoak(result)).toEqual([]);
      expectNothingLost(c);
      expect(c.kills).toBeGreaterThanOrEqual(2);
      expect(c.restarts).toBe(c.kills);
      expect(c.drops).toBeGreaterThanOrEqual(5);
      // Meaningful traffic, not a quiet hub: ~11 clients typing every 80–400 ms for 50 s.
      expect(c.acked).toBeGreaterThanOrEqual(800);
      expect(c.stored).toBe(c.acked);
    },
    150_000,
  );

  it(
    'across three hubs on one PostgreSQL, one SIGKILLed and restarted at a time: no acked message lost or duplicated, every conversation in order',
    async () => {
      const result = await runSoak({
        hubs: 3,
        durationMs: 60_000,
        customers: 8,
        agents: 3,
        // A kill every 12–16 s after the last restart: three or four within the minute, each of a
        // hub chosen at random, so the clients of at least one move to another hub and come back.
        killEveryMs: [12_000, 16_000],
        dropEveryMs: [400, 2000],
        ...(process.env.SOAK_SEED ? { seed: Number(process.env.SOAK_SEED) } : {}),
      });
      console.log(formatSoak(result));
      const c = result.counts;
      expect(result.failures, formatSoak(result)).toEqual([]);
      expect(result.hubs).toBe(3);
      expectNothingLost(c);
      expect(c.kills).toBeGreaterThanOrEqual(1);
      expect(c.restarts).toBe(c.kills);
      // Clients whose hub died went on through another one.
      expect(c.failovers).toBeGreaterThanOrEqual(1);
      expect(c.drops).toBeGreaterThanOrEqual(5);
      // ~11 clients typing every 80–400 ms for 60 s gives ~2,700; a loaded 2-core machine (three hubs,
      // PostgreSQL and the clients on it) and the minutes clients spend reconnecting give less.
      expect(c.acked).toBeGreaterThanOrEqual(1000);
      expect(c.stored).toBe(c.acked);
    },
    // PostgreSQL and three hubs start first (~25 s loaded), the chat runs 60 s, then the drain.
    240_000,
  );
});
