// Staff reads of a live chat (issue 12): its agent, supervisors and admins see it, and while it
// waits the agents of its brand; nobody else reads it, and nobody else keeps receiving its
// messages once it is taken, transferred or reassigned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { addStaff, customerToken, login, startTestHub } from '../helpers/hub';
import { call, collect, connectAgent, connectCustomer, ok, until, type AgentSocket } from '../helpers/sockets';

let hub: Hub;
let first: AgentSocket;
let second: AgentSocket;
let supervisor: AgentSocket;
let secondId: string;
const sockets: { close(): void }[] = [];
const settle = () => new Promise((r) => setTimeout(r, 150));

describe('who reads a live chat', () => {
  beforeAll(async () => {
    hub = await startTestHub({ settings: { demoOrdersOnFirstRun: false } });
    first = await connectAgent(hub.url, await login(hub.url, (await addStaff(hub, 'agent', 'First Agent')).email));
    const s = await addStaff(hub, 'agent', 'Second Agent');
    secondId = s.id;
    second = await connectAgent(hub.url, await login(hub.url, s.email));
    supervisor = await connectAgent(hub.url, await login(hub.url, (await addStaff(hub, 'supervisor', 'Sue Supervisor')).email));
    for (const a of [first, second]) await ok(a, 'agent:set-status', { status: 'away' });
  });
  afterAll(async () => {
    for (const s of [first, second, supervisor, ...sockets]) s?.close();
    await hub?.close();
  });

  it('a second agent who looked while it waited stops receiving its messages once another agent takes it, and may not read it', async () => {
    const customer = await connectCustomer(hub.url, await customerToken(hub.url, 'Private Person', 'private@shop.test'));
    sockets.push(customer);
    const id = (await ok(customer, 'chat:start', {})).conversation.id as string;
    await ok(customer, 'chat:send', { conversationId: id, clientId: 'private-msg-01', body: 'My address is 1 Quiet Lane' });
    // While it waits, any agent of the brand may look.
    expect((await ok(second, 'conversation:open', { conversationId: id })).messages).toHaveLength(1);
    const atSecond = collect<{ conversationId: string; body: string }>(second, 'message:new');
    const atFirst = collect<{ conversationId: string; body: string }>(first, 'message:new');
    await ok(first, 'conversation:accept', { conversationId: id });
    await ok(first, 'conversation:open', { conversationId: id });
    await settle();
    await ok(customer, 'chat:send', { conversationId: id, clientId: 'private-msg-02', body: 'And my card ends 4242' });
    await until(() => atFirst.some((m) => m.conversationId === id), 5000, 'the first agent receives the message');
    await settle();
    expect(atSecond.filter((m) => m.conversationId === id)).toEqual([]);
    for (const [event, payload] of [
      ['chat:sync', { conversationId: id, afterSeq: 0 }],
      ['conversation:open', { conversationId: id }],
      ['transcripts:get', { conversationId: id }],
      ['chat:typing', { conversationId: id, typing: true }],
    ] as const) {
      expect(await call(second, event, payload), event).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    // A supervisor may watch.
    expect((await ok(supervisor, 'supervise:open', { conversationId: id })).messages).toHaveLength(2);
  });

  it('reassigned by a supervisor: the agent it is taken from stops receiving it, the new one receives it', async () => {
    const customer = await connectCustomer(hub.url, await customerToken(hub.url, 'Moved Person', 'moved@shop.test'));
    sockets.push(customer);
    const id = (await ok(customer, 'chat:start', {})).conversation.id as string;
    await ok(first, 'conversation:accept', { conversationId: id });
    await ok(first, 'conversation:open', { conversationId: id });
    const atFirst = collect<{ conversationId: string }>(first, 'message:new');
    const atSecond = collect<{ conversationId: string }>(second, 'message:new');
    // Only an available colleague can be given a chat (issue 9).
    await ok(second, 'agent:set-status', { status: 'available' });
    await ok(supervisor, 'supervise:reassign', { conversationId: id, toAgentId: secondId });
    await ok(second, 'conversation:open', { conversationId: id });
    await settle();
    await ok(customer, 'chat:send', { conversationId: id, clientId: 'moved-msg-01', body: 'Are you still there?' });
    await until(() => atSecond.some((m) => m.conversationId === id), 5000, 'the new agent receives the message');
    await settle();
    expect(atFirst.filter((m) => m.conversationId === id)).toEqual([]);
    expect(await call(first, 'chat:sync', { conversationId: id, afterSeq: 0 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
