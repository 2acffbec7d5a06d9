// A brand whose care address is a mailbox the hub reads over IMAP (issue 10): a real IMAP server
// (hoodiecrow-imap, an in-memory IMAP4rev1 server made for client tests) holds the mail, the hub's
// poller reads it with imapflow, and acknowledgements go out over a real SMTP server.
import hoodiecrow from 'hoodiecrow-imap';
import { ImapFlow } from 'imapflow';
import type { AddressInfo } from 'node:net';
import MailComposer from 'nodemailer/lib/mail-composer';
import type Mail from 'nodemailer/lib/mailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub, HubOptions } from '../../server/hub';
import { addStaff, login, startTestHub } from '../helpers/hub';
import { header, subjectOf, testInboundMail } from '../helpers/mail';
import { connectAgent, ok, until, type AgentSocket } from '../helpers/sockets';
import { startSmtp } from '../helpers/transcripts';

const CARE = 'care@maison.test';
const MAX_BYTES = 64 * 1024;

const rfc822 = (mail: Mail.Options): Promise<string> =>
  new Promise((resolve, reject) => new MailComposer({ ...mail, to: CARE }).compile().build((e, b) => (e ? reject(e) : resolve(b.toString('utf8')))));

describe('a brand mailbox read over IMAP', () => {
  let imap: ReturnType<typeof hoodiecrow>;
  let imapPort: number;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hub: Hub;
  let agent: AgentSocket;
  const warnings: string[] = [];

  /** A client of our own on the same mailbox, to put mail in and see its flags. */
  async function mailbox<T>(fn: (c: ImapFlow) => Promise<T>): Promise<T> {
    const c = new ImapFlow({ host: '127.0.0.1', port: imapPort, secure: false, auth: { user: 'testuser', pass: 'testpass' }, logger: false });
    await c.connect();
    const lock = await c.getMailboxLock('INBOX');
    try {
      return await fn(c);
    } finally {
      lock.release();
      await c.logout();
    }
  }
  const flagsBySubject = () =>
    mailbox(async (c) => {
      const out: Record<string, string[]> = {};
      for await (const m of c.fetch('1:*', { envelope: true, flags: true })) out[m.envelope?.subject ?? ''] = [...(m.flags ?? [])].sort();
      return out;
    });
  const tickets = async () => ((await ok(agent, 'tickets:list', {})) as { tickets: { id: string; ref: string; subject: string; customer: { email: string } }[] }).tickets;

  beforeAll(async () => {
    const first = await rfc822({ from: 'Giulia Rossi <giulia@shop.test>', subject: 'Borsa arrivata rovinata', text: 'La borsa è arrivata graffiata. Carta 5555 5555 5555 4444.', headers: { 'Content-Language': 'it' } });
    const autoReply = await rfc822({ from: 'away@shop.test', subject: 'Out of office', text: 'I am away until Monday.', headers: { 'Auto-Submitted': 'auto-replied' } });
    const huge = await rfc822({ from: 'big@shop.test', subject: 'Too big', text: 'x'.repeat(MAX_BYTES * 2) });
    imap = hoodiecrow({ storage: { INBOX: { messages: [first, autoReply, huge].map((raw) => ({ raw, flags: [] })) } } });
    await new Promise<void>((r) => imap.listen(0, '127.0.0.1', r));
    imapPort = (imap.server.address() as AddressInfo).port;
    smtp = await startSmtp();
    const log: HubOptions['log'] = (level, msg) => {
      if (level === 'warn') warnings.push(msg);
    };
    hub = await startTestHub({
      log,
      settings: {
        smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'care@desk.test', connectionTimeoutMs: 5000 },
        brands: { maison: { deskName: 'Maison Care', careAddress: CARE, imap: { host: '127.0.0.1', port: imapPort, secure: false, user: 'testuser', pass: 'testpass', mailbox: 'INBOX' } } },
        inboundMail: testInboundMail({ maxBytes: MAX_BYTES, attachmentTypes: ['image/png', 'text/plain'], imapPollMs: 300 }),
      },
    });
    const a = await addStaff(hub, 'agent', 'Ines Agent');
    agent = await connectAgent(hub.url, await login(hub.url, a.email));
  });
  afterAll(async () => {
    agent?.close();
    await hub?.close();
    await smtp?.close();
    await new Promise<void>((r) => (imap ? imap.close(() => r()) : r()));
  });

  it('unseen mail becomes a ticket, acknowledged, and is marked seen only once stored', async () => {
    await expect.poll(async () => (await tickets()).length, { timeout: 10_000 }).toBe(1);
    const [t] = await tickets();
    expect(t).toMatchObject({ brandId: 'maison', channel: 'email', subject: 'Borsa arrivata rovinata', locale: 'it', customer: { email: 'giulia@shop.test', name: 'Giulia Rossi' } });
    const { messages } = (await ok(agent, 'tickets:get', { ticketId: t!.id })) as { messages: { kind: string; body: string }[] };
    expect(messages[0]!.body).toBe('La borsa è arrivata graffiata. Carta **** **** **** 4444.');

    await until(() => smtp.mails.some((m) => m.to.includes('giulia@shop.test')), 10_000, 'the acknowledgement');
    const ack = smtp.mails.find((m) => m.to.includes('giulia@shop.test'))!;
    expect(subjectOf(ack.raw)).toContain(t!.ref);
    expect(header(ack.raw, 'Auto-Submitted')).toBe('auto-replied');

    const flags = await flagsBySubject();
    expect(flags['Borsa arrivata rovinata']).toContain('\\Seen');
  });

  it('an automatic reply is not answered, and mail over the size limit is left flagged in the mailbox', async () => {
    await expect.poll(async () => (await flagsBySubject())['Too big'], { timeout: 10_000 }).toEqual(['\\Flagged', '\\Seen']);
    expect(smtp.mails.filter((m) => m.to.includes('away@shop.test') || m.to.includes('big@shop.test'))).toEqual([]);
    expect((await tickets()).map((t) => t.customer.email)).toEqual(['giulia@shop.test']);
    expect(warnings).toContain('IMAP message larger than inboundMail.maxBytes left in the mailbox (flagged)');
  });

  it('a reply put in the mailbox later threads into its ticket; nothing is filed twice', async () => {
    const [t] = await tickets();
    const ack = smtp.mails.find((m) => m.to.includes('giulia@shop.test'))!;
    const ackId = header(ack.raw, 'Message-ID')!;
    const reply = await rfc822({ from: 'giulia@shop.test', subject: `Re: ${subjectOf(ack.raw)}`, text: 'Grazie, allego altre foto domani.', inReplyTo: ackId, references: [ackId] });
    await mailbox((c) => c.append('INBOX', reply, []));
    await expect.poll(async () => ((await ok(agent, 'tickets:get', { ticketId: t!.id })) as { messages: unknown[] }).messages.length, { timeout: 10_000 }).toBe(3);
    // Several more polls: the thread and the ticket list stay as they are.
    await new Promise((r) => setTimeout(r, 1200));
    const { messages } = (await ok(agent, 'tickets:get', { ticketId: t!.id })) as { messages: { kind: string; body: string }[] };
    expect(messages.map((m) => [m.kind, m.body])).toEqual([
      ['customer', 'La borsa è arrivata graffiata. Carta **** **** **** 4444.'],
      ['ack', expect.any(String)],
      ['customer', 'Grazie, allego altre foto domani.'],
    ]);
    expect(await tickets()).toHaveLength(1);
    expect(smtp.mails.filter((m) => m.to.includes('giulia@shop.test'))).toHaveLength(1);
  });
});
