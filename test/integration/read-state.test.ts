// Read receipts (issue 3): chat:read on both namespaces, the `read` event to both sides, forward
// only, durable across a restart, refused for anyone but the customer and the chat's own agent.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Hub } from '../../server/hub';
import { readReceipts } from '../../server/chat/readReceipts';
import { DB_FILE, migrate } from '../../server/store/db';
import { MIGRATIONS } from '../../server/store/migrations/index';
import type { ReadReceipt } from '../../shared/protocol/schemas';
import { addStaff, customerToken, login, startTestHub, tempDataDir } from '../helpers/hub';
import { call, collect, connectAgent, connectCustomer, ok, until, type AgentSocket, type CustomerSocket } from '../helpers/sockets';

const open: { close(): void }[] = [];
let hub: Hub | undefined;

afterEach(async () => {
  for (const s of open.splice(0)) s.close();
  await hub?.close();
  hub = undefined;
});

async function customer(h: Hub, token?: string): Promise<{ socket: CustomerSocket; token: string }> {
  const t = token ?? (await customerToken(h.url, 'Ada Reader'));
  const socket = await connectCustomer(h.url, t);
  open.push(socket);
  return { socket, token: t };
}

async function agent(h: Hub, token: string): Promise<AgentSocket> {
  const socket = await connectAgent(h.url, token);
  open.push(socket);
  await ok(socket, 'agent:set-status', { status: 'away' });
  return socket;
}

/** A chat with customer messages 1–2, taken by the agent, and an agent reply 3. */
async function chatWithReplies(h: Hub) {
  const me = await addStaff(h, 'agent', 'Olive Agent');
  const agentToken = await login(h.url, me.email);
  const staff = await agent(h, agentToken);
  const c = await customer(h);
  const conversationId = (await ok(c.socket, 'chat:start', {})).conversation.id as string;
  await ok(c.socket, 'chat:send', { conversationId, clientId: 'cust-msg-1', body: 'Hello, my vase arrived broken.' });
  await ok(c.socket, 'chat:send', { conversationId, clientId: 'cust-msg-2', body: 'Can you help?' });
  await ok(staff, 'conversation:accept', { conversationId });
  await ok(staff, 'chat:send', { conversationId, clientId: 'agent-msg-3', body: 'Sorry to hear that. Let me look.' });
  return { conversationId, staff, agentToken, customer: c };
}

const stored = (h: Hub, id: string) => {
  const c = h.store.conversations.get(id)!;
  return { customerReadSeq: c.customerReadSeq, agentReadSeq: c.agentReadSeq };
};

describe('read receipts', () => {
  it('the customer and the agent each mark the chat read, and both sides hear it', async () => {
    hub = await startTestHub();
    const { conversationId, staff, customer: c } = await chatWithReplies(hub);
    const atAgent = collect<ReadReceipt>(staff, 'read');
    const atCustomer = collect<ReadReceipt>(c.socket, 'read');

    expect(await ok(c.socket, 'chat:read', { conversationId, seq: 3 })).toEqual({ conversationId, by: 'customer', seq: 3 });
    await until(() => atAgent.length === 1 && atCustomer.length === 1, 5000, 'the customer read reaching both sides');
    expect(atAgent[0]).toEqual({ conversationId, by: 'customer', seq: 3 });

    expect(await ok(staff, 'chat:read', { conversationId, seq: 2 })).toEqual({ conversationId, by: 'agent', seq: 2 });
    await until(() => atCustomer.length === 2 && atAgent.length === 2, 5000, 'the agent read reaching both sides');
    expect(atCustomer[1]).toEqual({ conversationId, by: 'agent', seq: 2 });

    // The conversation carries both marks, so a client that (re)loads it shows them.
    const t = await ok(c.socket, 'chat:sync', { conversationId, afterSeq: 3 });
    expect(t.conversation).toMatchObject({ customerReadSeq: 3, agentReadSeq: 2 });
    const q = await ok(staff, 'queue:list', {});
    expect(q.conversations.find((x: { id: string }) => x.id === conversationId)).toMatchObject({ customerReadSeq: 3, agentReadSeq: 2 });
  });

  it('only moves forward: an older seq leaves the mark, acks the current one and tells nobody', async () => {
    hub = await startTestHub();
    const { conversationId, staff, customer: c } = await chatWithReplies(hub);
    const atAgent = collect<ReadReceipt>(staff, 'read');
    await ok(c.socket, 'chat:read', { conversationId, seq: 2 });
    expect(await ok(c.socket, 'chat:read', { conversationId, seq: 1 })).toEqual({ conversationId, by: 'customer', seq: 2 });
    expect(await ok(c.socket, 'chat:read', { conversationId, seq: 2 })).toEqual({ conversationId, by: 'customer', seq: 2 });
    await ok(c.socket, 'chat:read', { conversationId, seq: 3 });
    await until(() => atAgent.some((r) => r.seq === 3), 5000, 'the read of seq 3');
    expect(atAgent.map((r) => r.seq)).toEqual([2, 3]);
    expect(stored(hub, conversationId)).toEqual({ customerReadSeq: 3, agentReadSeq: 0 });
  });

  it('a burst of reads for one chat is one row update in one commit, announced once', async () => {
    hub = await startTestHub();
    const { conversationId } = await chatWithReplies(hub);
    const announced: ReadReceipt[] = [];
    const receipts = readReceipts(hub.api, (r) => announced.push(r));
    const write = vi.spyOn(hub.api, 'write');
    const c = hub.store.conversations.get(conversationId)!;
    const acks = await Promise.all([1, 3, 2].map((seq) => receipts.mark(c, 'customer', seq)));
    expect(acks.map((a) => a.seq)).toEqual([3, 3, 3]);
    expect(write).toHaveBeenCalledTimes(1);
    await until(() => announced.length > 0, 5000, 'the announcement');
    expect(announced).toEqual([{ conversationId, by: 'customer', seq: 3 }]);
    expect(stored(hub, conversationId).customerReadSeq).toBe(3);
    write.mockRestore();
  });

  it('survives a restart of the hub: both marks come back with the conversation', async () => {
    const dataDir = tempDataDir('read-state');
    hub = await startTestHub({ dataDir });
    const { conversationId, staff, agentToken, customer: c } = await chatWithReplies(hub);
    await ok(c.socket, 'chat:read', { conversationId, seq: 3 });
    await ok(staff, 'chat:read', { conversationId, seq: 2 });
    for (const s of open.splice(0)) s.close();
    await hub.close();

    hub = await startTestHub({ dataDir });
    const again = await customer(hub, c.token);
    expect((await ok(again.socket, 'chat:current', {})).conversation).toMatchObject({ id: conversationId, customerReadSeq: 3, agentReadSeq: 2 });
    const staffAgain = await agent(hub, agentToken);
    expect((await ok(staffAgain, 'conversation:open', { conversationId })).conversation).toMatchObject({ customerReadSeq: 3, agentReadSeq: 2 });
  });

  it("refuses another customer's chat, another agent, and a supervisor watching; nothing changes", async () => {
    hub = await startTestHub();
    const { conversationId } = await chatWithReplies(hub);
    const stranger = await customer(hub);
    await ok(stranger.socket, 'chat:start', {});
    const other = await agent(hub, await login(hub.url, (await addStaff(hub, 'agent', 'Xavier Agent')).email));
    const supervisor = await agent(hub, await login(hub.url, (await addStaff(hub, 'supervisor', 'Sue Supervisor')).email));
    await ok(supervisor, 'supervise:open', { conversationId });

    expect(await call(stranger.socket, 'chat:read', { conversationId, seq: 3 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call(other, 'chat:read', { conversationId, seq: 3 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(supervisor, 'chat:read', { conversationId, seq: 3 })).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringMatching(/watching/) } });
    expect(await call(stranger.socket, 'chat:read', { conversationId: 'c_nope', seq: 1 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(stored(hub, conversationId)).toEqual({ customerReadSeq: 0, agentReadSeq: 0 });
  });

  it('a waiting chat has no agent yet: looking at it from the queue does not mark it read', async () => {
    hub = await startTestHub();
    const staff = await agent(hub, await login(hub.url, (await addStaff(hub)).email));
    const c = await customer(hub);
    const conversationId = (await ok(c.socket, 'chat:start', {})).conversation.id as string;
    await ok(c.socket, 'chat:send', { conversationId, clientId: 'cust-wait-1', body: 'Anyone there?' });
    await ok(staff, 'conversation:open', { conversationId });
    expect(await call(staff, 'chat:read', { conversationId, seq: 1 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(stored(hub, conversationId).agentReadSeq).toBe(0);
  });

  it('bad payloads are refused as invalid_payload and change nothing', async () => {
    hub = await startTestHub();
    const { conversationId, staff, customer: c } = await chatWithReplies(hub);
    await ok(c.socket, 'chat:read', { conversationId, seq: 1 });
    const bad: unknown[] = [
      { conversationId, seq: 0 },
      { conversationId, seq: -2 },
      { conversationId, seq: 1.5 },
      { conversationId, seq: '3' },
      { conversationId },
      { seq: 2 },
      { conversationId: 'not an id!', seq: 2 },
      { conversationId, seq: 2, by: 'agent' },
      'read',
      null,
    ];
    for (const socket of [c.socket, staff]) {
      for (const payload of bad) {
        expect(await call(socket, 'chat:read', payload), JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
      }
      // Past the last message (3): the client cannot have shown it.
      expect(await call(socket, 'chat:read', { conversationId, seq: 4 })).toMatchObject({ ok: false, error: { code: 'invalid_payload', issues: [{ path: 'seq' }] } });
    }
    expect(stored(hub, conversationId)).toEqual({ customerReadSeq: 1, agentReadSeq: 0 });
  });
});

describe('migration 0005 on a real file', () => {
  it('adds both marks at 0 to the chats already there', () => {
    const dir = tempDataDir('read-migration');
    const db = new Database(join(dir, DB_FILE));
    try {
      expect(migrate(db, MIGRATIONS.slice(0, 4))).toBe(4);
      db.prepare("INSERT INTO customers (id, email, name, created_at) VALUES ('k_1', 'a@b.c', 'A', '2026-01-01T00:00:00Z')").run();
      db.prepare("INSERT INTO conversations (id, customer_id, status, created_at, last_seq) VALUES ('c_1', 'k_1', 'active', '2026-01-01T00:00:00Z', 7)").run();
      expect(migrate(db, MIGRATIONS)).toBe(MIGRATIONS.at(-1)!.version);
      expect(db.prepare("SELECT last_seq, customer_read_seq, agent_read_seq FROM conversations WHERE id = 'c_1'").get()).toEqual({
        last_seq: 7,
        customer_read_seq: 0,
        agent_read_seq: 0,
      });
    } finally {
      db.close();
    }
  });
});
