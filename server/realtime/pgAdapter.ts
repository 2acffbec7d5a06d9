// How the hubs of a cluster pass broadcasts, room joins and server-side events to each other:
// socket.io's Postgres adapter (its PostgresAdapter class, its message and attachment formats),
// with our own sending and receiving beside it, because of three things measured in the library's:
// - It acts on the hub's own sockets only after its NOTIFY has returned, so under load a hub's own
//   deliveries queued behind PostgreSQL: acks on time, the message on the agent's screen up to
//   1.4 s later (docs/PERFORMANCE.md). Here the hub's own sockets are served at once.
// - It sends one NOTIFY per message on whichever pool connection is free, and hands a large
//   message on only after reading it back from socket_io_attachments while smaller ones overtake
//   it: the other hubs could see a leave before its join, or a long message in Japanese after the
//   one sent after it. Here messages go out in order, many per statement (those queued while one
//   statement runs go in the next), and are handed on in the order they arrive.
// - One round trip per message, not PostgreSQL's capacity, bounded how fast a hub could broadcast.
import { decode, encode } from '@msgpack/msgpack';
import { PostgresAdapter } from '@socket.io/postgres-adapter';
import type pg from 'pg';
import { MessageType, type BroadcastOptions, type ClusterAdapterOptions, type ClusterMessage, type ClusterResponse, type Room } from 'socket.io-adapter';
import { SOCKET_IO_TABLE as ATTACHMENTS } from '../store/pg/schema';

/** The library's names and limits, so hubs on either code read each other during an upgrade. */
const channelOf = (nsp: string) => `socket.io#${nsp}`;
/** PostgreSQL refuses a NOTIFY payload of 8,000 bytes or more. */
const PAYLOAD_LIMIT = 8000;
const ATTACHMENT_MAX_AGE_MS = 30_000;
/** Notifications per statement at most: a bound on one statement's size, not a tuning knob. */
const NOTIFY_BATCH = 500;
// Received messages handed on per turn of the event loop: another hub's batch arrives as hundreds
// of notifications in one read, and handing them all on at once held this hub's sockets for 50–80
// ms (cluster bench). The store's worker answers are sliced the same way (workerStore.ts).
const RECEIVE_SLICE = 16;
// One transaction, one notification per row, in the arrays' order. PostgreSQL delivers identical
// channel + payload pairs of one transaction once (a status sent twice, a room joined again), so a
// batch ends before a pair it already holds.
const NOTIFY_MANY = 'SELECT count(pg_notify(c, p)) FROM unnest($1::text[], $2::text[]) AS t(c, p)';

type Outgoing = ClusterMessage | ClusterResponse;
type Receiver = { uid: string; onMessage(m: ClusterMessage): void };

/** An error PostgreSQL gave for the statement itself, not for the connection (SQLSTATE classes 08, 57). */
function refusedStatement(e: unknown): boolean {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && code.length === 5 && !code.startsWith('08') && !code.startsWith('57');
}

function hasBinary(x: unknown): boolean {
  if (!x || typeof x !== 'object') return false;
  if (x instanceof ArrayBuffer || ArrayBuffer.isView(x)) return true;
  return Object.values(x).some(hasBinary);
}

/** One LISTEN connection and one ordered sender, shared by the hub's namespaces. */
class PubSub {
  private readonly namespaces = new Map<string, Receiver>();
  private readonly queue: { message: Outgoing; payload: string | null; attachment: Uint8Array | null; sent: () => void }[] = [];
  private sending = false;
  private readonly inbox: string[] = [];
  private receiving = false;
  private listener: pg.PoolClient | null = null;
  private reconnect: NodeJS.Timeout | undefined;
  private readonly cleanup: NodeJS.Timeout;
  private closed = false;
  private listenedBefore = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly report: (e: Error) => void,
    private readonly resumed: () => void,
  ) {
    void this.listen();
    this.cleanup = setInterval(() => {
      this.pool.query(`DELETE FROM ${ATTACHMENTS} WHERE created_at < now() - interval '${ATTACHMENT_MAX_AGE_MS} milliseconds'`).catch((e: Error) => this.report(e));
    }, ATTACHMENT_MAX_AGE_MS);
    this.cleanup.unref();
  }

  add(nsp: string, receiver: Receiver): void {
    this.namespaces.set(nsp, receiver);
    this.listener?.query(`LISTEN "${channelOf(nsp)}"`).catch((e: Error) => this.report(e));
  }

  /** False once no namespace is left. */
  remove(nsp: string): boolean {
    this.namespaces.delete(nsp);
    return this.namespaces.size > 0;
  }

  /** One LISTEN connection at a time: a retry replaces any retry already planned. */
  private listenLater(): void {
    clearTimeout(this.reconnect);
    if (!this.closed) this.reconnect = setTimeout(() => void this.listen(), 1000 + Math.random() * 2000);
  }

  private async listen(): Promise<void> {
    let client: pg.PoolClient | undefined;
    let dropped = false;
    // Handed back as broken, once, so the pool drops it and has a connection to listen on again.
    const drop = (why: string) => {
      if (dropped || !client) return;
      dropped = true;
      if (this.listener === client) this.listener = null;
      client.release(new Error(why));
    };
    try {
      client = await this.pool.connect();
      const own = client;
      own.on('notification', (n) => {
        if (this.listener !== own) return;
        this.inbox.push(n.payload ?? '');
        void this.receiveAll();
      });
      // A cut connection emits 'error' before 'end'; unheard, it would end the hub.
      own.on('error', (e) => this.report(e));
      own.on('end', () => {
        // While it was being set up, the failed LISTEN below retries instead.
        if (this.listener !== own) return;
        drop('the LISTEN connection ended');
        this.listenLater();
      });
      for (const nsp of this.namespaces.keys()) await own.query(`LISTEN "${channelOf(nsp)}"`);
      if (this.closed) return drop('the hub is closing');
      this.listener = own;
      // What the other hubs sent while nobody listened is gone: the hub catches its clients up.
      if (this.listenedBefore) this.resumed();
      this.listenedBefore = true;
    } catch (e) {
      this.report(e as Error);
      drop('LISTEN failed');
      this.listenLater();
    }
  }

  /** One after another (a message read back from the attachments table keeps its place), a slice per turn. */
  private async receiveAll(): Promise<void> {
    if (this.receiving) return;
    this.receiving = true;
    try {
      for (let n = 1; this.inbox.length > 0; n++) {
        await this.receive(this.inbox.shift()!).catch((e: Error) => this.report(e));
        if (n % RECEIVE_SLICE === 0) await new Promise((next) => setImmediate(next));
      }
    } finally {
      this.receiving = false;
    }
  }

  private async receive(payload: string): Promise<void> {
    let message = JSON.parse(payload) as ClusterMessage & { attachmentId?: string };
    // An attachment's notice names its sender but not its namespace.
    for (const n of this.namespaces.values()) if (n.uid === message.uid) return;
    if (message.attachmentId) {
      const r = await this.pool.query(`SELECT payload FROM ${ATTACHMENTS} WHERE id = $1`, [message.attachmentId]);
      message = decode(r.rows[0].payload as Buffer) as ClusterMessage;
    }
    this.namespaces.get(message.nsp)?.onMessage(message);
  }

  publish(message: Outgoing): Promise<void> {
    // Serialized now: the local delivery that follows must not change what the other hubs get.
    let payload: string | null;
    let attachment: Uint8Array | null;
    try {
      const json = hasBinary(message) ? null : JSON.stringify(message);
      payload = json !== null && Buffer.byteLength(json) < PAYLOAD_LIMIT ? json : null;
      attachment = payload === null ? encode(message) : null;
    } catch (e) {
      // Reported, as the library does; this hub's own sockets still get it.
      this.report(e as Error);
      return Promise.resolve();
    }
    return new Promise((sent) => {
      this.queue.push({ message, payload, attachment, sent });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.queue.length > 0) {
        const held = new Set<string>();
        let n = 0;
        for (; n < this.queue.length && n < NOTIFY_BATCH && this.queue[n]!.payload !== null; n++) {
          const key = `${this.queue[n]!.message.nsp}\n${this.queue[n]!.payload}`;
          if (held.has(key)) break;
          held.add(key);
        }
        const batch = this.queue.splice(0, Math.max(n, 1));
        try {
          if (n === 0) await this.publishLarge(batch[0]!.message, batch[0]!.attachment!);
          else await this.notify(batch);
        } catch (e) {
          // Reported, not thrown, as the library does. Clients catch up on what a hub missed by
          // their own sync on a sequence gap or a reconnect.
          this.report(e as Error);
          // One message PostgreSQL refused must not take the rest of its batch with it (a lost
          // connection, or one PostgreSQL is shutting down, would refuse each of them too).
          if (batch.length > 1 && refusedStatement(e)) for (const b of batch) await this.notify([b]).catch((e2: Error) => this.report(e2));
        }
        for (const b of batch) b.sent();
      }
    } finally {
      this.sending = false;
    }
  }

  private async notify(batch: readonly { message: Outgoing; payload: string | null }[]): Promise<void> {
    await this.pool.query(NOTIFY_MANY, [batch.map((b) => channelOf(b.message.nsp)), batch.map((b) => b.payload)]);
  }

  /** Too large for a NOTIFY, or binary: a row the other hubs read back, named in the NOTIFY. */
  private async publishLarge(m: Outgoing, attachment: Uint8Array): Promise<void> {
    const r = await this.pool.query(`INSERT INTO ${ATTACHMENTS} (payload) VALUES ($1) RETURNING id`, [Buffer.from(attachment)]);
    await this.pool.query('SELECT pg_notify($1, $2)', [channelOf(m.nsp), JSON.stringify({ uid: m.uid, type: m.type, attachmentId: r.rows[0].id })]);
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.reconnect);
    clearInterval(this.cleanup);
    const listener = this.listener;
    this.listener = null;
    listener?.release();
  }
}

const encoded = (opts: BroadcastOptions) => ({ rooms: [...opts.rooms], except: [...(opts.except ?? [])], flags: opts.flags ?? {} });
const here = (opts: BroadcastOptions): BroadcastOptions => ({ ...opts, flags: { ...opts.flags, local: true } });

/** Tells the other hubs (queued, in order), then acts on this hub's sockets without waiting. */
class LocalFirstAdapter extends PostgresAdapter {
  override broadcast(packet: unknown, opts: BroadcastOptions): Promise<void> {
    if (!opts.flags?.local) this.publish({ type: MessageType.BROADCAST, data: { packet, opts: encoded(opts) } });
    return super.broadcast(packet, here(opts));
  }
  override addSockets(opts: BroadcastOptions, rooms: Room[]): Promise<void> {
    if (!opts.flags?.local) this.publish({ type: MessageType.SOCKETS_JOIN, data: { opts: encoded(opts), rooms } });
    return super.addSockets(here(opts), rooms);
  }
  override delSockets(opts: BroadcastOptions, rooms: Room[]): Promise<void> {
    if (!opts.flags?.local) this.publish({ type: MessageType.SOCKETS_LEAVE, data: { opts: encoded(opts), rooms } });
    return super.delSockets(here(opts), rooms);
  }
  override disconnectSockets(opts: BroadcastOptions, close: boolean): Promise<void> {
    if (!opts.flags?.local) this.publish({ type: MessageType.DISCONNECT_SOCKETS, data: { opts: encoded(opts), close } });
    return super.disconnectSockets(here(opts), close);
  }
}

/**
 * The adapter factory for `io.adapter(…)`. `resumed` is called when the hub listens again after its
 * LISTEN connection was cut: what the other hubs broadcast meanwhile never reached it.
 */
export function pgBroadcastAdapter(pool: pg.Pool, opts: { errorHandler: (e: Error) => void; resumed?: () => void } & ClusterAdapterOptions) {
  const pubsub = new PubSub(pool, opts.errorHandler, opts.resumed ?? (() => undefined));
  // A function, not an arrow: socket.io calls it with `new`, and takes the object it returns.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- socket.io types a namespace as any here
  return function adapterFor(nsp: any) {
    // PostgresAdapter only calls its client's publish(); ours takes the library client's place.
    const adapter = new LocalFirstAdapter(nsp, opts, pubsub as unknown as ConstructorParameters<typeof PostgresAdapter>[2]);
    // uid and onMessage are protected in socket.io-adapter; the library's own factory reaches them too.
    pubsub.add(nsp.name, adapter as unknown as Receiver);
    const close = adapter.close.bind(adapter);
    adapter.close = () => {
      if (!pubsub.remove(nsp.name)) pubsub.close();
      close();
    };
    return adapter;
  };
}
