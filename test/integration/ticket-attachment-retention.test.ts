// Email ticket attachments are personal data like the rest (POLICY §3b, issue 10): the retention
// run deletes an answered ticket's attachment FILES with its rows once the ticket is due, keeps a
// younger ticket's, follows attachments a merge moved, and an erasure takes them at once. Real
// hub on an injected clock, real mail (nodemailer to the hub's listener), real files on disk.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockAt } from '../../server/clock';
import type { Hub } from '../../server/hub';
import { purgeAt } from '../../shared/domain/retention';
import { addStaff, login, startTestHub } from '../helpers/hub';
import { mailTo, testInboundMail } from '../helpers/mail';
import { connectAgent, ok } from '../helpers/sockets';
import { startSmtp } from '../helpers/transcripts';

const CARE = 'care@maison.test';
const T0 = new Date('2026-01-10T10:00:00.000Z');
const days = (n: number) => new Date(T0.getTime() + n * 24 * 3600_000);
const count = (hub: Hub, sql: string, ...args: unknown[]) => (hub.store.db.prepare(sql).get(...args) as { n: number }).n;

describe('retention of email ticket attachments: files go with their rows', () => {
  const clock = clockAt(T0, { frozen: true });
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hub: Hub;
  let port: number;
  let agentEmail: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    hub = await startTestHub({
      clock,
      inboundSmtpPort: 0,
      settings: {
        demoOrdersOnFirstRun: false,
        smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'care@desk.test', connectionTimeoutMs: 5000 },
        brands: { maison: { deskName: 'Maison Care', careAddress: CARE, accentColor: '#6b2737' } },
        inboundMail: testInboundMail(),
      },
    });
    port = hub.inboundSmtp!.port;
    agentEmail = (await addStaff(hub, 'agent', 'Ines Agent')).email;
  });
  afterAll(async () => {
    await hub?.close();
    await smtp?.close();
  });

  /** A customer's mail with one text attachment: the new ticket's id and the attachment's file on disk. */
  async function mailWithAttachment(from: string, note: string): Promise<{ ticketId: string; file: string }> {
    await mailTo(port, { from, to: CARE, subject: `Receipt from ${from}`, text: 'See attached.', attachments: [{ filename: 'receipt.txt', content: note, contentType: 'text/plain' }] });
    const ticketId = (hub.store.db.prepare('SELECT id FROM tickets WHERE customer_email = ? ORDER BY ref DESC LIMIT 1').get(from) as { id: string }).id;
    const [a] = hub.store.tickets.attachments(ticketId);
    const file = join(hub.store.dataDir, a!.path);
    // The listener answers only once the mail is stored: the file is there now.
    expect(readFileSync(file, 'utf8')).toBe(note);
    return { ticketId, file };
  }

  /** An agent, signed in at the hub's current time, does something to a ticket. */
  async function asAgent<T>(fn: (agent: Awaited<ReturnType<typeof connectAgent>>) => Promise<T>): Promise<T> {
    const agent = await connectAgent(hub.url, await login(hub.url, agentEmail));
    try {
      return await fn(agent);
    } finally {
      agent.close();
    }
  }
  const solve = (ticketId: string) => asAgent((a) => ok(a, 'tickets:set-status', { ticketId, status: 'solved' }));

  const old = { ticketId: '', file: '' };
  const young = { ticketId: '', file: '' };
  const merged = { into: '', intoFile: '', dup: '', dupFile: '' };

  it('an attachment is stored as a file when the mail arrives', async () => {
    Object.assign(old, await mailWithAttachment('olga@shop.test', 'Old receipt'));
    // Two mails from one customer, the second folded into the first: its attachment moves with it.
    const a = await mailWithAttachment('mara@shop.test', 'First receipt');
    const b = await mailWithAttachment('mara@shop.test', 'Second receipt');
    Object.assign(merged, { into: a.ticketId, intoFile: a.file, dup: b.ticketId, dupFile: b.file });
    await asAgent((agent) => ok(agent, 'tickets:merge', { ticketId: merged.dup, intoTicketId: merged.into }));
    expect(hub.store.tickets.attachments(merged.into)).toHaveLength(2);
    // Both answered now, at T0: their retention clock starts here.
    await solve(old.ticketId);
    await solve(merged.into);

    // A younger ticket, answered 60 days later.
    clock.set(days(60));
    Object.assign(young, await mailWithAttachment('yann@shop.test', 'Young receipt'));
    await solve(young.ticketId);
  });

  it('is not touched before its ticket is due', async () => {
    clock.set(new Date(purgeAt(T0, 13).getTime() - 1000));
    const r = await hub.retention.run();
    expect(r.other).toMatchObject({ tickets: 0, ticketAttachmentFiles: 0 });
    for (const f of [old.file, merged.intoFile, merged.dupFile, young.file]) expect(existsSync(f)).toBe(true);
  });

  it('goes from disk with its row once the answered ticket is past its retention; a younger ticket’s stays', async () => {
    clock.set(purgeAt(T0, 13));
    const r = await hub.retention.run();
    expect(r.other.ticketAttachmentFiles).toBe(3);
    expect(existsSync(old.file)).toBe(false);
    expect(count(hub, 'SELECT COUNT(*) AS n FROM tickets WHERE id = ?', old.ticketId)).toBe(0);
    expect(count(hub, 'SELECT COUNT(*) AS n FROM ticket_attachments WHERE ticket_id = ?', old.ticketId)).toBe(0);
    // The merged ticket's files, its own and the one the merge moved in, went with it.
    expect(existsSync(merged.intoFile)).toBe(false);
    expect(existsSync(merged.dupFile)).toBe(false);
    expect(count(hub, 'SELECT COUNT(*) AS n FROM ticket_attachments WHERE ticket_id IN (?, ?)', merged.into, merged.dup)).toBe(0);
    // Answered 60 days later: still within its 13 months.
    expect(readFileSync(young.file, 'utf8')).toBe('Young receipt');
    expect(hub.store.tickets.attachments(young.ticketId)).toHaveLength(1);
  });

  it('an erasure for a privacy request deletes the customer’s attachment files at once, those merged into their ticket too', async () => {
    const fresh = await mailWithAttachment('erin@shop.test', 'Erase me');
    // Another customer's mail, folded into Erin's ticket: that ticket still points at hers.
    const other = await mailWithAttachment('ezra@shop.test', 'Merged into Erin’s');
    await asAgent((agent) => ok(agent, 'tickets:merge', { ticketId: other.ticketId, intoTicketId: fresh.ticketId }));
    const { result } = await hub.privacy.eraseNow({ kind: 'system', id: 'test' }, 'erin@shop.test');
    expect(result.erased.tickets).toBe(1);
    expect(existsSync(fresh.file)).toBe(false);
    expect(existsSync(other.file)).toBe(false);
    expect(count(hub, 'SELECT COUNT(*) AS n FROM ticket_attachments WHERE ticket_id = ?', fresh.ticketId)).toBe(0);
    // Ezra's (now empty) ticket stays on its own clock, pointing nowhere.
    expect(hub.store.tickets.get(other.ticketId)).toMatchObject({ mergedInto: null });
    // Nobody else's.
    expect(existsSync(young.file)).toBe(true);
  });

  it('the younger one goes in its turn, 13 months after it was answered', async () => {
    clock.set(purgeAt(days(60), 13));
    const r = await hub.retention.run();
    expect(r.other.ticketAttachmentFiles).toBe(1);
    expect(existsSync(young.file)).toBe(false);
  });

  it('a solved ticket the customer reopens starts its 13 months afresh when solved again, and is not purged while open', async () => {
    const start = clock.now();
    const t = await mailWithAttachment('rhea@shop.test', 'Reopened receipt');
    await solve(t.ticketId);
    await hub.retention.run();
    const firstPurge = count(hub, "SELECT COUNT(*) AS n FROM tickets WHERE id = ? AND purge_at IS NOT NULL", t.ticketId);
    expect(firstPurge).toBe(1);
    // Six months on, the customer writes again in the thread: the ticket is open again.
    clock.set(new Date(start.getTime() + 180 * 24 * 3600_000));
    const ref = (hub.store.db.prepare('SELECT ref FROM tickets WHERE id = ?').get(t.ticketId) as { ref: number }).ref;
    await mailTo(port, { from: 'rhea@shop.test', to: CARE, subject: `Still waiting T-${String(ref).padStart(6, '0')}`, text: 'Any news?' });
    expect(hub.store.tickets.get(t.ticketId)).toMatchObject({ status: 'open' });
    // Past the first purge time, still open: nothing goes.
    clock.set(new Date(purgeAt(start, 13).getTime() + 24 * 3600_000));
    await hub.retention.run();
    expect(readFileSync(t.file, 'utf8')).toBe('Reopened receipt');
    // Solved again now: 13 months from this answer.
    const solvedAgain = clock.now();
    await solve(t.ticketId);
    await hub.retention.run();
    clock.set(new Date(purgeAt(solvedAgain, 13).getTime() - 1000));
    await hub.retention.run();
    expect(existsSync(t.file)).toBe(true);
    clock.set(purgeAt(solvedAgain, 13));
    await hub.retention.run();
    expect(existsSync(t.file)).toBe(false);
  });
});
