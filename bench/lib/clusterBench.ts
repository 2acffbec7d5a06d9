// Cluster bench (issue 11): 1, 2 and 3 `caredesk hub --database` processes on one embedded
// PostgreSQL (bench/lib/postgres.ts, as the soak and the PostgreSQL search bench start theirs), a
// fresh database for each count, and the hub bench's load (hubBench.ts: the same customers, agents,
// closed loop and fixed rate) spread over the hubs so that every chat crosses hubs. For each count:
// the most messages per second the hubs sustain (closed loop), the customer→agent p99 at 2,000
// msg/s offered, and what each process used of the machine meanwhile (each hub's share of a core,
// PostgreSQL's — the postmaster and all its backends — the load generator's, and the whole
// machine's), so that the figures say whether the hubs, PostgreSQL or the machine ran out first.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { clusterMaxConnections, prepareClusterDesk, widgetToken } from './desk';
import { agentOf, closeAll, closedLoop, fixedRate, setupActive, type Active, type LoadResult, type Target, type WindowHooks } from './hubBench';
import { loopProbe, type LoopReading } from './loopProbe';
import { startPostgres, type TestPostgres } from './postgres';
import { machineCpuMeter, processTreeCpuMeter, sleep, spawnHubProcess, stopChild, type ChildHandle } from './proc';
import { round } from './stats';

export interface ClusterBenchOptions {
  quick: boolean;
  log: (line: string) => void;
  /** Hub counts to measure, in order (default 1, 2, 3). */
  sizes?: number[];
}

/** Cores used over one measured window, by process (shares of one core each). */
export interface CpuSplit {
  /** Each hub process. */
  hubs: number[];
  /** The postmaster and every backend and worker under it. */
  postgres: number;
  /** This process: every customer's and agent's socket. */
  loadGenerator: number;
  /** Hubs + PostgreSQL + load generator. */
  bench: number;
  /** Everything the machine ran, the other sessions' work included (/proc/stat). */
  machine: number;
  cores: number;
}

export interface ClusterHubsResult {
  hubs: number;
  /** Closed loop: every sender keeps `window` messages in flight; messages acked per second. */
  msgPerSec: number;
  /** Customer→agent at `offeredMsgPerSec` (2,000 unless the closed loop could not reach it). */
  p99Ms: number;
  p50Ms: number;
  offeredMsgPerSec: number;
  /** The closed loop stayed under 2,000 msg/s: p99 was taken at a lower offered rate (half the closed loop's). */
  saturatedBelowTarget: boolean;
  /** Acks within the fixed-rate window per second; under ~90 % of the offered rate the hubs fell behind and p99 is a queue. */
  ackedMsgPerSec: number;
  keptUp: boolean;
  /** Where everyone was connected: customer i and its agent are on different hubs whenever there are two or more. */
  placement: { customersPerHub: number[]; agentsPerHub: number[]; chats: number; chatsAcrossHubs: number };
  cpu: { closedLoop: CpuSplit; fixedRate: CpuSplit };
  /** CPU time per message at the closed-loop peak, ms: all hubs together, and PostgreSQL. */
  cpuMsPerMessage: { hubs: number; postgres: number };
  /** What ran out first, read from `cpu` (see limitOf). */
  limitedBy: { closedLoop: string; fixedRate: string };
  /** What PostgreSQL ran per stored message over the closed loop (pg_stat_statements). */
  statements: StatementsPerMessage;
  /** Each hub's event loop over each window (loopProbePreload.mjs), read after the window's messages landed. */
  loop: { closedLoop: LoopReading[]; fixedRate: LoopReading[] };
  closedLoop: LoadResult;
  fixedRate: LoadResult;
  loadAverageAtStart: number[];
}

export interface StatementsPerMessage {
  messages: number;
  transactions: number;
  statements: number;
  /** PostgreSQL's execution time per message, ms (not the protocol, parsing or waiting around it). */
  execMs: number;
  top: { query: string; calls: number; execMs: number }[];
}

/**
 * pg_stat_statements (preloaded into the bench's PostgreSQL) between two snapshots, per message
 * stored meanwhile: how many round trips and transactions one message costs, and where the time
 * goes. Read on a connection of its own; its own queries are left out.
 */
async function statementsMeter(url: string, log: (l: string) => void): Promise<() => Promise<StatementsPerMessage>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  // The setup's last queue pushes (every agent's queue with its previews, after every accept) run
  // for a while after the accepts are acked: measured, they would count as the messages' cost.
  const settleStart = performance.now();
  const busy = async () => Number((await c.query<{ n: string }>(`SELECT COALESCE(sum(calls), 0)::text AS n FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat_statements%'`)).rows[0]!.n);
  for (let last = await busy(); performance.now() - settleStart < SETTLE_MAX_MS; ) {
    await sleep(SETTLE_POLL_MS);
    const now = await busy();
    if (now - last <= SETTLE_QUIET_STATEMENTS) break;
    last = now;
  }
  log(`  PostgreSQL quiet after the setup in ${round((performance.now() - settleStart) / 1000)} s`);
  const snap = async () => {
    const st = await c.query<{ queryid: string; query: string; calls: string; ms: number }>(
      `SELECT queryid::text, query, calls::text, total_exec_time AS ms FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat%' AND query NOT LIKE 'SELECT count(*)::text AS n FROM messages%'`,
    );
    const messages = Number((await c.query<{ n: string }>('SELECT count(*)::text AS n FROM messages')).rows[0]!.n);
    const xacts = Number((await c.query<{ n: string }>('SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = current_database()')).rows[0]!.n);
    return { st: new Map(st.rows.map((r) => [r.queryid, r])), messages, xacts };
  };
  const before = await snap();
  return async () => {
    try {
      const after = await snap();
      const n = Math.max(1, after.messages - before.messages);
      const rows = [...after.st.values()].map((r) => {
        const b = before.st.get(r.queryid);
        return { query: r.query.replace(/\s+/g, ' ').slice(0, 120), calls: Number(r.calls) - Number(b?.calls ?? 0), ms: r.ms - (b?.ms ?? 0) };
      });
      const calls = rows.reduce((a, r) => a + r.calls, 0);
      return {
        messages: after.messages - before.messages,
        // This meter's own snapshot (3 transactions) is not the desk's.
        transactions: round((after.xacts - before.xacts - 3) / n, 2),
        statements: round(calls / n, 2),
        execMs: round(rows.reduce((a, r) => a + r.ms, 0) / n, 3),
        top: rows
          .filter((r) => r.calls > 0)
          .sort((x, y) => y.ms - x.ms)
          .slice(0, 8)
          .map((r) => ({ query: r.query, calls: round(r.calls / n, 2), execMs: round(r.ms / n, 3) })),
      };
    } finally {
      await c.end();
    }
  };
}

/** Waiting for the setup's tail: PostgreSQL is quiet once a poll sees at most this many statements. */
const SETTLE_POLL_MS = 500;
const SETTLE_QUIET_STATEMENTS = 10;
const SETTLE_MAX_MS = 60_000;

export type ClusterHubsEntry = ClusterHubsResult | { hubs: number; error: string };

/**
 * Which hub customer i or agent j connects to among `nHubs`: agent j on hub j mod N, and customer i
 * on one of the other hubs than its agent's (alternating over them), so on two or more hubs every
 * chat crosses hubs both ways: the worst case, where each message reaches its reader only through
 * PostgreSQL (the socket.io adapter's NOTIFY).
 */
export function clusterHome(nHubs: number, nAgents: number): (kind: 'customer' | 'agent', i: number) => number {
  return (kind, i) => {
    if (nHubs === 1) return 0;
    if (kind === 'agent') return i % nHubs;
    const agentHub = agentOf(i, nAgents) % nHubs;
    return (agentHub + 1 + (Math.floor(i / nAgents) % (nHubs - 1))) % nHubs;
  };
}

/**
 * What ran out first in one window. A process at ≥ 0.85 of a core is at its limit (a hub is one
 * event loop); the machine is at its limit when everything it ran kept ≥ 85 % of its cores busy.
 */
export function limitOf(c: CpuSplit): string {
  const parts = `hubs ${c.hubs.join(' + ')}, PostgreSQL ${c.postgres}, load generator ${c.loadGenerator}, other work ${round(Math.max(0, c.machine - c.bench), 2)}; machine ${c.machine} of ${c.cores} cores busy`;
  const busiest = c.hubs.indexOf(Math.max(...c.hubs));
  if (c.machine >= 0.85 * c.cores) return `the machine's ${c.cores} cores (${parts})`;
  if (c.hubs[busiest]! >= 0.85) return `hub ${busiest}'s event loop, a full core (${parts})`;
  if (c.postgres >= 0.85 * c.cores) return `PostgreSQL (${parts})`;
  return `no process at a full core: round trips to PostgreSQL (${parts})`;
}

const split = (r: LoadResult, postgres: number, loadGenerator: number, machine: number): CpuSplit => {
  const hubs = r.serverCpuEach;
  return {
    hubs,
    postgres: round(postgres, 2),
    loadGenerator: round(loadGenerator, 2),
    bench: round(hubs.reduce((a, b) => a + b, 0) + postgres + loadGenerator, 2),
    machine: round(machine, 2),
    cores: cpus().length,
  };
};

async function measureHubs(
  postgres: TestPostgres,
  n: number,
  cfg: { customers: number; agents: number; window: number; closedSeconds: number; rate: number; rateSeconds: number },
  log: (l: string) => void,
): Promise<ClusterHubsResult> {
  const dataDir = mkdtempSync(join(tmpdir(), `caredesk-bench-cluster${n}-`));
  const hubs: ChildHandle[] = [];
  let active: Active | null = null;
  try {
    const loadAverageAtStart = loadavg().map((x) => round(x, 2));
    const desk = await prepareClusterDesk(postgres, { dataDir, hubs: n, agents: cfg.agents, label: `bench_cluster${n}` });
    for (const dir of desk.hubDirs) hubs.push(await spawnHubProcess(dir, 0, 60_000, process.env, { loopProbe: true, args: desk.hubArgs }));
    const home = clusterHome(n, cfg.agents);
    const stamp = Date.now();
    const target: Target = {
      name: 'cluster',
      proc: hubs[0]!,
      cluster: { hubs, home },
      agentTokens: desk.agents.map((a) => a.token),
      customerToken: (i) => widgetToken(hubs[home('customer', i)]!.url, `Bench Customer ${i}`, `cluster${n}-${i}-${stamp}@shop.test`),
    };
    const setupStart = performance.now();
    active = await setupActive(target, cfg.customers, cfg.agents);
    const a = active;
    const perHub = (list: { hub: number }[]) => hubs.map((_, h) => list.filter((s) => s.hub === h).length);
    const placement = {
      customersPerHub: perHub(a.customers),
      agentsPerHub: perHub(a.agents),
      chats: a.customers.length,
      chatsAcrossHubs: a.customers.filter((c, i) => c.hub !== a.agents[agentOf(i, a.agents.length)]!.hub).length,
    };
    log(`cluster: ${n} hub${n > 1 ? 's' : ''} on one PostgreSQL; customers per hub ${placement.customersPerHub.join('/')}, agents ${placement.agentsPerHub.join('/')}, ${placement.chatsAcrossHubs} of ${placement.chats} chats across hubs; set up in ${round((performance.now() - setupStart) / 1000)} s; load average ${loadAverageAtStart.join(' ')}`);

    const probes = hubs.map((h) => loopProbe(h.child));
    const pgPid = postgres.pid();
    // PostgreSQL's and the machine's CPU over exactly the load's measured window; each hub's loop probe from then until its messages landed.
    const watched = async (run: (hooks: WindowHooks) => Promise<LoadResult>) => {
      let pgMeter: (() => number) | null = null;
      let machineMeter: (() => number) | null = null;
      let pgCpu = NaN;
      let machine = NaN;
      const r = await run({
        onMeasuring: () => {
          for (const p of probes) p.reset();
          pgMeter = processTreeCpuMeter(pgPid);
          machineMeter = machineCpuMeter();
        },
        onMeasured: () => {
          machine = machineMeter?.() ?? NaN;
          pgCpu = pgMeter?.() ?? NaN;
        },
      });
      const loops = await Promise.all(probes.map((p) => p.read(120_000)));
      return { r, cpu: split(r, pgCpu, r.loadCpu, machine), loops };
    };

    const statements = await statementsMeter(desk.databaseUrl, log);
    const cl = await watched((hooks) => closedLoop(target, a, cfg.closedSeconds, cfg.window, hooks));
    const perMessageSql = await statements();
    log(
      `  closed loop: ${cl.r.messagesPerSec} msg/s, p99 ${round(cl.r.e2e.p99)} ms; CPU hubs ${cl.cpu.hubs.join(' + ')}, PostgreSQL ${cl.cpu.postgres}, load ${cl.cpu.loadGenerator}, machine ${cl.cpu.machine}/${cl.cpu.cores}; ` +
        `per message ${perMessageSql.statements} statements in ${perMessageSql.transactions} transactions, ${perMessageSql.execMs} ms executing`,
    );
    // 2,000 msg/s unless the closed loop could not reach it: then half of what it did reach, so the
    // p99 is a latency and not a queue growing for the whole window (keptUp says whether it was).
    const saturatedBelowTarget = cl.r.messagesPerSec < cfg.rate;
    const offered = saturatedBelowTarget ? Math.max(10, Math.floor(cl.r.messagesPerSec / 2 / 10) * 10) : cfg.rate;
    const fr = await watched((hooks) => fixedRate(target, a, offered, cfg.rateSeconds, hooks));
    const ackedMsgPerSec = fr.r.ackedPerSec ?? NaN;
    const keptUp = ackedMsgPerSec >= 0.9 * offered;
    log(
      `  at ${offered} msg/s${saturatedBelowTarget ? ` (${cfg.rate} is beyond the closed loop's ${cl.r.messagesPerSec})` : ''}, ${ackedMsgPerSec} acked/s${keptUp ? '' : ' (FELL BEHIND)'}: p50 ${round(fr.r.e2e.p50)} ms, p99 ${round(fr.r.e2e.p99)} ms; ` +
        `CPU hubs ${fr.cpu.hubs.join(' + ')}, PostgreSQL ${fr.cpu.postgres}, load ${fr.cpu.loadGenerator}, machine ${fr.cpu.machine}/${fr.cpu.cores}; longest hub loop block ${Math.max(...fr.loops.map((l) => l.maxMs))} ms`,
    );
    const perMessage = (share: number) => round((share * cl.r.seconds * 1000) / Math.max(1, cl.r.messages), 3);
    return {
      hubs: n,
      msgPerSec: cl.r.messagesPerSec,
      p99Ms: round(fr.r.e2e.p99),
      p50Ms: round(fr.r.e2e.p50),
      offeredMsgPerSec: offered,
      saturatedBelowTarget,
      ackedMsgPerSec,
      keptUp,
      placement,
      cpu: { closedLoop: cl.cpu, fixedRate: fr.cpu },
      cpuMsPerMessage: { hubs: cl.r.serverCpuMsPerMessage, postgres: perMessage(cl.cpu.postgres) },
      limitedBy: { closedLoop: limitOf(cl.cpu), fixedRate: limitOf(fr.cpu) },
      statements: perMessageSql,
      loop: { closedLoop: cl.loops, fixedRate: fr.loops },
      closedLoop: cl.r,
      fixedRate: fr.r,
      loadAverageAtStart,
    };
  } finally {
    if (active) closeAll([active]);
    for (const h of hubs) await stopChild(h);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runClusterBench(o: ClusterBenchOptions) {
  const sizes = o.sizes ?? [1, 2, 3];
  // The hub bench's load (200 customers + 20 agents, 2 messages in flight each; 2,000 msg/s offered), shorter in quick mode.
  const cfg = o.quick
    ? { customers: 200, agents: 20, window: 2, closedSeconds: 3, rate: 2000, rateSeconds: 4 }
    : { customers: 200, agents: 20, window: 2, closedSeconds: 12, rate: 2000, rateSeconds: 15 };
  // pg_stat_statements: what one message costs PostgreSQL, in statements and time (StatementsPerMessage).
  const postgres = await startPostgres({ maxConnections: clusterMaxConnections(Math.max(...sizes)), settings: { shared_preload_libraries: 'pg_stat_statements' } });
  const hubs: ClusterHubsEntry[] = [];
  try {
    for (const n of sizes) {
      // One count failing (a hub that never starts on a starved machine) leaves the others standing.
      hubs.push(
        await measureHubs(postgres, n, cfg, o.log).catch((e: Error) => {
          o.log(`cluster: ${n} hubs FAILED: ${e.stack ?? e.message}`);
          return { hubs: n, error: e.message };
        }),
      );
    }
  } finally {
    await postgres.stop();
  }
  return {
    mode: o.quick ? 'quick' : 'full',
    customers: cfg.customers,
    agents: cfg.agents,
    windowPerSender: cfg.window,
    targetRate: cfg.rate,
    // As the tests' PostgreSQL (bench/lib/postgres.ts): a commit does not wait for the disk.
    postgres: { fsync: false, note: 'embedded PostgreSQL 18 on the same machine, fsync and full_page_writes off: commits do not wait for the disk' },
    hubs,
  };
}
export type ClusterBenchResult = Awaited<ReturnType<typeof runClusterBench>>;
