// Issue 9, routing: a chat never goes to someone who cannot answer it. A transfer to an offline or
// away colleague is refused by the hub (agents:list says who is what); an agent who disconnects
// and stays away past policy.chat.agentOfflineGraceMs has their chats taken back to the queue, the
// customer is told in the chat, and supervisors see when it will happen.
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { addStaff, customerToken, login, startTestHub } from '../helpers/hub';
import { call, collect, connectAgent, connectCustomer, ok, until } from '../helpers/sockets';

type Live = { agents: { id: string; status: string; load: number; requeueAt: string | null }[] };

describe('routing around absent agents', () => {
  let hub: Hub;
  const sockets: { close(): void }[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await hub?.close();
  });

  async function staff(role: 'agent' | 'supervisor', name: string) {
    const u = await addStaff(hub, role, name);
    const token = await login(hub.url, u.email);
    const socket = await connectAgent(hub.url, token);
    sockets.push(socket);
    return { ...u, token, socket };
  }
  async function customer(name: string) {
    const socket = await connectCustomer(hub.url, await customerToken(hub.url, name));
    sockets.push(socket);
    const id = (await ok(socket, 'chat:start', {})).conversation.id as string;
    return { socket, id };
  }

  it('refuses a transfer to an offline or away colleague, and agents:list says who is available', async () => {
    hub = await startTestHub();
    const ann = await staff('agent', 'Ann Agent');
    const bob = await staff('agent', 'Bob Agent');
    const cleo = await addStaff(hub, 'agent', 'Cleo Offline');
    const c = await customer('Olga Offline');
    await until(() => hub.store.conversations.get(c.id)?.status === 'waiting' && hub.store.routing.openChats()[0]?.offeredTo !== null, 5000, 'offer');
    const offeredTo = hub.store.routing.openChats()[0]!.offeredTo!;
    const holder = offeredTo === ann.id ? ann : bob;
    const other = holder === ann ? bob : ann;
    await ok(holder.socket, 'conversation:accept', { conversationId: c.id });

    const dir = await ok(holder.socket, 'agents:list', { conversationId: c.id });
    const byId = new Map(dir.agents.map((a: { id: string; status: string }) => [a.id, a.status]));
    expect(byId.get(cleo.id)).toBe('offline');
    expect(byId.get(other.id)).toBe('available');

    expect(await call(holder.socket, 'conversation:transfer', { conversationId: c.id, toAgentId: cleo.id, note: 'over to you' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('Cleo Offline is offline') },
    });
    await ok(other.socket, 'agent:set-status', { status: 'away' });
    expect(await call(holder.socket, 'conversation:transfer', { conversationId: c.id, toAgentId: other.id, note: 'over to you' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('is away') },
    });
    // Nothing changed: the chat is still the holder's, and no transfer note was written.
    expect(hub.store.conversations.get(c.id)?.assignedAgent?.id).toBe(holder.id);
    expect(hub.store.routing.notes(c.id)).toEqual([]);

    await ok(other.socket, 'agent:set-status', { status: 'available' });
    const moved = await ok(holder.socket, 'conversation:transfer', { conversationId: c.id, toAgentId: other.id, note: 'over to you' });
    expect(moved.conversation.assignedAgent.id).toBe(other.id);
  });

  it('takes an offline agent’s chat back to the queue after the grace period, tells the customer, and shows supervisors when', async () => {
    hub = await startTestHub({ policy: { chat: { agentOfflineGraceMs: 600, offerTimeoutMs: 60_000 } }, settings: { superviseUpdateMs: 20 } });
    const chloe = await staff('agent', 'Chloé Agent');
    const sup = await staff('supervisor', 'Sue Supervisor');
    const c = await customer('Rita Requeue');
    const told = collect<{ author: { kind: string }; body: string }>(c.socket, 'message:new');
    const updates = collect<{ status: string; assignedAgent: unknown }>(c.socket, 'conversation:updated');
    await until(() => hub.store.routing.openChats()[0]?.offeredTo === chloe.id, 5000, 'offer to Chloé');
    await ok(chloe.socket, 'conversation:accept', { conversationId: c.id });

    // A short blip (under the grace period) changes nothing.
    chloe.socket.close();
    await until(() => hub.routing.statusOf(chloe.id) === 'offline', 5000, 'offline');
    const live: Live = await ok(sup.socket, 'supervise:snapshot', {});
    const row = live.agents.find((a) => a.id === chloe.id)!;
    expect(row).toMatchObject({ status: 'offline', load: 1 });
    expect(Date.parse(row.requeueAt!)).toBeGreaterThan(Date.now());
    const back = await connectAgent(hub.url, chloe.token);
    sockets.push(back);
    await until(() => hub.routing.statusOf(chloe.id) === 'available', 5000, 'back');
    await new Promise((r) => setTimeout(r, 900));
    expect(hub.store.conversations.get(c.id)?.assignedAgent?.id).toBe(chloe.id);
    expect(((await ok(sup.socket, 'supervise:snapshot', {})) as Live).agents.find((a) => a.id === chloe.id)!.requeueAt).toBeNull();

    // Gone for longer than the grace period: back to the queue, and the customer is told.
    back.close();
    await until(() => hub.store.conversations.get(c.id)?.status === 'waiting', 5000, 'requeued');
    expect(hub.store.conversations.get(c.id)?.assignedAgent).toBeNull();
    await until(() => told.some((m) => m.author.kind === 'system'), 5000, 'customer told');
    expect(told.find((m) => m.author.kind === 'system')!.body).toMatch(/Chloé Agent has been disconnected\. You are back in the queue/);
    await until(() => updates.some((u) => u.status === 'waiting' && u.assignedAgent === null), 5000, 'widget sees waiting');
    expect(((await ok(sup.socket, 'supervise:snapshot', {})) as Live).agents.find((a) => a.id === chloe.id)).toMatchObject({ load: 0, requeueAt: null });
    // Told once, not on every routing run.
    await new Promise((r) => setTimeout(r, 300));
    expect(told.filter((m) => m.author.kind === 'system')).toHaveLength(1);
  });
});

describe('queue previews (issue 9)', () => {
  let hub: Hub;
  afterEach(async () => hub?.close());

  it('every agent’s queue carries each chat’s first customer message and the last one spoken', async () => {
    hub = await startTestHub({ policy: { chat: { offerTimeoutMs: 60_000 } } });
    const u = await addStaff(hub, 'agent', 'Pia Preview');
    const agent = await connectAgent(hub.url, await login(hub.url, u.email));
    await ok(agent, 'agent:set-status', { status: 'away' });
    const updates = collect<{ conversations: { id: string }[]; previews: { conversationId: string; first: string | null; last: { body: string; authorKind: string } | null }[] }>(agent, 'queue:updated');
    const c = await connectCustomer(hub.url, await customerToken(hub.url, 'Quinn Queue'));
    const id = (await ok(c, 'chat:start', {})).conversation.id as string;
    await ok(c, 'chat:send', { conversationId: id, clientId: 'pv-cust-0001', body: `My order never came ${'x'.repeat(300)}` });
    // The waiting chat's first words reach the queue without anyone opening it.
    await until(() => updates.some((u) => u.previews.some((p) => p.conversationId === id && p.first?.startsWith('My order never came'))), 5000, 'preview pushed');
    const listed = await ok(agent, 'queue:list', {});
    const p = listed.previews.find((x: { conversationId: string }) => x.conversationId === id);
    expect(p.first).toHaveLength(160);
    expect(p.last).toMatchObject({ authorKind: 'customer' });
    await ok(agent, 'conversation:accept', { conversationId: id });
    await ok(agent, 'chat:send', { conversationId: id, clientId: 'pv-agent-0001', body: 'Let me check.' });
    expect((await ok(agent, 'queue:list', {})).previews.find((x: { conversationId: string }) => x.conversationId === id)).toMatchObject({
      first: expect.stringMatching(/^My order never came/),
      last: { body: 'Let me check.', authorKind: 'agent' },
    });
    agent.close();
    c.close();
  });
});
