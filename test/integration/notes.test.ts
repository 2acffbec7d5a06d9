// Private notes and supervisor whispers never reach the customer: not their socket, not an email
// copy, not a widget download.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { addStaff, login, startTestHub, verifiedCustomerToken } from '../helpers/hub';
import { call, collect, connectAgent, connectCustomer, ok, until, type AgentSocket, type CustomerSocket } from '../helpers/sockets';
import { mimeParts, startSmtp } from '../helpers/transcripts';

describe('private notes and whispers', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hub: Hub;
  let agent: AgentSocket;
  let other: AgentSocket;
  let supervisor: AgentSocket;
  let customer: CustomerSocket;
  let token: string;
  let id: string;
  const seenByCustomer: string[] = [];

  beforeAll(async () => {
    smtp = await startSmtp();
    hub = await startTestHub({ settings: { smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'care@desk.test', connectionTimeoutMs: 5000 } } });
    const a = await addStaff(hub, 'agent', 'Ann Agent');
    const o = await addStaff(hub, 'agent', 'Otto Agent');
    const s = await addStaff(hub, 'supervisor', 'Sue Supervisor');
    agent = await connectAgent(hub.url, await login(hub.url, a.email));
    other = await connectAgent(hub.url, await login(hub.url, o.email));
    supervisor = await connectAgent(hub.url, await login(hub.url, s.email));
    // Signed in at the shop: copies by email go only to a verified address (issue 12).
    token = await verifiedCustomerToken(hub.url, 'Ada Lovelace', 'ada@shop.test');
    customer = await connectCustomer(hub.url, token);
    customer.onAny((event: string, payload: unknown) => seenByCustomer.push(`${event} ${JSON.stringify(payload)}`));
    id = (await ok(customer, 'chat:start', {})).conversation.id;
    await ok(agent, 'conversation:accept', { conversationId: id });
    await ok(customer, 'chat:send', { conversationId: id, clientId: 'note-cust-0001', body: 'Hello, a question about my ring' });
  });
  afterAll(async () => {
    for (const s of [agent, other, supervisor, customer]) s?.close();
    await hub?.close();
    await smtp?.close();
  });

  it('the agent on the chat adds a note, delivered to staff only, card numbers masked', async () => {
    const atAgent = collect<{ body: string; kind: string }>(agent, 'note:new');
    const { note } = await ok(agent, 'chat:note', { conversationId: id, clientId: 'note-0000001', body: 'PRIVATE-NOTE customer angry, card 4111 1111 1111 1111' });
    expect(note).toMatchObject({ kind: 'note', body: 'PRIVATE-NOTE customer angry, card **** **** **** 1111', author: { name: 'Ann Agent' } });
    await until(() => atAgent.length === 1, 5000, 'note:new');
    // A resend with the same clientId is the same note.
    expect((await ok(agent, 'chat:note', { conversationId: id, clientId: 'note-0000001', body: 'PRIVATE-NOTE customer angry' })).note.id).toBe(note.id);
  });

  it('a supervisor whispers; another agent may neither note nor read the notes', async () => {
    const atAgent = collect<{ body: string; kind: string }>(agent, 'note:new');
    const { note } = await ok(supervisor, 'chat:note', { conversationId: id, clientId: 'whisper-00001', body: 'WHISPER-TEXT offer free shipping' });
    expect(note.kind).toBe('whisper');
    await until(() => atAgent.some((n) => n.kind === 'whisper'), 5000, 'whisper at agent');
    expect(await call(other, 'chat:note', { conversationId: id, clientId: 'note-other-001', body: 'x' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(other, 'chat:notes', { conversationId: id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await ok(agent, 'chat:notes', { conversationId: id })).notes).toHaveLength(2);
    expect(await call(customer, 'chat:note', { conversationId: id, clientId: 'note-cust-00001', body: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('notes never reach the customer: socket, sync, email copy, download', async () => {
    await ok(agent, 'chat:send', { conversationId: id, clientId: 'note-agent-001', body: 'Happy to help.' });
    const sync = await ok(customer, 'chat:sync', { conversationId: id, afterSeq: 0 });
    expect(sync.messages.map((m: { seq: number }) => m.seq)).toEqual([1, 2]);
    await ok(agent, 'conversation:end', { conversationId: id });
    await ok(customer, 'transcript:email-copy', { conversationId: id });
    await until(() => smtp.mails.length === 1, 10_000, 'copy mail');
    const mailText = mimeParts(smtp.mails[0]!.raw).map((p) => p.body.toString('latin1')).join('\n') + smtp.mails[0]!.raw;
    expect(mailText).not.toMatch(/PRIVATE-NOTE|WHISPER-TEXT/);
    for (const format of ['txt', 'pdf']) {
      const res = await fetch(`${hub.url}/api/widget/transcript?conversationId=${id}&format=${format}`, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(200);
      // PDF text is not plain bytes; the txt download shows the chat was rendered at all.
      const body = Buffer.from(await res.arrayBuffer()).toString('latin1');
      if (format === 'txt') expect(body).toContain('Happy to help.');
      expect(body).not.toMatch(/PRIVATE-NOTE|WHISPER-TEXT/);
    }
    expect(seenByCustomer.filter((e) => /PRIVATE-NOTE|WHISPER-TEXT|note:new/.test(e))).toEqual([]);
    // No notes on an ended chat.
    expect(await call(agent, 'chat:note', { conversationId: id, clientId: 'note-late-0001', body: 'late' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});
