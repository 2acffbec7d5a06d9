// Each kind of privacy request end to end on a real hub (POLICY §3a): from the widget and from an
// agent on the customer's behalf, verified with a one-time code that a real SMTP server receives,
// worked by a supervisor, and carried out — access, correction (the new address verified too),
// erasure with a postponed part, opt-out, a guardian's erasure, and a child under 13.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { newId } from '../../server/ids';
import { nextCode, textOf } from '../helpers/identity';
import { addStaff, customerToken, login, plainDataDir, startTestHub } from '../helpers/hub';
import { call, connectAgent, connectCustomer, ok, type AgentSocket, type CustomerSocket } from '../helpers/sockets';
import { findInFiles, startSmtp } from '../helpers/transcripts';

let hub: Hub;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let agent: AgentSocket;
let supervisor: AgentSocket;

async function customerWithChat(name: string, email: string, words: string): Promise<{ socket: CustomerSocket; conversationId: string }> {
  const socket = await connectCustomer(hub.url, await customerToken(hub.url, name, email));
  const { conversation } = await ok(socket, 'chat:start', {});
  await ok(socket, 'chat:send', { conversationId: conversation.id, clientId: newId('m'), body: words });
  await ok(agent, 'conversation:accept', { conversationId: conversation.id });
  await ok(agent, 'chat:send', { conversationId: conversation.id, clientId: newId('m'), body: 'Happy to help.' });
  return { socket, conversationId: conversation.id };
}
/** The refusal's code, or null when the call went through. */
const refusal = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? null : (r.error?.code ?? null));
const mailsTo = (to: string) => smtp.mails.filter((m) => m.to.includes(to));

beforeAll(async () => {
  smtp = await startSmtp();
  hub = await startTestHub({
    // Unencrypted, so the leftover scans read what the files hold.
    dataDir: plainDataDir('privacy-requests'),
    settings: {
      demoOrdersOnFirstRun: false,
      // A brand whose law gives longer: its own terms over policy.privacy (POLICY §3a, per brand).
      brands: { luxe: { deskName: 'Luxe Care', privacy: { dueMonths: 2, maxExtensionMonths: 1 } } },
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'care@desk.test', connectionTimeoutMs: 5000 },
    },
  });
  agent = await connectAgent(hub.url, await login(hub.url, (await addStaff(hub, 'agent')).email));
  supervisor = await connectAgent(hub.url, await login(hub.url, (await addStaff(hub, 'supervisor')).email));
}, 60_000);
afterAll(async () => {
  agent?.close();
  supervisor?.close();
  await hub?.close();
  await smtp?.close();
});

describe('privacy requests end to end', () => {
  it('access from the widget: a code to the address on file, then the bundle downloads; nobody else may', async () => {
    const email = 'ada.access@shop.test';
    const { socket, conversationId } = await customerWithChat('Ada Access', email, 'My saffronwombat order is late');
    const seen = smtp.mails.length;
    const receipt = await ok(socket, 'privacy:request', { kind: 'access' });
    expect(receipt).toMatchObject({ kind: 'access', state: 'verifying', verification: 'code_sent' });
    expect(receipt.reference).toMatch(/^PR-\d{4}-\d{6}$/);
    const code = await nextCode(smtp.mails, email, seen);
    expect(textOf(mailsTo(email).at(-1)!)).toContain('Enter the code in the chat');
    expect(refusal(await call(socket, 'privacy:download', { requestId: receipt.requestId }))).toBe('conflict');
    const wrong = await call(socket, 'privacy:verify', { requestId: receipt.requestId, code: code === '000000' ? '111111' : '000000' });
    expect(refusal(wrong)).toBe('code_invalid');

    // Another customer's session cannot reach it, even with the right code; nor can a guest who
    // typed the same address in another widget session (who they say they are is not proof).
    const other = await connectCustomer(hub.url, await customerToken(hub.url, 'Someone Else', 'else@shop.test'));
    expect(refusal(await call(other, 'privacy:verify', { requestId: receipt.requestId, code }))).toBe('not_found');
    other.close();
    const sameEmail = await connectCustomer(hub.url, await customerToken(hub.url, 'Ada Access', email));
    expect(refusal(await call(sameEmail, 'privacy:verify', { requestId: receipt.requestId, code }))).toBe('not_found');
    sameEmail.close();
    // A brand the desk does not have is refused, and logs nothing.
    expect(refusal(await call(socket, 'privacy:request', { kind: 'optout', brandId: 'no-such-brand' }))).toBe('not_found');
    // A correction that says nothing to correct could never be carried out.
    expect(refusal(await call(socket, 'privacy:request', { kind: 'correction' }))).toBe('invalid_payload');

    // Asked again (the first email was slow): the same request, a new code. The first code is
    // replaced: said so, without using up a try; the new one works.
    const again = smtp.mails.length;
    expect((await ok(socket, 'privacy:request', { kind: 'access' })).requestId).toBe(receipt.requestId);
    const newer = await nextCode(smtp.mails, email, again);
    expect(await call(socket, 'privacy:verify', { requestId: receipt.requestId, code })).toMatchObject({ ok: false, error: { code: 'code_expired', message: expect.stringMatching(/replaced by a newer one/) } });
    expect(await ok(socket, 'privacy:verify', { requestId: receipt.requestId, code: newer })).toMatchObject({ verification: 'verified', state: 'in_progress' });
    const files = await ok(socket, 'privacy:download', { requestId: receipt.requestId });
    const bundle = JSON.parse(files.json.content);
    expect(bundle.email).toBe(email);
    expect(bundle.transcripts.map((t: { id: string }) => t.id)).toContain(conversationId);
    expect(files.json.content).toContain('saffronwombat');
    expect(files.html.content).toContain('saffronwombat');
    expect(files.html.content).toContain(receipt.reference);
    const { requests } = await ok(supervisor, 'privacy:list', {});
    expect(requests.find((r: { id: string }) => r.id === receipt.requestId)).toMatchObject({ state: 'done', verifiedBy: 'code', source: 'widget' });
    // Audit events name the customer by id only.
    const events = hub.store.audit.forSubject('privacy_request', receipt.requestId);
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['privacy.request', 'privacy.verify-sent', 'privacy.verify-failed', 'privacy.verified', 'privacy.download']));
    expect(JSON.stringify(events)).not.toContain(email);
    socket.close();
  });

  it('agents may not open the Privacy section; supervisors see due-soon and overdue', async () => {
    expect(refusal(await call(agent, 'privacy:list', {}))).toBe('forbidden');
    const r = await ok(agent, 'privacy:log', { kind: 'access', email: 'phone.caller@shop.test', source: 'phone', sourceRef: 'Call 10:42' });
    expect(r.request).toMatchObject({ state: 'received', due: 'on_time', source: 'phone' });
    const old = await hub.privacy.create({ kind: 'access', email: 'late@shop.test', source: 'email', receivedAt: new Date(Date.now() - 40 * 24 * 3600_000), actor: { kind: 'system', id: 'test' } });
    const soon = await hub.privacy.create({ kind: 'access', email: 'soon@shop.test', source: 'email', receivedAt: new Date(Date.now() - 28 * 24 * 3600_000), actor: { kind: 'system', id: 'test' } });
    const { requests } = await ok(supervisor, 'privacy:list', {});
    expect(requests.find((x: { id: string }) => x.id === old.id).due).toBe('overdue');
    expect(requests.find((x: { id: string }) => x.id === soon.id).due).toBe('due_soon');
  });

  it('an extension: once, before the original due time, at most 2 months further, with a reason the customer is emailed', async () => {
    const email = 'ext.customer@shop.test';
    const { request } = await ok(agent, 'privacy:log', { kind: 'access', email, source: 'email' });
    const tooFar = new Date(Date.parse(request.dueAt) + 70 * 24 * 3600_000).toISOString();
    expect(refusal(await call(supervisor, 'privacy:extend', { requestId: request.id, dueAt: tooFar, reason: 'Archive restore' }))).toBe('conflict');
    const to = new Date(Date.parse(request.dueAt) + 30 * 24 * 3600_000).toISOString();
    // A notice that cannot reach the customer: no extension, and the one allowed is not used up.
    smtp.reject.add(email);
    const unsent = await call(supervisor, 'privacy:extend', { requestId: request.id, dueAt: to, reason: 'We must restore an archive of older chats' });
    smtp.reject.delete(email);
    expect(unsent).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringMatching(/could not be emailed, so the request was not extended/) } });
    expect((await hub.privacy.detail(request.id)).request).toMatchObject({ extendedDueAt: null, effectiveDueAt: request.dueAt });
    const seen = smtp.mails.length;
    const extended = await ok(supervisor, 'privacy:extend', { requestId: request.id, dueAt: to, reason: 'We must restore an archive of older chats' });
    expect(extended.request).toMatchObject({ extendedDueAt: to, effectiveDueAt: to, extensionReason: 'We must restore an archive of older chats' });
    const { until } = await import('../helpers/sockets');
    await until(() => smtp.mails.length > seen && mailsTo(email).length > 0, 10_000, 'the extension email');
    expect(textOf(mailsTo(email).at(-1)!)).toContain('We must restore an archive of older chats');
    expect(refusal(await call(supervisor, 'privacy:extend', { requestId: request.id, dueAt: to, reason: 'again' }))).toBe('conflict');
    const noted = await ok(supervisor, 'privacy:note', { requestId: request.id, body: 'Archive ticket OPS-17' });
    expect(noted.notes.map((n: { body: string }) => n.body)).toEqual(['Archive ticket OPS-17']);
    const refused = await ok(supervisor, 'privacy:refuse', { requestId: request.id, reason: 'Duplicate of an earlier request' });
    expect(refused.request).toMatchObject({ state: 'refused', refusalReason: 'Duplicate of an earlier request' });
  });

  it('a brand with terms of its own: its requests are due on its terms, others on the desk’s', async () => {
    const { request: desk } = await ok(agent, 'privacy:log', { kind: 'access', email: 'terms.desk@shop.test', source: 'phone' });
    const { request: luxe } = await ok(agent, 'privacy:log', { kind: 'access', email: 'terms.luxe@shop.test', source: 'phone', brandId: 'luxe' });
    const monthsAfter = (r: { receivedAt: string; dueAt: string }) => {
      const [a, b] = [new Date(r.receivedAt), new Date(r.dueAt)];
      return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
    };
    expect(monthsAfter(desk)).toBe(1);
    expect(monthsAfter(luxe)).toBe(2);
    // Luxe allows one further month, not the desk's two.
    const sixWeeks = new Date(Date.parse(luxe.dueAt) + 45 * 24 * 3600_000).toISOString();
    expect(refusal(await call(supervisor, 'privacy:extend', { requestId: luxe.id, dueAt: sixWeeks, reason: 'Archive restore' }))).toBe('conflict');
    expect(refusal(await call(supervisor, 'privacy:extend', { requestId: desk.id, dueAt: new Date(Date.parse(desk.dueAt) + 45 * 24 * 3600_000).toISOString(), reason: 'Archive restore' }))).toBeNull();
  });

  it('correction logged from a chat: the requester verified by code, the new address too; record and open tickets corrected', async () => {
    const email = 'cora.old@shop.test';
    const { socket, conversationId } = await customerWithChat('Cora Wrongname', email, 'Please fix my name');
    const { request } = await ok(agent, 'privacy:log', {
      kind: 'correction',
      email,
      source: 'chat',
      sourceRef: conversationId,
      correction: { name: 'Cora Rightname', email: 'cora.new@shop.test', phone: '+1 212 555 0199' },
    });
    let seen = smtp.mails.length;
    await ok(supervisor, 'privacy:send-code', { requestId: request.id });
    const code = await nextCode(smtp.mails, email, seen);
    // Logged by staff: the customer gives the code to the adviser, and the email says so.
    const letter = textOf(mailsTo(email).at(-1)!);
    expect(letter).toContain('Give the code to the care adviser handling your request');
    expect(letter).not.toContain('Never tell the code to anyone');
    await ok(supervisor, 'privacy:verify', { requestId: request.id, code });
    expect(refusal(await call(supervisor, 'privacy:fulfil', { requestId: request.id }))).toBe('conflict');
    seen = smtp.mails.length;
    await ok(supervisor, 'privacy:send-new-email-code', { requestId: request.id });
    await ok(supervisor, 'privacy:verify-new-email', { requestId: request.id, code: await nextCode(smtp.mails, 'cora.new@shop.test', seen) });
    const done = await ok(supervisor, 'privacy:fulfil', { requestId: request.id });
    expect(done.request.state).toBe('done');
    const rec = hub.store.privacy.customerByEmail('cora.new@shop.test');
    expect(rec).toMatchObject({ name: 'Cora Rightname', phone: '+1 212 555 0199' });
    expect(hub.store.privacy.customersByEmail(email)).toEqual([]);
    const corrected = hub.store.audit.forSubject('privacy_request', request.id).find((e) => e.action === 'privacy.correct')!;
    expect(corrected.detail).toMatchObject({ fields: ['name', 'email', 'phone'] });
    socket.close();
  });

  it('opt-out from the widget: per brand, with time and source, shown in the customer panel', async () => {
    const email = 'otto.optout@shop.test';
    const { socket, conversationId } = await customerWithChat('Otto Optout', email, 'No more newsletters please');
    const seen = smtp.mails.length;
    const r = await ok(socket, 'privacy:request', { kind: 'optout', brandId: 'default' });
    const verified = await ok(socket, 'privacy:verify', { requestId: r.requestId, code: await nextCode(smtp.mails, email, seen) });
    expect(verified.state).toBe('done');
    const customerId = hub.store.conversations.get(conversationId)!.customer.id;
    const panel = await ok(agent, 'privacy:customer', { customerId });
    expect(panel.optOuts).toEqual([{ brandId: 'default', source: 'widget', at: expect.any(String) }]);
    socket.close();
  });

  it('erasure: the preview names what goes and what a legal hold postpones; the customer is told; released, the rest goes', async () => {
    const email = 'erin.erase@shop.test';
    const a = await customerWithChat('Erin Eraseme', email, 'The quokkalantern arrived broken');
    await ok(agent, 'conversation:end', { conversationId: a.conversationId });
    a.socket.close();
    const b = await customerWithChat('Erin Eraseme', email, 'About the heldmarmot invoice');
    await ok(agent, 'conversation:end', { conversationId: b.conversationId });
    b.socket.close();
    await ok(supervisor, 'transcripts:hold', { conversationId: b.conversationId, reason: 'Tax audit 2026' });

    const { request } = await ok(agent, 'privacy:log', { kind: 'erasure', email, source: 'phone' });
    expect(refusal(await call(supervisor, 'privacy:fulfil', { requestId: request.id }))).toBe('conflict'); // not verified
    const plan = await ok(supervisor, 'privacy:preview', { requestId: request.id });
    expect(plan.going).toMatchObject({ conversations: 1, messages: 2 });
    expect(plan.postponed).toEqual([{ kind: 'conversation', id: b.conversationId, reason: 'legal_hold', detail: 'on legal hold: Tax audit 2026' }]);
    let seen = smtp.mails.length;
    await ok(supervisor, 'privacy:send-code', { requestId: request.id });
    const code = await nextCode(smtp.mails, email, seen);
    // Logged by staff: the customer gives the code to the adviser, and the email says so.
    const letter = textOf(mailsTo(email).at(-1)!);
    expect(letter).toContain('Give the code to the care adviser handling your request');
    expect(letter).not.toContain('Never tell the code to anyone');
    await ok(supervisor, 'privacy:verify', { requestId: request.id, code });
    seen = smtp.mails.length;
    const r = await ok(supervisor, 'privacy:fulfil', { requestId: request.id });
    expect(r.request.state).toBe('in_progress');
    expect(hub.store.conversations.get(a.conversationId)).toBeUndefined();
    const { until } = await import('../helpers/sockets');
    await until(() => smtp.mails.slice(seen).some((m) => m.to.includes(email)), 10_000, 'the erasure email');
    expect(textOf(smtp.mails.slice(seen).find((m) => m.to.includes(email))!)).toContain('on legal hold: Tax audit 2026');
    expect(findInFiles(hub.store.dataDir, ['quokkalantern'])).toEqual([]);

    await ok(supervisor, 'transcripts:release', { conversationId: b.conversationId });
    await until(() => hub.store.privacy.get(request.id)?.state === 'done', 20_000, 'the postponed part erased after the release');
    await hub.store.checkpoint();
    expect(findInFiles(hub.store.dataDir, ['heldmarmot', 'Erin Eraseme', 'quokkalantern'])).toEqual([]);
  });

  it('a guardian’s erasure needs a supervisor who checked the documents', async () => {
    const email = 'kid.guardian@shop.test';
    const { socket } = await customerWithChat('Kit Guardian', email, 'hello from the pufflebird');
    socket.close();
    const { request } = await ok(agent, 'privacy:log', { kind: 'guardian_erasure', email, source: 'email', sourceRef: 'Letter from the parent' });
    expect(refusal(await call(agent, 'privacy:fulfil', { requestId: request.id, guardianDocumentsChecked: true }))).toBe('forbidden');
    expect(refusal(await call(supervisor, 'privacy:fulfil', { requestId: request.id }))).toBe('conflict');
    const r = await ok(supervisor, 'privacy:fulfil', { requestId: request.id, guardianDocumentsChecked: true });
    expect(r.request).toMatchObject({ state: 'done', verifiedBy: 'guardian_documents_checked' });
    expect(hub.store.privacy.customersByEmail(email)).toEqual([]);
  });

  it('under 13: an agent flags, only a supervisor confirms, and everything goes at once; only the fact stays', async () => {
    const email = 'tiny.tim@shop.test';
    const { socket, conversationId } = await customerWithChat('Tiny Timmins', email, 'i am eight and love the glimmerfox');
    const customerId = hub.store.conversations.get(conversationId)!.customer.id;
    expect(refusal(await call(supervisor, 'privacy:confirm-under13', { customerId }))).toBe('conflict'); // not flagged yet
    expect((await ok(agent, 'privacy:flag-under13', { customerId })).under13FlaggedAt).toEqual(expect.any(String));
    expect(refusal(await call(agent, 'privacy:confirm-under13', { customerId }))).toBe('forbidden');
    expect(await ok(supervisor, 'privacy:confirm-under13', { customerId })).toEqual({ erased: true, postponed: [] });
    expect(hub.store.conversations.get(conversationId)).toBeUndefined();
    expect(findInFiles(hub.store.dataDir, ['glimmerfox', 'Tiny Timmins'])).toEqual([]);
    const fact = hub.store.audit.recent(5).find((e) => e.action === 'privacy.under13-erase')!;
    expect(fact.subjectId).toBe(customerId);
    expect(JSON.stringify(fact)).not.toContain(email);
    socket.close();
  });

  it('guardian agreement for an under-16 is recorded when staff are told of it', async () => {
    const { socket, conversationId } = await customerWithChat('Teen Taylor', 'teen@shop.test', 'my mum said yes');
    const customerId = hub.store.conversations.get(conversationId)!.customer.id;
    expect((await ok(agent, 'privacy:guardian-agreement', { customerId })).guardianAgreementAt).toEqual(expect.any(String));
    socket.close();
  });
});
