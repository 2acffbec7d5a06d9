import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Outbox } from '../../shared/delivery/outbox';
import { Timeline } from '../../shared/delivery/timeline';
import type { Message } from '../../shared/protocol/schemas';
import { addStaff, customerToken, login, openDbDirect, spawnHub, startTestHub, tempDataDir, type HubProcess } from '../helpers/hub';
import { collect, connectAgent, connectCustomer, ok, until } from '../helpers/sockets';
import { DB_FILE } from '../../server/store/db';
import { sqliteApi } from '../../server/store/api';
import { openStore } from '../../server/store/index';
import { staffAuth } from '../../server/auth/staff';
import { systemClock } from '../../server/clock';
import type { Hub } from '../../server/hub';

const countMessages = (dataDir: string, conversationId: string) => {
  const db = openDbDirect(join(dataDir, DB_FILE), { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ?').get(conversationId) as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('delivery: nothing acknowledged is lost, nothing shown twice', () => {
  const cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  it('a message acked just before the hub is SIGKILLed is there for both sides after a restart', async () => {
    const dataDir = tempDataDir('crash');
    let hub: HubProcess = await spawnHub(dataDir);
    cleanup.push(() => hub.kill());
    const token = await customerToken(hub.url, 'Kim Crash', 'kim@shop.test');
    const customer = await connectCustomer(hub.url, token);
    const { conversation } = await ok(customer, 'chat:start', {});
    const acked: Message[] = [];
    // Keep sending; kill the hub the moment the 20th ack arrives, with more sends in flight.
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
            if (acked.length === 20) {
              hub.child.kill('SIGKILL');
              resolve();
            }
          })
          .catch(() => {});
        if (i < 40) setImmediate(sendNext);
      };
      sendNext();
    });
    customer.close();
    await hub.kill();

    // Same data folder, new process.
    hub = await spawnHub(dataDir);
    const customer2 = await connectCustomer(hub.url, token);
    const t = await ok(customer2, 'chat:sync', { conversationId: conversation.id, afterSeq: 0 });
    const stored = new Map(t.messages.map((m: Message) => [m.clientId, m]));
    for (const m of acked) expect(stored.get(m.clientId)).toMatchObject({ seq: m.seq, body: m.body });
    // Seqs are gapless after the crash too.
    expect(t.messages.map((m: Message) => m.seq)).toEqual(t.messages.map((_: Message, i: number) => i + 1));
    customer2.close();
    await hub.kill();

    // The agent side reads the same store (an account added offline, as `caredesk users add` does).
    const direct = openStore(dataDir);
    const agent = await staffAuth(sqliteApi(direct), systemClock, { sessionIdleMs: 1 }).createUser({ email: 'a@desk.test', name: 'A', role: 'agent', password: 'long enough password' });
    direct.close();
    hub = await spawnHub(dataDir);
    const agentSocket = await connectAgent(hub.url, await login(hub.url, agent.email, 'long enough password'));
    const seen = await ok(agentSocket, 'conversation:open', { conversationId: conversation.id });
    for (const m of acked) expect(seen.messages.some((x: Message) => x.clientId === m.clientId)).toBe(true);
    agentSocket.close();
    rmSync(dataDir, { recursive: true, force: true });
  }, 120_000); // several `caredesk` processes or hub restarts: slow on a loaded machine

  describe('with an in-process hub', () => {
    let hub: Hub;
    afterAll(async () => hub?.close());

    it('an agent offline while messages were sent receives exactly the missed ones, once each, in order', async () => {
      hub = await startTestHub();
      const staff = await addStaff(hub);
      const agentToken = await login(hub.url, staff.email);
      const customer = await connectCustomer(hub.url, await customerToken(hub.url));
      cleanup.push(() => void customer.close());
      const { conversation } = await ok(customer, 'chat:start', {});

      const timeline = new Timeline();
      let agent = await connectAgent(hub.url, agentToken);
      const first = await ok(agent, 'conversation:open', { conversationId: conversation.id });
      timeline.merge(first.messages);
      await ok(customer, 'chat:send', { conversationId: conversation.id, clientId: 'before-offline-1', body: 'one' });
      await ok(agent, 'chat:sync', { conversationId: conversation.id, afterSeq: 0 }).then((t) => timeline.merge(t.messages));
      expect(timeline.lastSeq).toBe(1);

      agent.close(); // offline
      for (let i = 2; i <= 6; i++) {
        await ok(customer, 'chat:send', { conversationId: conversation.id, clientId: `while-offline-${i}`, body: `msg ${i}` });
      }

      agent = await connectAgent(hub.url, agentToken);
      cleanup.push(() => void agent.close());
      const live = collect<Message>(agent, 'message:new');
      const replay = await ok(agent, 'chat:sync', { conversationId: conversation.id, afterSeq: timeline.lastSeq });
      expect(replay.messages.map((m: Message) => m.seq)).toEqual([2, 3, 4, 5, 6]);
      expect(timeline.merge(replay.messages).map((m) => m.body)).toEqual(['msg 2', 'msg 3', 'msg 4', 'msg 5', 'msg 6']);
      // A message sent now arrives live exactly once, and a repeated sync adds nothing.
      await ok(customer, 'chat:send', { conversationId: conversation.id, clientId: 'after-reconnect', body: 'seven' });
      await until(() => live.length === 1, 5000, 'live message');
      expect(timeline.add(live[0]!)).toBe('added');
      const again = await ok(agent, 'chat:sync', { conversationId: conversation.id, afterSeq: 0 });
      expect(timeline.merge(again.messages)).toEqual([]);
      expect(timeline.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    });

    it('a message resent after a lost ack is stored once', async () => {
      const customer = await connectCustomer(hub.url, await customerToken(hub.url));
      cleanup.push(() => void customer.close());
      const { conversation } = await ok(customer, 'chat:start', {});
      const payload = { conversationId: conversation.id, clientId: 'resent-0000001', body: 'are you there?' };
      const a = await ok(customer, 'chat:send', payload);
      const b = await ok(customer, 'chat:send', payload);
      expect(b.message.seq).toBe(a.message.seq);
      expect(countMessages(hubDataDir(hub), conversation.id)).toBe(1);
    });

    it('the outbox retries until acked: a dropped ack and a disconnect still store each message once', async () => {
      const token = await customerToken(hub.url);
      let customer = await connectCustomer(hub.url, token);
      const { conversation } = await ok(customer, 'chat:start', {});
      let dropNextAck = true;
      const acked: Message[] = [];
      const outbox = new Outbox({
        retryDelaysMs: [50],
        send: async (p) => {
          const r = await customer.timeout(1000).emitWithAck('chat:send', p);
          if (dropNextAck) {
            dropNextAck = false;
            throw new Error('ack lost'); // the hub stored it, the client never heard back
          }
          return r;
        },
        onAcked: (m) => acked.push(m),
        onRejected: () => {
          throw new Error('unexpected rejection');
        },
      });
      cleanup.push(() => outbox.close());
      outbox.enqueue(conversation.id, 'first');
      customer.close(); // goes offline while the second message is queued
      outbox.enqueue(conversation.id, 'second');
      await new Promise((r) => setTimeout(r, 200));
      customer = await connectCustomer(hub.url, token);
      cleanup.push(() => void customer.close());
      outbox.flush();
      await until(() => acked.length === 2 && outbox.size === 0, 10_000, 'both acked');
      const t = await ok(customer, 'chat:sync', { conversationId: conversation.id, afterSeq: 0 });
      expect(t.messages.map((m: Message) => m.body).sort()).toEqual(['first', 'second']);
    });
  });
});

function hubDataDir(hub: Hub): string {
  return (hub.store.db.name as string).replace(/[/\\][^/\\]+$/, '');
}
