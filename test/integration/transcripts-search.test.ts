import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { addStaff, customerToken, login, startTestHub } from '../helpers/hub';
import { call, connectAgent, connectCustomer, ok, type AgentSocket, type CustomerSocket } from '../helpers/sockets';
import { seedConversation } from '../helpers/transcripts';

const joinSnippet = (s: { text: string; hit: boolean }[]) => s.map((r) => (r.hit ? `[${r.text}]` : r.text)).join('');

describe('transcript search and review over the agent socket', () => {
  let hub: Hub;
  let sup: AgentSocket;
  let grace: AgentSocket;
  let henry: AgentSocket;
  let graceId: string;
  let henryId: string;
  const conv: Record<'strong' | 'weak' | 'none' | 'big', string> = { strong: '', weak: '', none: '', big: '' };

  /** A chat through the sockets: the customer writes, `agent` answers (and so takes it), then ends it. */
  async function chat(agent: AgentSocket, email: string, customerLines: string[]): Promise<string> {
    const c = await connectCustomer(hub.url, await customerToken(hub.url, 'Cleo Customer', email));
    const { conversation } = await ok(c, 'chat:start', {});
    for (const [i, body] of customerLines.entries()) await ok(c, 'chat:send', { conversationId: conversation.id, clientId: `${email.replace(/\W/g, '').slice(0, 6)}-${i}-xxxxxxxx`, body });
    await ok(agent, 'chat:send', { conversationId: conversation.id, clientId: `${email.replace(/\W/g, '').slice(0, 6)}-agent-xxxx`, body: 'Thank you, I will look into it.' });
    await ok(agent, 'conversation:end', { conversationId: conversation.id });
    c.close();
    return conversation.id;
  }

  beforeAll(async () => {
    hub = await startTestHub({ settings: { searchPageSize: 2, transcriptPageMax: 1000 } });
    const s = await addStaff(hub, 'supervisor');
    const g = await addStaff(hub, 'agent', 'Grace Agent');
    const h = await addStaff(hub, 'agent', 'Henry Agent');
    graceId = g.id;
    henryId = h.id;
    sup = await connectAgent(hub.url, await login(hub.url, s.email));
    grace = await connectAgent(hub.url, await login(hub.url, g.email));
    henry = await connectAgent(hub.url, await login(hub.url, h.email));
    conv.strong = await chat(grace, 'strong@shop.test', ['The handbag strap broke.', 'Handbag handbag: the strap of the handbag!']);
    conv.weak = await chat(henry, 'weak@shop.test', ['I have a question about delivery times for my order and whether the courier will call first; also maybe a handbag later.']);
    conv.none = await chat(henry, 'none@shop.test', ['Where is my parcel?']);
    const bodies = Array.from({ length: 5000 }, (_, i) => `line ${i + 1} of the long chat${i === 4321 ? ' with the word marmalade' : ''}`);
    conv.big = await seedConversation(hub, { email: 'big@shop.test', agentId: graceId, bodies, endedAt: new Date() });
  });
  afterAll(async () => {
    for (const s of [sup, grace, henry]) s?.close();
    await hub?.close();
  });

  it('ranks by relevance (bm25) and highlights the matched words', async () => {
    const page = await ok(sup, 'transcripts:search', { query: 'handbag' });
    expect(page.total).toBe(2);
    expect(page.results.map((r: { conversationId: string }) => r.conversationId)).toEqual([conv.strong, conv.weak]);
    const top = page.results[0];
    expect(top.hits).toBe(2);
    expect(top.customer.email).toBe('strong@shop.test');
    expect(top.assignedAgent).toEqual({ id: graceId, name: 'Grace Agent' });
    // The conversation's best-ranked message gives the snippet.
    expect(joinSnippet(top.snippet)).toBe('[Handbag] [handbag]: the strap of the [handbag]!');
    expect(top.snippetSeq).toBe(2);
    expect(top.purgeAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(joinSnippet(page.results[1].snippet)).toContain('[handbag]');
  });

  it('all words must match; a trailing * matches a prefix; stray FTS syntax is harmless', async () => {
    expect((await ok(sup, 'transcripts:search', { query: 'handbag strap' })).results.map((r: { conversationId: string }) => r.conversationId)).toEqual([conv.strong]);
    expect((await ok(sup, 'transcripts:search', { query: 'hand*' })).total).toBe(2);
    expect((await ok(sup, 'transcripts:search', { query: 'marmal*' })).results[0].conversationId).toBe(conv.big);
    for (const q of ['"handbag', 'handbag OR (', 'NEAR(handbag', 'body:handbag', '^handbag -']) {
      expect((await call(sup, 'transcripts:search', { query: q })).ok).toBe(true);
    }
  });

  it('pages through results with the configured page size', async () => {
    const p1 = await ok(sup, 'transcripts:search', { query: 'thank', page: 1 });
    const p2 = await ok(sup, 'transcripts:search', { query: 'thank', page: 2 });
    expect(p1).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(p1.results).toHaveLength(2);
    expect(p2.results).toHaveLength(1);
    const all = [...p1.results, ...p2.results].map((r: { conversationId: string }) => r.conversationId);
    expect(new Set(all)).toEqual(new Set([conv.strong, conv.weak, conv.none]));
  });

  it('filters: agent, customer email, date range, tag, brand, has a case; and filters alone, newest first', async () => {
    const ids = async (payload: unknown) => (await ok(sup, 'transcripts:search', payload)).results.map((r: { conversationId: string }) => r.conversationId);
    expect(await ids({ query: 'thank', filters: { agentId: henryId } })).toHaveLength(2);
    expect(await ids({ query: '', filters: { customerEmail: 'WEAK@shop.test' } })).toEqual([conv.weak]);
    expect(await ids({ query: 'handbag', filters: { from: '2000-01-01T00:00:00Z', to: '2001-01-01T00:00:00Z' } })).toEqual([]);
    expect(await ids({ query: 'handbag', filters: { from: '2000-01-01T00:00:00Z' } })).toHaveLength(2);
    expect(await ids({ query: '', filters: { brandId: 'default', agentId: graceId } })).toEqual([conv.big, conv.strong]);
    expect(await ids({ query: '', filters: { brandId: 'other' } })).toEqual([]);
    expect(await ids({ query: 'handbag', filters: { hasCase: true } })).toEqual([]);
    expect(await ids({ query: 'handbag', filters: { hasCase: false } })).toHaveLength(2);

    const meta = await ok(sup, 'transcripts:tag', { conversationId: conv.weak, tag: '  VIP Client ' });
    // One spelling per tag (issue 9): lowercased, spaces and underscores a dash.
    expect(meta.tags).toEqual(['vip-client']);
    expect(await ids({ query: '', filters: { tag: 'vip client' } })).toEqual([conv.weak]);
    const found = (await ok(sup, 'transcripts:search', { query: 'handbag' })).results.find((r: { conversationId: string }) => r.conversationId === conv.weak);
    expect(found.tags).toEqual(['vip-client']);
    expect((await ok(sup, 'transcripts:untag', { conversationId: conv.weak, tag: 'vip client' })).tags).toEqual([]);
  });

  it('agents find only the conversations they handled', async () => {
    const g = await ok(grace, 'transcripts:search', { query: 'handbag' });
    expect(g.results.map((r: { conversationId: string }) => r.conversationId)).toEqual([conv.strong]);
    const h = await ok(henry, 'transcripts:search', { query: 'handbag' });
    expect(h.results.map((r: { conversationId: string }) => r.conversationId)).toEqual([conv.weak]);
    expect((await ok(henry, 'transcripts:search', { query: '', filters: { agentId: graceId } })).total).toBe(0);
  });

  it('agents read only their own transcripts; the supervisor reads any', async () => {
    expect(await call(henry, 'transcripts:get', { conversationId: conv.strong })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(henry, 'conversation:open', { conversationId: conv.strong })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(henry, 'chat:sync', { conversationId: conv.strong, afterSeq: 0 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(henry, 'transcripts:export', { conversationId: conv.strong, format: 'txt' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await ok(grace, 'transcripts:get', { conversationId: conv.strong })).messages).toHaveLength(3);
    expect((await ok(sup, 'transcripts:get', { conversationId: conv.strong })).messages).toHaveLength(3);
    expect(await call(sup, 'transcripts:get', { conversationId: 'c_nosuchthing' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('an agent chatting with a guest who typed a customer’s email may not read that customer’s earlier transcripts (issue 12)', async () => {
    const c = await connectCustomer(hub.url, await customerToken(hub.url, 'Not Cleo', 'strong@shop.test'));
    const { conversation } = await ok(c, 'chat:start', {});
    await ok(henry, 'conversation:accept', { conversationId: conversation.id });
    expect(await call(henry, 'transcripts:get', { conversationId: conv.strong })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await ok(henry, 'transcripts:search', { query: 'strap' })).total).toBe(0);
    await ok(henry, 'conversation:end', { conversationId: conversation.id });
    c.close();
  });

  it('tags, review comments and holds are for supervisors and admins only', async () => {
    for (const [event, payload] of [
      ['transcripts:tag', { conversationId: conv.strong, tag: 'mine' }],
      ['transcripts:untag', { conversationId: conv.strong, tag: 'mine' }],
      ['transcripts:comment', { conversationId: conv.strong, body: 'nice' }],
      ['transcripts:hold', { conversationId: conv.strong, reason: 'because' }],
      ['transcripts:release', { conversationId: conv.strong }],
    ] as const) {
      expect(await call(grace, event, payload)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const meta = await ok(sup, 'transcripts:comment', { conversationId: conv.strong, body: 'Good tone. Card was 4111-1111-1111-1111 per customer.' });
    expect(meta.comments).toEqual([expect.objectContaining({ body: 'Good tone. Card was ****-****-****-1111 per customer.' })]);
    expect(await call(sup, 'transcripts:release', { conversationId: conv.strong })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await call(sup, 'transcripts:hold', { conversationId: conv.strong, reason: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    const held = await ok(sup, 'transcripts:hold', { conversationId: conv.strong, reason: 'Chargeback dispute' });
    expect(held.hold).toMatchObject({ reason: 'Chargeback dispute', placedBy: { name: expect.any(String) } });
    expect((await ok(sup, 'transcripts:search', { query: 'strap' })).results[0].held).toBe(true);
    expect((await ok(sup, 'transcripts:release', { conversationId: conv.strong })).hold).toBeNull();
  });

  it('a customer has none of the review events', async () => {
    const c: CustomerSocket = await connectCustomer(hub.url, await customerToken(hub.url));
    for (const event of ['transcripts:search', 'transcripts:get', 'transcripts:tag', 'transcripts:hold', 'transcripts:send-copy']) {
      expect(await call(c, event, { conversationId: conv.strong, query: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_payload', message: expect.stringMatching(/Unknown event/) } });
    }
    c.close();
  });

  it('opens a 5,000-message transcript at once and pages back through all of it', async () => {
    let t = Date.now();
    const last = await ok(grace, 'transcripts:get', { conversationId: conv.big, limit: 100 });
    const firstPageMs = Date.now() - t;
    expect(last.meta).toMatchObject({ messageCount: 5000, hold: null, tags: [] });
    expect(last.meta.purgeAt).toBeTruthy();
    expect(last.messages.map((m: { seq: number }) => m.seq)).toEqual(Array.from({ length: 100 }, (_, i) => 4901 + i));
    expect(last.hasMore).toBe(true);
    expect(firstPageMs).toBeLessThan(500);

    t = Date.now();
    const seqs: number[] = last.messages.map((m: { seq: number }) => m.seq);
    let before = seqs[0];
    for (;;) {
      const page = await ok(grace, 'transcripts:get', { conversationId: conv.big, beforeSeq: before, limit: 5000 });
      expect(page.messages.length).toBeLessThanOrEqual(1000); // capped by transcriptPageMax
      seqs.unshift(...page.messages.map((m: { seq: number }) => m.seq));
      if (!page.hasMore) break;
      before = page.messages[0].seq;
    }
    expect(seqs).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
    expect(Date.now() - t).toBeLessThan(3000);
    // Every page was a recorded view.
    const views = hub.store.audit.forSubject('conversation', conv.big).filter((e) => e.action === 'transcript.view');
    expect(views.length).toBe(6);
  });

  it('exports for staff: text, HTML, JSON and PDF, each recorded', async () => {
    const txt = await ok(sup, 'transcripts:export', { conversationId: conv.strong, format: 'txt' });
    expect(txt).toMatchObject({ fileName: `transcript-${conv.strong}.txt`, encoding: 'utf8' });
    expect(txt.content).toContain('Customer Care: chat transcript');
    expect(txt.content).toContain('Cleo Customer: The handbag strap broke.');
    const html = await ok(sup, 'transcripts:export', { conversationId: conv.strong, format: 'html' });
    expect(html.content).toContain('<td style="vertical-align:top;padding:4px 8px;white-space:pre-wrap;overflow-wrap:break-word">The handbag strap broke.</td>');
    const json = JSON.parse((await ok(sup, 'transcripts:export', { conversationId: conv.strong, format: 'json' })).content);
    expect(json.messages).toHaveLength(3);
    const pdf = await ok(sup, 'transcripts:export', { conversationId: conv.strong, format: 'pdf' });
    expect(pdf.encoding).toBe('base64');
    expect(Buffer.from(pdf.content, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
    const exports = hub.store.audit.forSubject('conversation', conv.strong).filter((e) => e.action === 'transcript.export');
    expect(exports.map((e) => e.detail.format)).toEqual(['txt', 'html', 'json', 'pdf']);
  });

  it('bad payloads are refused with invalid_payload', async () => {
    for (const [event, payload] of [
      ['transcripts:search', { query: 42 }],
      ['transcripts:search', { query: 'x', page: 0 }],
      ['transcripts:search', { query: 'x', filters: { from: 'yesterday' } }],
      ['transcripts:get', { conversationId: conv.big, beforeSeq: -1 }],
      ['transcripts:get', { conversationId: '../etc' }],
      ['transcripts:tag', { conversationId: conv.big, tag: '<script>' }],
      ['transcripts:comment', { conversationId: conv.big, body: '   ' }],
      ['transcripts:export', { conversationId: conv.big, format: 'docx' }],
    ] as const) {
      expect(await call(sup, event, payload)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
  });
});

describe('a word in more messages than the hub ranks (settings.searchCandidateCap)', () => {
  let hub: Hub;
  let sup: AgentSocket;
  const ids: string[] = [];

  beforeAll(async () => {
    hub = await startTestHub({ settings: { searchCandidateCap: 3, searchPageSize: 10 } });
    sup = await connectAgent(hub.url, await login(hub.url, (await addStaff(hub, 'supervisor')).email));
    // Oldest first: rowids, and so "newest", follow the order of writing.
    for (let i = 0; i < 5; i++) ids.push(await seedConversation(hub, { email: `teapot${i}@shop.test`, bodies: [`my teapot number ${i} arrived chipped`] }));
  });
  afterAll(async () => {
    sup?.close();
    await hub?.close();
  });

  it('ranks the newest matches and says the search was capped', async () => {
    const page = await ok(sup, 'transcripts:search', { query: 'teapot' });
    expect(page.capped).toBe(true);
    expect(page.results.map((r: { conversationId: string }) => r.conversationId).sort()).toEqual(ids.slice(2).sort());
  });

  it('a filter reaches an older conversation the cap left out, and that search is not capped', async () => {
    const page = await ok(sup, 'transcripts:search', { query: 'teapot', filters: { customerEmail: 'teapot0@shop.test' } });
    expect(page).toMatchObject({ total: 1, capped: false });
    expect(page.results[0].conversationId).toBe(ids[0]);
  });

  it('fewer matches than the cap: not capped', async () => {
    expect(await ok(sup, 'transcripts:search', { query: 'teapot 1' })).toMatchObject({ total: 1, capped: false });
  });
});
