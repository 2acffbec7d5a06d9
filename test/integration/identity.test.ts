// Who the customer is (issue 12), on a real hub with a real SMTP server: typing someone's email
// makes you a guest who sees and changes nothing of theirs; identity tokens that are forged,
// expired, for another brand, replayed or too long-lived are refused; a code to the email makes a
// guest verified and only then joins their earlier chats; a case on someone else's order needs
// the code sent to the order's email; copies go only to a verified address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { importOrders } from '../../server/orders/import';
import { systemClock } from '../../server/clock';
import { testOrders } from '../helpers/cases';
import { identityToken, nextCode, secretFile } from '../helpers/identity';
import { addStaff, customerToken, login, postJson, startTestHub, verifiedCustomerToken } from '../helpers/hub';
import { call, collect, connectAgent, connectCustomer, ok, until, type AgentSocket, type CustomerSocket } from '../helpers/sockets';
import { seedConversation, startSmtp } from '../helpers/transcripts';

const LUXE_SECRET = 'luxe-store-secret-0123456789abcdefghijkl';
const ADA = 'ada.owner@shop.test';

let hub: Hub;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
let agent: AgentSocket;
let agentId: string;
const sockets: { close(): void }[] = [];
let earlier: string;

async function customer(token: string): Promise<CustomerSocket> {
  const c = await connectCustomer(hub.url, token);
  sockets.push(c);
  return c;
}

const session = (body: unknown) => postJson(`${hub.url}/api/widget/session`, body);

describe('who the customer is', () => {
  beforeAll(async () => {
    smtp = await startSmtp();
    hub = await startTestHub({
      settings: {
        demoOrdersOnFirstRun: false,
        smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'care@desk.test', connectionTimeoutMs: 5000 },
        brands: { luxe: { deskName: 'Luxe Care', careAddress: 'care@luxe.test', identitySecretFiles: [secretFile(LUXE_SECRET)] } },
      },
    });
    await importOrders(hub.api, systemClock, testOrders(systemClock.now(), ADA));
    const a = await addStaff(hub, 'agent', 'Grace Agent');
    agentId = a.id;
    agent = await connectAgent(hub.url, await login(hub.url, a.email));
    // Ada's earlier chat (another agent's): hers, verified.
    earlier = await seedConversation(hub, { email: ADA, name: 'Ada Owner', bodies: ['My scarf order PO-100', 'It ships today'], endedAt: new Date() });
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    agent?.close();
    await hub?.close();
    await smtp?.close();
  });

  it('a second session with the same email changes and reveals nothing of the first: no rename, no history, no cases, no orders', async () => {
    const ada = await customer(await verifiedCustomerToken(hub.url, 'Ada Owner', ADA));
    const adaChat = (await ok(ada, 'chat:start', {})).conversation;
    expect(adaChat.customer).toMatchObject({ name: 'Ada Owner', email: ADA, verified: true });
    await ok(agent, 'conversation:accept', { conversationId: adaChat.id });

    const r = await session({ name: 'Mallory', email: ADA });
    expect(r.json.data.customer).toMatchObject({ name: 'Mallory', email: ADA, verified: false });
    expect(r.json.data.customer.id).not.toBe(adaChat.customer.id);
    const mallory = await customer(r.json.data.token);
    // Nothing of Ada's: no current chat, no cases.
    expect(await ok(mallory, 'chat:current', {})).toBeNull();
    expect((await ok(mallory, 'cases:mine', {})).cases).toEqual([]);
    expect(await call(mallory, 'chat:sync', { conversationId: adaChat.id, afterSeq: 0 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const malloryChat = (await ok(mallory, 'chat:start', {})).conversation;
    expect(malloryChat.customer).toMatchObject({ name: 'Mallory', verified: false });

    // Ada's live chat is still Ada's, to her agent.
    const opened = await ok(agent, 'conversation:open', { conversationId: adaChat.id });
    expect(opened.conversation.customer).toMatchObject({ name: 'Ada Owner', verified: true });
    // The agent who takes Mallory's chat sees no history of Ada's under the email...
    await ok(agent, 'conversation:accept', { conversationId: malloryChat.id });
    const history = await ok(agent, 'transcripts:search', { query: '', filters: { customerId: malloryChat.customer.id } });
    expect(history.results.map((x: { conversationId: string }) => x.conversationId)).toEqual([malloryChat.id]);
    // ...and no case on Ada's order can be opened from Mallory's chat.
    expect(await call(agent, 'cases:open-rma', { conversationId: malloryChat.id, orderId: 'PO-100', skus: ['SCARF'] })).toMatchObject({
      ok: false,
      error: { code: 'verification_required' },
    });
    // Ada's verified chat joins her earlier one.
    const adaHistory = await ok(agent, 'transcripts:search', { query: '', filters: { customerId: adaChat.customer.id } });
    expect(adaHistory.results.map((x: { conversationId: string }) => x.conversationId).sort()).toEqual([adaChat.id, earlier].sort());
    await ok(agent, 'conversation:end', { conversationId: malloryChat.id });
    await ok(agent, 'conversation:end', { conversationId: adaChat.id });
  });

  it('refuses forged, expired, wrong-brand, replayed and too long-lived identity tokens; a good one is taken once', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: 'shop-42', email: ADA, name: 'Ada Owner' };
    const refused = async (token: string, brandId?: string) => {
      const r = await session({ identityToken: token, ...(brandId ? { brandId } : {}) });
      expect(r, JSON.stringify(r.json)).toMatchObject({ status: 401, json: { ok: false, error: { code: 'unauthenticated' } } });
      return r.json.error.message as string;
    };
    expect(await refused(await identityToken(claims, { secret: 'not-the-store-secret-0123456789abcdef' }))).toMatch(/signed/);
    expect(await refused(await identityToken(claims, { iat: now - 900, exp: now - 300 }))).toMatch(/expired/);
    expect(await refused(await identityToken(claims, { iat: now, exp: now + 3600 }))).toMatch(/too long/);
    // Signed by luxe's store, presented for the default brand, and the other way round.
    expect(await refused(await identityToken(claims, { secret: LUXE_SECRET }))).toMatch(/signed/);
    expect(await refused(await identityToken(claims), 'luxe')).toMatch(/signed/);
    // A token without the store's customer id or with a broken email proves nothing.
    expect(await refused(await identityToken({ email: ADA }))).toMatch(/not a valid identity token/);
    // alg "none" and a tampered payload.
    const good = await identityToken(claims);
    const [h, p, sig] = good.split('.');
    const tampered = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), email: 'mallory@evil.test' })).toString('base64url');
    expect(await refused(`${h}.${tampered}.${sig}`)).toMatch(/signed/);
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${p}.`;
    expect(await refused(none)).toMatch(/not a valid/);

    const first = await session({ identityToken: good });
    expect(first).toMatchObject({ status: 200, json: { data: { customer: { email: ADA, name: 'Ada Owner', verified: true } } } });
    expect(await refused(good)).toMatch(/already used/);
    // luxe's own token for luxe is fine, and it is the same verified Ada.
    const luxe = await session({ identityToken: await identityToken(claims, { secret: LUXE_SECRET }), brandId: 'luxe' });
    expect(luxe.json.data.customer.id).toBe(first.json.data.customer.id);
  });

  it('a rotation: a token signed with either of two active secrets is taken', async () => {
    process.env.CAREDESK_BRAND_LUXE_IDENTITY_SECRETS = 'luxe-next-secret-0123456789abcdefghijklmnop';
    try {
      const next = await session({ identityToken: await identityToken({ sub: 's1', email: 'rot@shop.test' }, { secret: 'luxe-next-secret-0123456789abcdefghijklmnop' }), brandId: 'luxe' });
      const old = await session({ identityToken: await identityToken({ sub: 's1', email: 'rot@shop.test' }, { secret: LUXE_SECRET }), brandId: 'luxe' });
      expect([next.status, old.status]).toEqual([200, 200]);
    } finally {
      delete process.env.CAREDESK_BRAND_LUXE_IDENTITY_SECRETS;
    }
    expect((await session({ identityToken: await identityToken({ sub: 's1', email: 'rot@shop.test' }, { secret: 'luxe-next-secret-0123456789abcdefghijklmnop' }), brandId: 'luxe' })).status).toBe(401);
  });

  it('a guest proves their email with a code: the session becomes the verified customer, the agent sees Verified, earlier chats join', async () => {
    const r = await session({ name: 'Ada Again', email: ADA });
    const guest = await customer(r.json.data.token);
    const chatId = (await ok(guest, 'chat:start', {})).conversation.id as string;
    await ok(agent, 'conversation:accept', { conversationId: chatId });
    await ok(agent, 'conversation:open', { conversationId: chatId });
    expect(await call(agent, 'transcripts:get', { conversationId: earlier })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const updates = collect<{ id: string; customer: { verified: boolean } }>(agent, 'conversation:updated');

    const seen = smtp.mails.length;
    const challenge = await ok(guest, 'identity:request-code', {});
    expect(challenge).toMatchObject({ purpose: 'verify_email', sentTo: 'a•••@shop.test' });
    const code = await nextCode(smtp.mails, ADA, seen);
    expect(await call(guest, 'identity:confirm-code', { challengeId: challenge.challengeId, code: code === '000000' ? '111111' : '000000' })).toMatchObject({
      ok: false,
      error: { code: 'code_invalid' },
    });
    const confirmed = await ok(guest, 'identity:confirm-code', { challengeId: challenge.challengeId, code });
    expect(confirmed.customer).toMatchObject({ email: ADA, verified: true });
    await until(() => updates.some((u) => u.id === chatId && u.customer.verified), 5000, 'the agent told the chat is verified');
    expect((await ok(agent, 'transcripts:get', { conversationId: earlier })).messages).toHaveLength(2);
    // The name typed at the widget does not rename the verified customer.
    expect((await ok(guest, 'chat:current', {})).conversation.customer).toMatchObject({ name: 'Ada Owner', verified: true });
    await ok(agent, 'conversation:end', { conversationId: chatId });
  });

  it("a case on someone else's order is refused without the code sent to the order's email, and opened with it; no case email before", async () => {
    const r = await session({ name: 'Friend Of Ada', email: 'friend@shop.test' });
    const guest = await customer(r.json.data.token);
    const asked = collect<{ challengeId: string; orderId: string; sentTo: string }>(guest, 'identity:code-requested');
    const chatId = (await ok(guest, 'chat:start', {})).conversation.id as string;
    await ok(agent, 'conversation:accept', { conversationId: chatId });
    await ok(agent, 'conversation:open', { conversationId: chatId });
    const proved = collect<{ conversationId: string; orderId: string }>(agent, 'orders:proved');
    const mailsBefore = smtp.mails.length;
    expect(await call(agent, 'cases:open-claim', { conversationId: chatId, orderId: 'PO-300', skus: ['VASE'], claimKind: 'damaged' })).toMatchObject({
      ok: false,
      error: { code: 'verification_required' },
    });
    expect(await call(agent, 'cases:open-rma', { conversationId: chatId, orderId: 'PO-100', skus: ['SCARF'] })).toMatchObject({ ok: false, error: { code: 'verification_required' } });
    expect(smtp.mails.length).toBe(mailsBefore);
    expect(hub.store.cases.list({ orderId: 'PO-300', limit: 10 })).toEqual([]);

    expect(await ok(agent, 'orders:request-code', { conversationId: chatId, orderId: 'PO-300' })).toMatchObject({ sentTo: 'a•••@shop.test' });
    const code = await nextCode(smtp.mails, ADA, mailsBefore);
    await until(() => asked.length === 1, 5000, 'the widget asked for the code');
    expect(asked[0]).toMatchObject({ orderId: 'PO-300', sentTo: 'a•••@shop.test' });
    // A code for another order, or the wrong code, proves nothing.
    expect(await call(guest, 'identity:confirm-code', { challengeId: asked[0]!.challengeId, code: code === '000000' ? '111111' : '000000' })).toMatchObject({ ok: false, error: { code: 'code_invalid' } });
    expect(await call(agent, 'cases:open-claim', { conversationId: chatId, orderId: 'PO-300', skus: ['VASE'], claimKind: 'damaged' })).toMatchObject({ ok: false, error: { code: 'verification_required' } });
    expect(await ok(guest, 'identity:confirm-code', { challengeId: asked[0]!.challengeId, code })).toMatchObject({ purpose: 'order', orderId: 'PO-300', customer: { verified: false } });
    await until(() => proved.length === 1, 5000, 'the agent told the order is proved');
    const opened = await ok(agent, 'cases:open-claim', { conversationId: chatId, orderId: 'PO-300', skus: ['VASE'], claimKind: 'damaged' });
    expect(opened.case).toMatchObject({ orderId: 'PO-300' });
    // The proof is for that order only.
    expect(await call(agent, 'cases:open-rma', { conversationId: chatId, orderId: 'PO-100', skus: ['SCARF'] })).toMatchObject({ ok: false, error: { code: 'verification_required' } });
    // Someone else's widget cannot use the code.
    const other = await customer(await customerToken(hub.url, 'Other', 'other@shop.test'));
    expect(await call(other, 'identity:confirm-code', { challengeId: asked[0]!.challengeId, code })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await ok(agent, 'conversation:end', { conversationId: chatId });
  });

  it('linking a case to a chat needs the same proof', async () => {
    const verified = await customer(await verifiedCustomerToken(hub.url, 'Ada Owner', ADA));
    const vChat = (await ok(verified, 'chat:start', {})).conversation.id as string;
    await ok(agent, 'conversation:accept', { conversationId: vChat });
    const rma = (await ok(agent, 'cases:open-rma', { conversationId: vChat, orderId: 'PO-100', skus: ['TOTE'] })).case.id as string;
    await ok(agent, 'conversation:end', { conversationId: vChat });

    const guest = await customer(await customerToken(hub.url, 'Ada?', ADA));
    const gChat = (await ok(guest, 'chat:start', {})).conversation.id as string;
    await ok(agent, 'conversation:accept', { conversationId: gChat });
    expect(await call(agent, 'cases:link', { caseId: rma, conversationId: gChat })).toMatchObject({ ok: false, error: { code: 'verification_required' } });
    expect((await ok(guest, 'cases:mine', {})).cases).toEqual([]);
    await ok(agent, 'conversation:end', { conversationId: gChat });
  });

  it('a staff catch-up (chat:sync) is in the audit log, naming the chat, not the customer', async () => {
    const c = await customer(await customerToken(hub.url, 'Sync Customer', 'sync@shop.test'));
    const id = (await ok(c, 'chat:start', {})).conversation.id as string;
    await ok(c, 'chat:send', { conversationId: id, clientId: 'sync-hello-01', body: 'Hello' });
    await ok(agent, 'conversation:accept', { conversationId: id });
    const before = hub.store.audit.forSubject('conversation', id).length;
    const t = await ok(agent, 'chat:sync', { conversationId: id, afterSeq: 0 });
    expect(t.messages).toHaveLength(1);
    const rows = hub.store.audit.forSubject('conversation', id);
    expect(rows.length).toBe(before + 1);
    expect(rows.at(-1)).toMatchObject({ action: 'conversation.sync', actorId: agentId, detail: { afterSeq: 0, messages: 1 } });
    expect(JSON.stringify(rows.at(-1))).not.toContain('sync@shop.test');
    await ok(agent, 'conversation:end', { conversationId: id });
  });
});
