// Hub bench: customers and agents on loopback chatting through a real `caredesk hub` process (every
// message acked after its group commit), and the same load through a bare socket.io relay as the
// baseline. The load generator is this process, speaking the wire protocol over raw WebSockets
// (wire.ts); the hub and the relay each run in their own process, so their memory and CPU are theirs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../server/store/index';
import { bulkConversations } from './bulkCorpus';
import { corpus } from './corpus';
import { seedAgents, pool, widgetToken } from './desk';
import { loopProbe, type LoopProbe, type LoopReading } from './loopProbe';
import { cpuMeter, rssBytes, selfCpuMeter, sleep, spawnHubProcess, spawnReady, stopChild, ROOT, type ChildHandle, type HubProcessOptions } from './proc';
import { round, summarize, type Summary } from './stats';
import { WireSocket } from './wire';

export interface HubBenchOptions {
  quick: boolean;
  log: (line: string) => void;
}

interface Ack<T> {
  ok: boolean;
  data?: T;
  error?: { code: string; message: string };
}

interface Sender {
  ws: WireSocket;
  kind: 'customer' | 'agent';
  conversations: string[];
  next: number;
  /** Which of the target's hubs it is connected to (0 on one hub). */
  hub: number;
}

export interface Target {
  name: 'desk' | 'relay' | 'cluster';
  /** The server process (on a cluster, the first hub). */
  proc: ChildHandle;
  /**
   * A cluster: every hub process (proc is hubs[0]), and which hub customer i and agent j connect
   * to. Absent on one hub or the relay: everyone connects to proc.
   */
  cluster?: { hubs: ChildHandle[]; home(kind: 'customer' | 'agent', i: number): number };
  customerToken(i: number): Promise<string>;
  agentTokens: string[];
  dataDir?: string;
  /** The desk's event-loop probe (loopProbePreload.mjs, preloaded into the hub process). */
  probe?: LoopProbe;
}

export interface Active {
  customers: Sender[];
  agents: Sender[];
  /** clientId -> when it was sent, for customer messages only (customer → agent latency). */
  sentAt: Map<string, number>;
  e2e: number[];
  measuring: boolean;
}

export interface LoadResult {
  seconds: number;
  messages: number;
  messagesPerSec: number;
  /** Customer sends → the agent's socket receives message:new, ms. */
  e2e: Summary;
  /** Sender emits chat:send → its ack arrives (after the durable commit on the desk), ms. */
  ack: Summary;
  errors: number;
  /** Share of one core used by the server process (on a cluster, every hub's summed) and by the load generator during the run. */
  serverCpu: number;
  /** Each hub's share of one core over the same window (one entry on one hub). */
  serverCpuEach: number[];
  loadCpu: number;
  /**
   * Server CPU time per message, ms. On a machine whose cores other work is also using, this
   * moves far less than messages/s does: it is the cost, not what the scheduler happened to give.
   */
  serverCpuMsPerMessage: number;
  targetRate?: number;
  /**
   * At a fixed rate: acks that arrived within the measured window, per second. Under targetRate
   * the server fell behind the offered load and its latencies are a growing queue.
   */
  ackedPerSec?: number;
}

export interface IdleResult {
  requested: number;
  connected: number;
  failed: number;
  connectSeconds: number;
  rssBeforeMiB: number;
  rssAfterMiB: number;
  perConnectionKiB: number;
}

const BODIES = [
  'Hello, my parcel arrived today but the box was crushed and the clasp on the bag is bent.',
  'Could you tell me when order A-204417 will ship? I need it before Friday.',
  'Thank you, I will send the photos of the damage now.',
  'I would like to return the silk scarf, it is not the colour shown on the site.',
  'Of course. I have opened a return for you; the prepaid label is on its way by email.',
  'Is the Milano tote available in the larger size anywhere?',
];

let idCounter = 0;
const clientId = () => `bench${(++idCounter).toString(36).padStart(8, '0')}`;

/** The agent who takes customer i's chat in setupActive (a cluster places its hubs by it). */
export const agentOf = (customer: number, nAgents: number) => customer % nAgents;

/** The hub customer or agent `i` connects to: its index in the target's hubs, and that hub's process. */
export function homeOf(t: Target, kind: 'customer' | 'agent', i: number): { hub: number; proc: ChildHandle } {
  if (!t.cluster) return { hub: 0, proc: t.proc };
  const hub = t.cluster.home(kind, i);
  return { hub, proc: t.cluster.hubs[hub]! };
}

/** Every server process the load reaches: CPU is measured over all of them. */
const serverProcs = (t: Target) => t.cluster?.hubs ?? [t.proc];

/** Each server process's share of one core from now on (read it to close the window). */
function serversCpuMeter(t: Target): () => number[] {
  const meters = serverProcs(t).map((p) => cpuMeter(p.child.pid!));
  return () => meters.map((m) => m());
}

export async function setupActive(t: Target, nCustomers: number, nAgents: number): Promise<Active> {
  const active: Active = { customers: [], agents: [], sentAt: new Map(), e2e: [], measuring: false };
  active.agents = await pool(t.agentTokens.slice(0, nAgents), 8, async (token, j) => {
    const { hub, proc } = homeOf(t, 'agent', j);
    const ws = await WireSocket.connectRetrying(proc.url, '/agent', { token });
    return { ws, kind: 'agent' as const, conversations: [], next: 0, hub };
  });
  // Each conversation gets one agent, as a routed desk would: it receives that chat's messages.
  // Taken as soon as it starts: every start and accept sends each agent its queue with a preview
  // of every waiting chat, so 200 chats left waiting make the setup quadratic (minutes on a cluster).
  active.customers = await pool(Array.from({ length: nCustomers }, (_, i) => i), 16, async (i) => {
    const { hub, proc } = homeOf(t, 'customer', i);
    const ws = await WireSocket.connectRetrying(proc.url, '/customer', { token: await t.customerToken(i) });
    const tr = await ws.ok<{ conversation: { id: string } }>('chat:start', {});
    const a = active.agents[agentOf(i, active.agents.length)]!;
    await a.ws.ok('conversation:accept', { conversationId: tr.conversation.id }, 30_000);
    a.conversations.push(tr.conversation.id);
    return { ws, kind: 'customer' as const, conversations: [tr.conversation.id], next: 0, hub };
  });
  for (const a of active.agents) {
    a.ws.on('message:new', (payload) => {
      const m = payload as { clientId: string; author: { kind: string } };
      if (m.author.kind !== 'customer') return;
      const t0 = active.sentAt.get(m.clientId);
      if (t0 === undefined) return;
      active.sentAt.delete(m.clientId);
      if (active.measuring) active.e2e.push(performance.now() - t0);
    });
  }
  return active;
}

function sendOne(active: Active, s: Sender, ackLat: number[], errors: { n: number }): Promise<void> {
  const conversationId = s.conversations[s.next++ % s.conversations.length]!;
  const id = clientId();
  const t0 = performance.now();
  if (s.kind === 'customer') active.sentAt.set(id, t0);
  const body = BODIES[idCounter % BODIES.length]!;
  return s.ws.call<Ack<unknown>>('chat:send', { conversationId, clientId: id, body }).then(
    (r) => {
      if (!r.ok) errors.n += 1;
      else if (active.measuring) ackLat.push(performance.now() - t0);
    },
    () => {
      errors.n += 1;
    },
  );
}

/** Called when a load's measured window opens and when it closes (before the in-flight messages land). */
export interface WindowHooks {
  onMeasuring?(): void;
  onMeasured?(): void;
}

/** Every sender keeps `window` messages in flight: the most the server can do with this many clients. */
export async function closedLoop(t: Target, active: Active, seconds: number, window: number, hooks: WindowHooks = {}): Promise<LoadResult> {
  const senders = [...active.customers, ...active.agents];
  const ackLat: number[] = [];
  const errors = { n: 0 };
  let running = true;
  let counted = 0;
  const loops = senders.flatMap((s) =>
    Array.from({ length: window }, async () => {
      while (running) {
        await sendOne(active, s, ackLat, errors);
        if (active.measuring) counted += 1;
      }
    }),
  );
  await sleep(1000); // warm-up: JIT, first batches
  active.e2e = [];
  active.measuring = true;
  const server = serversCpuMeter(t);
  const self = selfCpuMeter();
  hooks.onMeasuring?.();
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const elapsed = (performance.now() - t0) / 1000;
  const messages = counted;
  const serverCpuEach = server();
  const serverCpu = serverCpuEach.reduce((a, b) => a + b, 0);
  const loadCpu = self();
  hooks.onMeasured?.();
  active.measuring = false;
  running = false;
  await Promise.race([Promise.all(loops), sleep(10_000)]);
  active.sentAt.clear();
  return {
    seconds: round(elapsed),
    messages,
    messagesPerSec: round(messages / elapsed, 0),
    e2e: summarize(active.e2e),
    ack: summarize(ackLat),
    errors: errors.n,
    serverCpu: round(serverCpu, 2),
    serverCpuEach: serverCpuEach.map((x) => round(x, 2)),
    loadCpu: round(loadCpu, 2),
    serverCpuMsPerMessage: round((serverCpu * elapsed * 1000) / Math.max(1, messages), 3),
  };
}

/** An open-loop load at a fixed total rate, spread round-robin over every sender. */
export async function fixedRate(t: Target, active: Active, rate: number, seconds: number, hooks: WindowHooks & { until?: Promise<unknown> } = {}): Promise<LoadResult> {
  let done = false;
  void hooks.until?.then(
    () => (done = true),
    () => (done = true),
  );
  const senders = [...active.customers, ...active.agents];
  const ackLat: number[] = [];
  const errors = { n: 0 };
  const inflight = new Set<Promise<void>>();
  let sent = 0;
  let rr = 0;
  const warmup = 1;
  const start = performance.now();
  let server: (() => number[]) | null = null;
  let self: (() => number) | null = null;
  let measuredFrom = 0;
  let measuredSent = 0;
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      const elapsed = (now - start) / 1000;
      if (!active.measuring && elapsed >= warmup) {
        active.e2e = [];
        active.measuring = true;
        server = serversCpuMeter(t);
        self = selfCpuMeter();
        measuredFrom = now;
        measuredSent = sent;
        hooks.onMeasuring?.();
      }
      if (elapsed >= warmup + seconds || (done && active.measuring)) {
        clearInterval(timer);
        resolve();
        return;
      }
      // Catch up on whatever the timer's lateness left due, so the average rate holds.
      const due = Math.floor(rate * elapsed) - sent;
      for (let k = 0; k < due; k++) {
        const p = sendOne(active, senders[rr++ % senders.length]!, ackLat, errors);
        inflight.add(p);
        void p.finally(() => inflight.delete(p));
        sent += 1;
      }
    }, 2);
  });
  const measuredSeconds = (performance.now() - measuredFrom) / 1000;
  const ackedInWindow = ackLat.length;
  const serverCpuEach = server ? (server as () => number[])() : [NaN];
  const serverCpu = serverCpuEach.reduce((a, b) => a + b, 0);
  const loadCpu = self ? (self as () => number)() : NaN;
  hooks.onMeasured?.();
  // Let what is in flight land (bounded), so its latency counts too.
  await Promise.race([Promise.all([...inflight]), sleep(10_000)]);
  await sleep(200);
  active.measuring = false;
  active.sentAt.clear();
  const messages = sent - measuredSent;
  return {
    seconds: round(measuredSeconds),
    messages,
    messagesPerSec: round(messages / measuredSeconds, 0),
    e2e: summarize(active.e2e),
    ack: summarize(ackLat),
    errors: errors.n,
    serverCpu: round(serverCpu, 2),
    serverCpuEach: serverCpuEach.map((x) => round(x, 2)),
    loadCpu: round(loadCpu, 2),
    serverCpuMsPerMessage: round((serverCpu * measuredSeconds * 1000) / Math.max(1, messages), 3),
    targetRate: rate,
    ackedPerSec: round(ackedInWindow / measuredSeconds, 0),
  };
}

/** Connects `n` customers that only open the widget (chat:current) and stay connected. */
async function idleCustomers(t: Target, n: number, offset: number, log: (l: string) => void): Promise<{ result: IdleResult; sockets: WireSocket[] }> {
  const tokens = await pool(Array.from({ length: n }, (_, i) => i), 16, (i) => t.customerToken(offset + i));
  await sleep(1500);
  const pid = t.proc.child.pid!;
  const before = rssBytes(pid);
  const t0 = performance.now();
  let failed = 0;
  const sockets = (
    await pool(tokens, 64, async (token) => {
      try {
        const ws = await WireSocket.connectRetrying(t.proc.url, '/customer', { token }, 3, 30_000);
        await ws.ok('chat:current', {}, 30_000);
        return ws;
      } catch {
        failed += 1;
        return null;
      }
    })
  ).filter((s): s is WireSocket => s !== null);
  const connectSeconds = (performance.now() - t0) / 1000;
  await sleep(2000);
  const after = rssBytes(pid);
  log(`  ${t.name}: ${sockets.length} idle customers connected in ${round(connectSeconds)} s, RSS ${round(before / 2 ** 20)} → ${round(after / 2 ** 20)} MiB`);
  return {
    sockets,
    result: {
      requested: n,
      connected: sockets.length,
      failed,
      connectSeconds: round(connectSeconds),
      rssBeforeMiB: round(before / 2 ** 20),
      rssAfterMiB: round(after / 2 ** 20),
      perConnectionKiB: round((after - before) / 1024 / Math.max(1, sockets.length)),
    },
  };
}

export async function startDesk(nAgents: number, env?: NodeJS.ProcessEnv, opts: HubProcessOptions & { seed?: (dataDir: string) => void } = {}): Promise<Target> {
  const dataDir = mkdtempSync(join(tmpdir(), 'caredesk-bench-hub-'));
  const seats = await seedAgents(dataDir, nAgents);
  opts.seed?.(dataDir);
  const proc = await spawnHubProcess(dataDir, 0, 30_000, env, opts);
  const stamp = Date.now();
  return {
    name: 'desk',
    proc,
    dataDir,
    probe: opts.loopProbe ? loopProbe(proc.child) : undefined,
    agentTokens: seats.map((s) => s.token),
    customerToken: (i) => widgetToken(proc.url, `Bench Customer ${i}`, `bench${i}-${stamp}@shop.test`),
  };
}

async function startRelay(nAgents: number): Promise<Target> {
  const proc = await spawnReady([join(ROOT, 'bin/run-ts.mjs'), join(ROOT, 'bench/lib/relayServer.ts')], /relay listening on (http:\/\/[^\s]+)/);
  return { name: 'relay', proc, agentTokens: Array.from({ length: nAgents }, (_, i) => `relay-agent-${i}`), customerToken: async (i) => `relay-${i}` };
}

/** Closes every customer's and agent's socket of these loads. */
export const closeAll = (actives: Active[]) => {
  for (const a of actives) for (const s of [...a.customers, ...a.agents]) s.ws.close();
};

export async function runHubBench(o: HubBenchOptions) {
  // purge: a store of `conversations` × 50 messages, of which `due` (and `long` transcripts of
  // 1,550 messages) are purged while the 200 customers chat at `rate`; at most `purgeSeconds`.
  const cfg = o.quick
    ? { customers: 200, agents: 20, window: 2, closedSeconds: 3, rounds: 1, rate: 2000, rateSeconds: 4, idle: 1000, relayIdle: false, purge: { conversations: 5_000, due: 40, long: 1, seconds: 180 } }
    : { customers: 200, agents: 20, window: 2, closedSeconds: 12, rounds: 2, rate: 2000, rateSeconds: 15, idle: 5000, relayIdle: true, purge: { conversations: 100_000, due: 200, long: 2, seconds: 900 } };
  const { log } = o;
  const targets: Target[] = [];
  const actives: Active[] = [];
  let idle: WireSocket[] = [];
  const start = async (make: () => Promise<Target>) => {
    const t = await make();
    targets.push(t);
    return t;
  };
  const setup = async (t: Target) => {
    const a = await setupActive(t, cfg.customers, cfg.agents);
    actives.push(a);
    return a;
  };
  const stop = async (t: Target) => {
    await stopChild(t.proc);
    if (t.dataDir) rmSync(t.dataDir, { recursive: true, force: true });
  };
  try {
    // Phase 1: throughput and latency, desk and relay side by side (the idle one uses no CPU).
    log(`hub: desk hub and bare relay; ${cfg.customers} active customers, ${cfg.agents} agents, ${cfg.window} messages in flight per sender`);
    const desk = await start(() => startDesk(cfg.agents, undefined, { loopProbe: true }));
    const relay = await start(() => startRelay(cfg.agents));
    const deskActive = await setup(desk);
    const relayActive = await setup(relay);
    const deskRounds: LoadResult[] = [];
    const relayRounds: LoadResult[] = [];
    const loops: { closedLoop: LoopReading[]; fixedRate?: LoopReading; fixedRateWithIdle?: LoopReading } = { closedLoop: [] };
    // The hub's own event-loop figures over one phase (the probe inside the hub process).
    const probed = async <T>(t: Target, run: () => Promise<T>): Promise<[T, LoopReading]> => {
      t.probe!.reset();
      const r = await run();
      return [r, await t.probe!.read()];
    };
    // Alternating rounds, so a burst of load from elsewhere on the machine hits both alike.
    for (let r = 0; r < cfg.rounds; r++) {
      const [cl, clLoop] = await probed(desk, () => closedLoop(desk, deskActive, cfg.closedSeconds, cfg.window));
      deskRounds.push(cl);
      loops.closedLoop.push(clLoop);
      log(`  desk closed loop: ${deskRounds.at(-1)!.messagesPerSec} msg/s (hub CPU ${deskRounds.at(-1)!.serverCpu}, load CPU ${deskRounds.at(-1)!.loadCpu})`);
      relayRounds.push(await closedLoop(relay, relayActive, cfg.closedSeconds, cfg.window));
      log(`  relay closed loop: ${relayRounds.at(-1)!.messagesPerSec} msg/s (relay CPU ${relayRounds.at(-1)!.serverCpu}, load CPU ${relayRounds.at(-1)!.loadCpu})`);
    }
    const best = (rs: LoadResult[]) => rs.reduce((a, b) => (b.messagesPerSec > a.messagesPerSec ? b : a));
    const [deskFixed, fixedLoop] = await probed(desk, () => fixedRate(desk, deskActive, cfg.rate, cfg.rateSeconds));
    loops.fixedRate = fixedLoop;
    log(`  desk at ${cfg.rate} msg/s: p50 ${round(deskFixed.e2e.p50)} ms, p99 ${round(deskFixed.e2e.p99)} ms (hub CPU ${deskFixed.serverCpu}); longest loop block in the hub ${fixedLoop.maxMs} ms (longest GC pause ${fixedLoop.gc.maxMs} ms)`);
    const relayFixed = await fixedRate(relay, relayActive, cfg.rate, cfg.rateSeconds);
    log(`  relay at ${cfg.rate} msg/s: p50 ${round(relayFixed.e2e.p50)} ms, p99 ${round(relayFixed.e2e.p99)} ms (relay CPU ${relayFixed.serverCpu})`);
    closeAll(actives.splice(0));
    await stop(desk);
    await stop(relay);

    // Phase 2: idle customers on fresh processes, so garbage from phase 1 does not blur the RSS
    // delta; then the 200 active customers chat on the desk while the idle ones stay connected.
    // (The relay's own cost per connection, socket.io's floor, only in full mode: it takes a minute.)
    let relayIdle: IdleResult | null = null;
    if (cfg.relayIdle) {
      const relay2 = await start(() => startRelay(cfg.agents));
      const r = await idleCustomers(relay2, cfg.idle, 1_000_000, log);
      for (const s of r.sockets) s.close();
      relayIdle = r.result;
      await stop(relay2);
    }
    const desk2 = await start(() => startDesk(cfg.agents, undefined, { loopProbe: true }));
    const deskIdle = await idleCustomers(desk2, cfg.idle, 1_000_000, log);
    idle = deskIdle.sockets;
    const desk2Active = await setup(desk2);
    const [deskFixedIdle, idleLoop] = await probed(desk2, () => fixedRate(desk2, desk2Active, cfg.rate, cfg.rateSeconds));
    loops.fixedRateWithIdle = idleLoop;
    log(`  desk at ${cfg.rate} msg/s with ${idle.length} idle customers: p50 ${round(deskFixedIdle.e2e.p50)} ms, p99 ${round(deskFixedIdle.e2e.p99)} ms; longest loop block in the hub ${idleLoop.maxMs} ms (longest GC pause ${idleLoop.gc.maxMs} ms)`);
    for (const s of idle.splice(0)) s.close();
    closeAll(actives.splice(0));
    await stop(desk2);

    // Phase 3: a retention purge inside the hub while 200 customers chat at the target rate.
    // A failure here (a starved machine, a hub that never finishes) leaves phases 1 and 2 standing.
    const purge = await purgeInHub(cfg, log, start, setup, stop).catch((e: Error) => {
      log(`  purge in the hub: FAILED: ${e.message}`);
      return { error: e.message, storeMessages: null, purgedMessages: null, loop: null };
    });

    const deskBest = best(deskRounds);
    const relayBest = best(relayRounds);
    // "During ingest" is the hub at the target rate (2,000 msg/s), with and without the idle crowd;
    // the closed-loop rounds run the hub flat out (every loop turn full of sockets), reported beside it.
    const ingestLoopMax = Math.max(loops.fixedRate!.maxMs, loops.fixedRateWithIdle!.maxMs);
    const idleKey = `idle${deskIdle.result.connected}P99Ms`;
    return {
      mode: o.quick ? 'quick' : 'full',
      activeCustomers: cfg.customers,
      agents: cfg.agents,
      windowPerSender: cfg.window,
      messagesPerSec: deskBest.messagesPerSec,
      relayMessagesPerSec: relayBest.messagesPerSec,
      throughputRatio: round(deskBest.messagesPerSec / relayBest.messagesPerSec, 2),
      // What the ratio would be if each server had a core to itself and CPU were all it waited on.
      cpuNormalisedRatio: round(relayBest.serverCpuMsPerMessage / deskBest.serverCpuMsPerMessage, 2),
      deskCpuMsPerMessage: deskBest.serverCpuMsPerMessage,
      relayCpuMsPerMessage: relayBest.serverCpuMsPerMessage,
      p50Ms: round(deskFixed.e2e.p50),
      p99Ms: round(deskFixed.e2e.p99),
      relayP99Ms: round(relayFixed.e2e.p99),
      p99WithIdleMs: round(deskFixedIdle.e2e.p99),
      // Named by how many idle customers were really connected: idle5000P99Ms only in a full run that connected all 5,000.
      [idleKey]: round(deskFixedIdle.e2e.p99),
      maxLoopBlockMs: Math.max(ingestLoopMax, purge.loop?.maxMs ?? 0),
      // What the figure above was measured over (quick mode purges within a smaller store: see purgeStoreMessages).
      maxLoopBlock: {
        ingestAt2000MsgPerSecMs: ingestLoopMax,
        purgeMs: purge.loop?.maxMs ?? null,
        purgeStoreMessages: purge.storeMessages,
        purgedMessages: purge.purgedMessages,
        closedLoopMs: Math.max(...loops.closedLoop.map((l) => l.maxMs)),
      },
      loopProbe: { ...loops, purge: purge.loop },
      purgeInHub: purge,
      idleCustomers: deskIdle.result.connected,
      idleRequested: cfg.idle,
      memoryPerIdleConnectionKiB: deskIdle.result.perConnectionKiB,
      relayMemoryPerIdleConnectionKiB: relayIdle?.perConnectionKiB ?? null,
      desk: { closedLoop: deskRounds, fixedRate: deskFixed, fixedRateWithIdle: deskFixedIdle, idle: deskIdle.result },
      relay: { closedLoop: relayRounds, fixedRate: relayFixed, idle: relayIdle },
    };
  } finally {
    for (const s of idle) s.close();
    closeAll(actives.splice(0));
    for (const t of targets) await stop(t);
  }
}
export type HubBenchResult = Awaited<ReturnType<typeof runHubBench>>;

/** How often the purge hub looks for due transcripts (policy.retention.purgeIntervalMs; hourly by default). */
const PURGE_POLL_MS = 2000;
const PER_CONVERSATION = 50;
const LONG_TRANSCRIPT = 1550;

interface PurgeConfig {
  agents: number;
  customers: number;
  rate: number;
  purge: { conversations: number; due: number; long: number; seconds: number };
}

/**
 * A hub on a data folder bulk-built to `conversations` × 50 messages (+ `long` long transcripts),
 * 200 customers chatting at the target rate, and then `due` of those transcripts (and every long
 * one) made due, as a `caredesk` command would from outside: the hub's scheduled retention run
 * purges them while its loop probe and the customers' latencies are watched, until the hub logs
 * that every due message is gone.
 */
export async function purgeInHub(
  cfg: PurgeConfig,
  log: (l: string) => void,
  start: (make: () => Promise<Target>) => Promise<Target>,
  setup: (t: Target) => Promise<Active>,
  stop: (t: Target) => Promise<void>,
) {
  const p = cfg.purge;
  const text = corpus(7);
  const build = { messages: 0, seconds: 0, messagesPerSec: 0 };
  let due: string[] = [];
  const endedAt = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
  const farAhead = new Date(Date.now() + 365 * 24 * 3600 * 1000).toISOString();
  log(`  purge in the hub: building a store of ${(p.conversations * PER_CONVERSATION + p.long * LONG_TRANSCRIPT).toLocaleString('en-US')} messages…`);
  const desk = await start(() =>
    startDesk(cfg.agents, undefined, {
      loopProbe: true,
      policy: { retention: { purgeIntervalMs: PURGE_POLL_MS } },
      seed: (dir) => {
        const store = openStore(dir);
        try {
          const common = { endedAt, purgeAt: farAhead, next: () => text.next() };
          const many = bulkConversations(store.db, { ...common, conversations: p.conversations, perConversation: PER_CONVERSATION, prefix: 'hub' });
          const long = bulkConversations(store.db, { ...common, conversations: p.long, perConversation: LONG_TRANSCRIPT, prefix: 'long' });
          build.messages = many.messages + long.messages;
          build.seconds = many.seconds + long.seconds;
          build.messagesPerSec = round(build.messages / build.seconds, 0);
          due = [...long.conversations, ...many.conversations.slice(0, p.due)];
        } finally {
          store.close();
        }
      },
    }),
  );
  log(`  purge in the hub: store built by bulk insert in ${round(build.seconds)} s (${build.messagesPerSec} msg/s)`);
  const expected = p.long * LONG_TRANSCRIPT + p.due * PER_CONVERSATION;
  const active = await setup(desk);
  // The outside write that makes them due, prepared before the load starts (opening a store takes
  // long enough to stall this process's load generator); no seal: the hub holds the desk open.
  const outside = openStore(desk.dataDir!, { seal: false });
  let startedAt = 0;
  let doneAt = 0;
  let markDone = () => {};
  const done = new Promise<void>((r) => (markDone = r));
  // Done when no due transcript is left, read from the store itself: the hub's log line repeats
  // the same run's result once for every scheduled tick that joined it, so it cannot be summed.
  const dueLeft = outside.db.prepare('SELECT COUNT(*) AS n FROM conversations WHERE purge_at <= ?');
  const messagesOf = outside.db.prepare(`SELECT COUNT(*) AS n FROM messages WHERE conversation_id IN (SELECT value FROM json_each(?))`);
  const poll = setInterval(() => {
    if (!startedAt || doneAt) return;
    if ((dueLeft.get(new Date().toISOString()) as { n: number }).n === 0) {
      doneAt = performance.now();
      markDone();
    }
  }, 250);
  try {
    const makeDue = outside.db.transaction((ids: string[], at: string) => {
      const set = outside.db.prepare('UPDATE conversations SET purge_at = ? WHERE id = ?');
      for (const id of ids) set.run(at, id);
    });
    const live = await fixedRate(desk, active, cfg.rate, p.seconds, {
      until: done,
      onMeasuring: () => {
        desk.probe!.reset();
        startedAt = performance.now();
        makeDue(due, new Date(Date.now() - 1000).toISOString());
      },
    });
    // A starved hub answers late: its socket backlog is ahead of the probe's question.
    const loop = await desk.probe!.read(120_000);
    const seconds = ((doneAt || performance.now()) - startedAt) / 1000;
    const purged = expected - (messagesOf.get(JSON.stringify(due)) as { n: number }).n;
    const completed = doneAt > 0 && purged === expected;
    log(
      `  purge in the hub: ${purged.toLocaleString('en-US')} of ${expected.toLocaleString('en-US')} messages purged in ${round(seconds)} s${completed ? '' : ' (NOT finished in time)'}; ` +
        `longest loop block ${loop.maxMs} ms (longest GC pause ${loop.gc.maxMs} ms, ${loop.gc.maxKind || 'none'}; CPU share ${loop.cpuShare}); customers at ${cfg.rate} msg/s: p50 ${round(live.e2e.p50)} ms, p99 ${round(live.e2e.p99)} ms`,
    );
    return {
      storeMessages: build.messages,
      buildSeconds: round(build.seconds),
      buildMessagesPerSec: build.messagesPerSec,
      dueConversations: due.length,
      expectedMessages: expected,
      purgedMessages: purged,
      completed,
      seconds: round(seconds, 2),
      messagesPerSec: round(purged / seconds, 0),
      loop,
      liveRate: cfg.rate,
      live,
    };
  } finally {
    clearInterval(poll);
    outside.close();
    await stop(desk);
  }
}
