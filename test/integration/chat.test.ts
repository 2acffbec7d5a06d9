import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { addStaff, customerToken, login, startTestHub } from '../helpers/hub';
import { collect, connectAgent, connectCustomer, ok, until, type AgentSocket, type CustomerSocket } from '../helpers/sockets';

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
