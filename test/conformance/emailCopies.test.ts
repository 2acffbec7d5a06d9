// Transcript copies emailed to customers (store.emailCopies) on both backends.
import { expect, it } from 'vitest';
import type { StoreApi } from '../../server/store/api';
import { forEachBackend, type BackendUnderTest } from '../helpers/storeBackends';

const AT = '2026-12-01T10:00:00.000Z';
const LATER = '2026-12-01T10:05:00.000Z';
const CARD = '4111 1111 1111 1111';

/**
 * A chat for copies to belong to. Conversations are another module's: written here in plain SQL
 * per backend so this file does not depend on that module's port.
 */
async function conversation(b: BackendUnderTest, id: string): Promise<string> {
  const customer = [`k_${id}`, `${id}@example.com`, 'Guest', AT];
  const chat = [id, `k_${id}`, 'ended', AT];
  const customerSql = 'INSERT INTO customers (id, email, name, created_at) VALUES ';
  const chatSql = 'INSERT INTO conversations (id, customer_id, status, created_at) VALUES ';
  if (b.name === 'sqlite') {
    b.sqlite().db.prepare(`${customerSql}(?, ?, ?, ?)`).run(...customer);
    b.sqlite().db.prepare(`${chatSql}(?, ?, ?, ?)`).run(...chat);
  } else {
    await b.postgres().pool.query(`${customerSql}($1, $2, $3, $4)`, customer);
    await b.postgres().pool.query(`${chatSql}($1, $2, $3, $4)`, chat);
  }
  return id;
}

const request = (s: StoreApi, id: string, conversationId: string, over: { reason?: string | null; kind?: string; by?: string | null; at?: string } = {}) =>
  s.write((tx) =>
    tx.emailCopies.create({
      id,
      conversationId,
      to: 'ann@example.com',
      reason: over.reason ?? null,
      requestedByKind: over.kind ?? 'customer',
      requestedById: over.by ?? null,
      at: over.at ?? AT,
    }),
  );

forEachBackend('transcript copies by email', (b) => {
  it('queues a copy and returns it as stored', async () => {
    const s = b.api();
    const chat = await conversation(b, 'c_1');
    const copy = await request(s, 'ec_1', chat, { reason: 'Customer asked on the phone', kind: 'staff', by: 'u_ann' });
    const expected = {
      id: 'ec_1',
      conversationId: chat,
      to: 'ann@example.com',
      reason: 'Customer asked on the phone',
      requestedBy: { kind: 'staff', id: 'u_ann' },
      status: 'queued',
      error: null,
      attempts: 0,
      createdAt: AT,
      updatedAt: AT,
    };
    expect(copy).toEqual(expected);
    expect(await s.emailCopies.get('ec_1')).toEqual(expected);
    expect(await s.emailCopies.get('ec_unknown')).toBeUndefined();
  });

  it('masks a card number in the reason and in a delivery error before it is stored', async () => {
    const s = b.api();
    const chat = await conversation(b, 'c_1');
    const copy = await request(s, 'ec_1', chat, { reason: `refund to card ${CARD} please`, kind: 'staff', by: 'u_ann' });
    expect(copy.reason).not.toContain(CARD);
    expect(copy.reason).toMatch(/^refund to card .*1111 please$/);
    const failed = await s.write((tx) => tx.emailCopies.settle('ec_1', { status: 'failed', error: `550 rejected: ${CARD}`, at: LATER }));
    expect(failed.error).not.toContain(CARD);
    expect((await s.emailCopies.get('ec_1'))!.error).toBe(failed.error);
  });

  it('refuses a copy of an unknown chat, or a second copy with the same id', async () => {
    const s = b.api();
    await expect(request(s, 'ec_1', 'c_unknown')).rejects.toThrow();
    expect(await s.emailCopies.get('ec_1')).toBeUndefined();
    const chat = await conversation(b, 'c_1');
    await request(s, 'ec_1', chat);
    await expect(request(s, 'ec_1', chat, { kind: 'staff' })).rejects.toThrow();
    expect(await s.emailCopies.countRequestedBy(chat, 'staff')).toBe(0);
  });

  it("lists a chat's copies oldest first, and counts them by who asked", async () => {
    const s = b.api();
    const chat = await conversation(b, 'c_1');
    const other = await conversation(b, 'c_2');
    expect(await s.emailCopies.forConversation(chat)).toEqual([]);
    expect(await s.emailCopies.countRequestedBy(chat, 'customer')).toBe(0);
    await request(s, 'ec_b', chat, { at: '2026-12-01T10:02:00.000Z' });
    await request(s, 'ec_c', chat, { kind: 'staff', by: 'u_ann', at: '2026-12-01T10:03:00.000Z' });
    await request(s, 'ec_a', chat, { at: '2026-12-01T10:01:00.000Z' });
    await request(s, 'ec_z', other, { at: '2026-12-01T10:00:00.000Z' });
    expect((await s.emailCopies.forConversation(chat)).map((c) => c.id)).toEqual(['ec_a', 'ec_b', 'ec_c']);
    expect(await s.emailCopies.countRequestedBy(chat, 'customer')).toBe(2);
    expect(await s.emailCopies.countRequestedBy(chat, 'staff')).toBe(1);
    expect(await s.emailCopies.countRequestedBy(other, 'customer')).toBe(1);
  });

  it('settles each attempt, counting them; only a failed copy goes back to the queue', async () => {
    const s = b.api();
    const chat = await conversation(b, 'c_1');
    await request(s, 'ec_1', chat);
    expect(await s.write((tx) => tx.emailCopies.requeue('ec_1', LATER))).toBe(false);
    const failed = await s.write((tx) => tx.emailCopies.settle('ec_1', { status: 'failed', error: 'ECONNREFUSED', at: '2026-12-01T10:01:00.000Z' }));
    expect(failed).toMatchObject({ status: 'failed', error: 'ECONNREFUSED', attempts: 1, createdAt: AT, updatedAt: '2026-12-01T10:01:00.000Z' });
    expect(await s.write((tx) => tx.emailCopies.requeue('ec_1', '2026-12-01T10:02:00.000Z'))).toBe(true);
    expect(await s.emailCopies.get('ec_1')).toMatchObject({ status: 'queued', error: null, attempts: 1, updatedAt: '2026-12-01T10:02:00.000Z' });
    const sent = await s.write((tx) => tx.emailCopies.settle('ec_1', { status: 'sent', error: null, at: '2026-12-01T10:03:00.000Z' }));
    expect(sent).toMatchObject({ status: 'sent', error: null, attempts: 2, updatedAt: '2026-12-01T10:03:00.000Z' });
    expect(await s.write((tx) => tx.emailCopies.requeue('ec_1', LATER))).toBe(false);
    expect(await s.write((tx) => tx.emailCopies.requeue('ec_unknown', LATER))).toBe(false);
    await expect(s.write((tx) => tx.emailCopies.settle('ec_1', { status: 'lost' as 'sent', error: null, at: LATER }))).rejects.toThrow();
    expect(await s.emailCopies.get('ec_1')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('two hubs settling attempts of one copy at once: every attempt is counted', async () => {
    const s = b.api();
    const other = await b.another();
    const chat = await conversation(b, 'c_1');
    await request(s, 'ec_1', chat);
    await Promise.all(
      [s, other, s, other, s, other].map((x, i) => x.write((tx) => tx.emailCopies.settle('ec_1', { status: 'failed', error: `try ${i}`, at: LATER }))),
    );
    expect(await s.emailCopies.get('ec_1')).toMatchObject({ status: 'failed', attempts: 6 });
  });
});
