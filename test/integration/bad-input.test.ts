import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { addStaff, customerToken, login, openDbDirect, postJson, startTestHub } from '../helpers/hub';
import { call, connectAgent, connectCustomer, ok, type AgentSocket, type CustomerSocket } from '../helpers/sockets';

describe('bad input gets a clear error and changes nothing; the hub keeps serving', () => {
  let hub: Hub;
  let customer: CustomerSocket;
  let other: CustomerSocket;
  let agent: AgentSocket;
  let conversationId: string;
  let otherConversationId: string;

  const snapshot = () => {
    const db = openDbDirect(hub.store.db.name, { readonly: true });
    try {
      return db.prepare('SELECT (SELECT COUNT(*) FROM messages) AS m, (SELECT COUNT(*) FROM conversations) AS c, (SELECT group_concat(status) FROM conversations) AS s').get();
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    hub = await startTestHub({ policy: { chat: { messageMaxChars: 500 } } });
    customer = await connectCustomer(hub.url, await customerToken(hub.url, 'Ann', 'ann@shop.test'));
    other = await connectCustomer(hub.url, await customerToken(hub.url, 'Bob', 'bob@shop.test'));
    conversationId = (await ok(customer, 'chat:start', {})).conversation.id;
    otherConversationId = (await ok(other, 'chat:start', {})).conversation.id;
    await ok(customer, 'chat:send', { conversationId, clientId: 'ann-00000001', body: 'hello' });
    const staff = await addStaff(hub);
    agent = await connectAgent(hub.url, await login(hub.url, staff.email));
  });
  afterAll(async () => {
    for (const s of [customer, other, agent]) s?.close();
    await hub?.close();
  });

  const cases: [string, string, unknown, string][] = [
    ['missing fields', 'chat:send', { conversationId: 'x' }, 'invalid_payload'],
    ['wrong types', 'chat:send', { conversationId: 42, clientId: ['a'], body: { text: 'hi' } }, 'invalid_payload'],
    ['a string instead of an object', 'chat:send', 'hello', 'invalid_payload'],
    ['null payload', 'chat:sync', null, 'invalid_payload'],
    ['negative sequence', 'chat:sync', { conversationId: 'c_x', afterSeq: -1 }, 'invalid_payload'],
    ['an id with odd characters', 'chat:sync', { conversationId: '../../etc', afterSeq: 0 }, 'invalid_payload'],
    ['an empty message', 'chat:send', { conversationId: 'c_x', clientId: 'abcdefgh1', body: '   ' }, 'invalid_payload'],
    ['an unknown conversation', 'chat:send', { conversationId: 'c_doesnotexist', clientId: 'abcdefgh2', body: 'hi' }, 'not_found'],
    ['an unknown event', 'conversation:end', { conversationId: 'c_x' }, 'invalid_payload'],
  ];
  it.each(cases)('customer sends %s → %s… refused as %s', async (_label, event, payload, code) => {
    const before = snapshot();
    const r = await call(customer, event, payload);
    expect(r).toMatchObject({ ok: false, error: { code } });
    if (!r.ok) expect(r.error.message.length).toBeGreaterThan(5);
    expect(snapshot()).toEqual(before);
  });

  it('a message over the size limit is refused as too_large and not stored', async () => {
    const before = snapshot();
    const r = await call(customer, 'chat:send', { conversationId, clientId: 'ann-toolarge1', body: 'x'.repeat(501) });
    expect(r).toMatchObject({ ok: false, error: { code: 'too_large', message: expect.stringContaining('500') } });
    expect(snapshot()).toEqual(before);
  });

  it("a customer can neither read nor write another customer's conversation", async () => {
    const before = snapshot();
    expect(await call(customer, 'chat:sync', { conversationId: otherConversationId, afterSeq: 0 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call(customer, 'chat:send', { conversationId: otherConversationId, clientId: 'ann-intrude1', body: 'hi' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call(customer, 'chat:typing', { conversationId: otherConversationId, typing: true })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(snapshot()).toEqual(before);
  });

  it('the same email in another widget session does not unlock earlier conversations', async () => {
    const impostor = await connectCustomer(hub.url, await customerToken(hub.url, 'Not Ann', 'ann@shop.test'));
    expect(await call(impostor, 'chat:current', {})).toEqual({ ok: true, data: null });
    expect(await call(impostor, 'chat:sync', { conversationId, afterSeq: 0 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    impostor.close();
  });

  it('an unauthenticated socket can do nothing on the agent side', async () => {
    await expect(connectAgent(hub.url, 'not-a-token')).rejects.toThrow(/session|sign in/i);
    await expect(connectAgent(hub.url, '')).rejects.toThrow();
    const customerTokenValue = (customer.auth as { token: string }).token;
    await expect(connectAgent(hub.url, customerTokenValue)).rejects.toThrow();
  });

  it('a staff token cannot open a customer socket', async () => {
    const staff = await addStaff(hub);
    await expect(connectCustomer(hub.url, await login(hub.url, staff.email))).rejects.toThrow();
  });

  it('garbage on the raw websocket closes only that connection; others keep working', async () => {
    const before = snapshot();
    const url = hub.url.replace('http', 'ws') + '/socket.io/?EIO=4&transport=websocket';
    const ws = new WebSocket(url);
    await new Promise((r) => ws.once('open', r));
    const closed = new Promise((r) => ws.once('close', r));
    ws.send('40/customer,{"token":');
    ws.send('42/customer,["chat:send",{not json');
    ws.send(Buffer.from([0xff, 0x00, 0x13]));
    ws.send('this is not socket.io at all');
    await closed;
    expect(snapshot()).toEqual(before);
    const r = await ok(customer, 'chat:send', { conversationId, clientId: 'ann-after-ws1', body: 'still here' });
    expect(r.message.seq).toBe(2);
  });

  it('HTTP: non-JSON, wrong types and oversized bodies get typed errors', async () => {
    const nonJson = await postJson(`${hub.url}/api/widget/session`, '{name: nope');
    expect(nonJson).toMatchObject({ status: 400, json: { ok: false, error: { code: 'invalid_payload' } } });
    const wrong = await postJson(`${hub.url}/api/widget/session`, { name: 3, email: 'not-an-email' });
    expect(wrong.status).toBe(400);
    expect(wrong.json.error.issues.map((i: { path: string }) => i.path).sort()).toEqual(['email', 'name']);
    const huge = await postJson(`${hub.url}/api/auth/login`, { email: 'a@b.c', password: 'x'.repeat(100_000) });
    expect(huge).toMatchObject({ status: 413, json: { error: { code: 'too_large' } } });
    const unknown = await fetch(`${hub.url}/api/nope`);
    expect(unknown.status).toBe(404);
    const wrongPassword = await postJson(`${hub.url}/api/auth/login`, { email: 'nobody@desk.test', password: 'whatever it is' });
    expect(wrongPassword).toMatchObject({ status: 401, json: { error: { code: 'unauthenticated', message: 'Wrong email or password.' } } });
  });
});
