import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { addStaff, customerToken, login, startTestHub } from '../helpers/hub';
import { clockAt } from '../../server/clock';
import { call, collect, connectAgent, connectCustomer, ok, until, type AgentSocket, type CustomerSocket } from '../helpers/sockets';

describe('a customer and an agent chat through a real hub', () => {
  let hub: Hub;
  let customer: CustomerSocket;
  let agent: AgentSocket;
  let agentName: string;

  beforeAll(async () => {
    hub = await startTestHub();
    const staff = await addStaff(hub, 'agent', 'Grace Agent');
    agentName = staff.name;
    agent = await connectAgent(hub.url, await login(hub.url, staff.email));
    customer = await connectCustomer(hub.url, await customerToken(hub.url, 'Ada Lovelace', 'ada@shop.test'));
  });
  afterAll(async () => {
    customer?.close();
    agent?.close();
    await hub?.close();
  });

  it('the customer starts a chat and it appears in the agent queue with name and email', async () => {
    const queued = collect<{ conversations: { id: string }[] }>(agent, 'queue:updated');
    const t = await ok(customer, 'chat:start', {});
    expect(t.conversation.status).toBe('waiting');
    await until(() => queued.some((q) => q.conversations.some((c) => c.id === t.conversation.id)), 5000, 'queue update');
    const { conversations } = await ok(agent, 'queue:list', {});
    const c = conversations.find((x: { id: string }) => x.id === t.conversation.id);
    expect(c.customer).toMatchObject({ name: 'Ada Lovelace', email: 'ada@shop.test' });
  });

  it('messages flow both ways, each seq once and in order', async () => {
    const { conversation } = await ok(customer, 'chat:current', {});
    await ok(agent, 'conversation:open', { conversationId: conversation.id });
    const atAgent = collect<{ seq: number; body: string }>(agent, 'message:new');
    const atCustomer = collect<{ seq: number; body: string }>(customer, 'message:new');

    const sent = await ok(customer, 'chat:send', { conversationId: conversation.id, clientId: 'cust-msg-0001', body: 'Hello, my parcel is late' });
    expect(sent.message.seq).toBe(1);
    const reply = await ok(agent, 'chat:send', { conversationId: conversation.id, clientId: 'agent-msg-0001', body: 'Let me check that for you.' });
    expect(reply.message).toMatchObject({ seq: 2, author: { kind: 'agent', name: agentName } });

    await until(() => atAgent.length === 2 && atCustomer.length === 2, 5000, 'both messages at both sides');
    expect(atAgent.map((m) => m.seq)).toEqual([1, 2]);
    expect(atCustomer.map((m) => m.body)).toEqual(['Hello, my parcel is late', 'Let me check that for you.']);
    // Answering a waiting chat assigns it to the agent.
    const { conversations } = await ok(agent, 'queue:list', {});
    expect(conversations.find((c: { id: string }) => c.id === conversation.id).assignedAgent.name).toBe(agentName);
  });

  it('card numbers are masked before they are stored or sent', async () => {
    const { conversation } = await ok(customer, 'chat:current', {});
    const r = await ok(customer, 'chat:send', { conversationId: conversation.id, clientId: 'cust-card-0001', body: 'card 4111 1111 1111 1111 exp 12/27' });
    expect(r.message.body).toBe('card **** **** **** 1111 exp 12/27');
  });

  it('the agent ends the chat: the customer is told, and can no longer send into it', async () => {
    const { conversation } = await ok(customer, 'chat:current', {});
    const updates = collect<{ id: string; status: string }>(customer, 'conversation:updated');
    const ended = await ok(agent, 'conversation:end', { conversationId: conversation.id });
    expect(ended.conversation.status).toBe('ended');
    await until(() => updates.some((u) => u.status === 'ended'), 5000, 'ended at the customer');
    const r = await customer.timeout(5000).emitWithAck('chat:send', { conversationId: conversation.id, clientId: 'cust-late-0001', body: 'one more thing' });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('a reconnecting customer (page reload) gets the same conversation with its history', async () => {
    const again = await connectCustomer(hub.url, (customer.auth as { token: string }).token);
    const t = await ok(again, 'chat:current', {});
    expect(t.messages.map((m: { seq: number }) => m.seq)).toEqual([1, 2, 3]);
    again.close();
  });
});

// A send reads the chat while the session behind the socket is checked (BindOptions.guardAlongside):
// the check must still decide the answer, and nothing may be stored for a session that has ended.
// Sessions end here by the hub's clock moving past their limits.
describe('a send checks the session first, though the chat is read meanwhile', () => {
  let hub: Hub;
  const clock = clockAt(new Date(), { frozen: true });
  const later = (ms: number) => clock.set(new Date(clock.now().getTime() + ms));
  let conversationId: string;
  let customerTokenValue: string;
  beforeAll(async () => {
    hub = await startTestHub({ clock });
    customerTokenValue = await customerToken(hub.url, 'Ada Lovelace', 'ada@shop.test');
    const customer = await connectCustomer(hub.url, customerTokenValue);
    conversationId = (await ok(customer, 'chat:start', {})).conversation.id;
    await ok(customer, 'chat:send', { conversationId, clientId: 'before-0001', body: 'Hello' });
    customer.close();
  });
  afterAll(async () => hub?.close());
  const stored = async () => (await hub.api.conversations.messagesAfter(conversationId, 0)).map((m) => m.clientId);

  it('an agent whose session expired while the console stayed connected is refused, cut off, and stores nothing', async () => {
    const agent = await connectAgent(hub.url, await login(hub.url, (await addStaff(hub, 'agent', 'Grace Agent')).email));
    await ok(agent, 'conversation:open', { conversationId });
    later(hub.config.settings.staffSessionIdleMs + 1000);
    const cut = new Promise((r) => agent.once('disconnect', r));
    expect(await call(agent, 'chat:send', { conversationId, clientId: 'expired-0001', body: 'Should not land' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    await cut;
    expect(await stored()).toEqual(['before-0001']);
    // The chat is still waiting: the refused send did not take it either.
    expect((await hub.api.conversations.get(conversationId))?.status).toBe('waiting');
  });

  it('a customer whose chat session expired is told so, whatever else is wrong with the send', async () => {
    const customer = await connectCustomer(hub.url, customerTokenValue);
    // One more socket per other event: a refused event closes its socket.
    const others = await Promise.all([0, 1, 2, 3, 4].map(() => connectCustomer(hub.url, customerTokenValue)));
    later(hub.config.settings.widgetSessionTtlMs + 1000);
    // An unknown chat and no body: the ended session is still the answer.
    expect(await call(customer, 'chat:send', { conversationId: 'no-such-chat', clientId: 'expired-0002' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    await expect(connectCustomer(hub.url, customerTokenValue)).rejects.toThrow(/expired/);
    expect(await stored()).toEqual(['before-0001']);
    // Every other customer event too, whichever part of the hub answers it.
    for (const [i, [event, payload]] of ([
      ['chat:end', { conversationId }],
      ['chat:rate', { conversationId, score: 5 }],
      ['cases:mine', {}],
      ['privacy:request', { kind: 'access' }],
      ['identity:request-code', {}],
    ] as const).entries()) {
      expect(await call(others[i]!, event, payload), event).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    }
    expect((await hub.api.conversations.get(conversationId))?.status).toBe('waiting');
  });

  it('a malformed send, or one into another customer’s chat, from a good session is refused and stores nothing', async () => {
    const fresh = await connectCustomer(hub.url, await customerToken(hub.url, 'Bea', 'bea@shop.test'));
    const id = (await ok(fresh, 'chat:start', {})).conversation.id;
    expect(await call(fresh, 'chat:send', { conversationId: id, clientId: 'bad-0001' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await call(fresh, 'chat:send', { conversationId, clientId: 'other-0001', body: 'Not my chat' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await hub.api.conversations.messagesAfter(id, 0)).toEqual([]);
    expect(await stored()).toEqual(['before-0001']);
    fresh.close();
  });
});

describe('a widget session lasts its time from when it was last used (POLICY §3b: "30 days unused")', () => {
  it('used near its end it goes on; left unused its whole time it expires', async () => {
    const start = Date.now();
    const clock = clockAt(new Date(start), { frozen: true });
    const hub = await startTestHub({ clock });
    const DAY = 24 * 3600_000;
    try {
      const ttl = hub.config.settings.widgetSessionTtlMs;
      const token = await customerToken(hub.url, 'Uma Used', 'uma@shop.test');
      const usable = async () => {
        const s = await connectCustomer(hub.url, token);
        try {
          return (await call(s, 'chat:current', {})).ok;
        } finally {
          s.close();
        }
      };
      clock.set(new Date(start + ttl - 2 * DAY));
      expect(await usable()).toBe(true);
      // Past the time it was first given, but used since.
      clock.set(new Date(start + ttl + 2 * DAY));
      expect(await usable()).toBe(true);
      // Unused for its whole time since.
      clock.set(new Date(start + 2 * ttl + 3 * DAY));
      await expect(connectCustomer(hub.url, token)).rejects.toThrow(/expired/);
    } finally {
      await hub.close();
    }
  });
});
