// The soak: customers and agents chat through a real hub process while the harness drops their
// connections at random and SIGKILLs the hub, restarting it on the same data folder and port. The
// clients use the desk's own delivery rules (shared/delivery: Outbox retries until the durable ack,
// Timeline dedupes by seq and reveals gaps, chat:sync after every reconnect). At the end every
// client's ledger is compared with the SQLite file itself.
//
// With `hubs` ≥ 2 it is a cluster: an embedded PostgreSQL, N hub processes on it (`--database`),
// customers and agents spread over them so that most chats cross hubs, one hub at a time SIGKILLed
// and restarted on its port. A client whose hub is gone reconnects to the next hub that answers
// (its own first, as a load balancer would send it back) and resumes by chat:sync; at the end every
// ledger is compared with the PostgreSQL database.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { Outbox } from '../../shared/delivery/outbox';
import { Timeline } from '../../shared/delivery/timeline';
import type { Ack } from '../../shared/protocol/errors';
import type { AgentClientEvents, AgentServerEvents, CustomerClientEvents, CustomerServerEvents, Transcript } from '../../shared/protocol/events';
import type { Conversation, Message } from '../../shared/protocol/schemas';
import { loadConfig } from '../../server/config';
import { keySources } from '../../server/keys';
import { DB_FILE, isPlainDatabase, openDbFile } from '../../server/store/db';
import { clusterMaxConnections, prepareClusterDesk, seedAgents, widgetToken, type StaffSeat } from './desk';
import { startPostgres, type TestPostgres } from './postgres';
import { pickStablePort, sleep, spawnHubProcess, stopChild, type ChildHandle } from './proc';
import { between, rng } from './stats';

export interface SoakOptions {
  durationMs: number;
  /**
   * Hub processes (default 1: one hub on a SQLite file). 2 or more: a cluster on an embedded
   * PostgreSQL, clients spread over the hubs, one hub at a time killed.
   */
  hubs?: number;
  customers?: number;
  agents?: number;
  /** Pause between two messages of one client, ms (random in the range). */
  sendGapMs?: [number, number];
  /** Time between hub SIGKILLs, ms (random in the range); with several hubs, one chosen at random. */
  killEveryMs?: [number, number];
  /** How long the hub stays dead before it is restarted, ms. */
  downMs?: [number, number];
  /** Time between two random connection drops, ms. */
  dropEveryMs?: [number, number];
  /** How long a client waits for an ack before the Outbox retries. */
  ackTimeoutMs?: number;
  /** Bound on waiting for every outbox to drain at the end. */
  drainTimeoutMs?: number;
  /**
   * Let socket.io buffer chat:send while offline instead of failing fast as the widget and the
   * console do. Only to reproduce what that does: buffered sends overtake the Outbox's retries.
   */
  bufferWhileOffline?: boolean;
  seed?: number;
  dataDir?: string;
  keepData?: boolean;
  log?: (line: string) => void;
}

export interface SoakResult {
  ok: boolean;
  /** Repeats the chaos schedule (timings still vary with the machine). */
  seed: number;
  failures: string[];
  durationMs: number;
  dataDir: string;
  counts: {
    conversations: number;
    enqueued: number;
    acked: number;
    stored: number;
    unacked: number;
    lost: number;
    duplicates: number;
    orderViolations: number;
    gaps: number;
    viewMismatches: number;
    rejected: number;
    liveReceived: number;
    duplicateDeliveries: number;
    syncs: number;
    kills: number;
    restarts: number;
    drops: number;
    reconnects: number;
    /** Reconnects that landed on another hub than the client's own (a cluster only). */
    failovers: number;
    hubErrors: number;
  };
  hubs: number;
}

type AnySocket = Socket<CustomerServerEvents & AgentServerEvents, CustomerClientEvents & AgentClientEvents>;

interface SentEntry {
  clientId: string;
  conversationId: string;
  body: string;
  ackedSeq?: number;
}

let clientIdCounter = 0;

/** One person at a keyboard: a socket.io client with the desk's delivery rules. */
class SoakClient {
  readonly socket: AnySocket;
  readonly outbox: Outbox;
  readonly timelines = new Map<string, Timeline>();
  readonly ledger: SentEntry[] = [];
  private readonly byClientId = new Map<string, SentEntry>();
  private readonly syncing = new Map<string, Promise<void>>();
  private readonly syncAgain = new Set<string>();
  private connectedOnce = false;
  private sendTimer: ReturnType<typeof setTimeout> | null = null;
  private nextConversation = 0;
  stats = { rejected: 0, live: 0, duplicateDeliveries: 0, syncs: 0, reconnects: 0, failovers: 0, gaps: 0 };
  rejections: string[] = [];

  /** Which of `urls` the socket is on (or last tried). */
  private hubIndex: number;

  /**
   * `urls`: every hub's address, the client's own at `home`. A reconnect tries its own hub first,
   * then the others in turn: what a load balancer does when a hub stops answering.
   */
  constructor(
    readonly name: string,
    readonly kind: 'customer' | 'agent',
    private readonly urls: string[],
    private readonly home: number,
    token: string,
    private readonly ackTimeoutMs: number,
    bufferWhileOffline = false,
  ) {
    this.hubIndex = home;
    this.socket = io(`${urls[home]}/${kind}`, {
      auth: { token },
      transports: ['websocket'],
      forceNew: true,
      reconnection: true,
      // Short delays keep the soak busy; the real widget and console use socket.io's defaults.
      reconnectionDelay: 200,
      reconnectionDelayMax: 1500,
      timeout: 5000,
    }) as AnySocket;
    this.outbox = new Outbox({
      // As the widget's and console's links do: fail fast while offline and let the Outbox retry.
      // A buffered packet would be sent on reconnect ahead of the Outbox's pending retries.
      send: (p) =>
        this.socket.connected || bufferWhileOffline
          ? (this.socket.timeout(this.ackTimeoutMs).emitWithAck('chat:send', p) as Promise<Ack<{ message: Message }>>)
          : Promise.reject(new Error('not connected')),
      onAcked: (message) => {
        const e = this.byClientId.get(message.clientId);
        if (e) e.ackedSeq = message.seq;
        this.receive(message, false);
      },
      onRejected: (p, error) => {
        this.stats.rejected += 1;
        this.rejections.push(`${this.name} ${p.clientId}: ${error.code} ${error.message}`);
      },
    });
    this.socket.on('message:new', (m) => this.receive(m, true));
    this.socket.on('conversation:updated', (c: Conversation) => {
      const t = this.timelines.get(c.id);
      if (t && c.lastSeq > t.lastSeq) void this.sync(c.id);
    });
    if (urls.length > 1) {
      this.socket.io.on('reconnect_attempt', (attempt) => {
        this.hubIndex = (home + attempt - 1) % urls.length;
        // The manager opens its next transport on `uri`; socket.io-client has no public way to move it.
        (this.socket.io as unknown as { uri: string }).uri = `${urls[this.hubIndex]}/${kind}`;
      });
    }
    this.socket.on('connect', () => {
      if (!this.connectedOnce) {
        this.connectedOnce = true;
        return;
      }
      // The desk's reconnect rule: resend what is unacknowledged, then catch up every thread.
      this.stats.reconnects += 1;
      if (this.hubIndex !== this.home) this.stats.failovers += 1;
      this.outbox.flush();
      for (const id of this.timelines.keys()) void this.sync(id);
    });
  }

  ready(timeoutMs = 10_000): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`${this.name} did not connect`)), timeoutMs);
      this.socket.once('connect', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  async call<T>(event: string, payload: unknown, timeoutMs = 5000): Promise<T> {
    if (!this.socket.connected) throw new Error(`${this.name} is offline`);
    const r = (await (this.socket.timeout(timeoutMs) as unknown as Socket).emitWithAck(event, payload)) as Ack<T>;
    if (!r.ok) throw new Error(`${this.name} ${event} refused: ${r.error.code} ${r.error.message}`);
    return r.data;
  }

  follow(t: Transcript): void {
    let tl = this.timelines.get(t.conversation.id);
    if (!tl) this.timelines.set(t.conversation.id, (tl = new Timeline()));
    tl.merge(t.messages);
  }

  private receive(m: Message, live: boolean): void {
    const t = this.timelines.get(m.conversationId);
    if (!t) return;
    if (live) this.stats.live += 1;
    const r = t.add(m);
    if (r === 'duplicate' && live) this.stats.duplicateDeliveries += 1;
    if (r === 'gap') {
      this.stats.gaps += 1;
      void this.sync(m.conversationId);
    }
  }

  /** chat:sync from the last seq held; concurrent requests coalesce (as the console does). */
  sync(conversationId: string): Promise<void> {
    const running = this.syncing.get(conversationId);
    if (running) {
      this.syncAgain.add(conversationId);
      return running;
    }
    const t = this.timelines.get(conversationId);
    if (!t) return Promise.resolve();
    const run = (async () => {
      try {
        this.stats.syncs += 1;
        const r = await this.call<Transcript>('chat:sync', { conversationId, afterSeq: t.lastSeq });
        const fresh = t.merge(r.messages);
        if (fresh.length > 0 && r.conversation.lastSeq > t.lastSeq) this.syncAgain.add(conversationId);
      } catch {
        // Offline or the hub died: the next reconnect syncs again.
      } finally {
        this.syncing.delete(conversationId);
      }
      if (this.syncAgain.delete(conversationId)) await this.sync(conversationId);
    })();
    this.syncing.set(conversationId, run);
    return run;
  }

  /** Starts typing: a message every `gap` ms into one of this client's conversations. */
  startSending(r: () => number, gap: [number, number]): void {
    const ids = [...this.timelines.keys()];
    if (ids.length === 0) return;
    const tick = () => {
      const conversationId = ids[this.nextConversation++ % ids.length]!;
      const n = this.ledger.length + 1;
      const clientId = `${this.name}-${n}-${(++clientIdCounter).toString(36)}`;
      const entry: SentEntry = { clientId, conversationId, body: `${this.name} says #${n}` };
      this.ledger.push(entry);
      this.byClientId.set(clientId, entry);
      this.outbox.enqueue(conversationId, entry.body, clientId);
      this.sendTimer = setTimeout(tick, between(r, gap[0], gap[1]));
    };
    this.sendTimer = setTimeout(tick, between(r, 0, gap[1]));
  }

  stopSending(): void {
    if (this.sendTimer) clearTimeout(this.sendTimer);
    this.sendTimer = null;
  }

  drop(): void {
    // Closes the transport under the socket, as a network drop would; socket.io reconnects.
    this.socket.io.engine?.close();
  }

  close(): void {
    this.stopSending();
    this.outbox.close();
    this.socket.close();
  }
}

interface StoredRow {
  seq: number;
  client_id: string;
  author_kind: string;
  body: string;
}

interface StoreContents {
  rows: Map<string, StoredRow[]>;
  lastSeq: Map<string, number>;
}

function byConversation(list: (StoredRow & { conversation_id: string })[]): Map<string, StoredRow[]> {
  const rows = new Map<string, StoredRow[]>();
  for (const r of list) {
    let l = rows.get(r.conversation_id);
    if (!l) rows.set(r.conversation_id, (l = []));
    l.push({ seq: r.seq, client_id: r.client_id, author_kind: r.author_kind, body: r.body });
  }
  return rows;
}

/** Reads what a cluster's store holds, straight from PostgreSQL (every hub is stopped by then). */
async function readPgStore(url: string): Promise<StoreContents> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const messages = await client.query<StoredRow & { conversation_id: string }>('SELECT conversation_id, seq, client_id, author_kind, body FROM messages ORDER BY conversation_id, seq');
    const conversations = await client.query<{ id: string; last_seq: number }>('SELECT id, last_seq FROM conversations');
    return { rows: byConversation(messages.rows), lastSeq: new Map(conversations.rows.map((r) => [r.id, r.last_seq])) };
  } finally {
    await client.end();
  }
}

/** Reads what the store holds, straight from the SQLite file (the hub is stopped by then). */
function readStore(dataDir: string): StoreContents {
  // With the key the hub used (the data folder's key folder, or CAREDESK_DB_KEY): the file is encrypted.
  const file = join(dataDir, DB_FILE);
  const key = isPlainDatabase(file) === false ? keySources(dataDir, loadConfig(dataDir).settings).database.key : null;
  const db = openDbFile(file, { readonly: true, key });
  try {
    const rows = byConversation(
      db.prepare('SELECT conversation_id, seq, client_id, author_kind, body FROM messages ORDER BY conversation_id, seq').all() as (StoredRow & { conversation_id: string })[],
    );
    const lastSeq = new Map<string, number>();
    for (const r of db.prepare('SELECT id, last_seq FROM conversations').all() as { id: string; last_seq: number }[]) lastSeq.set(r.id, r.last_seq);
    return { rows, lastSeq };
  } finally {
    db.close();
  }
}

export async function runSoak(opts: SoakOptions): Promise<SoakResult> {
  const log = opts.log ?? (() => {});
  const seed = opts.seed ?? Date.now() % 2 ** 31;
  const r = rng(seed);
  const nCustomers = opts.customers ?? 8;
  const nAgents = opts.agents ?? 3;
  const nHubs = opts.hubs ?? 1;
  if (!Number.isInteger(nHubs) || nHubs < 1) throw new RangeError(`soak: hubs must be a whole number ≥ 1, not ${nHubs}`);
  const sendGap = opts.sendGapMs ?? [80, 400];
  const killEvery = opts.killEveryMs ?? [10_000, 20_000];
  const downMs = opts.downMs ?? [100, 1500];
  const dropEvery = opts.dropEveryMs ?? [400, 2000];
  const ackTimeoutMs = opts.ackTimeoutMs ?? 3000;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'caredesk-soak-'));
  const failures: string[] = [];
  const counts: SoakResult['counts'] = {
    conversations: 0, enqueued: 0, acked: 0, stored: 0, unacked: 0, lost: 0, duplicates: 0, orderViolations: 0, gaps: 0,
    viewMismatches: 0, rejected: 0, liveReceived: 0, duplicateDeliveries: 0, syncs: 0, kills: 0, restarts: 0, drops: 0,
    reconnects: 0, failovers: 0, hubErrors: 0,
  };
  const t0 = performance.now();
  const clients: SoakClient[] = [];
  const timers: ReturnType<typeof setTimeout>[] = [];
  const hubs: (ChildHandle | null)[] = new Array<ChildHandle | null>(nHubs).fill(null);
  let hubOutput = '';
  const hubLog = () => hubOutput + hubs.map((h) => h?.output() ?? '').join('');
  let postgres: TestPostgres | null = null;
  let databaseUrl: string | null = null;
  let chaos = true;

  try {
    // One data folder per hub; on a cluster they hold only config.json (the shared audit key named
    // there), the desk itself is in PostgreSQL.
    let hubDirs = [dataDir];
    let agents: StaffSeat[];
    if (nHubs === 1) {
      agents = await seedAgents(dataDir, nAgents);
    } else {
      postgres = await startPostgres({ maxConnections: clusterMaxConnections(nHubs) });
      const desk = await prepareClusterDesk(postgres, { dataDir, hubs: nHubs, agents: nAgents, label: 'soak' });
      ({ databaseUrl, hubDirs, agents } = desk);
    }
    const ports: number[] = [];
    while (ports.length < nHubs) {
      const p = await pickStablePort();
      if (!ports.includes(p)) ports.push(p);
    }
    const start = async (i: number): Promise<ChildHandle> => {
      // A just-killed hub's port is free at once (SO_REUSEADDR); retry a few times all the same.
      let last: unknown;
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          return await spawnHubProcess(hubDirs[i]!, ports[i]!, 30_000, process.env, databaseUrl ? { args: ['--database', databaseUrl] } : {});
        } catch (e) {
          last = e;
          await sleep(300);
        }
      }
      throw last;
    };
    for (let i = 0; i < nHubs; i++) hubs[i] = await start(i);
    const urls = hubs.map((h) => h!.url);
    log(
      nHubs === 1
        ? `soak: hub on ${urls[0]}, data ${dataDir}, ${nCustomers} customers, ${nAgents} agents, ${Math.round(opts.durationMs / 1000)} s`
        : `soak: ${nHubs} hubs on ${urls.join(' ')}, PostgreSQL, ${nCustomers} customers, ${nAgents} agents, ${Math.round(opts.durationMs / 1000)} s`,
    );

    // Everyone connects; each customer starts a chat, which an agent accepts. On a cluster customer
    // i is on hub i mod N and agent j on hub j+1 mod N, so chat i (agent i mod agents) crosses hubs.
    const conversations: string[] = [];
    for (let i = 0; i < nCustomers; i++) {
      const home = i % nHubs;
      const token = await widgetToken(urls[home]!, `Soak Customer ${i}`, `soak${i}-${Date.now()}@shop.test`);
      const c = new SoakClient(`cust${i}`, 'customer', urls, home, token, ackTimeoutMs, opts.bufferWhileOffline);
      clients.push(c);
      await c.ready();
      const t = await c.call<Transcript>('chat:start', {});
      c.follow(t);
      conversations.push(t.conversation.id);
    }
    const agentClients: SoakClient[] = [];
    for (let i = 0; i < nAgents; i++) {
      const a = new SoakClient(`agent${i}`, 'agent', urls, (i + 1) % nHubs, agents[i]!.token, ackTimeoutMs, opts.bufferWhileOffline);
      clients.push(a);
      agentClients.push(a);
      await a.ready();
    }
    for (const [i, id] of conversations.entries()) {
      const a = agentClients[i % nAgents]!;
      await a.call('conversation:accept', { conversationId: id });
      a.follow(await a.call<Transcript>('conversation:open', { conversationId: id }));
    }
    counts.conversations = conversations.length;

    for (const c of clients) c.startSending(r, sendGap);

    // Chaos: random drops, and SIGKILL + restart of the hub on the same port.
    const scheduleDrop = () => {
      timers.push(
        setTimeout(() => {
          if (!chaos) return;
          const c = clients[Math.floor(r() * clients.length)]!;
          if (c.socket.connected) {
            c.drop();
            counts.drops += 1;
          }
          scheduleDrop();
        }, between(r, dropEvery[0], dropEvery[1])),
      );
    };
    scheduleDrop();
    let restarting: Promise<void> = Promise.resolve();
    const scheduleKill = () => {
      timers.push(
        setTimeout(() => {
          if (!chaos) return;
          restarting = (async () => {
            const i = nHubs === 1 ? 0 : Math.floor(r() * nHubs);
            const dying = hubs[i]!;
            await dying.kill('SIGKILL');
            hubOutput += dying.output();
            hubs[i] = null;
            counts.kills += 1;
            log(`soak: ${nHubs === 1 ? 'hub' : `hub ${i}`} SIGKILLed (#${counts.kills}) at ${Math.round((performance.now() - t0) / 1000)} s`);
            await sleep(between(r, downMs[0], downMs[1]));
            hubs[i] = await start(i);
            counts.restarts += 1;
          })();
          restarting.then(scheduleKill, (e) => failures.push(`hub restart failed: ${String(e)}`));
        }, between(r, killEvery[0], killEvery[1])),
      );
    };
    scheduleKill();

    const endAt = performance.now() + opts.durationMs;
    let nextReport = performance.now() + 10_000;
    while (performance.now() < endAt && failures.length === 0) {
      await sleep(200);
      if (performance.now() >= nextReport) {
        nextReport += 10_000;
        const sent = clients.reduce((a, c) => a + c.ledger.length, 0);
        const pending = clients.reduce((a, c) => a + c.outbox.size, 0);
        const failovers = clients.reduce((a, c) => a + c.stats.failovers, 0);
        log(`soak: ${Math.round((performance.now() - t0) / 1000)} s, ${sent} sent, ${pending} pending, ${counts.kills} kills, ${counts.drops} drops${nHubs > 1 ? `, ${failovers} failovers` : ''}`);
      }
    }

    // Wind down: stop typing and chaos, make sure every hub is up, let every outbox drain.
    chaos = false;
    for (const t of timers) clearTimeout(t);
    for (const c of clients) c.stopSending();
    await restarting;
    for (let i = 0; i < nHubs; i++) {
      const h = hubs[i];
      if (!h || h.exited()) {
        if (h) hubOutput += h.output();
        hubs[i] = await start(i);
      }
    }
    const drainBy = performance.now() + (opts.drainTimeoutMs ?? 30_000);
    while (performance.now() < drainBy && clients.some((c) => c.outbox.size > 0 || !c.socket.connected)) await sleep(100);
    // Final catch-up, as a client does after any reconnect.
    await Promise.all(clients.flatMap((c) => [...c.timelines.keys()].map((id) => c.sync(id))));
    await Promise.all(clients.flatMap((c) => [...c.timelines.keys()].map((id) => c.sync(id))));

    for (const c of clients) c.close();
    for (let i = 0; i < nHubs; i++) {
      await stopChild(hubs[i]!);
      hubOutput += hubs[i]!.output();
      hubs[i] = null;
    }

    // ---- compare every ledger with the store ----
    const { rows, lastSeq } = databaseUrl ? await readPgStore(databaseUrl) : readStore(dataDir);
    const fail = (what: string) => {
      if (failures.length < 200) failures.push(what);
    };
    const storedByClientId = new Map<string, { conversationId: string; row: StoredRow }>();
    for (const id of conversations) {
      const list = rows.get(id) ?? [];
      counts.stored += list.length;
      list.forEach((row, i) => {
        if (row.seq !== i + 1) {
          counts.gaps += 1;
          fail(`gap in ${id}: position ${i + 1} holds seq ${row.seq}`);
        }
        if (storedByClientId.has(row.client_id)) {
          counts.duplicates += 1;
          fail(`clientId ${row.client_id} stored twice`);
        }
        storedByClientId.set(row.client_id, { conversationId: id, row });
      });
      if ((lastSeq.get(id) ?? -1) !== list.length) fail(`${id}: last_seq ${lastSeq.get(id)} but ${list.length} messages stored`);
      const bodies = new Set<string>();
      for (const row of list) {
        if (row.author_kind === 'system') continue;
        if (bodies.has(row.body)) {
          counts.duplicates += 1;
          fail(`${id}: body "${row.body}" stored twice`);
        }
        bodies.add(row.body);
      }
    }
    const known = new Set<string>();
    for (const c of clients) {
      counts.enqueued += c.ledger.length;
      counts.rejected += c.stats.rejected;
      counts.liveReceived += c.stats.live;
      counts.duplicateDeliveries += c.stats.duplicateDeliveries;
      counts.syncs += c.stats.syncs;
      counts.reconnects += c.stats.reconnects;
      counts.failovers += c.stats.failovers;
      for (const msg of c.rejections.slice(0, 5)) fail(`rejected: ${msg}`);
      const lastSeqByConversation = new Map<string, number>();
      for (const e of c.ledger) {
        known.add(e.clientId);
        const s = storedByClientId.get(e.clientId);
        if (e.ackedSeq !== undefined) {
          counts.acked += 1;
          if (!s) {
            counts.lost += 1;
            fail(`LOST: ${c.name} ${e.clientId} was acked with seq ${e.ackedSeq} but is not in the store`);
          } else if (s.row.seq !== e.ackedSeq || s.conversationId !== e.conversationId) {
            counts.lost += 1;
            fail(`${c.name} ${e.clientId} acked as seq ${e.ackedSeq} but stored as ${s.conversationId}#${s.row.seq}`);
          }
        } else {
          counts.unacked += 1;
          fail(`${c.name} ${e.clientId} never acked (${s ? 'stored' : 'not stored'}) after the drain`);
        }
        if (s && s.row.body !== e.body) fail(`${c.name} ${e.clientId} stored with body "${s.row.body}", sent "${e.body}"`);
        if (s) {
          const prev = lastSeqByConversation.get(e.conversationId) ?? 0;
          if (s.row.seq < prev) {
            counts.orderViolations += 1;
            fail(`ORDER: ${c.name} sent ${e.clientId} after a message stored as seq ${prev}, but it is seq ${s.row.seq}`);
          }
          lastSeqByConversation.set(e.conversationId, Math.max(prev, s.row.seq));
        }
      }
      // What this client shows must be exactly the store's conversation: every message once, in order.
      for (const [id, t] of c.timelines) {
        const shown = t.messages.map((m) => `${m.seq}:${m.clientId}`);
        const stored = (rows.get(id) ?? []).map((row) => `${row.seq}:${row.client_id}`);
        if (shown.join(',') !== stored.join(',')) {
          counts.viewMismatches += 1;
          const missing = stored.filter((x) => !shown.includes(x));
          const extra = shown.filter((x) => !stored.includes(x));
          fail(`${c.name} view of ${id} differs from the store: ${shown.length} shown, ${stored.length} stored; missing ${missing.slice(0, 5).join(' ')}; extra ${extra.slice(0, 5).join(' ')}`);
        }
      }
    }
    for (const [clientId, s] of storedByClientId) {
      // The hub's own notices (author kind system) are nobody's sends; they still count for gaps and views.
      if (!known.has(clientId) && s.row.author_kind !== 'system') fail(`${s.conversationId}#${s.row.seq} (${clientId}) is in the store but nobody sent it`);
    }
    counts.hubErrors = (hubLog().match(/\[hub\] ERROR/g) ?? []).length;
    if (counts.kills < 1 && opts.durationMs >= 30_000) fail('the hub was never killed: the soak proved nothing about crashes');
    if (nHubs > 1 && counts.kills >= 1 && counts.failovers < 1) fail('no client ever reconnected to another hub: the soak proved nothing about failover');
    if (counts.hubErrors > 0) log(`soak: the hub logged ${counts.hubErrors} error(s); last output:\n${hubLog().slice(-2000)}`);
  } catch (e) {
    failures.push(`soak aborted: ${(e as Error).stack ?? String(e)}\nhub output:\n${hubLog().slice(-3000)}`);
  } finally {
    chaos = false;
    for (const t of timers) clearTimeout(t);
    for (const c of clients) c.close();
    for (const h of hubs) if (h) await stopChild(h);
    // The database goes with its server: a failed cluster run keeps the hubs' folders and the log.
    await postgres?.stop().catch((e: unknown) => failures.push(`PostgreSQL did not stop: ${String(e)}`));
    if (!opts.keepData && failures.length === 0) rmSync(dataDir, { recursive: true, force: true });
  }
  return { ok: failures.length === 0, seed, failures, durationMs: performance.now() - t0, dataDir, counts, hubs: nHubs };
}

export function formatSoak(r: SoakResult): string {
  const c = r.counts;
  const lines = [
    `soak ${r.ok ? 'PASSED' : 'FAILED'} in ${Math.round(r.durationMs / 1000)} s (seed ${r.seed})${r.hubs > 1 ? `, ${r.hubs} hubs on PostgreSQL` : ''}`,
    `  conversations ${c.conversations}; messages sent ${c.enqueued}, acked ${c.acked}, stored ${c.stored}`,
    `  lost ${c.lost}, duplicated ${c.duplicates}, out of order ${c.orderViolations}, seq gaps ${c.gaps}, client views differing ${c.viewMismatches}, never acked ${c.unacked}, refused ${c.rejected}`,
    `  faults: ${c.kills} hub SIGKILLs (${c.restarts} restarts), ${c.drops} dropped connections, ${c.reconnects} reconnects${r.hubs > 1 ? ` (${c.failovers} to another hub)` : ''}`,
    `  delivery: ${c.liveReceived} live message:new, ${c.duplicateDeliveries} repeated deliveries absorbed by seq, ${c.syncs} chat:sync calls; hub errors logged ${c.hubErrors}`,
  ];
  if (!r.ok) lines.push(`  data folder kept: ${r.dataDir}`, ...r.failures.slice(0, 30).map((f) => `  - ${f}`));
  return lines.join('\n');
}
