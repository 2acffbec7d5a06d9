// WAL checkpoints in a worker thread (server/store/walCheckpointer.ts): the hub's commits never
// checkpoint, the WAL still stays small while writes never stop, and a purge's checkpoint still
// leaves none of the purged text in any file.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { DB_FILE } from '../../server/store/db';
import { openStore, type Store } from '../../server/store/index';
import type { Message } from '../../shared/protocol/schemas';
import { ALWAYS_OPEN, customerToken, plainDataDir, spawnHub, TEST_LIMITS, tempDataDir, type HubProcess } from '../helpers/hub';
import { connectCustomer, ok } from '../helpers/sockets';

const AT = '2026-12-05T10:00:00.000Z';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let dirs: string[] = [];
let stores: Store[] = [];
afterEach(() => {
  for (const s of stores) s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  stores = [];
  dirs = [];
});

function open(dir: string, walCheckpoints = { intervalMs: 20, restartPages: 200 }): Store {
  dirs.push(dir);
  const store = openStore(dir, { walCheckpoints });
  stores.push(store);
  store.conversations.createGuest({ id: 'k_1', email: 'ada@shop.test', name: 'Ada', createdAt: AT });
  return store;
}

const walBytes = (dir: string) => {
  try {
    return statSync(join(dir, `${DB_FILE}-wal`)).size;
  } catch {
    return 0;
  }
};

let nextClientId = 0;
async function chat(store: Store, id: string, messages: number, body: (i: number) => string): Promise<void> {
  await store.write(() => store.conversations.create({ id, customerId: 'k_1', widgetSessionId: null, brandId: 'default', createdAt: AT }));
  for (let i = 0; i < messages; i++) {
    await store.write(() =>
      store.conversations.appendMessage({ conversationId: id, clientId: `m${++nextClientId}`, authorKind: 'customer', authorId: 'k_1', authorName: 'Ada', body: body(i), createdAt: AT }),
    );
  }
}

/** Files in the folder holding `needle` (the database, its WAL, anything else). */
const filesHolding = (dir: string, needle: string) => readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile() && readFileSync(join(dir, f)).includes(needle));

describe('WAL checkpoints in a worker thread', () => {
  it('the hub connection never checkpoints inside a commit; the worker keeps the WAL from growing while writes never stop', async () => {
    const dir = tempDataDir('walcp');
    const store = open(dir);
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    // ~2,000 commits of ~4-6 pages each, no pause between them: without the worker's restarts
    // between batches the WAL would only grow (SQLite rewinds it only when every frame is copied).
    const long = 'A silk scarf, the colour is not the one shown on the site. '.repeat(20);
    await chat(store, 'c_1', 2000, (i) => `${long} ${i}`);
    const restarts = store.walCheckpointer!.last;
    expect(restarts).not.toBeNull();
    // 200 pages of 4 KiB is where a restart is due. On a busy machine the worker may get its turn
    // late and the WAL overshoot for a while; without the restarts it ends near 86 MB.
    expect(walBytes(dir)).toBeLessThan(20 * 200 * 4096);
    expect((store.db.prepare('SELECT COUNT(*) AS n FROM messages').get() as { n: number }).n).toBe(2000);
  }, 60_000);

  it("a purge's checkpoint runs in the worker and leaves none of the purged text in the WAL or the file", async () => {
    const dir = plainDataDir('walcp');
    const store = open(dir, { intervalMs: 60_000, restartPages: 1_000_000 });
    await chat(store, 'c_gone', 30, (i) => `zanzibarquux parcel ${i}`);
    await chat(store, 'c_kept', 3, (i) => `heldwordplugh ${i}`);
    expect(filesHolding(dir, 'zanzibarquux')).not.toEqual([]);
    await store.write(() => {
      store.db.prepare("DELETE FROM messages WHERE conversation_id = 'c_gone'").run();
      store.db.prepare("DELETE FROM conversations WHERE id = 'c_gone'").run();
    });
    expect(await store.checkpoint()).toBe(true);
    expect(store.walCheckpointer!.last?.mode).toBe('TRUNCATE');
    expect(walBytes(dir)).toBe(0);
    expect(filesHolding(dir, 'zanzibarquux')).toEqual([]);
    // Truncated, not lost: what was kept is all there.
    expect(store.conversations.messagesAfter('c_kept', 0).map((m) => m.body)).toEqual(['heldwordplugh 0', 'heldwordplugh 1', 'heldwordplugh 2']);
  });

  it('writes sent while the worker truncates wait for it, then commit: none lost, none out of order', async () => {
    const dir = tempDataDir('walcp');
    const store = open(dir, { intervalMs: 60_000, restartPages: 1_000_000 });
    await chat(store, 'c_1', 50, (i) => `before ${i}`);
    const truncating = store.checkpoint();
    const during = Array.from({ length: 20 }, (_, i) =>
      store.write(() =>
        store.conversations.appendMessage({ conversationId: 'c_1', clientId: `during${i}`, authorKind: 'customer', authorId: 'k_1', authorName: 'Ada', body: `during ${i}`, createdAt: AT }),
      ),
    );
    expect(await truncating).toBe(true);
    const stored = await Promise.all(during);
    expect(stored.map((s) => s.message.seq)).toEqual(Array.from({ length: 20 }, (_, i) => 51 + i));
    expect(store.conversations.messagesAfter('c_1', 50).map((m) => m.body)).toEqual(Array.from({ length: 20 }, (_, i) => `during ${i}`));
  });

  it('an encrypted store: the worker opens the file with the same key and checkpoints it', async () => {
    const dir = tempDataDir('walcp');
    const store = open(dir, { intervalMs: 60_000, restartPages: 1_000_000 });
    await chat(store, 'c_1', 20, (i) => `encrypted ${i}`);
    expect(walBytes(dir)).toBeGreaterThan(0);
    expect(await store.checkpoint()).toBe(true);
    expect(walBytes(dir)).toBe(0);
  });

  it('if the worker dies, the store checkpoints inside commits again and the purge still truncates the WAL', async () => {
    const dir = tempDataDir('walcp');
    const store = open(dir, { intervalMs: 60_000, restartPages: 1_000_000 });
    await (store.walCheckpointer as unknown as { worker: Worker }).worker.terminate();
    for (let i = 0; i < 50 && store.db.pragma('wal_autocheckpoint', { simple: true }) === 0; i++) await sleep(20);
    expect(store.db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await chat(store, 'c_1', 20, (i) => `after the worker ${i}`);
    expect(await store.checkpoint()).toBe(true);
    expect(walBytes(dir)).toBe(0);
    expect(store.conversations.messagesAfter('c_1', 0)).toHaveLength(20);
  });

  it('a hub SIGKILLed while its worker restarts the WAL between batches keeps every message it acked', async () => {
    const dataDir = tempDataDir('walcp-crash');
    dirs.push(dataDir);
    // A restart due at nearly every turn: the hub holds and releases its batches all the time.
    writeFileSync(
      join(dataDir, 'config.json'),
      JSON.stringify({ policy: { hours: ALWAYS_OPEN }, settings: { limits: TEST_LIMITS, walCheckpointIntervalMs: 5, walRestartPages: 4 } }),
    );
    let hub: HubProcess = await spawnHub(dataDir);
    try {
      const token = await customerToken(hub.url, 'Kim Crash', 'kim@shop.test');
      const customer = await connectCustomer(hub.url, token);
      const { conversation } = await ok(customer, 'chat:start', {});
      const acked: Message[] = [];
      await new Promise<void>((resolve) => {
        let i = 0;
        const sendNext = () => {
          i += 1;
          void customer
            .timeout(5000)
            .emitWithAck('chat:send', { conversationId: conversation.id, clientId: `crash-${String(i).padStart(4, '0')}`, body: `message ${i}` })
            .then((r: { ok: boolean; data: { message: Message } }) => {
              if (!r.ok) return;
              acked.push(r.data.message);
              if (acked.length === 150) {
                hub.child.kill('SIGKILL');
                resolve();
              }
            })
            .catch(() => {});
          if (i < 300) setImmediate(sendNext);
        };
        sendNext();
      });
      customer.close();
      await hub.kill();
      hub = await spawnHub(dataDir);
      const again = await connectCustomer(hub.url, token);
      const t = await ok(again, 'chat:sync', { conversationId: conversation.id, afterSeq: 0 });
      const stored = new Map(t.messages.map((m: Message) => [m.clientId, m]));
      for (const m of acked) expect(stored.get(m.clientId)).toMatchObject({ seq: m.seq, body: m.body });
      expect(t.messages.map((m: Message) => m.seq)).toEqual(t.messages.map((_: Message, i: number) => i + 1));
      again.close();
    } finally {
      await hub.kill();
    }
  }, 120_000);
});
