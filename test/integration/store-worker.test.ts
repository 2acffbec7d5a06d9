// The hub's SQLite store in its worker thread (server/store/workerStore.ts, issue 11): SQL and
// fsyncs no longer run on the event loop that serves the sockets. What a user would notice: the
// hub keeps answering while the database is slow to give it the write lock, a message waiting for
// the lock is acknowledged only once it is stored, and a worker thread that dies loses nothing
// acknowledged and is replaced without restarting the hub.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import type { WorkerStore } from '../../server/store/workerStore';
import type { Message } from '../../shared/protocol/schemas';
import { customerToken, plainDataDir, ROOT, startTestHub, tempDataDir } from '../helpers/hub';
import { connectCustomer, ok, until, type CustomerSocket } from '../helpers/sockets';

let hub: Hub | null = null;
const sockets: CustomerSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await hub?.close();
  hub = null;
});

async function customerInChat(h: Hub, name: string): Promise<{ customer: CustomerSocket; conversationId: string }> {
  const customer = await connectCustomer(h.url, await customerToken(h.url, name, `${name.split(' ')[0]!.toLowerCase()}@shop.test`));
  sockets.push(customer);
  const { conversation } = await ok(customer, 'chat:start', {});
  return { customer, conversationId: conversation.id };
}

const send = (customer: CustomerSocket, conversationId: string, clientId: string, body: string) =>
  customer.timeout(10_000).emitWithAck('chat:send', { conversationId, clientId, body }) as Promise<{ ok: boolean; data?: { message: Message }; error?: { code: string } }>;

describe("the hub's store in its worker thread", () => {
  it('the hub answers while another process holds the write lock; the message waiting for it is acked only once stored', async () => {
    const errors: string[] = [];
    hub = await startTestHub({ dataDir: plainDataDir('store-worker'), log: (level, msg) => void (level === 'error' && errors.push(msg)) });
    expect(hub.api.backend).toBe('sqlite');
    expect(hub.api.inThread).toBe(false);
    const { customer, conversationId } = await customerInChat(hub, 'Lena Lock');

    // A tool beside the hub (here: a second connection to the file) takes the write lock and keeps it.
    const tool = hub.store.db;
    // Not waiting in SQLite's busy handler here: this thread is the hub's too, and a batch the hub
    // has begun commits only when this thread lets it go on.
    tool.pragma('busy_timeout = 0');
    for (;;) {
      try {
        tool.exec('BEGIN IMMEDIATE');
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 5));
      }
    }
    let acked: Message | null = null;
    const sent = send(customer, conversationId, 'held-0001', 'Is my parcel on its way?').then((r) => {
      acked = r.data?.message ?? null;
      return r;
    });
    // The worker waits for the lock in SQLite's busy handler; the hub's own thread does not.
    const health = await fetch(`${hub.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, data: { status: 'ok' } });
    expect(acked).toBeNull();

    tool.exec('COMMIT');
    const r = await sent;
    expect(r).toMatchObject({ ok: true });
    const t = await ok(customer, 'chat:sync', { conversationId, afterSeq: 0 });
    expect(t.messages.map((m: Message) => [m.clientId, m.body])).toEqual([['held-0001', 'Is my parcel on its way?']]);
    expect(errors).toEqual([]);
  });

  it('a hub whose store cannot be opened (another database key) stops and says why, rather than hanging on', async () => {
    const dataDir = tempDataDir('store-worker-key');
    hub = await startTestHub({ dataDir });
    await hub.close();
    hub = null;
    const child = spawn(process.execPath, [join(ROOT, 'bin/caredesk.mjs'), 'hub', '--data', dataDir, '--port', '0'], {
      env: { ...process.env, CAREDESK_DB_KEY: 'ab'.repeat(32) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.stderr.on('data', (d: Buffer) => (out += d));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.on('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    expect(out).toMatch(/wrong key for this data folder/);
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();

    // In the desktop app's process the same refusal must not leave a thread retrying the open.
    const logged: string[] = [];
    await expect(startTestHub({ dataDir, keys: { database: 'ab'.repeat(32) }, log: (_level, msg) => void logged.push(msg) })).rejects.toThrow(/wrong key for this data folder/);
    await new Promise((r) => setTimeout(r, 3000));
    expect(logged.filter((m) => m.includes('worker thread'))).toEqual([]);
  }, 40_000);

  it('a worker thread that dies is replaced: what was in flight is refused or stored, never acked and lost, and resends land once', async () => {
    const errors: string[] = [];
    hub = await startTestHub({ dataDir: plainDataDir('store-worker-dies'), log: (level, msg) => void (level === 'error' && errors.push(msg)) });
    const { customer, conversationId } = await customerInChat(hub, 'Dora Dies');
    const store = hub.api as WorkerStore;
    const first = store.thread();

    const ids = Array.from({ length: 60 }, (_, i) => `burst-${String(i + 1).padStart(2, '0')}`);
    const outcomes = ids.map((id, i) => send(customer, conversationId, id, `line ${i + 1}`));
    await outcomes[5];
    await first.terminate();
    const results = await Promise.all(outcomes);
    const acked = new Map<string, Message>();
    results.forEach((r, i) => r.ok && acked.set(ids[i]!, r.data!.message));
    const refused = results.filter((r) => !r.ok);
    expect(acked.size).toBeGreaterThanOrEqual(6);
    for (const r of refused) expect(r.error?.code).toBe('internal');
    await until(() => errors.some((m) => m.includes('reopened in a new worker thread')), 10_000, 'the hub to log the new worker thread');
    expect(store.thread()).not.toBe(first);

    // The client resends what was not acknowledged, under the same ids.
    for (const [i, id] of ids.entries()) if (!acked.has(id)) expect(await send(customer, conversationId, id, `line ${i + 1}`)).toMatchObject({ ok: true });
    const t = await ok(customer, 'chat:sync', { conversationId, afterSeq: 0 });
    const stored: Message[] = t.messages;
    expect(stored.map((m) => m.clientId).sort()).toEqual([...ids].sort());
    expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
    for (const [id, m] of acked) expect(stored.find((s) => s.clientId === id)).toMatchObject({ seq: m.seq, body: m.body });
    // And the hub goes on without a restart.
    expect(await send(customer, conversationId, 'after-0001', 'Thank you!')).toMatchObject({ ok: true });
  });
});
