import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { addStaff, customerToken, login, startTestHub, verifiedCustomerToken } from '../helpers/hub';
import { call, connectAgent, connectCustomer, ok, until, type AgentSocket, type CustomerSocket } from '../helpers/sockets';
import { mimeParts, startSmtp } from '../helpers/transcripts';

describe('copies for customers: email with the PDF attached, over a real SMTP server', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hub: Hub;
  let customer: CustomerSocket;
  let customerTok: string;
  let agent: AgentSocket;
  let other: AgentSocket;
  let conversationId: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    hub = await startTestHub({
      settings: {
        smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'care@desk.test', connectionTimeoutMs: 5000 },
        brands: { default: { deskName: 'Maison Care', careAddress: 'care@maison.test' } },
        customerCopiesMax: 2,
      },
    });
    const a = await addStaff(hub, 'agent', 'Grace Agent');
    const o = await addStaff(hub, 'agent', 'Otto Agent');
    agent = await connectAgent(hub.url, await login(hub.url, a.email));
    other = await connectAgent(hub.url, await login(hub.url, o.email));
    // Copies go only to a confirmed address (issue 12): Ada is signed in at the shop.
    customerTok = await verifiedCustomerToken(hub.url, 'Ada Lovelace', 'ada@shop.test');
    customer = await connectCustomer(hub.url, customerTok);
    conversationId = (await ok(customer, 'chat:start', {})).conversation.id;
    await ok(customer, 'chat:send', { conversationId, clientId: 'copy-00000001', body: 'My <b>bag</b> arrived scratched. Card 4111 1111 1111 1111.' });
    await ok(agent, 'chat:send', { conversationId, clientId: 'copy-00000002', body: 'Sorry to hear that, Ada. We will file a claim.' });
    await ok(agent, 'conversation:end', { conversationId });
  });
  afterAll(async () => {
    for (const s of [customer, agent, other]) s?.close();
    await hub?.close();
    await smtp?.close();
  });

  it('the customer asks for a copy at the end of the chat: queued at once, then sent, and the mail arrives', async () => {
    const updates: { status: string }[] = [];
    customer.on('transcript:copy-updated', (c) => updates.push(c));
    const { copy } = await ok(customer, 'transcript:email-copy', { conversationId });
    expect(copy).toMatchObject({ conversationId, status: 'queued', attempts: 0 });
    expect(copy).not.toHaveProperty('to');
    await until(() => updates.some((u) => u.status === 'sent'), 10_000, 'copy sent');
    expect(updates.at(-1)).toMatchObject({ id: copy.id, status: 'sent', attempts: 1 });

    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.from).toBe('care@maison.test');
    expect(mail.to).toEqual(['ada@shop.test']);
    expect(mail.raw).toMatch(/^Subject: Your chat with Maison Care\r?$/m);
    const parts = mimeParts(mail.raw);
    const html = parts.find((p) => p.type === 'text/html')!.body.toString('utf8');
    // A greeting, the chat, a sign-off from the brand's team; no internal id anywhere a customer looks.
    expect(html).toContain('Dear Ada');
    expect(html).toContain('Maison Care: chat transcript');
    expect(html).toContain('The Maison Care team');
    expect(html).toContain('Sorry to hear that, Ada. We will file a claim.');
    expect(mail.raw).not.toContain(conversationId);
    // Customer text is escaped, and the card number was masked before it was ever stored.
    expect(html).toContain('My &lt;b&gt;bag&lt;/b&gt; arrived scratched. Card **** **** **** 1111.');
    expect(mail.raw).not.toMatch(/4111[ -]?1111[ -]?1111/);
    const pdf = parts.find((p) => p.type === 'application/pdf')!;
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.body.length).toBeGreaterThan(500);

    const copies = (await ok(agent, 'transcripts:copies', { conversationId })).copies;
    expect(copies).toEqual([expect.objectContaining({ id: copy.id, to: 'ada@shop.test', status: 'sent', attempts: 1, requestedBy: { kind: 'customer', id: expect.any(String) } })]);
  });

  it('a failed send is recorded as failed with the server’s reason, then retried with the attempts counted', async () => {
    smtp.reject.add('ada.work@shop.test');
    const seen: { status: string; attempts: number; error: string | null }[] = [];
    agent.on('transcripts:copy-updated', (c) => seen.push(c));
    expect(await call(agent, 'transcripts:send-copy', { conversationId, to: 'ada.work@shop.test' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', message: expect.stringMatching(/needs a reason/) },
    });
    const { copy } = await ok(agent, 'transcripts:send-copy', { conversationId, to: 'ada.work@shop.test', reason: 'Customer asked on the phone for her work address' });
    expect(copy).toMatchObject({ status: 'queued', to: 'ada.work@shop.test', reason: 'Customer asked on the phone for her work address' });
    await until(() => seen.some((c) => c.status === 'failed'), 10_000, 'copy failed');
    const failed = (await ok(agent, 'transcripts:copies', { conversationId })).copies.find((c: { id: string }) => c.id === copy.id);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1 });
    expect(failed.error).toMatch(/550/);
    expect(failed.error).toMatch(/Recipient address rejected/);

    expect(await call(agent, 'transcripts:retry-copy', { copyId: (await ok(agent, 'transcripts:copies', { conversationId })).copies[0].id })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    smtp.reject.delete('ada.work@shop.test');
    const retried = await ok(agent, 'transcripts:retry-copy', { copyId: copy.id });
    expect(retried.copy).toMatchObject({ status: 'queued', attempts: 1 });
    await until(() => seen.some((c) => c.status === 'sent'), 10_000, 'copy sent on retry');
    const sent = (await ok(agent, 'transcripts:copies', { conversationId })).copies.find((c: { id: string }) => c.id === copy.id);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, error: null });
    expect(smtp.mails.at(-1)!.to).toEqual(['ada.work@shop.test']);

    const audit = hub.store.audit.forSubject('conversation', conversationId).map((e) => e.action);
    expect(audit.filter((a) => a === 'transcript.copy')).toHaveLength(2);
    expect(audit).toContain('transcript.copy-retry');
  });

  it('an unreachable SMTP server is a failed copy with the connection error, not a crash', async () => {
    const { startTestHub: start } = await import('../helpers/hub');
    const dead = await start({ settings: { smtp: { host: '127.0.0.1', port: 1, secure: false, from: 'care@desk.test', connectionTimeoutMs: 2000 } } });
    try {
      const c = await connectCustomer(dead.url, await verifiedCustomerToken(dead.url));
      const id = (await ok(c, 'chat:start', {})).conversation.id;
      const { copy } = await ok(c, 'transcript:email-copy', { conversationId: id });
      await dead.copies.idle();
      expect(dead.store.emailCopies.get(copy.id)).toMatchObject({ status: 'failed', attempts: 1, error: expect.stringMatching(/ECONNREFUSED|ESOCKET|ECONNECTION/) });
      c.close();
    } finally {
      await dead.close();
    }
  });

  it('a guest (an email typed, not proven) gets no copy by email: verification_required, nothing queued or sent (issue 12)', async () => {
    const guest = await connectCustomer(hub.url, await customerToken(hub.url, 'Mallory', 'victim@shop.test'));
    const id = (await ok(guest, 'chat:start', {})).conversation.id;
    const sent = smtp.mails.length;
    expect(await call(guest, 'transcript:email-copy', { conversationId: id })).toMatchObject({ ok: false, error: { code: 'verification_required' } });
    await hub.copies.idle();
    expect(hub.store.emailCopies.forConversation(id)).toEqual([]);
    expect(smtp.mails.slice(sent).filter((m) => m.to.includes('victim@shop.test'))).toEqual([]);
    guest.close();
  });

  it('who may ask: the customer only for their own chat and only so many times; agents only for chats they may read', async () => {
    const stranger = await connectCustomer(hub.url, await customerToken(hub.url, 'Eve', 'eve@shop.test'));
    expect(await call(stranger, 'transcript:email-copy', { conversationId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    stranger.close();
    expect(await call(other, 'transcripts:send-copy', { conversationId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(other, 'transcripts:copies', { conversationId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await ok(customer, 'transcript:email-copy', { conversationId });
    expect(await call(customer, 'transcript:email-copy', { conversationId })).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    expect(await call(customer, 'transcripts:send-copy', { conversationId })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    await hub.copies.idle();
  });

  it('download: the widget gets its own transcript as PDF or text with its bearer token', async () => {
    const pdf = await fetch(`${hub.url}/api/widget/transcript?format=pdf`, { headers: { authorization: `Bearer ${customerTok}` } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toMatch(/^attachment; filename="Maison Care chat \d{4}-\d{2}-\d{2}\.pdf"$/);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

    const txt = await fetch(`${hub.url}/api/widget/transcript?format=txt&conversationId=${conversationId}`, { headers: { authorization: `Bearer ${customerTok}` } });
    const text = await txt.text();
    expect(text).toContain('Maison Care: chat transcript');
    expect(text).toContain('Ada Lovelace: My <b>bag</b> arrived scratched. Card **** **** **** 1111.');

    expect((await fetch(`${hub.url}/api/widget/transcript?format=pdf`)).status).toBe(401);
    const staffToken = await login(hub.url, (await addStaff(hub, 'supervisor')).email);
    expect((await fetch(`${hub.url}/api/widget/transcript?format=pdf`, { headers: { authorization: `Bearer ${staffToken}` } })).status).toBe(401);
    expect((await fetch(`${hub.url}/api/widget/transcript?format=docx`, { headers: { authorization: `Bearer ${customerTok}` } })).status).toBe(400);
    const eve = await customerToken(hub.url, 'Eve', 'eve2@shop.test');
    expect((await fetch(`${hub.url}/api/widget/transcript?format=txt&conversationId=${conversationId}`, { headers: { authorization: `Bearer ${eve}` } })).status).toBe(404);
    expect((await fetch(`${hub.url}/api/widget/transcript?format=txt`, { headers: { authorization: `Bearer ${eve}` } })).status).toBe(404);
  });
});
