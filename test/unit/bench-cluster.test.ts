// The bench's cluster phase, its pure parts: where each customer and agent is placed over the hubs
// (the doc promises every chat crosses hubs), what the table says limited a window, and how the
// table reports a hub count that failed beside the ones that ran.
import { describe, expect, it } from 'vitest';
import { clusterHome, limitOf, type ClusterBenchResult, type ClusterHubsResult, type CpuSplit } from '../../bench/lib/clusterBench';
import { agentOf } from '../../bench/lib/hubBench';
import { clusterRows, evaluateTargets } from '../../bench/lib/targets';

describe('cluster bench placement', () => {
  it.each([2, 3])('with %i hubs every customer is on another hub than its agent, and each hub gets customers and agents', (hubs) => {
    const agents = 20;
    const home = clusterHome(hubs, agents);
    const customersPerHub = new Array<number>(hubs).fill(0);
    const agentsPerHub = new Array<number>(hubs).fill(0);
    for (let j = 0; j < agents; j++) agentsPerHub[home('agent', j)]! += 1;
    for (let i = 0; i < 200; i++) {
      const h = home('customer', i);
      customersPerHub[h]! += 1;
      expect(h).not.toBe(home('agent', agentOf(i, agents)));
    }
    // Balanced within a fifth of an even share: no hub idles while another carries the load.
    for (const n of customersPerHub) expect(Math.abs(n - 200 / hubs)).toBeLessThanOrEqual(200 / hubs / 5);
    for (const n of agentsPerHub) expect(Math.abs(n - agents / hubs)).toBeLessThanOrEqual(1);
  });

  it('with one hub everyone is on it', () => {
    const home = clusterHome(1, 20);
    expect(new Set([...Array(50).keys()].flatMap((i) => [home('customer', i), home('agent', i % 20)]))).toEqual(new Set([0]));
  });
});

describe('cluster bench: what limited a window', () => {
  const cpu = (c: Partial<CpuSplit>): CpuSplit => ({ hubs: [0.3], postgres: 0.3, loadGenerator: 0.1, bench: 0.7, machine: 0.8, cores: 2, ...c });

  it('names the machine when its cores were full, with the share other work took', () => {
    const s = limitOf(cpu({ hubs: [0.42], postgres: 0.65, loadGenerator: 0.11, bench: 1.18, machine: 2 }));
    expect(s).toMatch(/^the machine's 2 cores/);
    expect(s).toContain('other work 0.82');
  });

  it('names the busiest hub when one event loop had a whole core and the machine did not', () => {
    expect(limitOf(cpu({ hubs: [0.3, 0.95], bench: 1.35, machine: 1.4 }))).toMatch(/^hub 1's event loop/);
  });

  it('says no process was at a core when none was', () => {
    expect(limitOf(cpu({}))).toMatch(/^no process at a full core/);
  });
});

describe('cluster bench rows in the targets table', () => {
  const measured = (hubs: number): ClusterHubsResult =>
    ({
      hubs,
      msgPerSec: 200,
      p50Ms: 8,
      p99Ms: 45,
      offeredMsgPerSec: 100,
      saturatedBelowTarget: true,
      ackedMsgPerSec: 60,
      keptUp: false,
      cpuMsPerMessage: { hubs: 1.7, postgres: 2.6 },
      limitedBy: { closedLoop: "the machine's 2 cores (hubs 0.4)", fixedRate: "the machine's 2 cores (hubs 0.3)" },
    }) as ClusterHubsResult;
  const result = (hubs: ClusterBenchResult['hubs']) => ({ mode: 'quick', customers: 200, agents: 20, windowPerSender: 2, targetRate: 2000, postgres: { fsync: false, note: '' }, hubs }) as ClusterBenchResult;

  it('gives msg/s and p99 for each hub count, the offered rate when 2,000 saturated, and that it fell behind', () => {
    const rows = clusterRows(result([measured(1), measured(2)]));
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatchObject({ area: 'cluster', value: '200 (1.7 ms / 2.6 ms)', verdict: "measured; limited by the machine's 2 cores" });
    expect(rows[1]!.figure).toContain('at 100 msg/s (2,000 saturates it)');
    expect(rows[1]!.value).toBe('8 ms / 45 ms');
    expect(rows[1]!.verdict).toContain('fell behind (60 acked/s)');
    expect(rows[2]!.figure).toMatch(/^2 hubs on one PostgreSQL/);
  });

  it('shows a hub count that failed as not measured, with its error, beside the ones that ran', () => {
    const rows = clusterRows(result([measured(1), { hubs: 3, error: 'conversation:accept timed out\n  at …' }]));
    expect(rows.at(-1)).toMatchObject({ figure: '3 hubs on one PostgreSQL: msg/s, p99', value: '—', verdict: 'not measured: conversation:accept timed out' });
  });

  it('says why when the phase did not run or failed, and is part of the whole table', () => {
    expect(clusterRows({ skipped: true })[0]!.verdict).toBe('not measured: section not run (--only)');
    const all = evaluateTargets({ quick: true, hub: { skipped: true }, store: { skipped: true }, console: { skipped: true }, cluster: { error: 'embedded PostgreSQL did not start' } });
    expect(all.filter((r) => r.area === 'cluster')).toEqual([expect.objectContaining({ verdict: 'not measured: the section failed (embedded PostgreSQL did not start)' })]);
  });
});
