// The soak: customers and agents chat through a real hub process while the harness drops their
// connections at random and SIGKILLs the hub, restarting it on the same data folder and port. The
// clients use the desk's own delivery rules (shared/delivery: Outbox retries until the durable ack,
// Timeline dedupes by seq and reveals gaps, chat:sync after every reconnect). At the end every
// client's ledger is compared with the SQLite file itself.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { Outbox } from '../../shared/delivery/outbox';
import { Timeline } from '../../shared/delivery/timeline';
import type { Ack } from '../../shared/protocol/errors';
import type { AgentClientEvents, AgentServerEvents, CustomerClientEvents, CustomerServerEvents, Transcript } from '../../shared/protocol/events';
import type { Conversation, Message } from '../../shared/protocol/schemas';
import { loadConfig } from '../../server/config';
import { keySources } from '../../server/keys';
import { DB_FILE, isPlainDatabase, openDbFile } from '../../server/store/db';
import { seedAgents, widgetToken } from './desk';
import { pickStablePort, sleep, spawnHubProcess, stopChild, type ChildHandle } from './proc';
import { between, rng } from './stats';

export interface SoakOptions {
  durationMs: number;
  customers?: number;
  agents?: number;
  /** Pause between two messages of one client, ms (random in the range). */
  sendGapMs?: [number, number];
  /** Time between hub SIGKILLs, ms (random in the range). */
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
    hubErrors: number;
  };
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
  stats = { rejected: 0, live: 0, duplicateDeliveries: 0, syncs: 0, reconnects: 0, gaps: 0 };
  rejections: string[] = [];

  constructor(
    readonly name: string,
    readonly kind: 'customer' | 'agent',
    url: string,
    token: string,
    private readonly ackTimeoutMs: number,
    bufferWhileOffline = false,
  ) {
    this.socket = io(`${url}/${kind}`, {
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
    this.socket.on('connect', () => {
      if (!this.connectedOnce) {
        this.connectedOnce = true;
        return;
      }
      // The desk's reconnect rule: resend what is unacknowledged, then catch up every thread.
      this.stats.reconnects += 1;
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

/** Reads what the store holds, straight from the SQLite file (the hub is stopped by then). */
function readStore(dataDir: string): { rows: Map<string, StoredRow[]>; lastSeq: Map<string, number> } {
  // With the key the hub used (the data folder's key folder, or CAREDESK_DB_KEY): the file is encrypted.
  const file = join(dataDir, DB_FILE);
  const key = isPlainDatabase(file) === false ? keySources(dataDir, loadConfig(dataDir).settings).database.key : null;
  const db = openDbFile(file, { readonly: true, key });
  try {
    const rows = new Map<string, StoredRow[]>();
    for (const r of db.prepare('SELECT conversation_id, seq, client_id, author_kind, body FROM messages ORDER BY conversation_id, seq').all() as (StoredRow & {
      conversation_id: string;
    })[]) {
      let list = rows.get(r.conversation_id);
      if (!list) rows.set(r.conversation_id, (list = []));
      list.push({ seq: r.seq, client_id: r.client_id, author_kind: r.author_kind, body: r.body });
    }
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
    reconnects: 0, hubErrors: 0,
  };
  const t0 = performance.now();
  const clients: SoakClient[] = [];
  const timers: ReturnType<typeof setTimeout>[] = [];
  let hub: ChildHandle | null = null;
  let hubOutput = '';
  const hubLog = () => hubOutput + (hub?.output() ?? '');
  let chaos = true;

  try {
    const agents = await seedAgents(dataDir, nAgents);
    const port = await pickStablePort();
    const start = async (): Promise<ChildHandle> => {
      // A just-killed hub's port is free at once (SO_REUSEADDR); retry a few times all the same.
      let last: unknown;
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          return await spawnHubProcess(dataDir, port);
        } catch (e) {
          last = e;
          await sleep(300);
        }
      }
      throw last;
    };
    hub = await start();
    const url = hub.url;
    log(`soak: hub on ${url}, data ${dataDir}, ${nCustomers} customers, ${nAgents} agents, ${Math.round(opts.durationMs / 1000)} s`);

    // Everyone connects; each customer starts a chat, which an agent accepts.
    const conversations: string[] = [];
    for (let i = 0; i < nCustomers; i++) {
      const token = await widgetToken(url, `Soak Customer ${i}`, `soak${i}-${Date.now()}@shop.test`);
      const c = new SoakClient(`cust${i}`, 'customer', url, token, ackTimeoutMs, opts.bufferWhileOffline);
      clients.push(c);
      await c.ready();
      const t = await c.call<Transcript>('chat:start', {});
      c.follow(t);
      conversations.push(t.conversation.id);
    }
    const agentClients: SoakClient[] = [];
    for (let i = 0; i < nAgents; i++) {
      const a = new SoakClient(`agent${i}`, 'agent', url, agents[i]!.token, ackTimeoutMs, opts.bufferWhileOffline);
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
            const dying = hub!;
            await dying.kill('SIGKILL');
            hubOutput += dying.output();
            counts.kills += 1;
            log(`soak: hub SIGKILLed (#${counts.kills}) at ${Math.round((performance.now() - t0) / 1000)} s`);
            await sleep(between(r, downMs[0], downMs[1]));
            hub = await start();
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
        log(`soak: ${Math.round((performance.now() - t0) / 1000)} s, ${sent} sent, ${pending} pending, ${counts.kills} kills, ${counts.drops} drops`);
      }
    }

    // Wind down: stop typing and chaos, make sure the hub is up, let every outbox drain.
    chaos = false;
    for (const t of timers) clearTimeout(t);
    for (const c of clients) c.stopSending();
    await restarting;
    if (!hub || hub.exited()) hub = await start();
    const drainBy = performance.now() + (opts.drainTimeoutMs ?? 30_000);
    while (performance.now() < drainBy && clients.some((c) => c.outbox.size > 0 || !c.socket.connected)) await sleep(100);
    // Final catch-up, as a client does after any reconnect.
    await Promise.all(clients.flatMap((c) => [...c.timelines.keys()].map((id) => c.sync(id))));
    await Promise.all(clients.flatMap((c) => [...c.timelines.keys()].map((id) => c.sync(id))));

    for (const c of clients) c.close();
    await stopChild(hub);
    hubOutput += hub.output();

    // ---- compare every ledger with the store ----
    const { rows, lastSeq } = readStore(dataDir);
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
    if (counts.hubErrors > 0) log(`soak: the hub logged ${counts.hubErrors} error(s); last output:\n${hubLog().slice(-2000)}`);
  } catch (e) {
    failures.push(`soak aborted: ${(e as Error).stack ?? String(e)}\nhub output:\n${hubLog().slice(-3000)}`);
  } finally {
    chaos = false;
    for (const t of timers) clearTimeout(t);
    for (const c of clients) c.close();
    if (hub) await stopChild(hub);
    if (!opts.keepData && failures.length === 0) rmSync(dataDir, { recursive: true, force: true });
  }
  return { ok: failures.length === 0, seed, failures, durationMs: performance.now() - t0, dataDir, counts };
}

export function formatSoak(r: SoakResult): string {
  const c = r.counts;
  const lines = [
    `soak ${r.ok ? 'PASSED' : 'FAILED'} in ${Math.round(r.durationMs / 1000)} s (seed ${r.seed})`,
    `  conversations ${c.conversations}; messages sent ${c.enqueued}, acked ${c.acked}, stored ${c.stored}`,
    `  lost ${c.lost}, duplicated ${c.duplicates}, out of order ${c.orderViolations}, seq gaps ${c.gaps}, client views differing ${c.viewMismatches}, never acked ${c.unacked}, refused ${c.rejected}`,
    `  faults: ${c.kills} hub SIGKILLs (${c.restarts} restarts), ${c.drops} dropped connections, ${c.reconnects} reconnects`,
    `  delivery: ${c.liveReceived} live message:new, ${c.duplicateDeliveries} repeated deliveries absorbed by seq, ${c.syncs} chat:sync calls; hub errors logged ${c.hubErrors}`,
  ];
  if (!r.ok) lines.push(`  data folder kept: ${r.dataDir}`, ...r.failures.slice(0, 30).map((f) => `  - ${f}`));
  return lines.join('\n');
}
