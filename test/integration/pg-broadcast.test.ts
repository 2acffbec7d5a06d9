// The hubs' broadcast adapter on a real PostgreSQL (server/realtime/pgAdapter.ts), with two bare
// socket.io servers on loopback ports standing for two hubs: a hub's own clients get what it
// broadcasts without waiting for PostgreSQL, and the other hub's clients get everything, in the
// order it was sent, joins and large payloads included.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pgBroadcastAdapter } from '../../server/realtime/pgAdapter';
import { BROADCAST_POOL_SIZE } from '../../server/store/pg/api';
import { migratePg } from '../../server/store/pg/db';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { until } from '../helpers/sockets';

interface TestHub {
  io: Server;
  pool: pg.Pool;
  url: string;
  http: HttpServer;
  /** How often it listened again after its LISTEN connection was cut. */
  resumed: number;
}

describe('broadcasts between hubs through PostgreSQL', () => {
  let postgres: TestPostgres;
  let url: string;
  const hubs: TestHub[] = [];
  const clients: Socket[] = [];
  const errors: string[] = [];

  beforeAll(async () => {
    postgres = await startPostgres();
    url = await postgres.freshDatabase('broadcast');
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await migratePg(client);
    await client.end();
  }, 60_000);
  afterAll(async () => {
    await postgres?.stop();
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    for (const h of hubs.splice(0)) {
      await h.io.close();
      await h.pool.end();
    }
    expect(errors.splice(0)).toEqual([]);
  });

  async function hub(): Promise<TestHub> {
    const pool = new pg.Pool({ connectionString: url, max: BROADCAST_POOL_SIZE });
    pool.on('error', () => undefined); // an idle connection cut by the test; the adapter's own report theirs
    const http = createServer();
    const io = new Server(http);
    const counts = { resumed: 0 };
    io.adapter(pgBroadcastAdapter(pool, { errorHandler: (e) => errors.push(String(e)), resumed: () => (counts.resumed += 1) }));
    io.on('connection', (s) =>
      s.on('join', (room: string, done: () => void) => {
        void s.join(room);
        done();
      }),
    );
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const h = Object.assign(counts, { io, pool, http, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` });
    hubs.push(h);
    return h;
  }

  async function client(h: TestHub, room?: string): Promise<{ socket: Socket; got: unknown[] }> {
    const socket = connect(h.url, { transports: ['websocket'], forceNew: true });
    clients.push(socket);
    const got: unknown[] = [];
    socket.on('note', (x: unknown) => got.push(x));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    if (room) await socket.emitWithAck('join', room);
    return { socket, got };
  }

  const twoHubs = async (): Promise<[TestHub, TestHub]> => [await hub(), await hub()];

  /** The other hub hears NOTIFYs once its LISTEN is up: broadcasts until one gets through. */
  async function crossing(from: TestHub, to: { got: unknown[] }, room?: string): Promise<void> {
    const start = Date.now();
    while (!to.got.includes('warm')) {
      if (Date.now() - start > 10_000) throw new Error('no broadcast crossed to the other hub in 10 s');
      (room ? from.io.to(room) : from.io).emit('note', 'warm');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('a burst of broadcasts, one too large for a NOTIFY among them, reaches the other hub complete and in order', async () => {
    const [a, b] = await twoHubs();
    const there = await client(b, 'chat');
    const here = await client(a, 'chat');
    await crossing(a, there, 'chat');
    await new Promise((r) => setTimeout(r, 200));
    there.got.length = 0;
    here.got.length = 0;

    const sent: unknown[] = [];
    for (let i = 0; i < 400; i++) sent.push(i === 200 ? `large ${'x'.repeat(20_000)}` : i);
    for (const x of sent) a.io.to('chat').emit('note', x);

    await until(() => there.got.length >= sent.length, 15_000, `all ${sent.length} broadcasts on the other hub`);
    expect(there.got).toEqual(sent);
    expect(here.got).toEqual(sent);
  });

  it("a hub's own clients get a broadcast while PostgreSQL is busy; the other hub's get it once PostgreSQL takes it", async () => {
    const [a, b] = await twoHubs();
    const there = await client(b, 'chat');
    const here = await client(a, 'chat');
    await crossing(a, there, 'chat');

    // The hub's broadcast pool is busy for a second: its free connections, and the one queued next.
    const busy = Array.from({ length: BROADCAST_POOL_SIZE }, () => a.pool.query('SELECT pg_sleep(1)'));
    const t0 = Date.now();
    a.io.to('chat').emit('note', 'now');
    await until(() => here.got.includes('now'), 5_000, 'the broadcast on its own hub');
    const local = Date.now() - t0;
    await until(() => there.got.includes('now'), 5_000, 'the broadcast on the other hub');
    const remote = Date.now() - t0;
    await Promise.all(busy);
    // The library's adapter served its own clients only once the NOTIFY went: at about the same time.
    expect(remote).toBeGreaterThanOrEqual(900);
    expect(remote - local).toBeGreaterThan(500);
  });

  it('the same broadcast sent again (a status toggled back) reaches the other hub every time', async () => {
    const [a, b] = await twoHubs();
    const there = await client(b, 'chat');
    await crossing(a, there, 'chat');
    await new Promise((r) => setTimeout(r, 200));
    there.got.length = 0;
    const sent = Array.from({ length: 60 }, (_, i) => ['away', 'available'][i % 2]);
    for (const x of sent) a.io.to('chat').emit('note', x);
    await until(() => there.got.length >= sent.length, 10_000, `all ${sent.length} broadcasts on the other hub`);
    await new Promise((r) => setTimeout(r, 200));
    expect(there.got).toEqual(sent);
  });

  it('a socket made to join a room on another hub gets the broadcast sent to that room right after', async () => {
    const [a, b] = await twoHubs();
    const there = await client(b);
    const here = await client(a);
    await crossing(a, there);

    for (let i = 0; i < 50; i++) {
      const room = `chat-${i}`;
      a.io.in([there.socket.id!, here.socket.id!]).socketsJoin(room);
      a.io.to(room).emit('note', room);
      a.io.in([there.socket.id!, here.socket.id!]).socketsLeave(room);
      a.io.to(room).emit('note', `${room} after leaving`);
    }
    const rooms = Array.from({ length: 50 }, (_, i) => `chat-${i}`);
    await until(() => there.got.includes('chat-49'), 10_000, 'the last room on the other hub');
    // The leave and the broadcast after it went out in order too: nothing sent after a leave arrived.
    await new Promise((r) => setTimeout(r, 300));
    expect(there.got.filter((x) => x !== 'warm')).toEqual(rooms);
    expect(here.got.filter((x) => x !== 'warm')).toEqual(rooms);
  });

  it('a hub whose LISTEN connection was cut listens again, says so, and gets broadcasts, without running out of connections', async () => {
    const [a, b] = await twoHubs();
    const there = await client(b);
    await crossing(a, there);
    expect(b.resumed).toBe(0);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      for (let cut = 0; cut < BROADCAST_POOL_SIZE + 1; cut++) {
        const r = await admin.query("SELECT pg_terminate_backend(pid) AS gone FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'");
        expect(r.rows.length).toBeGreaterThan(0);
        there.got.length = 0;
        await crossing(a, there);
        expect(b.resumed).toBe(cut + 1);
      }
    } finally {
      await admin.end();
    }
    expect(errors.splice(0).every((e) => /terminat/i.test(e))).toBe(true);
  }, 60_000);
});
