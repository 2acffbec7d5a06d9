// Transcripts (store.transcripts) on both backends: search, reading, review (tags, comments), legal
// holds, attachments, the retention queries the purge runs on, import and the listing. Every text
// this module writes is masked at its door (POLICY §3): checked here on each backend, down to the
// stored row.
import { expect, it } from 'vitest';
import type { StoreApi } from '../../server/store/api';
import { ftsQuery, type ImportedConversation, type SearchParams } from '../../server/store/transcripts';
import type { TranscriptFilters } from '../../shared/protocol/transcripts';
import { forEachBackend, type BackendUnderTest } from '../helpers/storeBackends';

const T = (hour: number, minute = 0) => new Date(Date.UTC(2026, 10, 1, hour, minute)).toISOString();
const PAN = '4111 1111 1111 1111';
const MASKED = '**** **** **** 1111';

/**
 * SQL straight on the backend's database (`?` placeholders), for rows of modules other helpers
 * port (users, orders and cases, email copies) and for reading a stored column no method returns.
 */
async function sql(b: BackendUnderTest, text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  if (b.name === 'sqlite') {
    const st = b.sqlite().db.prepare(text);
    if (st.reader) return st.all(...params) as Record<string, unknown>[];
    st.run(...params);
    return [];
  }
  let i = 0;
  return (await b.postgres().pool.query(text.replace(/\?/g, () => `$${++i}`), params)).rows;
}

const insertUser = (b: BackendUnderTest, id: string, name: string) =>
  sql(b, 'INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)', [id, `${id}@desk.test`, name, 'agent', 'x', T(0)]);

async function linkCase(b: BackendUnderTest, conversationId: string): Promise<void> {
  await sql(b, "INSERT INTO orders (id, customer_email, payment_method, shipping, imported_at) VALUES ('PO-1', 'x@shop.test', 'card', 'paid', ?)", [T(0)]);
  await sql(b, "INSERT INTO cases (id, kind, brand_id, order_id, status, customer_email, created_at, updated_at) VALUES ('case1', 'rma', 'default', 'PO-1', 'requested', 'x@shop.test', ?, ?)", [T(0), T(0)]);
  await sql(b, "INSERT INTO case_conversations (case_id, conversation_id, linked_at) VALUES ('case1', ?, ?)", [conversationId, T(0)]);
}

interface Seed {
  id: string;
  email: string;
  name: string;
  brandId?: string;
  at: string;
  agentId?: string;
  bodies: string[];
  endedAt?: string;
  purgeAt?: string;
}

/** A conversation written through store.conversations: a verified customer per email. */
async function seed(s: StoreApi, o: Seed): Promise<string> {
  await s.write(async (tx) => {
    const k = await tx.conversations.upsertVerified({ id: `k_${o.id}`, email: o.email, name: o.name, createdAt: o.at, by: 'code', externalId: null });
    await tx.conversations.create({ id: o.id, customerId: k.id, widgetSessionId: null, brandId: o.brandId ?? 'default', createdAt: o.at });
    if (o.agentId) await tx.conversations.assign(o.id, o.agentId, o.at);
    for (const [i, body] of o.bodies.entries()) {
      const agent = i % 2 === 1;
      await tx.conversations.appendMessage({ conversationId: o.id, clientId: `m${i}`, authorKind: agent ? 'agent' : 'customer', authorId: null, authorName: agent ? 'Agent' : o.name, body, createdAt: o.at });
    }
    if (o.endedAt) await tx.conversations.end(o.id, o.endedAt, o.purgeAt ?? T(23), 'agent');
  });
  return o.id;
}

/** Three chats: Ada's (maison, Bo's, ended), Bea's (Cy's, ended), Cleo's (waiting). */
async function desk(b: BackendUnderTest): Promise<StoreApi> {
  const s = b.api();
  await insertUser(b, 'u_bo', 'Bo');
  await insertUser(b, 'u_cy', 'Cy');
  await seed(s, { id: 'c_ada', email: 'ada@shop.test', name: 'Ada', brandId: 'maison', at: T(1), agentId: 'u_bo', bodies: ['My handbag strap is torn', 'Sorry to hear about the strap'], endedAt: T(1, 30) });
  await seed(s, { id: 'c_bea', email: 'bea@shop.test', name: 'Bea', at: T(2), agentId: 'u_cy', bodies: ['Where is my parcel? The courier never came', 'It left the boutique today', 'A handbag, a handbag: the handbag I ordered'], endedAt: T(2, 30) });
  await seed(s, { id: 'c_cleo', email: 'cleo@shop.test', name: 'Cleo', at: T(3), bodies: ['Do you sell handbags?'] });
  return s;
}

const params = (query: string | null, filters: TranscriptFilters = {}, more: Partial<SearchParams> = {}): SearchParams => ({
  fts: query === null ? null : ftsQuery(query),
  filters,
  viewerAgentId: null,
  limit: 10,
  offset: 0,
  candidateCap: 2000,
  ...more,
});

const ids = async (s: StoreApi, p: SearchParams) => (await s.transcripts.search(p)).rows.map((r) => r.conversationId);

forEachBackend('transcripts', (b) => {
  it('without words: every conversation newest first, with its customer, agent, tags and hold', async () => {
    const s = await desk(b);
    await s.write(async (tx) => {
      await tx.transcripts.addTag('c_ada', 'vip', 'u_bo', T(4));
      await tx.transcripts.addTag('c_ada', 'damage', 'u_bo', T(4));
      await tx.transcripts.placeHold({ id: 'h1', conversationId: 'c_ada', placedBy: 'u_bo', placedAt: T(4), reason: 'court order' });
    });
    const found = await s.transcripts.search(params(null));
    expect(found.total).toBe(3);
    expect(found.capped).toBe(false);
    expect(found.rows.map((r) => r.conversationId)).toEqual(['c_cleo', 'c_bea', 'c_ada']);
    expect(found.rows[2]).toEqual({
      conversationId: 'c_ada',
      customer: { id: 'k_c_ada', name: 'Ada', email: 'ada@shop.test', verified: true },
      brandId: 'maison',
      assignedAgent: { id: 'u_bo', name: 'Bo' },
      createdAt: T(1),
      endedAt: T(1, 30),
      purgeAt: T(23),
      held: true,
      tags: ['damage', 'vip'],
      hits: 0,
      snippet: null,
      snippetSeq: null,
    });
    expect(found.rows[0]).toMatchObject({ conversationId: 'c_cleo', assignedAgent: null, endedAt: null, purgeAt: null, held: false, tags: [] });
    const second = await s.transcripts.search(params(null, {}, { limit: 2, offset: 2 }));
    expect(second.rows.map((r) => r.conversationId)).toEqual(['c_ada']);
    expect(second.total).toBe(3);
  });

  it('with words: conversations by their best message, with hits and a marked snippet; a trailing * matches a prefix', async () => {
    const s = await desk(b);
    const handbag = await s.transcripts.search(params('HANDBAG'));
    expect(handbag.rows.map((r) => [r.conversationId, r.hits, r.snippetSeq])).toEqual([
      ['c_bea', 1, 3],
      ['c_ada', 1, 1],
    ]);
    expect(handbag.total).toBe(2);
    expect(handbag.rows[1]!.snippet).toEqual([
      { text: 'My ', hit: false },
      { text: 'handbag', hit: true },
      { text: ' strap is torn', hit: false },
    ]);
    const strap = await s.transcripts.search(params('strap'));
    expect(strap.rows.map((r) => [r.conversationId, r.hits, r.snippetSeq])).toEqual([['c_ada', 2, 1]]);
    expect((await ids(s, params('handbag*'))).sort()).toEqual(['c_ada', 'c_bea', 'c_cleo']);
    expect((await s.transcripts.search(params('handbag*', { customerId: 'k_c_cleo' }))).rows[0]!.snippet).toEqual([
      { text: 'Do you sell ', hit: false },
      { text: 'handbags', hit: true },
      { text: '?', hit: false },
    ]);
    expect(await ids(s, params('parcel courier'))).toEqual(['c_bea']);
    expect(await ids(s, params('parcel strap'))).toEqual([]);
    expect(await s.transcripts.search(params('nothingmatcheshere'))).toEqual({ rows: [], total: 0, capped: false });
  });

  it('a message is found by its words as the index folds them: case, accents, other scripts', async () => {
    const s = b.api();
    await seed(s, { id: 'c_fr', email: 'fr@shop.test', name: 'Élodie', at: T(1), bodies: ['La CRÈME brûlée est arrivée, merci', 'Größe 38, bitte'] });
    await seed(s, { id: 'c_el', email: 'el@shop.test', name: 'Eleni', at: T(2), bodies: ['Η τσάντα μου, Привет ёлка'] });
    expect(await ids(s, params('creme brulee'))).toEqual(['c_fr']);
    expect(await ids(s, params('Crème'))).toEqual(['c_fr']);
    // FTS5's unicode61 takes accents off, but spells ß as it is.
    expect(await ids(s, params('GROßE'))).toEqual(['c_fr']);
    expect(await ids(s, params('grosse'))).toEqual([]);
    expect(await ids(s, params('arriv*'))).toEqual(['c_fr']);
    expect(await ids(s, params('ΤΣΆΝΤΑ'))).toEqual(['c_el']);
    expect(await ids(s, params('τσαντα'))).toEqual([]);
    expect(await ids(s, params('ёлка'))).toEqual(['c_el']);
    expect((await s.transcripts.search(params('creme'))).rows[0]!.snippet).toEqual([
      { text: 'La ', hit: false },
      { text: 'CRÈME', hit: true },
      { text: ' brûlée est arrivée, merci', hit: false },
    ]);
  });

  it('ranks only the newest matching messages under the candidate cap, and says so', async () => {
    const s = await desk(b);
    const capped = await s.transcripts.search(params('the', {}, { candidateCap: 2 }));
    expect(capped.capped).toBe(true);
    expect(capped.rows.map((r) => r.conversationId)).toEqual(['c_bea']);
    expect((await s.transcripts.search(params('the', {}, { candidateCap: 10 }))).capped).toBe(false);
  });

  it('filters: brand, agent, dates, customer, tag and case link', async () => {
    const s = await desk(b);
    await s.write((tx) => tx.transcripts.addTag('c_bea', 'vip', 'u_cy', T(4)));
    await linkCase(b, 'c_cleo');
    expect(await ids(s, params(null, { brandId: 'maison' }))).toEqual(['c_ada']);
    expect(await ids(s, params(null, { agentId: 'u_cy' }))).toEqual(['c_bea']);
    expect(await ids(s, params(null, { from: T(2), to: T(3) }))).toEqual(['c_cleo', 'c_bea']);
    expect(await ids(s, params(null, { to: T(2, 59) }))).toEqual(['c_bea', 'c_ada']);
    expect(await ids(s, params(null, { customerEmail: 'ada@shop.test' }))).toEqual(['c_ada']);
    expect(await ids(s, params(null, { customerId: 'k_c_bea' }))).toEqual(['c_bea']);
    expect(await ids(s, params(null, { tag: 'vip' }))).toEqual(['c_bea']);
    expect(await ids(s, params(null, { hasCase: true }))).toEqual(['c_cleo']);
    expect(await ids(s, params(null, { hasCase: false }))).toEqual(['c_bea', 'c_ada']);
    expect(await ids(s, params('handbag*', { hasCase: false, brandId: 'default' }))).toEqual(['c_bea']);
  });

  it("an agent sees their own conversations, and a customer's others while chatting with them now", async () => {
    const s = await desk(b);
    await seed(s, { id: 'c_cleo_before', email: 'cleo@shop.test', name: 'Cleo', at: T(0), agentId: 'u_cy', bodies: ['Earlier question about a handbag'], endedAt: T(0, 30) });
    expect(await ids(s, params(null, {}, { viewerAgentId: 'u_bo' }))).toEqual(['c_ada']);
    expect(await s.transcripts.agentMaySee('u_bo', 'c_cleo_before')).toBe(false);
    await s.write((tx) => tx.conversations.assign('c_cleo', 'u_bo', T(5)));
    expect(await ids(s, params(null, {}, { viewerAgentId: 'u_bo' }))).toEqual(['c_cleo', 'c_ada', 'c_cleo_before']);
    expect(await ids(s, params('handbag', {}, { viewerAgentId: 'u_bo' }))).toEqual(['c_ada', 'c_cleo_before'].sort());
    expect(await s.transcripts.agentMaySee('u_bo', 'c_cleo_before')).toBe(true);
    expect(await s.transcripts.agentMaySee('u_bo', 'c_bea')).toBe(false);
    expect(await s.transcripts.agentMaySee('u_cy', 'c_bea')).toBe(true);
    await s.write((tx) => tx.conversations.end('c_cleo', T(6), T(23)));
    expect(await s.transcripts.agentMaySee('u_bo', 'c_cleo_before')).toBe(false);
    expect(await s.transcripts.agentMaySee('u_bo', 'c_nobody')).toBe(false);
  });

  it('meta: the conversation with its purge date, hold, tags, comments in order, message count; unknown is undefined', async () => {
    const s = await desk(b);
    await s.write(async (tx) => {
      await tx.transcripts.addTag('c_ada', 'vip', 'u_bo', T(4));
      await tx.transcripts.addTag('c_ada', 'damage', 'u_bo', T(4));
      await tx.transcripts.addComment({ id: 'rc2', conversationId: 'c_ada', authorId: 'u_cy', authorName: 'Cy', body: 'Second look', createdAt: T(6) });
      await tx.transcripts.addComment({ id: 'rc1', conversationId: 'c_ada', authorId: 'u_bo', authorName: 'Bo', body: 'Refund agreed', createdAt: T(5) });
    });
    const meta = await s.transcripts.meta('c_ada');
    expect(meta).toEqual({
      conversation: expect.objectContaining({ id: 'c_ada', status: 'ended', lastSeq: 2, customer: { id: 'k_c_ada', name: 'Ada', email: 'ada@shop.test', verified: true } }),
      brandId: 'maison',
      purgeAt: T(23),
      hold: null,
      tags: ['damage', 'vip'],
      comments: [
        { id: 'rc1', author: { id: 'u_bo', name: 'Bo' }, body: 'Refund agreed', createdAt: T(5) },
        { id: 'rc2', author: { id: 'u_cy', name: 'Cy' }, body: 'Second look', createdAt: T(6) },
      ],
      messageCount: 2,
      externalId: null,
    });
    // Store-only fields stay in the store.
    expect(meta!.conversation).not.toHaveProperty('widgetSessionId');
    expect(meta!.conversation).not.toHaveProperty('brandId');
    expect(await s.transcripts.meta('c_nobody')).toBeUndefined();
  });

  it('pages backwards through a transcript: the last messages first, each page ascending', async () => {
    const s = b.api();
    await seed(s, { id: 'c_long', email: 'ada@shop.test', name: 'Ada', at: T(1), bodies: Array.from({ length: 7 }, (_, i) => `line ${i + 1}`) });
    const last = await s.transcripts.page('c_long', undefined, 3);
    expect(last.messages.map((m) => m.seq)).toEqual([5, 6, 7]);
    expect(last.hasMore).toBe(true);
    expect(last.messages[0]).toEqual({ conversationId: 'c_long', seq: 5, clientId: 'm4', author: { kind: 'customer', id: null, name: 'Ada' }, body: 'line 5', createdAt: T(1) });
    expect(await s.transcripts.page('c_long', 5, 3)).toMatchObject({ hasMore: true, messages: [{ seq: 2 }, { seq: 3 }, { seq: 4 }] });
    expect(await s.transcripts.page('c_long', 2, 3)).toMatchObject({ hasMore: false, messages: [{ seq: 1 }] });
    expect(await s.transcripts.page('c_long', undefined, 7)).toMatchObject({ hasMore: false });
    expect(await s.transcripts.page('c_nobody', undefined, 3)).toEqual({ messages: [], hasMore: false });
  });

  it('tags: once per conversation, removable, counted most used first; a card number in one is masked', async () => {
    const s = await desk(b);
    const add = (id: string, tag: string) => s.write((tx) => tx.transcripts.addTag(id, tag, 'u_bo', T(4)));
    expect(await add('c_ada', 'vip')).toBe(true);
    expect(await add('c_ada', 'vip')).toBe(false);
    expect(await add('c_bea', 'vip')).toBe(true);
    expect(await add('c_bea', 'damage')).toBe(true);
    expect(await add('c_cleo', 'audit')).toBe(true);
    expect(await s.transcripts.tagCounts(10)).toEqual([
      { tag: 'vip', count: 2 },
      { tag: 'audit', count: 1 },
      { tag: 'damage', count: 1 },
    ]);
    expect(await s.transcripts.tagCounts(2)).toEqual([
      { tag: 'vip', count: 2 },
      { tag: 'audit', count: 1 },
    ]);
    expect(await add('c_ada', `card-${PAN}`)).toBe(true);
    expect((await s.transcripts.meta('c_ada'))!.tags).toEqual([`card-${MASKED}`, 'vip']);
    // Removed by what the agent typed: the same mask finds the stored tag.
    expect(await s.write((tx) => tx.transcripts.removeTag('c_ada', `card-${PAN}`))).toBe(true);
    expect(await s.write((tx) => tx.transcripts.removeTag('c_ada', 'vip'))).toBe(true);
    expect(await s.write((tx) => tx.transcripts.removeTag('c_ada', 'vip'))).toBe(false);
    expect((await s.transcripts.meta('c_ada'))!.tags).toEqual([]);
    await expect(s.write((tx) => tx.transcripts.addTag('c_nobody', 'vip', 'u_bo', T(4)))).rejects.toThrow();
  });

  it('review comments are masked before they are stored', async () => {
    const s = await desk(b);
    await s.write((tx) => tx.transcripts.addComment({ id: 'rc1', conversationId: 'c_ada', authorId: 'u_bo', authorName: 'Bo', body: `Customer read out ${PAN} on the call`, createdAt: T(5) }));
    expect((await s.transcripts.meta('c_ada'))!.comments[0]!.body).toBe(`Customer read out ${MASKED} on the call`);
    expect(await sql(b, 'SELECT body FROM review_comments')).toEqual([{ body: `Customer read out ${MASKED} on the call` }]);
    await expect(s.write((tx) => tx.transcripts.addComment({ id: 'rc1', conversationId: 'c_ada', authorId: 'u_bo', authorName: 'Bo', body: 'again', createdAt: T(5) }))).rejects.toThrow();
  });

  it('legal holds: one open at a time, by staff or by an operator; released with a reason; both reasons masked', async () => {
    const s = await desk(b);
    expect(await s.transcripts.hold('c_ada')).toBeNull();
    expect(await s.write((tx) => tx.transcripts.placeHold({ id: 'h1', conversationId: 'c_ada', placedBy: 'u_bo', placedAt: T(4), reason: `Dispute over ${PAN}` }))).toBe(true);
    expect(await s.transcripts.hold('c_ada')).toEqual({ id: 'h1', reason: `Dispute over ${MASKED}`, placedBy: { id: 'u_bo', name: 'Bo' }, placedAt: T(4) });
    expect(await s.write((tx) => tx.transcripts.placeHold({ id: 'h2', conversationId: 'c_ada', placedBy: 'u_cy', placedAt: T(5), reason: 'again' }))).toBe(false);
    expect(await s.write((tx) => tx.transcripts.releaseHold('c_ada', 'u_cy', T(6), { reason: `settled, card ${PAN}` }))).toBe(true);
    expect(await s.write((tx) => tx.transcripts.releaseHold('c_ada', 'u_cy', T(6)))).toBe(false);
    expect(await s.transcripts.hold('c_ada')).toBeNull();
    expect(await sql(b, 'SELECT reason, release_reason, released_by FROM legal_holds')).toEqual([{ reason: `Dispute over ${MASKED}`, release_reason: `settled, card ${MASKED}`, released_by: 'u_cy' }]);

    expect(await s.write((tx) => tx.transcripts.placeHold({ id: 'h3', conversationId: 'c_ada', placedBy: null, operator: 'root', placedAt: T(7), reason: 'subpoena' }))).toBe(true);
    expect(await s.transcripts.hold('c_ada')).toEqual({ id: 'h3', reason: 'subpoena', placedBy: { id: 'operator:root', name: 'Operator root' }, placedAt: T(7) });
    expect(await s.write((tx) => tx.transcripts.releaseHold('c_ada', null, T(8)))).toBe(true);
    expect(await sql(b, "SELECT released_by, released_by_operator, release_reason FROM legal_holds WHERE id = 'h3'")).toEqual([{ released_by: null, released_by_operator: 'unknown', release_reason: null }]);
    expect(await s.write((tx) => tx.transcripts.placeHold({ id: 'h4', conversationId: 'c_ada', placedBy: null, placedAt: T(9), reason: 'no name given' }))).toBe(true);
    expect((await s.transcripts.hold('c_ada'))!.placedBy).toEqual({ id: 'operator:unknown', name: 'Operator unknown' });
    await expect(s.write((tx) => tx.transcripts.placeHold({ id: 'h5', conversationId: 'c_nobody', placedBy: 'u_bo', placedAt: T(9), reason: 'nothing here' }))).rejects.toThrow();
  });

  it('two hubs placing a hold on one transcript at once: one of them places it', async () => {
    const s = await desk(b);
    const other = await b.another();
    for (let round = 0; round < 6; round++) {
      const placed = await Promise.all(
        [s, other].map((store, i) => store.write((tx) => tx.transcripts.placeHold({ id: `h${round}-${i}`, conversationId: 'c_ada', placedBy: 'u_bo', placedAt: T(4), reason: 'court order' }))),
      );
      expect(placed.sort()).toEqual([false, true]);
      expect(await s.write((tx) => tx.transcripts.releaseHold('c_ada', 'u_bo', T(5)))).toBe(true);
    }
    expect(await sql(b, 'SELECT id FROM legal_holds WHERE released_at IS NULL')).toEqual([]);
    expect(await sql(b, 'SELECT id FROM legal_holds')).toHaveLength(6);
  });

  it('attachments: listed oldest first with their sizes; a card number in a name is masked', async () => {
    const s = await desk(b);
    await s.write(async (tx) => {
      await tx.transcripts.addAttachment({ id: 'a2', conversationId: 'c_ada', messageSeq: null, name: 'later.pdf', mime: 'application/pdf', size: 5_000_000_000, path: 'attachments/a2', createdAt: T(6) });
      await tx.transcripts.addAttachment({ id: 'a1', conversationId: 'c_ada', messageSeq: 1, name: `receipt ${PAN}.jpg`, mime: 'image/jpeg', size: 2048, path: 'attachments/a1', createdAt: T(5) });
    });
    expect(await s.transcripts.attachments('c_ada')).toEqual([
      { id: 'a1', conversationId: 'c_ada', messageSeq: 1, name: `receipt ${MASKED}.jpg`, mime: 'image/jpeg', size: 2048, path: 'attachments/a1', createdAt: T(5) },
      { id: 'a2', conversationId: 'c_ada', messageSeq: null, name: 'later.pdf', mime: 'application/pdf', size: 5_000_000_000, path: 'attachments/a2', createdAt: T(6) },
    ]);
    expect(await s.transcripts.attachments('c_bea')).toEqual([]);
  });

  it('retention: ended chats without a purge date get one; due ones come in purge order after a cursor, held ones never', async () => {
    const s = await desk(b);
    await seed(s, { id: 'c_d1', email: 'd@shop.test', name: 'D', at: T(0), bodies: ['x'], endedAt: T(0, 10), purgeAt: T(10) });
    await seed(s, { id: 'c_d0', email: 'd@shop.test', name: 'D', at: T(0), bodies: ['x'], endedAt: T(0, 10), purgeAt: T(10) });
    await seed(s, { id: 'c_d2', email: 'd@shop.test', name: 'D', at: T(0), bodies: ['x'], endedAt: T(0, 10), purgeAt: T(8) });
    await sql(b, "UPDATE conversations SET purge_at = NULL WHERE id = 'c_bea'");
    expect(await s.transcripts.endedWithoutPurgeAt(10)).toEqual([{ id: 'c_bea', endedAt: T(2, 30) }]);
    await s.write((tx) => tx.transcripts.setPurgeAt('c_bea', T(9)));
    expect(await s.transcripts.endedWithoutPurgeAt(10)).toEqual([]);

    await s.write((tx) => tx.transcripts.placeHold({ id: 'h1', conversationId: 'c_d0', placedBy: 'u_bo', placedAt: T(4), reason: 'court order' }));
    expect(await s.transcripts.dueForPurge(T(10), 10)).toEqual([
      { id: 'c_d2', purgeAt: T(8) },
      { id: 'c_bea', purgeAt: T(9) },
      { id: 'c_d1', purgeAt: T(10) },
    ]);
    expect(await s.transcripts.dueForPurge(T(9, 59), 10)).toEqual([
      { id: 'c_d2', purgeAt: T(8) },
      { id: 'c_bea', purgeAt: T(9) },
    ]);
    expect(await s.transcripts.dueForPurge(T(10), 1, { purgeAt: T(8), id: 'c_d2' })).toEqual([{ id: 'c_bea', purgeAt: T(9) }]);
    expect(await s.transcripts.dueForPurge(T(10), 10, { purgeAt: T(10), id: 'c_d0' })).toEqual([{ id: 'c_d1', purgeAt: T(10) }]);
    expect(await s.transcripts.countDueOnHold(T(10))).toBe(1);
    expect(await s.transcripts.countDueOnHold(T(9))).toBe(0);
    expect(await s.transcripts.isPurgeable('c_d1', T(10))).toBe(true);
    expect(await s.transcripts.isPurgeable('c_d1', T(9))).toBe(false);
    expect(await s.transcripts.isPurgeable('c_d0', T(10))).toBe(false);
    expect(await s.transcripts.isPurgeable('c_cleo', T(23))).toBe(false);
    await s.write((tx) => tx.transcripts.releaseHold('c_d0', 'u_bo', T(5)));
    expect(await s.transcripts.isPurgeable('c_d0', T(10))).toBe(true);
  });

  it('purging: messages in batches, then the conversation with everything on it, counted; never early, never held', async () => {
    const s = await desk(b);
    await s.write(async (tx) => {
      await tx.transcripts.addTag('c_ada', 'vip', 'u_bo', T(4));
      await tx.transcripts.addComment({ id: 'rc1', conversationId: 'c_ada', authorId: 'u_bo', authorName: 'Bo', body: 'ok', createdAt: T(4) });
      await tx.transcripts.addAttachment({ id: 'a1', conversationId: 'c_ada', messageSeq: 1, name: 'strap.jpg', mime: 'image/jpeg', size: 10, path: 'attachments/a1', createdAt: T(4) });
      await tx.transcripts.placeHold({ id: 'h1', conversationId: 'c_ada', placedBy: 'u_bo', placedAt: T(4), reason: 'court order' });
      await tx.conversations.appendMessage({ conversationId: 'c_ada', clientId: 'late', authorKind: 'system', authorId: null, authorName: 'Desk', body: 'strap photo attached', createdAt: T(4) });
    });
    await sql(b, "INSERT INTO email_copies (id, conversation_id, to_address, requested_by_kind, status, created_at, updated_at) VALUES ('e1', 'c_ada', 'ada@shop.test', 'customer', 'sent', ?, ?)", [T(4), T(4)]);

    // Held: nothing goes, whatever the date.
    expect(await s.write((tx) => tx.transcripts.purgeMessages('c_ada', T(23), 2))).toBe(0);
    expect(await s.write((tx) => tx.transcripts.deleteConversation('c_ada', T(23)))).toBeNull();
    await s.write((tx) => tx.transcripts.releaseHold('c_ada', 'u_bo', T(5)));
    // Not due yet.
    expect(await s.write((tx) => tx.transcripts.purgeMessages('c_ada', T(22, 59), 2))).toBe(0);

    expect(await s.write((tx) => tx.transcripts.purgeMessages('c_ada', T(23), 2))).toBe(2);
    // Messages are left: the conversation stays.
    expect(await s.write((tx) => tx.transcripts.deleteConversation('c_ada', T(23)))).toBeNull();
    expect(await s.write((tx) => tx.transcripts.purgeMessages('c_ada', T(23), 2))).toBe(1);
    expect(await s.write((tx) => tx.transcripts.purgeMessages('c_ada', T(23), 2))).toBe(0);
    expect(await s.transcripts.page('c_ada', undefined, 10)).toEqual({ messages: [], hasMore: false });
    // The search index lets go of the words with the messages.
    expect(await ids(s, params('strap'))).toEqual([]);
    expect(await s.write((tx) => tx.transcripts.deleteConversation('c_ada', T(22)))).toBeNull();
    expect(await s.write((tx) => tx.transcripts.deleteConversation('c_ada', T(23)))).toEqual({ tags: 1, comments: 1, attachments: 1, copies: 1, holds: 1 });
    expect(await s.conversations.get('c_ada')).toBeUndefined();
    expect(await s.transcripts.meta('c_ada')).toBeUndefined();
    expect(await s.transcripts.attachments('c_ada')).toEqual([]);
    expect(await sql(b, "SELECT id FROM email_copies WHERE conversation_id = 'c_ada'")).toEqual([]);
    expect(await s.write((tx) => tx.transcripts.deleteConversation('c_ada', T(23)))).toBeNull();
    // The others are untouched, and still found.
    expect(await ids(s, params('handbag'))).toEqual(['c_bea']);
    expect(await ids(s, params(null))).toEqual(['c_cleo', 'c_bea']);
  });

  const imported = (n: string, over: Partial<ImportedConversation> = {}): ImportedConversation => ({
    id: `c_imp_${n}`,
    externalId: `ext-${n}`,
    brandId: 'maison',
    customer: { id: `k_imp_${n}`, name: `Old ${n}`, email: 'old@shop.test', createdAt: T(0) },
    startedAt: T(0, 1),
    endedAt: T(0, 20),
    purgeAt: T(22),
    messages: [
      { clientId: 'x1', authorKind: 'customer', authorName: 'Old customer', body: 'Please refund my cashmere scarf', createdAt: T(0, 2) },
      { clientId: 'x2', authorKind: 'agent', authorName: 'Former agent', body: 'Done, refunded to the card', createdAt: T(0, 3) },
    ],
    ...over,
  });

  it('import: an ended transcript with its purge date, found by search; once per external id; masked throughout', async () => {
    const s = await desk(b);
    const first = imported('1', {
      externalId: `ext-${PAN}`,
      customer: { id: 'k_imp_1', name: `Pat ${PAN}`, email: 'old@shop.test', createdAt: T(0) },
      messages: [
        { clientId: 'x1', authorKind: 'customer', authorName: `Pat ${PAN}`, body: `My card ${PAN} was charged twice for the scarf`, createdAt: T(0, 2) },
        { clientId: 'x2', authorKind: 'agent', authorName: 'Former agent', body: 'Refunded the scarf', createdAt: T(0, 3) },
      ],
    });
    expect(await s.write((tx) => tx.transcripts.importConversation(first))).toBe('imported');
    expect(await s.write((tx) => tx.transcripts.importConversation({ ...first, id: 'c_imp_again' }))).toBe('duplicate');
    expect(await s.transcripts.meta('c_imp_1')).toMatchObject({
      conversation: { id: 'c_imp_1', status: 'ended', createdAt: T(0, 1), endedAt: T(0, 20), lastSeq: 2, assignedAgent: null, customer: { id: 'k_imp_1', name: `Pat ${MASKED}`, verified: false } },
      brandId: 'maison',
      purgeAt: T(22),
      messageCount: 2,
      externalId: `ext-${MASKED}`,
    });
    expect((await s.transcripts.page('c_imp_1', undefined, 10)).messages).toEqual([
      { conversationId: 'c_imp_1', seq: 1, clientId: 'x1', author: { kind: 'customer', id: null, name: `Pat ${MASKED}` }, body: `My card ${MASKED} was charged twice for the scarf`, createdAt: T(0, 2) },
      { conversationId: 'c_imp_1', seq: 2, clientId: 'x2', author: { kind: 'agent', id: null, name: 'Former agent' }, body: 'Refunded the scarf', createdAt: T(0, 3) },
    ]);
    const found = await s.transcripts.search(params('scarf'));
    expect(found.rows.map((r) => [r.conversationId, r.hits])).toEqual([['c_imp_1', 2]]);
    // The index holds the masked text only: the card's digits find nothing, its last four do.
    expect(await ids(s, params('4111'))).toEqual([]);
    expect(await ids(s, params('1111'))).toEqual(['c_imp_1']);
    expect(await s.transcripts.dueForPurge(T(22), 10)).toEqual([{ id: 'c_imp_1', purgeAt: T(22) }]);
  });

  it("imports of one email share a customer, apart from the widget's guests and verified customers", async () => {
    const s = await desk(b);
    await s.write((tx) => tx.conversations.createGuest({ id: 'k_guest', email: 'old@shop.test', name: 'A guest', createdAt: T(0) }));
    await s.write((tx) => tx.conversations.upsertVerified({ id: 'k_verified', email: 'old@shop.test', name: 'Verified', createdAt: T(0), by: 'code', externalId: null }));
    expect(await s.write((tx) => tx.transcripts.importConversation(imported('1')))).toBe('imported');
    expect(await s.write((tx) => tx.transcripts.importConversation(imported('2', { startedAt: T(0, 5) })))).toBe('imported');
    expect((await s.transcripts.meta('c_imp_1'))!.conversation.customer.id).toBe('k_imp_1');
    expect((await s.transcripts.meta('c_imp_2'))!.conversation.customer).toEqual({ id: 'k_imp_1', name: 'Old 1', email: 'old@shop.test', verified: false });
    expect(await sql(b, "SELECT id FROM customers WHERE email = 'old@shop.test' ORDER BY id")).toEqual([{ id: 'k_guest' }, { id: 'k_imp_1' }, { id: 'k_verified' }]);
  });

  it('an import that fails stores nothing of itself', async () => {
    const s = await desk(b);
    const broken = imported('1', { messages: [imported('1').messages[0]!, { ...imported('1').messages[0]!, body: 'same client id twice' }] });
    await expect(s.write((tx) => tx.transcripts.importConversation(broken))).rejects.toThrow();
    expect(await s.transcripts.meta('c_imp_1')).toBeUndefined();
    expect(await sql(b, "SELECT id FROM customers WHERE id = 'k_imp_1'")).toEqual([]);
    expect(await s.write((tx) => tx.transcripts.importConversation(imported('1')))).toBe('imported');
  });

  it('a long transcript imports whole, in order', async () => {
    const s = b.api();
    const messages = Array.from({ length: 1203 }, (_, i) => ({ clientId: `x${i}`, authorKind: i % 2 ? ('agent' as const) : ('customer' as const), authorName: 'Someone', body: `line ${i + 1}`, createdAt: T(0, 2) }));
    expect(await s.write((tx) => tx.transcripts.importConversation(imported('long', { messages })))).toBe('imported');
    const page = await s.transcripts.page('c_imp_long', undefined, 2000);
    expect(page.messages.map((m) => m.body)).toEqual(messages.map((m) => m.body));
    expect(page.messages.map((m) => m.seq)).toEqual(messages.map((_, i) => i + 1));
    expect((await s.transcripts.meta('c_imp_long'))!.messageCount).toBe(1203);
  });

  it('two hubs importing the same file at once: each transcript once, one shared customer', async () => {
    const s = b.api();
    const other = await b.another();
    const records = ['1', '2', '3', '4'].map((n) => imported(n));
    const outcomes = await Promise.all([s, other].flatMap((store) => records.map((r) => store.write((tx) => tx.transcripts.importConversation(r)))));
    expect(outcomes.filter((o) => o === 'imported')).toHaveLength(4);
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(4);
    expect((await s.transcripts.list()).map((t) => t.externalId).sort()).toEqual(['ext-1', 'ext-2', 'ext-3', 'ext-4']);
    expect(await sql(b, "SELECT id FROM customers WHERE email = 'old@shop.test'")).toHaveLength(1);
  });

  it('the listing: every conversation oldest first, with its customer, status, hold and message count', async () => {
    const s = await desk(b);
    await s.write((tx) => tx.transcripts.importConversation(imported('1')));
    await s.write((tx) => tx.transcripts.placeHold({ id: 'h1', conversationId: 'c_bea', placedBy: 'u_bo', placedAt: T(4), reason: 'court order' }));
    expect(await s.transcripts.list()).toEqual([
      { id: 'c_imp_1', externalId: 'ext-1', brandId: 'maison', customer: { name: 'Old 1', email: 'old@shop.test' }, status: 'ended', createdAt: T(0, 1), endedAt: T(0, 20), purgeAt: T(22), held: false, messageCount: 2 },
      { id: 'c_ada', externalId: null, brandId: 'maison', customer: { name: 'Ada', email: 'ada@shop.test' }, status: 'ended', createdAt: T(1), endedAt: T(1, 30), purgeAt: T(23), held: false, messageCount: 2 },
      { id: 'c_bea', externalId: null, brandId: 'default', customer: { name: 'Bea', email: 'bea@shop.test' }, status: 'ended', createdAt: T(2), endedAt: T(2, 30), purgeAt: T(23), held: true, messageCount: 3 },
      { id: 'c_cleo', externalId: null, brandId: 'default', customer: { name: 'Cleo', email: 'cleo@shop.test' }, status: 'waiting', createdAt: T(3), endedAt: null, purgeAt: null, held: false, messageCount: 1 },
    ]);
  });
});
