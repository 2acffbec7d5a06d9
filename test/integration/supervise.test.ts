// Supervisors live: numbers that move as customers arrive and are served, read-only open (audited),
// reassign; canned replies; and every new event refused to the roles without the right.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { join } from 'node:path';
import type { Hub } from '../../server/hub';
import { DB_FILE, migrate } from '../../server/store/db';
import { MIGRATIONS } from '../../server/store/migrations/index';
import { addStaff, customerToken, login, startTestHub, tempDataDir } from '../helpers/hub';
import { call, collect, connectAgent, connectCustomer, ok, until, type AgentSocket, type CustomerSocket } from '../helpers/sockets';

type Snapshot = { queueLength: number; longestWaitMs: number; agents: { id: string; status: string; load: number }[]; active: { id: string; status: string }[] };

describe('supervisors live', () => {
  let hub: Hub;
  let agent: AgentSocket;
  let supervisor: AgentSocket;
  let admin: AgentSocket;
  let agentId: string;
  let other: { id: string };
  const customers: CustomerSocket[] = [];

  beforeAll(async () => {
    hub = await startTestHub({ settings: { superviseUpdateMs: 20 } });
    const a = await addStaff(hub, 'agent', 'Ann Agent');
    other = await addStaff(hub, 'agent', 'Otto Agent');
    const s = await addStaff(hub, 'supervisor', 'Sue Supervisor');
    const ad = await addStaff(hub, 'admin', 'Adam Admin');
    agentId = a.id;
    agent = await connectAgent(hub.url, await login(hub.url, a.email));
    await ok(agent, 'agent:set-status', { status: 'away' });
    supervisor = await connectAgent(hub.url, await login(hub.url, s.email));
    admin = await connectAgent(hub.url, await login(hub.url, ad.email));
  });
  afterAll(async () => {
    for (const s of [agent, supervisor, admin, ...customers]) s?.close();
    await hub?.close();
  });

  it('the numbers change as customers arrive and are served', async () => {
    const first: Snapshot = await ok(supervisor, 'supervise:snapshot', {});
    expect(first.queueLength).toBe(0);
    expect(first.agents.find((x) => x.id === agentId)).toMatchObject({ status: 'away', load: 0 });
    const updates = collect<Snapshot>(supervisor, 'supervise:updated');
    const ids: string[] = [];
    for (const name of ['Cat One', 'Cat Two']) {
      const c = await connectCustomer(hub.url, await customerToken(hub.url, name));
      customers.push(c);
      ids.push((await ok(c, 'chat:start', {})).conversation.id);
    }
    await until(() => updates.at(-1)?.queueLength === 2, 5000, 'queue of 2');
    await new Promise((r) => setTimeout(r, 30));
    expect((await ok(supervisor, 'supervise:snapshot', {})).longestWaitMs).toBeGreaterThan(0);
    await ok(agent, 'conversation:accept', { conversationId: ids[0] });
    await until(() => updates.at(-1)?.queueLength === 1, 5000, 'queue of 1');
    const last = updates.at(-1)!;
    expect(last.agents.find((x) => x.id === agentId)).toMatchObject({ load: 1 });
    expect(last.active.find((x) => x.id === ids[0])).toMatchObject({ status: 'active' });
    expect(last.agents.find((x) => x.id === other.id)).toMatchObject({ status: 'offline' });
  });

  it('open is read-only and audited; reassign moves the chat', async () => {
    const { active } = (await ok(supervisor, 'supervise:snapshot', {})) as Snapshot;
    const served = active.find((x) => x.status === 'active')!.id;
    const before = hub.store.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'conversation.view' AND subject_id = ?").get(served) as { n: number };
    const t = await ok(supervisor, 'supervise:open', { conversationId: served });
    expect(t.conversation).toMatchObject({ id: served, assignedAgent: { id: agentId } });
    expect(t.notes).toEqual([]);
    const after = hub.store.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'conversation.view' AND subject_id = ?").get(served) as { n: number };
    expect(after.n).toBe(before.n + 1);
    const { conversation } = await ok(admin, 'supervise:reassign', { conversationId: served, toAgentId: other.id, note: 'Otto knows this customer' });
    expect(conversation.assignedAgent.id).toBe(other.id);
    expect((await ok(supervisor, 'chat:notes', { conversationId: served })).notes[0]).toMatchObject({ kind: 'transfer', body: 'Otto knows this customer' });
  });

  it('canned replies: supervisors keep them, agents search them, pushed live', async () => {
    const pushed = collect<{ reply: { shortcut: string } | null }>(agent, 'canned:updated');
    const { reply } = await ok(supervisor, 'canned:save', { shortcut: 'ship', title: 'Shipping times', body: 'Orders ship within 2 business days.' });
    await ok(supervisor, 'canned:save', { shortcut: 'hello', title: 'Greeting', body: 'Hello!', brandId: null });
    expect(await call(supervisor, 'canned:save', { shortcut: 'ship', title: 'Dup', body: 'x' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await until(() => pushed.length === 2, 5000, 'canned:updated');
    expect((await ok(agent, 'canned:list', { query: '/shi' })).replies.map((r: { id: string }) => r.id)).toEqual([reply.id]);
    expect((await ok(agent, 'canned:list', {})).replies).toHaveLength(2);
    await ok(admin, 'canned:delete', { id: reply.id });
    expect((await ok(agent, 'canned:list', {})).replies).toHaveLength(1);
  });

  it('authorization: agents are refused supervise, canned upkeep and brand limits; customers have no such events', async () => {
    const forbidden = { ok: false, error: { code: 'forbidden' } };
    expect(await call(agent, 'supervise:snapshot', {})).toMatchObject(forbidden);
    expect(await call(agent, 'supervise:open', { conversationId: 'c_x' })).toMatchObject(forbidden);
    expect(await call(agent, 'supervise:reassign', { conversationId: 'c_x', toAgentId: agentId })).toMatchObject(forbidden);
    expect(await call(agent, 'canned:save', { shortcut: 'x', title: 'x', body: 'x' })).toMatchObject(forbidden);
    expect(await call(agent, 'canned:delete', { id: 'r_x' })).toMatchObject(forbidden);
    expect(await call(agent, 'routing:set-brands', { userId: agentId, brands: [] })).toMatchObject(forbidden);
    expect(await call(supervisor, 'routing:set-brands', { userId: agentId, brands: [] })).toMatchObject(forbidden);
    expect(await call(agent, 'supervise:snapshot', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    const c = customers[0]!;
    for (const event of ['supervise:snapshot', 'supervise:open', 'supervise:reassign', 'agent:set-status', 'conversation:transfer', 'canned:list', 'canned:save', 'tickets:assign', 'routing:set-brands', 'chat:notes']) {
      expect(await call(c, event, {})).toMatchObject({ ok: false, error: { code: 'invalid_payload', message: expect.stringContaining('Unknown event') } });
    }
    // An agent cannot pose as available for another: status is per signed-in user.
    expect(await call(agent, 'agent:set-status', { status: 'offline' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });
});

describe('migration 0004 on a file with data from 0003', () => {
  it('keeps conversations and messages (ids, seqs, search index) and adds the routing tables', () => {
    const dir = tempDataDir('m0004');
    const db = new Database(join(dir, DB_FILE));
    migrate(db, MIGRATIONS.slice(0, 3));
    db.exec(`INSERT INTO customers (id, email, name, created_at) VALUES ('k1', 'a@b.test', 'A', '2025-01-01T00:00:00Z');
      INSERT INTO conversations (id, customer_id, status, created_at, last_seq) VALUES ('c1', 'k1', 'waiting', '2025-01-01T00:00:00Z', 1);
      INSERT INTO messages (id, conversation_id, seq, client_id, author_kind, author_name, body, created_at)
        VALUES (42, 'c1', 1, 'cl-1', 'customer', 'A', 'zanzibar parcel', '2025-01-01T00:00:00Z');`);
    expect(migrate(db, MIGRATIONS)).toBe(MIGRATIONS.at(-1)!.version);
    expect(db.prepare("SELECT id, seq, body FROM messages WHERE conversation_id = 'c1'").all()).toEqual([{ id: 42, seq: 1, body: 'zanzibar parcel' }]);
    expect(db.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'zanzibar'").all()).toEqual([{ rowid: 42 }]);
    expect(db.prepare("SELECT offered_to, brand_id FROM conversations WHERE id = 'c1'").get()).toEqual({ offered_to: null, brand_id: 'default' });
    for (const t of ['tickets', 'chat_notes', 'user_brands', 'canned_replies']) {
      expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").get(t)).toEqual({ name: t });
    }
    // Deleting a conversation (the retention purge) takes its notes with it.
    db.pragma('foreign_keys = ON');
    db.exec(`INSERT INTO chat_notes (id, conversation_id, client_id, kind, author_name, body, created_at) VALUES ('n1', 'c1', 'x', 'note', 'Ann', 'private', '2025-01-01T00:00:00Z');
      DELETE FROM messages WHERE conversation_id = 'c1'; DELETE FROM conversations WHERE id = 'c1';`);
    expect(db.prepare('SELECT COUNT(*) AS n FROM chat_notes').get()).toEqual({ n: 0 });
    db.close();
  });
});
