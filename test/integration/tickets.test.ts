// Hours and offline messages (POLICY §4): outside hours chat:start is refused and the widget's
// offline message becomes a ticket, listed, assigned and answered by email from the brand's address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockAt } from '../../server/clock';
import type { Hub } from '../../server/hub';
import { DEFAULT_POLICY } from '../../shared/domain/config';
import { addStaff, customerToken, login, postJson, startTestHub } from '../helpers/hub';
import { call, collect, connectAgent, connectCustomer, ok, until, type AgentSocket, type CustomerSocket } from '../helpers/sockets';
import { mimeParts, startSmtp } from '../helpers/transcripts';

const SUNDAY = new Date('2025-06-01T15:00:00Z');
const MONDAY_11_NY = new Date('2025-06-02T15:00:00Z');

describe('hours, offline messages and tickets', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hub: Hub;
  const clock = clockAt(SUNDAY, { frozen: true });
  let agent: AgentSocket;
  let other: AgentSocket;
  let supervisor: AgentSocket;
  let customer: CustomerSocket;
  let agentId: string;
  let otherId: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    hub = await startTestHub({
      clock,
      policy: { hours: DEFAULT_POLICY.hours },
      settings: {
        smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'care@desk.test', connectionTimeoutMs: 5000 },
        brands: { luxe: { deskName: 'Luxe Care', careAddress: 'care@luxe.test', accentColor: '#b8860b', greeting: 'Bienvenue', hours: { timeZone: 'Europe/Paris' } } },
      },
    });
    const a = await addStaff(hub, 'agent', 'Ann Agent');
    const o = await addStaff(hub, 'agent', 'Otto Agent');
    const s = await addStaff(hub, 'supervisor', 'Sue Supervisor');
    agentId = a.id;
    otherId = o.id;
    agent = await connectAgent(hub.url, await login(hub.url, a.email));
    other = await connectAgent(hub.url, await login(hub.url, o.email));
    supervisor = await connectAgent(hub.url, await login(hub.url, s.email));
    customer = await connectCustomer(hub.url, await customerToken(hub.url, 'Ada Lovelace', 'ada@shop.test'));
  });
  afterAll(async () => {
    for (const s of [agent, other, supervisor, customer]) s?.close();
    await hub?.close();
    await smtp?.close();
  });

  it('the widget config says closed and when it opens, with the brand look', async () => {
    const res = await fetch(`${hub.url}/api/widget/config?brand=luxe`);
    const { data } = (await res.json()) as { data: { brand: Record<string, unknown>; retentionMonths: number } };
    expect(data.retentionMonths).toBe(13);
    expect(data.brand).toMatchObject({ id: 'luxe', name: 'Luxe Care', accentColor: '#b8860b', greeting: 'Bienvenue', open: false, timeZone: 'Europe/Paris' });
    // Monday 10:00 in Paris.
    expect(data.brand.nextOpening).toBe('2025-06-02T08:00:00.000Z');
    const unknown = await fetch(`${hub.url}/api/widget/config?brand=nope`);
    expect(unknown.status).toBe(404);
    // An empty ?brand= (a page that left it blank) is the default brand, as on every other route.
    const blank = await fetch(`${hub.url}/api/widget/config?brand=`);
    expect(blank.status).toBe(200);
    expect(((await blank.json()) as { data: { brand: { id: string } } }).data.brand.id).toBe('default');
  });

  it('outside hours chat:start is refused with closed', async () => {
    expect(await call(customer, 'chat:start', {})).toMatchObject({ ok: false, error: { code: 'closed' } });
  });

  let ticketId: string;
  it('an offline message becomes a ticket agents see at once, card numbers masked', async () => {
    const pushed = collect<{ ticket: { id: string; status: string } }>(agent, 'tickets:updated');
    const bad = await postJson(`${hub.url}/api/widget/offline-message`, { name: 'Ada', email: 'not-an-email', body: 'x' });
    expect(bad.status).toBe(400);
    const r = await postJson(`${hub.url}/api/widget/offline-message`, { brandId: 'luxe', name: 'Ada Lovelace', email: 'ada@shop.test', body: 'Where is my order? Card 4111 1111 1111 1111' });
    expect(r.status).toBe(200);
    ticketId = r.json.data.ticket.id;
    await until(() => pushed.some((p) => p.ticket.id === ticketId), 5000, 'tickets:updated');
    const { tickets } = await ok(agent, 'tickets:list', {});
    const t = tickets.find((x: { id: string }) => x.id === ticketId);
    expect(t).toMatchObject({ brandId: 'luxe', status: 'open', customer: { name: 'Ada Lovelace', email: 'ada@shop.test' }, body: 'Where is my order? Card **** **** **** 1111' });
    // Reading customers' messages is a staff view of their data: recorded.
    const audited = hub.store.db.prepare("SELECT detail FROM audit_log WHERE action = 'tickets.list' ORDER BY rowid DESC LIMIT 1").get() as { detail: string } | undefined;
    expect(JSON.parse(audited!.detail)).toMatchObject({ count: tickets.length });
  });

  it('an agent takes the ticket; only supervisors give it to someone else', async () => {
    expect(await call(agent, 'tickets:assign', { ticketId, agentId: otherId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await ok(supervisor, 'tickets:assign', { ticketId, agentId: otherId })).ticket.assignedTo.id).toBe(otherId);
    expect((await ok(agent, 'tickets:assign', { ticketId })).ticket).toMatchObject({ status: 'open', assignedTo: { id: agentId, name: 'Ann Agent' } });
    expect(await call(other, 'tickets:answer', { ticketId, body: 'not mine' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('the answer goes by email from the brand care address, and the ticket waits on the customer', async () => {
    const { ticket, message } = await ok(agent, 'tickets:answer', { ticketId, body: 'Your order ships tomorrow.', status: 'solved' });
    expect(ticket).toMatchObject({ status: 'solved', dueAt: null });
    expect(message).toMatchObject({ kind: 'agent', body: 'Your order ships tomorrow.', author: { name: 'Ann Agent' } });
    await until(() => smtp.mails.length === 1, 5000, 'mail');
    const mail = smtp.mails[0]!;
    expect(mail.from).toBe('care@luxe.test');
    expect(mail.to).toEqual(['ada@shop.test']);
    expect(mimeParts(mail.raw).some((p) => p.body.toString('utf8').includes('Your order ships tomorrow.'))).toBe(true);
    expect((await ok(agent, 'tickets:list', { status: 'solved' })).tickets.map((t: { id: string }) => t.id)).toContain(ticketId);
  });

  it('a refused answer is recorded and the ticket stays open', async () => {
    smtp.reject.add('bounce@shop.test');
    const r = await postJson(`${hub.url}/api/widget/offline-message`, { name: 'Bo Bounce', email: 'bounce@shop.test', body: 'Hello?' });
    const id = r.json.data.ticket.id;
    expect(await call(agent, 'tickets:answer', { ticketId: id, body: 'Hi' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const t = (await ok(agent, 'tickets:list', {})).tickets.find((x: { id: string }) => x.id === id);
    expect(t.status).toBe('open');
    expect(t.mailError).toMatch(/550/);
  });

  it('in hours the chat starts', async () => {
    clock.set(MONDAY_11_NY);
    expect((await ok(customer, 'chat:start', {})).conversation.status).toBe('waiting');
    const res = await fetch(`${hub.url}/api/widget/config`);
    expect(((await res.json()) as { data: { brand: { open: boolean; nextOpening: null } } }).data.brand).toMatchObject({ open: true, nextOpening: null });
  });

  it('customers cannot use ticket events (agent namespace only) and a customer token is refused there', async () => {
    expect(await call(customer, 'tickets:list', {})).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await call(customer, 'tickets:answer', { ticketId, body: 'x' })).toMatchObject({ ok: false });
    await expect(connectAgent(hub.url, (customer.auth as { token: string }).token)).rejects.toThrow();
  });
});
