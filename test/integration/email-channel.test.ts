// Email as a channel (issue 10), end to end over real SMTP both ways: nodemailer sends to the
// hub's inbound listener; the hub's acknowledgements and answers go to a real SMTP server.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { addStaff, login, startTestHub } from '../helpers/hub';
import { deliveryReport, header, mailTo, subjectOf, testInboundMail } from '../helpers/mail';
import { call, collect, connectAgent, ok, until, type AgentSocket } from '../helpers/sockets';
import { caredeskInProcess, mimeParts, startSmtp } from '../helpers/transcripts';

const CARE = 'care@maison.test';

describe('email as a channel', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hub: Hub;
  let port: number;
  let agent: AgentSocket;
  let dataDir: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    hub = await startTestHub({
      inboundSmtpPort: 0,
      settings: {
        smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'care@desk.test', connectionTimeoutMs: 5000 },
        brands: { maison: { deskName: 'Maison Care', careAddress: CARE, accentColor: '#6b2737' } },
        inboundMail: testInboundMail(),
      },
    });
    dataDir = hub.store.dataDir;
    port = hub.inboundSmtp!.port;
    const a = await addStaff(hub, 'agent', 'Ines Agent');
    agent = await connectAgent(hub.url, await login(hub.url, a.email));
  });
  afterAll(async () => {
    agent?.close();
    await hub?.close();
    await smtp?.close();
  });

  const mailsTo = (addr: string) => smtp.mails.filter((m) => m.to.includes(addr));
  const thread = async (ticketId: string) => (await ok(agent, 'tickets:get', { ticketId })) as { ticket: any; messages: any[] };

  let ticketId: string;
  let ref: string;
  let ackId: string;
  it('a new mail opens a ticket with a reference, and the customer is acknowledged with it', async () => {
    const pushed = collect<{ ticket: { id: string } }>(agent, 'tickets:updated');
    const customerMailId = await mailTo(port, {
      from: 'Camille Durand <camille@shop.test>',
      to: CARE,
      subject: 'Ma commande 1042',
      text: 'Bonjour, ma commande n’est pas arrivée. Carte 4111 1111 1111 1111.',
      headers: { 'Content-Language': 'fr' },
    });
    await until(() => pushed.length > 0, 5000, 'tickets:updated');
    const { tickets } = await ok(agent, 'tickets:list', {});
    const t = tickets.find((x: { customer: { email: string } }) => x.customer.email === 'camille@shop.test');
    expect(t).toMatchObject({ brandId: 'maison', channel: 'email', status: 'open', subject: 'Ma commande 1042', locale: 'fr', customer: { name: 'Camille Durand' } });
    expect(t.ref).toMatch(/^T-\d{6}$/);
    expect(t.body).toBe('Bonjour, ma commande n’est pas arrivée. Carte **** **** **** 1111.');
    expect(t.dueAt).not.toBeNull();
    ticketId = t.id;
    ref = t.ref;

    await until(() => mailsTo('camille@shop.test').length === 1, 5000, 'acknowledgement');
    const ack = mailsTo('camille@shop.test')[0]!;
    expect(ack.from).toBe(CARE);
    expect(subjectOf(ack.raw)).toBe(`Nous avons bien reçu votre message [${ref}]`);
    expect(header(ack.raw, 'Auto-Submitted')).toBe('auto-replied');
    expect(header(ack.raw, 'In-Reply-To')).toBe(customerMailId);
    ackId = header(ack.raw, 'Message-ID')!;
    const text = mimeParts(ack.raw).find((p) => p.type === 'text/plain')!.body.toString('utf8');
    expect(text).toContain('Bonjour Camille Durand,');
    expect(text).toContain(ref);
    expect(text).toContain('L’équipe Maison Care');
    const html = mimeParts(ack.raw).find((p) => p.type === 'text/html')!.body.toString('utf8');
    expect(html).toContain('lang="fr"');
    expect(html.toLowerCase()).toContain('#6b2737');

    const { messages } = await thread(ticketId);
    expect(messages.map((m) => m.kind)).toEqual(['customer', 'ack']);
  });

  it('a reply threads into its ticket by In-Reply-To, and by the reference in the subject', async () => {
    await mailTo(port, { from: 'camille@shop.test', to: CARE, subject: `Re: ${subjectOf(mailsTo('camille@shop.test')[0]!.raw)}`, text: 'Merci !\n\nOn Mon, the desk wrote:\n> Nous avons bien reçu', inReplyTo: ackId, references: [ackId] });
    // The listener answers 250 only once the mail is stored: no waiting needed after mailTo.
    let { messages } = await thread(ticketId);
    // Only the new words; the quoted thread below them is left out.
    expect(messages[2]).toMatchObject({ kind: 'customer', body: 'Merci !' });

    await mailTo(port, { from: 'camille@shop.test', to: CARE, subject: `Encore une question ${ref}`, text: 'Et le suivi ?' });
    ({ messages } = await thread(ticketId));
    expect(messages[3]).toMatchObject({ kind: 'customer', body: 'Et le suivi ?' });
    // A reply is not acknowledged again.
    expect(mailsTo('camille@shop.test')).toHaveLength(1);

    // Someone else quoting the reference opens a ticket of their own.
    await mailTo(port, { from: 'stranger@else.test', to: CARE, subject: `About ${ref}`, text: 'Let me in' });
    expect(mailsTo('stranger@else.test')).toHaveLength(1);
    expect((await thread(ticketId)).messages).toHaveLength(4);
  });

  let answerId: string;
  it('the agent answers in the customer’s language, threaded; the customer’s reply joins the ticket', async () => {
    const { ticket, message } = await ok(agent, 'tickets:answer', { ticketId, body: 'Votre colis part demain.' });
    expect(ticket.status).toBe('pending');
    expect(ticket.dueAt).toBeNull();
    expect(message.kind).toBe('agent');
    await until(() => mailsTo('camille@shop.test').length === 2, 5000, 'answer mail');
    const mail = mailsTo('camille@shop.test')[1]!;
    expect(subjectOf(mail.raw)).toBe(`Re : Ma commande 1042 [${ref}]`);
    answerId = header(mail.raw, 'Message-ID')!;
    expect(answerId).toMatch(new RegExp(`${ref}@desk\\.maison\\.test>$`));
    expect(header(mail.raw, 'In-Reply-To')).toMatch(/^</);
    expect(header(mail.raw, 'References')).toContain(ackId);
    expect(mimeParts(mail.raw).find((p) => p.type === 'text/plain')!.body.toString('utf8')).toContain('Votre colis part demain.');

    await mailTo(port, { from: 'camille@shop.test', to: CARE, subject: `Re: ${subjectOf(mail.raw)}`, text: 'Parfait, merci.', inReplyTo: answerId, references: [answerId] });
    const after = await thread(ticketId);
    expect(after.messages.at(-1)).toMatchObject({ kind: 'customer', body: 'Parfait, merci.' });
    expect(after.ticket.dueAt).not.toBeNull();
  });

  it('an automatic reply is shown on its ticket and never answered', async () => {
    const before = smtp.mails.length;
    await mailTo(port, {
      from: 'camille@shop.test',
      to: CARE,
      subject: 'Absence du bureau',
      text: 'Je suis absente jusqu’au 12.',
      inReplyTo: answerId,
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    expect((await thread(ticketId)).messages.at(-1)).toMatchObject({ kind: 'autoreply', body: 'Je suis absente jusqu’au 12.' });
    // An out-of-office for no ticket opens nothing.
    await mailTo(port, { from: 'ooo@shop.test', to: CARE, subject: 'Out of office', text: 'Away', headers: { Precedence: 'auto_reply' } });
    expect(smtp.mails.length).toBe(before);
    const { tickets } = await ok(agent, 'tickets:list', {});
    expect(tickets.some((t: { customer: { email: string } }) => t.customer.email === 'ooo@shop.test')).toBe(false);
  });

  it('a bounce of the desk’s mail appears on its ticket, with the reason', async () => {
    const before = smtp.mails.length;
    await mailTo(port, {
      envelope: { from: '', to: [CARE] },
      raw: deliveryReport({ to: CARE, from: CARE, originalMessageId: answerId, recipient: 'camille@shop.test' }),
    });
    const { ticket, messages } = await thread(ticketId);
    expect(messages.at(-1).body).toContain('Delivery failed to camille@shop.test (status 5.1.1)');
    expect(ticket.mailError).toMatch(/550 5\.1\.1/);
    expect(smtp.mails.length).toBe(before);
  });

  it('an attachment is stored with its card number masked; a type the desk does not keep is refused', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201e2d8e1f70000000049454e44ae426082', 'hex');
    await mailTo(port, {
      from: 'Hugo <hugo@shop.test>',
      to: CARE,
      subject: 'Receipt',
      text: 'See attached.',
      attachments: [
        { filename: 'receipt 4111 1111 1111 1111.txt', content: 'Paid with card 4111-1111-1111-1111 on 3 May.', contentType: 'text/plain' },
        { filename: 'box.png', content: png, contentType: 'image/png' },
        { filename: 'tool.exe', content: Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]), contentType: 'application/octet-stream' },
      ],
    });
    const hugo = (await ok(agent, 'tickets:list', {})).tickets.find((t: any) => t.customer.email === 'hugo@shop.test');
    const { messages } = await thread(hugo.id);
    const files = messages[0].attachments;
    expect(files.map((a: { name: string; mime: string }) => [a.name, a.mime])).toEqual([
      ['receipt **** **** **** 1111.txt', 'text/plain'],
      ['box.png', 'image/png'],
    ]);
    expect(messages.find((m) => m.kind === 'note').body).toContain('tool.exe: a type the desk does not keep');

    const token = (agent.auth as { token: string }).token;
    const res = await fetch(`${hub.url}${files[0].url}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('Paid with card ****-****-****-1111 on 3 May.');
    expect((await fetch(`${hub.url}${files[0].url}`)).status).toBe(401);
    // On disk too: the card number never reached the data folder.
    const stored = hub.store.tickets.attachment(files[0].id)!;
    expect(existsSync(join(dataDir, stored.path))).toBe(true);
    expect(readFileSync(join(dataDir, stored.path), 'utf8')).not.toContain('4111-1111-1111-1111');
  });

  it('an attachment downloads under its own name (accents kept for browsers that read filename*); a file gone from the data folder is 404, not a crash', async () => {
    await mailTo(port, { from: 'Zoé <zoe@shop.test>', to: CARE, subject: 'Reçu', text: 'Ci-joint.', attachments: [{ filename: 'reçu été.txt', content: 'Payé le 3 mai.', contentType: 'text/plain' }] });
    const zoe = (await ok(agent, 'tickets:list', {})).tickets.find((t: any) => t.customer.email === 'zoe@shop.test');
    const file = (await thread(zoe.id)).messages[0].attachments[0] as { id: string; url: string };
    // The scheme's name in any case (RFC 9110): "bearer" as well as "Bearer".
    const get = () => fetch(`${hub.url}${file.url}`, { headers: { authorization: `bearer ${(agent.auth as { token: string }).token}` } });
    const res = await get();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="re_u _t_.txt"; filename*=UTF-8''re%C3%A7u%20%C3%A9t%C3%A9.txt`);
    rmSync(join(dataDir, hub.store.tickets.attachment(file.id)!.path));
    const gone = await get();
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringMatching(/missing from the data folder/) } });
  });

  it('mail for any other address is refused at RCPT', async () => {
    await expect(mailTo(port, { from: 'x@shop.test', to: 'sales@maison.test', subject: 'Hi', text: 'Hello' })).rejects.toMatchObject({ responseCode: 550 });
  });

  it('a flood from one sender is refused after the limit (try later), others still get through', async () => {
    for (let i = 0; i < 5; i++) await mailTo(port, { from: 'flood@shop.test', to: CARE, subject: `Spam ${i}`, text: 'x' });
    await expect(mailTo(port, { from: 'flood@shop.test', to: CARE, subject: 'Spam 6', text: 'x' })).rejects.toMatchObject({ responseCode: 451 });
    await mailTo(port, { from: 'calm@shop.test', to: CARE, subject: 'One question', text: 'Hello' });
  });

  it('mail from the desk’s own address is dropped (no loop)', async () => {
    const before = smtp.mails.length;
    await mailTo(port, { from: CARE, to: CARE, subject: 'Loop', text: 'echo' });
    expect(smtp.mails.length).toBe(before);
  });

  it('notes, statuses and merge of a duplicate', async () => {
    const { tickets } = await ok(agent, 'tickets:list', {});
    const calm = tickets.find((t: any) => t.customer.email === 'calm@shop.test');
    const note = await ok(agent, 'tickets:note', { ticketId: calm.id, body: 'Same as Camille’s? card 4111 1111 1111 1111' });
    expect(note.message).toMatchObject({ kind: 'note', body: 'Same as Camille’s? card **** **** **** 1111' });
    expect((await ok(agent, 'tickets:set-status', { ticketId: calm.id, status: 'solved' })).ticket).toMatchObject({ status: 'solved', dueAt: null });
    expect(await call(agent, 'tickets:set-status', { ticketId: calm.id, status: 'closed' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    const merged = await ok(agent, 'tickets:merge', { ticketId: calm.id, intoTicketId: ticketId });
    expect(merged.merged).toMatchObject({ status: 'solved', mergedInto: ref });
    const { messages } = await thread(ticketId);
    expect(messages.some((m) => m.body === 'Hello')).toBe(true);
    expect(messages.at(-1).body).toContain('Merged T-');
    expect((await ok(agent, 'tickets:list', {})).tickets.some((t: any) => t.id === calm.id)).toBe(false);
    expect(await call(agent, 'tickets:merge', { ticketId, intoTicketId: ticketId })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('caredesk tickets list and show (with the thread)', async () => {
    const list = await caredeskInProcess(['tickets', 'list', '--json', '--data', dataDir]);
    expect(list.status).toBe(0);
    expect(JSON.parse(list.stdout).map((t: { ref: string }) => t.ref)).toContain(ref);
    const show = await caredeskInProcess(['tickets', 'show', ref, '--data', dataDir]);
    expect(show.status).toBe(0);
    expect(show.stdout).toContain('From: Camille Durand <camille@shop.test>');
    expect(show.stdout).toContain('Parfait, merci.');
    const json = JSON.parse((await caredeskInProcess(['tickets', 'show', ref, '--json', '--data', dataDir])).stdout);
    expect(json.messages.map((m: { kind: string }) => m.kind)).toContain('bounce');
    const missing = await caredeskInProcess(['tickets', 'show', 'T-999999', '--data', dataDir]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no ticket T-999999');
  });
});
