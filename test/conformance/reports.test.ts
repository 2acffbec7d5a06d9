// Ratings and the facts the reports are built from (store.reports) on both backends.
import { expect, it } from 'vitest';
import type { ChatFacts } from '../../server/store/reports';
import { forEachBackend, type BackendUnderTest } from '../helpers/storeBackends';

interface Chat {
  id: string;
  customer: string;
  brandId?: string;
  status?: 'waiting' | 'active' | 'ended';
  agentId?: string | null;
  createdAt: string;
  endedAt?: string | null;
  firstAssignedAt?: string | null;
}

/**
 * Rows of other modules (customers, chats, messages), written in plain SQL per backend so this
 * file does not depend on their ports. `sql` uses $1…; SQLite gets the same values by position.
 */
async function insert(b: BackendUnderTest, sql: string, values: unknown[]): Promise<void> {
  if (b.name === 'sqlite') b.sqlite().db.prepare(sql.replace(/\$\d+/g, '?')).run(...values);
  else await b.postgres().pool.query(sql, values);
}

async function chat(b: BackendUnderTest, c: Chat): Promise<string> {
  await insert(b, 'INSERT INTO customers (id, email, name, created_at) VALUES ($1, $2, $3, $4)', [`k_${c.id}`, `${c.id}@example.com`, c.customer, c.createdAt]);
  await insert(b, 'INSERT INTO conversations (id, customer_id, brand_id, status, assigned_agent_id, created_at, ended_at, first_assigned_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
    c.id,
    `k_${c.id}`,
    c.brandId ?? 'default',
    c.status ?? 'ended',
    c.agentId ?? null,
    c.createdAt,
    c.endedAt ?? null,
    c.firstAssignedAt ?? null,
  ]);
  return c.id;
}

async function message(b: BackendUnderTest, conversationId: string, seq: number, authorKind: 'customer' | 'agent' | 'system', createdAt: string): Promise<void> {
  const values = [conversationId, seq, `m-${seq}`, authorKind, authorKind, 'hello', createdAt];
  const columns = 'conversation_id, seq, client_id, author_kind, author_name, body, created_at';
  // PostgreSQL keeps the indexed words beside the text (search_words): none needed here.
  if (b.name === 'sqlite') await insert(b, `INSERT INTO messages (${columns}) VALUES ($1, $2, $3, $4, $5, $6, $7)`, values);
  else await insert(b, `INSERT INTO messages (${columns}, search_words) VALUES ($1, $2, $3, $4, $5, $6, $7, '{}')`, values);
}

forEachBackend('ratings and report facts', (b) => {
  it('stores a rating, and a second one replaces the first', async () => {
    const s = b.api();
    const id = await chat(b, { id: 'c_1', customer: 'Ada', createdAt: '2026-03-02T14:00:00.000Z' });
    expect(await s.reports.rating(id)).toBeUndefined();
    expect(await s.write((tx) => tx.reports.rate({ conversationId: id, score: 4, comment: null, createdAt: '2026-03-02T14:11:00.000Z' }))).toEqual({
      conversationId: id,
      score: 4,
      comment: null,
      createdAt: '2026-03-02T14:11:00.000Z',
    });
    await s.write((tx) => tx.reports.rate({ conversationId: id, score: 2, comment: 'Slow', createdAt: '2026-03-02T14:12:00.000Z' }));
    expect(await s.reports.rating(id)).toEqual({ conversationId: id, score: 2, comment: 'Slow', createdAt: '2026-03-02T14:12:00.000Z' });
  });

  it('refuses a score outside 1–5 or a rating of an unknown chat, keeping the rating there was', async () => {
    const s = b.api();
    const id = await chat(b, { id: 'c_1', customer: 'Ada', createdAt: '2026-03-02T14:00:00.000Z' });
    await s.write((tx) => tx.reports.rate({ conversationId: id, score: 3, comment: null, createdAt: '2026-03-02T14:11:00.000Z' }));
    for (const score of [0, 6]) await expect(s.write((tx) => tx.reports.rate({ conversationId: id, score, comment: 'x', createdAt: '2026-03-02T14:12:00.000Z' }))).rejects.toThrow();
    await expect(s.write((tx) => tx.reports.rate({ conversationId: 'c_unknown', score: 5, comment: null, createdAt: '2026-03-02T14:12:00.000Z' }))).rejects.toThrow();
    expect(await s.reports.rating(id)).toMatchObject({ score: 3, comment: null });
    expect(await s.reports.rating('c_unknown')).toBeUndefined();
  });

  it('gives the facts of every chat started in [from, to), oldest first: agent held last, first messages each way, rating', async () => {
    const s = b.api();
    await s.write(async (tx) => {
      await tx.users.create({ id: 'u_ann', email: 'ann@desk.test', name: 'Ann Agent', role: 'agent', passwordHash: 'x', createdAt: '2026-01-01T00:00:00.000Z' });
      await tx.users.create({ id: 'u_bo', email: 'bo@desk.test', name: 'Bo Agent', role: 'agent', passwordHash: 'x', createdAt: '2026-01-01T00:00:00.000Z' });
    });
    const a = await chat(b, {
      id: 'c_a',
      customer: 'Ada',
      brandId: 'luxe',
      agentId: 'u_bo',
      createdAt: '2026-03-02T14:00:00.000Z',
      endedAt: '2026-03-02T14:10:00.000Z',
      firstAssignedAt: '2026-03-02T14:01:00.000Z',
    });
    await message(b, a, 1, 'system', '2026-03-02T14:00:01.000Z');
    await message(b, a, 2, 'customer', '2026-03-02T14:00:30.000Z');
    await message(b, a, 3, 'agent', '2026-03-02T14:01:30.000Z');
    await message(b, a, 4, 'customer', '2026-03-02T14:02:00.000Z');
    await message(b, a, 5, 'agent', '2026-03-02T14:03:00.000Z');
    await s.write((tx) => tx.reports.rate({ conversationId: a, score: 2, comment: 'Slow', createdAt: '2026-03-02T14:11:00.000Z' }));
    // Waiting, never answered, never rated.
    await chat(b, { id: 'c_w', customer: 'Wen', status: 'waiting', createdAt: '2026-03-02T09:00:00.000Z' });
    // Outside the range on either side (the end is not in it).
    await chat(b, { id: 'c_before', customer: 'Old', createdAt: '2026-03-01T23:59:59.999Z' });
    await chat(b, { id: 'c_after', customer: 'New', createdAt: '2026-03-03T00:00:00.000Z' });
    const c = await chat(b, { id: 'c_c', customer: 'Cy', status: 'active', agentId: 'u_ann', createdAt: '2026-03-02T00:00:00.000Z', firstAssignedAt: '2026-03-02T00:00:05.000Z' });
    await message(b, c, 1, 'agent', '2026-03-02T00:00:10.000Z');

    const facts = await s.reports.facts('2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z', null);
    expect(facts).toEqual<ChatFacts[]>([
      {
        id: 'c_c',
        brandId: 'default',
        customerName: 'Cy',
        status: 'active',
        createdAt: '2026-03-02T00:00:00.000Z',
        endedAt: null,
        agentId: 'u_ann',
        agentName: 'Ann Agent',
        firstAssignedAt: '2026-03-02T00:00:05.000Z',
        firstCustomerAt: null,
        firstAgentAt: '2026-03-02T00:00:10.000Z',
        score: null,
        comment: null,
        ratedAt: null,
      },
      {
        id: 'c_w',
        brandId: 'default',
        customerName: 'Wen',
        status: 'waiting',
        createdAt: '2026-03-02T09:00:00.000Z',
        endedAt: null,
        agentId: null,
        agentName: null,
        firstAssignedAt: null,
        firstCustomerAt: null,
        firstAgentAt: null,
        score: null,
        comment: null,
        ratedAt: null,
      },
      {
        id: 'c_a',
        brandId: 'luxe',
        customerName: 'Ada',
        status: 'ended',
        createdAt: '2026-03-02T14:00:00.000Z',
        endedAt: '2026-03-02T14:10:00.000Z',
        agentId: 'u_bo',
        agentName: 'Bo Agent',
        firstAssignedAt: '2026-03-02T14:01:00.000Z',
        firstCustomerAt: '2026-03-02T14:00:30.000Z',
        firstAgentAt: '2026-03-02T14:01:30.000Z',
        score: 2,
        comment: 'Slow',
        ratedAt: '2026-03-02T14:11:00.000Z',
      },
    ]);
    expect((await s.reports.facts('2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z', 'luxe')).map((f) => f.id)).toEqual(['c_a']);
    expect(await s.reports.facts('2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z', 'nobody')).toEqual([]);
    expect(await s.reports.facts('2026-04-01T00:00:00.000Z', '2026-05-01T00:00:00.000Z', null)).toEqual([]);
    // A renamed agent is reported under the name they have now.
    await s.write((tx) => tx.users.rename('u_bo', 'Bo Lind'));
    expect((await s.reports.facts('2026-03-02T14:00:00.000Z', '2026-03-02T14:00:00.001Z', 'luxe'))[0]).toMatchObject({ id: 'c_a', agentName: 'Bo Lind' });
  });

  it('two hubs rating one chat at once keep one whole rating, not a mix', async () => {
    const s = b.api();
    const other = await b.another();
    const id = await chat(b, { id: 'c_1', customer: 'Ada', createdAt: '2026-03-02T14:00:00.000Z' });
    await Promise.all([
      s.write((tx) => tx.reports.rate({ conversationId: id, score: 1, comment: 'one', createdAt: '2026-03-02T14:11:00.000Z' })),
      other.write((tx) => tx.reports.rate({ conversationId: id, score: 5, comment: 'five', createdAt: '2026-03-02T14:12:00.000Z' })),
    ]);
    expect([
      { conversationId: id, score: 1, comment: 'one', createdAt: '2026-03-02T14:11:00.000Z' },
      { conversationId: id, score: 5, comment: 'five', createdAt: '2026-03-02T14:12:00.000Z' },
    ]).toContainEqual(await s.reports.rating(id));
  });
});
