// Routing through a real hub: automatic offers under the cap in the order of waiting, offers that
// lapse and go to the other agent, manual pick within an agent's brands, transfer with a note.
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { addStaff, customerToken, login, startTestHub } from '../helpers/hub';
import { call, collect, connectAgent, connectCustomer, ok, until, type AgentSocket, type CustomerSocket } from '../helpers/sockets';

type Offer = { conversation: { id: string }; expiresAt: string };

describe('routing', () => {
  let hub: Hub;
  const sockets: { close(): void }[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await hub?.close();
  });

  async function agent(role: 'agent' | 'supervisor' | 'admin' = 'agent', name?: string): Promise<{ socket: AgentSocket; id: string; name: string }> {
    const u = await addStaff(hub, role, name);
    const socket = await connectAgent(hub.url, await login(hub.url, u.email));
    sockets.push(socket);
    return { socket, id: u.id, name: u.name };
  }
  async function customer(name: string): Promise<{ socket: CustomerSocket; positions: { conversationId: string; position: number }[] }> {
    const socket = await connectCustomer(hub.url, await customerToken(hub.url, name));
    sockets.push(socket);
    return { socket, positions: collect(socket, 'queue:position') };
  }

  /** One agent with the console open in two windows, and a customer's chat waiting. */
  async function twoWindowsAndAWaitingChat(customerName: string) {
    hub = await startTestHub();
    const u = await addStaff(hub, 'agent', 'Ann Agent');
    const token = await login(hub.url, u.email);
    const first = await connectAgent(hub.url, token);
    const otherWindow = await connectAgent(hub.url, token);
    sockets.push(first, otherWindow);
    const c = await customer(customerName);
    const id = (await ok(c.socket, 'chat:start', {})).conversation.id as string;
    return { token, first, c, id, atOtherWindow: collect<{ body: string }>(otherWindow, 'message:new') };
  }

  it('offers chats oldest first to the least busy agent, never over the cap; the rest wait and see their place', async () => {
    hub = await startTestHub({ policy: { chat: { agentMaxConcurrent: 2, offerTimeoutMs: 60_000 } } });
    const a = await agent('agent', 'Ann Agent');
    const b = await agent('agent', 'Bob Agent');
    const offers = { [a.id]: collect<Offer>(a.socket, 'conversation:offered'), [b.id]: collect<Offer>(b.socket, 'conversation:offered') };
    const customers: Awaited<ReturnType<typeof customer>>[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const c = await customer(`Customer ${i}`);
      customers.push(c);
      ids.push((await ok(c.socket, 'chat:start', {})).conversation.id);
    }
    await until(() => offers[a.id]!.length + offers[b.id]!.length === 4, 5000, 'four offers');
    // Let any further (wrong) offers arrive before checking there are none.
    await new Promise((r) => setTimeout(r, 200));
    expect(offers[a.id]).toHaveLength(2);
    expect(offers[b.id]).toHaveLength(2);
    const offered = [...offers[a.id]!, ...offers[b.id]!].map((o) => o.conversation.id).sort();
    expect(offered).toEqual(ids.slice(0, 4).sort());
    // The fifth waits; the widget is told its place (all five wait until the offers are accepted).
    await until(() => customers[4]!.positions.some((p) => p.conversationId === ids[4] && p.position === 5), 5000, 'position 5');

    const status = await ok(a.socket, 'agent:status', {});
    expect(status).toMatchObject({ status: 'available', load: 2, cap: 2 });

    for (const o of offers[a.id]!) await ok(a.socket, 'conversation:accept', { conversationId: o.conversation.id });
    for (const o of offers[b.id]!) await ok(b.socket, 'conversation:accept', { conversationId: o.conversation.id });
    await until(() => customers[4]!.positions.at(-1)?.position === 1, 5000, 'position 1');
    expect(offers[a.id]!.length + offers[b.id]!.length).toBe(4);

    // Ann ends a chat: under the cap again, she is offered the fifth.
    await ok(a.socket, 'conversation:end', { conversationId: offers[a.id]![0]!.conversation.id });
    await until(() => offers[a.id]!.some((o) => o.conversation.id === ids[4]), 5000, 'fifth offered to Ann');
    expect(offers[b.id]).toHaveLength(2);
  });

  it('an away agent is offered nothing; an offer not accepted in time goes back and to the other agent', async () => {
    hub = await startTestHub({ policy: { chat: { offerTimeoutMs: 400 } } });
    const a = await agent();
    const b = await agent();
    await ok(b.socket, 'agent:set-status', { status: 'away' });
    const offersA = collect<Offer>(a.socket, 'conversation:offered');
    const withdrawnA = collect<{ conversationId: string; reason: string }>(a.socket, 'conversation:offer-withdrawn');
    const offersB = collect<Offer>(b.socket, 'conversation:offered');
    const c = await customer('Waiting Wanda');
    const id = (await ok(c.socket, 'chat:start', {})).conversation.id;
    await until(() => offersA.length === 1, 5000, 'offer to A');
    expect(offersB).toHaveLength(0);
    await ok(b.socket, 'agent:set-status', { status: 'available' });
    await until(() => withdrawnA.some((w) => w.conversationId === id && w.reason === 'lapsed'), 5000, 'lapse');
    await until(() => offersB.some((o) => o.conversation.id === id), 5000, 'offer to B');
    // Not offered to A again at once.
    expect(offersA).toHaveLength(1);
    const { conversation } = await ok(b.socket, 'conversation:accept', { conversationId: id });
    expect(conversation).toMatchObject({ status: 'active', assignedAgent: { id: b.id } });
    // The lapsed agent can no longer be offered it; the customer's chat is served.
    expect((await ok(c.socket, 'chat:current', {})).conversation.status).toBe('active');
  });

  it('an offer is withdrawn when its agent goes away', async () => {
    hub = await startTestHub({ policy: { chat: { offerTimeoutMs: 60_000 } } });
    const a = await agent();
    const withdrawn = collect<{ reason: string }>(a.socket, 'conversation:offer-withdrawn');
    const offers = collect<Offer>(a.socket, 'conversation:offered');
    const c = await customer('Cleo');
    await ok(c.socket, 'chat:start', {});
    await until(() => offers.length === 1, 5000, 'offer');
    await ok(a.socket, 'agent:set-status', { status: 'away' });
    await until(() => withdrawn.some((w) => w.reason === 'unavailable'), 5000, 'withdrawn');
    expect((await ok(a.socket, 'agent:status', {})).load).toBe(0);
  });

  it('manual pick respects the brands an admin limits an agent to', async () => {
    hub = await startTestHub({ settings: { brands: { luxe: { deskName: 'Luxe Care' } } } });
    const admin = await agent('admin');
    const a = await agent();
    await ok(a.socket, 'agent:set-status', { status: 'away' });
    expect(await call(a.socket, 'routing:set-brands', { userId: a.id, brands: ['luxe'] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(admin.socket, 'routing:set-brands', { userId: a.id, brands: ['nope'] })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await ok(admin.socket, 'routing:set-brands', { userId: a.id, brands: ['luxe'] })).toEqual({ userId: a.id, brands: ['luxe'] });
    const plain = await customer('Default Dora');
    const luxe = await customer('Luxe Lena');
    const d = (await ok(plain.socket, 'chat:start', {})).conversation.id;
    const l = (await ok(luxe.socket, 'chat:start', { brandId: 'luxe' })).conversation.id;
    expect(await call(plain.socket, 'chat:start', { brandId: 'nope' })).toMatchObject({ ok: true });
    // Her queue shows the brand she serves only: another brand's customer is not hers to see.
    const queue = (await ok(a.socket, 'queue:list', {})) as { conversations: { id: string }[]; previews: { conversationId: string }[] };
    expect(queue.conversations.map((c) => c.id)).toEqual([l]);
    expect(queue.previews.map((p) => p.conversationId)).toEqual([l]);
    expect((await ok(admin.socket, 'queue:list', {})).conversations.map((c: { id: string }) => c.id)).toEqual([d, l]);
    expect(await call(a.socket, 'conversation:accept', { conversationId: d })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await ok(a.socket, 'conversation:accept', { conversationId: l })).conversation.status).toBe('active');
    const fresh = await customer('Nobody');
    expect(await call(fresh.socket, 'chat:start', { brandId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('a transfer moves the chat with its history to another agent, with the note; the customer never sees the note', async () => {
    hub = await startTestHub();
    const a = await agent('agent', 'Ann Agent');
    const b = await agent('agent', 'Bob Agent');
    await ok(b.socket, 'agent:set-status', { status: 'away' });
    const c = await customer('Tess Transfer');
    const customerEvents: string[] = [];
    c.socket.onAny((event: string, payload: unknown) => customerEvents.push(`${event} ${JSON.stringify(payload)}`));
    const id = (await ok(c.socket, 'chat:start', {})).conversation.id;
    await ok(a.socket, 'conversation:accept', { conversationId: id });
    await ok(c.socket, 'chat:send', { conversationId: id, clientId: 'tr-cust-0001', body: 'My watch stopped' });
    await ok(a.socket, 'chat:send', { conversationId: id, clientId: 'tr-agent-0001', body: 'Passing you to our watch expert.' });

    // Bob is away: a transfer to him is refused (issue 9); once available, he can take it.
    expect(await call(a.socket, 'conversation:transfer', { conversationId: id, toAgentId: b.id, note: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('Bob Agent is away') },
    });
    await ok(b.socket, 'agent:set-status', { status: 'available' });
    const assigned = collect<{ conversation: { id: string }; note: { body: string; kind: string } | null }>(b.socket, 'conversation:assigned');
    expect(await call(b.socket, 'conversation:transfer', { conversationId: id, toAgentId: b.id, note: 'mine now' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const r = await ok(a.socket, 'conversation:transfer', { conversationId: id, toAgentId: b.id, note: 'VIP: warranty until 2026, SECRET-NOTE-1' });
    expect(r.conversation).toMatchObject({ status: 'active', assignedAgent: { id: b.id, name: 'Bob Agent' } });
    await until(() => assigned.length === 1, 5000, 'assigned at Bob');
    expect(assigned[0]!.note).toMatchObject({ kind: 'transfer', body: 'VIP: warranty until 2026, SECRET-NOTE-1' });
    const history = await ok(b.socket, 'chat:sync', { conversationId: id, afterSeq: 0 });
    expect(history.messages.map((m: { body: string }) => m.body)).toEqual(['My watch stopped', 'Passing you to our watch expert.']);
    expect((await ok(b.socket, 'chat:notes', { conversationId: id })).notes.map((n: { body: string }) => n.body)).toEqual(['VIP: warranty until 2026, SECRET-NOTE-1']);
    // Bob's console follows the chat without opening it: the customer's next message reaches him.
    const atBob = collect<{ body: string }>(b.socket, 'message:new');
    await ok(c.socket, 'chat:send', { conversationId: id, clientId: 'tr-cust-0002', body: 'Hello Bob' });
    await until(() => atBob.some((m) => m.body === 'Hello Bob'), 5000, 'message at Bob');
    // Ann no longer holds it.
    expect(await call(a.socket, 'conversation:transfer', { conversationId: id, toBrandId: 'default', note: 'x' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // To a brand queue: waiting again, offered to whoever is available there (Bob steps away).
    await ok(b.socket, 'agent:set-status', { status: 'away' });
    const offersA = collect<Offer>(a.socket, 'conversation:offered');
    const back = await ok(b.socket, 'conversation:transfer', { conversationId: id, toBrandId: 'default', note: 'Back to the queue SECRET-NOTE-2' });
    expect(back.conversation).toMatchObject({ status: 'waiting', assignedAgent: null });
    await until(() => offersA.some((o) => o.conversation.id === id), 5000, 'offered again');
    await until(() => customerEvents.some((e) => e.startsWith('conversation:updated') && e.includes('"waiting"')), 5000, 'customer told');
    expect(customerEvents.filter((e) => e.includes('SECRET-NOTE'))).toEqual([]);
  });

  it("an agent's other consoles, and one that connects again, follow the chats the agent accepted: the customer's next message reaches them without an open", async () => {
    const { token, first, c, id, atOtherWindow } = await twoWindowsAndAWaitingChat('Rita Reload');
    await ok(first, 'conversation:accept', { conversationId: id });
    // Accepted in one window: the agent's other window follows the chat too.
    await ok(c.socket, 'chat:send', { conversationId: id, clientId: 'reload-0000', body: 'Hello?' });
    await until(() => atOtherWindow.some((m) => m.body === 'Hello?'), 5000, 'message at the other window');
    // The console reloads (or its network dropped): a new socket with the same session.
    first.close();
    const again = await connectAgent(hub.url, token);
    sockets.push(again);
    const arrived = collect<{ conversationId: string; body: string }>(again, 'message:new');
    // Its first answer comes after the connection's own set-up has run.
    await ok(again, 'agent:status', {});
    await ok(c.socket, 'chat:send', { conversationId: id, clientId: 'reload-0001', body: 'Are you still there?' });
    await until(() => arrived.some((m) => m.body === 'Are you still there?'), 5000, 'message at the reconnected console');
    expect(arrived.every((m) => m.conversationId === id)).toBe(true);
  });

  it("a waiting chat taken by answering it from one console is followed by the agent's other consoles", async () => {
    const { first, c, id, atOtherWindow } = await twoWindowsAndAWaitingChat('Tess Taken');
    const sent = await ok(first, 'chat:send', { conversationId: id, clientId: 'take-0000', body: 'Good afternoon, how may I help?' });
    expect(sent.message).toMatchObject({ author: { kind: 'agent' } });
    await ok(c.socket, 'chat:send', { conversationId: id, clientId: 'take-0001', body: 'My order is late' });
    await until(() => atOtherWindow.some((m) => m.body === 'My order is late'), 5000, 'message at the other window');
  });
});
