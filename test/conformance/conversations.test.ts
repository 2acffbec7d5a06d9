// Customers, widget sessions, conversations and messages (store.conversations) on both backends,
// including what several hubs writing one conversation at once must never do: give two messages
// one seq, or store one message twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreApi } from '../../server/store/api';
import { openPgStore } from '../../server/store/pg/api';
import { forEachBackend, testAuditKey, type BackendUnderTest } from '../helpers/storeBackends';
import { startPostgres, type TestPostgres } from '../helpers/postgres';

const T = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute)).toISOString();

/**
 * A staff account, written with SQL on each backend: the users module is another helper's port
 * (assignments and their agent's name need the row).
 */
async function insertUser(b: BackendUnderTest, id: string, name: string): Promise<void> {
  const row = [id, `${id}@desk.test`, name, 'agent', 'x', T(0)];
  const sql = 'INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES ';
  if (b.name === 'sqlite') b.sqlite().db.prepare(`${sql}(?, ?, ?, ?, ?, ?)`).run(...row);
  else await b.postgres().pool.query(`${sql}($1, $2, $3, $4, $5, $6)`, row);
}

/** A guest with a widget session and one conversation in it. */
async function chat(s: StoreApi, n: string, at = T(1)) {
  return s.write(async (tx) => {
    const customer = await tx.conversations.createGuest({ id: `k_${n}`, email: `${n}@shop.test`, name: `Guest ${n}`, createdAt: at });
    await tx.conversations.createWidgetSession({ id: `w_${n}`, tokenHash: `hash-${n}`, customerId: customer.id, createdAt: at, expiresAt: '2027-01-01T00:00:00.000Z' });
    return tx.conversations.create({ id: `c_${n}`, customerId: customer.id, widgetSessionId: `w_${n}`, brandId: 'maison', createdAt: at });
  });
}

const message = (conversationId: string, clientId: string, body = `text of ${clientId}`, authorKind: 'customer' | 'agent' | 'system' = 'customer') => ({
  conversationId,
  clientId,
  authorKind,
  authorId: null,
  authorName: authorKind === 'customer' ? 'Ada' : 'Bo',
  body,
  createdAt: T(2),
});

forEachBackend('conversations', (b) => {
  it('a guest is a record of their own; the verified customer of an email is one record, renamed only by a token', async () => {
    const s = b.api();
    const [g1, g2, v1, byCode, byToken] = await s.write(async (tx) => [
      await tx.conversations.createGuest({ id: 'k_g1', email: 'ada@shop.test', name: 'Ada', createdAt: T(0) }),
      await tx.conversations.createGuest({ id: 'k_g2', email: 'ada@shop.test', name: 'Not Ada', createdAt: T(0) }),
      await tx.conversations.upsertVerified({ id: 'k_v1', email: 'ada@shop.test', name: 'Ada L.', createdAt: T(1), by: 'code', externalId: null }),
      await tx.conversations.upsertVerified({ id: 'k_v2', email: 'ada@shop.test', name: 'Typed At Widget', createdAt: T(2), by: 'code', externalId: 'shop-42' }),
      await tx.conversations.upsertVerified({ id: 'k_v3', email: 'ada@shop.test', name: 'Ada Lovelace', createdAt: T(3), by: 'token', externalId: null }),
    ]);
    expect(g1).toEqual({ id: 'k_g1', email: 'ada@shop.test', name: 'Ada', verified: false });
    expect(g2).toEqual({ id: 'k_g2', email: 'ada@shop.test', name: 'Not Ada', verified: false });
    expect(v1).toEqual({ id: 'k_v1', email: 'ada@shop.test', name: 'Ada L.', verified: true });
    expect(byCode).toEqual({ id: 'k_v1', email: 'ada@shop.test', name: 'Ada L.', verified: true });
    expect(byToken).toEqual({ id: 'k_v1', email: 'ada@shop.test', name: 'Ada Lovelace', verified: true });
  });

  it('two hubs verifying the same email at once make one verified record', async () => {
    const s = b.api();
    const other = await b.another();
    const made = await Promise.all(
      [s, other, s, other].map((store, i) =>
        store.write((tx) => tx.conversations.upsertVerified({ id: `k_v${i}`, email: 'ada@shop.test', name: `Ada ${i}`, createdAt: T(i), by: 'code', externalId: null })),
      ),
    );
    expect(new Set(made.map((c) => c.id)).size).toBe(1);
    expect(made.every((c) => c.verified && c.email === 'ada@shop.test')).toBe(true);
    // The first stored kept its name: a code proves the address, not the name.
    expect(new Set(made.map((c) => c.name)).size).toBe(1);
  });

  it('a guest id used twice is refused, and the write stores nothing of itself', async () => {
    const s = b.api();
    await s.write((tx) => tx.conversations.createGuest({ id: 'k_1', email: 'ada@shop.test', name: 'Ada', createdAt: T(0) }));
    await expect(
      s.write(async (tx) => {
        await tx.conversations.createWidgetSession({ id: 'w_x', tokenHash: 'hash-x', customerId: 'k_1', createdAt: T(0), expiresAt: T(59) });
        await tx.conversations.createGuest({ id: 'k_1', email: 'bo@shop.test', name: 'Bo', createdAt: T(0) });
      }),
    ).rejects.toThrow();
    expect(await s.conversations.widgetSessionByTokenHash('hash-x')).toBeUndefined();
  });

  it('a widget session signs its customer in by token hash; rebinding moves the session and its chats to the verified record', async () => {
    const s = b.api();
    const c = await chat(s, 'ada');
    expect(await s.conversations.widgetSessionByTokenHash('hash-ada')).toEqual({
      id: 'w_ada',
      expiresAt: '2027-01-01T00:00:00.000Z',
      customer: { id: 'k_ada', name: 'Guest ada', email: 'ada@shop.test', verified: false },
    });
    expect(await s.conversations.widgetSessionByTokenHash('no-such-hash')).toBeUndefined();
    // Used again: its expiry moves later, never earlier.
    await s.write((tx) => tx.conversations.renewWidgetSession('w_ada', '2027-01-05T00:00:00.000Z'));
    await s.write((tx) => tx.conversations.renewWidgetSession('w_ada', '2027-01-03T00:00:00.000Z'));
    expect(await s.conversations.widgetSessionByTokenHash('hash-ada')).toMatchObject({ expiresAt: '2027-01-05T00:00:00.000Z' });
    await s.write(async (tx) => {
      const v = await tx.conversations.upsertVerified({ id: 'k_v', email: 'ada@shop.test', name: 'Ada L.', createdAt: T(3), by: 'code', externalId: null });
      await tx.conversations.rebindWidgetSession('w_ada', v.id);
    });
    expect((await s.conversations.widgetSessionByTokenHash('hash-ada'))?.customer).toEqual({ id: 'k_v', name: 'Ada L.', email: 'ada@shop.test', verified: true });
    expect((await s.conversations.get(c.id))?.customer).toEqual({ id: 'k_v', name: 'Ada L.', email: 'ada@shop.test', verified: true });
  });

  it('a new conversation waits, unassigned, with no messages and both read marks at 0', async () => {
    const s = b.api();
    const c = await chat(s, 'ada');
    const expected = {
      id: 'c_ada',
      status: 'waiting',
      customer: { id: 'k_ada', name: 'Guest ada', email: 'ada@shop.test', verified: false },
      assignedAgent: null,
      createdAt: T(1),
      endedAt: null,
      lastSeq: 0,
      customerReadSeq: 0,
      agentReadSeq: 0,
      widgetSessionId: 'w_ada',
      brandId: 'maison',
      customerLocale: null,
      customerTimeZone: null,
    };
    expect(c).toEqual(expected);
    expect(await s.conversations.get('c_ada')).toEqual(expected);
    expect(await s.conversations.get('c_nobody')).toBeUndefined();
    expect(await s.conversations.access('c_ada')).toEqual({ id: 'c_ada', status: 'waiting', assignedAgent: null, widgetSessionId: 'w_ada', brandId: 'maison' });
    expect(await s.conversations.access('c_nobody')).toBeUndefined();
  });

  it('a conversation for an unknown customer is refused', async () => {
    await expect(b.api().write((tx) => tx.conversations.create({ id: 'c_x', customerId: 'k_nobody', widgetSessionId: null, brandId: 'default', createdAt: T(0) }))).rejects.toThrow();
    expect(await b.api().conversations.get('c_x')).toBeUndefined();
  });

  it("keeps the customer's language and time zone; a null leaves the stored value", async () => {
    const s = b.api();
    await chat(s, 'ada');
    await s.write((tx) => tx.conversations.setCustomerLocale('c_ada', 'fr-FR', 'Europe/Paris'));
    await s.write((tx) => tx.conversations.setCustomerLocale('c_ada', null, 'Asia/Tokyo'));
    expect(await s.conversations.get('c_ada')).toMatchObject({ customerLocale: 'fr-FR', customerTimeZone: 'Asia/Tokyo' });
    await s.write((tx) => tx.conversations.setCustomerLocale('c_ada', 'ja', null));
    expect(await s.conversations.get('c_ada')).toMatchObject({ customerLocale: 'ja', customerTimeZone: 'Asia/Tokyo' });
  });

  it("a widget session's chats: all of them oldest first, the latest, and the one still open", async () => {
    const s = b.api();
    await chat(s, 'ada', T(1));
    await s.write(async (tx) => {
      await tx.conversations.create({ id: 'c_second', customerId: 'k_ada', widgetSessionId: 'w_ada', brandId: 'maison', createdAt: T(5) });
      await tx.conversations.create({ id: 'c_third', customerId: 'k_ada', widgetSessionId: 'w_ada', brandId: 'maison', createdAt: T(9) });
      await tx.conversations.end('c_third', T(10), T(50));
      await tx.conversations.end('c_ada', T(2), T(50));
    });
    expect((await s.conversations.forWidgetSession('w_ada')).map((c) => c.id)).toEqual(['c_ada', 'c_second', 'c_third']);
    expect((await s.conversations.latestForWidget('w_ada'))?.id).toBe('c_third');
    expect((await s.conversations.openForWidget('w_ada'))?.id).toBe('c_second');
    expect(await s.conversations.forWidgetSession('w_nobody')).toEqual([]);
    expect(await s.conversations.latestForWidget('w_nobody')).toBeUndefined();
    await s.write((tx) => tx.conversations.end('c_second', T(11), T(50)));
    expect(await s.conversations.openForWidget('w_ada')).toBeUndefined();
  });

  it("an agent's queue: every waiting chat and their own active ones, oldest first; not others' and not ended ones", async () => {
    const s = b.api();
    await insertUser(b, 'u_bo', 'Bo');
    await insertUser(b, 'u_cy', 'Cy');
    await chat(s, 'mine', T(4));
    await chat(s, 'waiting', T(2));
    await chat(s, 'theirs', T(1));
    await chat(s, 'ended', T(0));
    await chat(s, 'later', T(6));
    await s.write(async (tx) => {
      expect(await tx.conversations.assign('c_mine', 'u_bo', T(7))).toBe(true);
      expect(await tx.conversations.assign('c_theirs', 'u_cy', T(7))).toBe(true);
      expect(await tx.conversations.end('c_ended', T(8), T(50), 'customer')).toBe(true);
    });
    expect((await s.conversations.queueFor('u_bo')).map((c) => c.id)).toEqual(['c_waiting', 'c_mine', 'c_later']);
    expect((await s.conversations.queueFor('u_cy')).map((c) => c.id)).toEqual(['c_theirs', 'c_waiting', 'c_later']);
    expect((await s.conversations.queueFor('u_bo'))[1]).toMatchObject({ status: 'active', assignedAgent: { id: 'u_bo', name: 'Bo' } });
  });

  it('assigning takes a chat (again if another agent takes it); an ended chat can be neither assigned nor ended again', async () => {
    const s = b.api();
    await insertUser(b, 'u_bo', 'Bo');
    await insertUser(b, 'u_cy', 'Cy');
    await chat(s, 'ada');
    expect(await s.write((tx) => tx.conversations.assign('c_ada', 'u_bo', T(3)))).toBe(true);
    expect(await s.conversations.access('c_ada')).toMatchObject({ status: 'active', assignedAgent: { id: 'u_bo', name: 'Bo' } });
    expect(await s.write((tx) => tx.conversations.assign('c_ada', 'u_cy', T(4)))).toBe(true);
    expect((await s.conversations.get('c_ada'))?.assignedAgent).toEqual({ id: 'u_cy', name: 'Cy' });
    expect(await s.write((tx) => tx.conversations.end('c_ada', T(5), T(59), 'agent'))).toBe(true);
    expect(await s.conversations.get('c_ada')).toMatchObject({ status: 'ended', endedAt: T(5), assignedAgent: { id: 'u_cy', name: 'Cy' } });
    expect(await s.write((tx) => tx.conversations.end('c_ada', T(6), T(59)))).toBe(false);
    expect(await s.write((tx) => tx.conversations.assign('c_ada', 'u_bo', T(7)))).toBe(false);
    expect(await s.conversations.get('c_ada')).toMatchObject({ status: 'ended', endedAt: T(5), assignedAgent: { id: 'u_cy', name: 'Cy' } });
    expect(await s.write((tx) => tx.conversations.assign('c_nobody', 'u_bo', T(7)))).toBe(false);
    expect(await s.write((tx) => tx.conversations.end('c_nobody', T(7), T(59)))).toBe(false);
    await expect(s.write((tx) => tx.conversations.assign('c_nobody', 'u_nobody'))).resolves.toBe(false);
    await chat(s, 'bea');
    await expect(s.write((tx) => tx.conversations.assign('c_bea', 'u_nobody'))).rejects.toThrow();
  });

  it('a write that takes a chat and then fails leaves it waiting, and nothing it appended', async () => {
    const s = b.api();
    await insertUser(b, 'u_bo', 'Bo');
    await chat(s, 'ada');
    expect(await s.conversations.access('c_ada')).toMatchObject({ status: 'waiting', assignedAgent: null });
    await expect(
      s.write(async (tx) => {
        await tx.conversations.assign('c_ada', 'u_bo', T(3));
        await tx.conversations.appendMessage(message('c_ada', 'm1'));
        expect(await tx.conversations.access('c_ada')).toMatchObject({ status: 'active', assignedAgent: { id: 'u_bo', name: 'Bo' } });
        throw new Error('the socket went away');
      }),
    ).rejects.toThrow('the socket went away');
    expect(await s.conversations.access('c_ada')).toMatchObject({ status: 'waiting', assignedAgent: null });
    expect(await s.conversations.get('c_ada')).toMatchObject({ lastSeq: 0 });
    expect(await s.conversations.messagesAfter('c_ada', 0)).toEqual([]);
    expect((await s.write((tx) => tx.conversations.appendMessage(message('c_ada', 'm1')))).message.seq).toBe(1);
  });

  it('what one hub changes, the other sees at its next read: who took the chat, the verified customer, the end', async () => {
    const s = b.api();
    const other = await b.another();
    await insertUser(b, 'u_bo', 'Bo');
    await chat(s, 'ada');
    expect(await other.conversations.access('c_ada')).toMatchObject({ status: 'waiting' });
    expect((await other.conversations.widgetSessionByTokenHash('hash-ada'))?.customer.verified).toBe(false);
    await s.write(async (tx) => {
      await tx.conversations.assign('c_ada', 'u_bo', T(3));
      const v = await tx.conversations.upsertVerified({ id: 'k_v', email: 'ada@shop.test', name: 'Ada L.', createdAt: T(3), by: 'code', externalId: null });
      await tx.conversations.rebindWidgetSession('w_ada', v.id);
    });
    expect(await other.conversations.access('c_ada')).toMatchObject({ status: 'active', assignedAgent: { id: 'u_bo', name: 'Bo' } });
    expect((await other.conversations.widgetSessionByTokenHash('hash-ada'))?.customer).toMatchObject({ id: 'k_v', verified: true });
    await s.write((tx) => tx.conversations.end('c_ada', T(4), T(59), 'customer'));
    expect((await other.conversations.access('c_ada'))?.status).toBe('ended');
  });

  it('a token hash is one session: a second session with it is refused', async () => {
    const s = b.api();
    await chat(s, 'ada');
    await expect(s.write((tx) => tx.conversations.createWidgetSession({ id: 'w_2', tokenHash: 'hash-ada', customerId: 'k_ada', createdAt: T(2), expiresAt: T(59) }))).rejects.toThrow();
    expect((await s.conversations.widgetSessionByTokenHash('hash-ada'))?.id).toBe('w_ada');
  });

  it('messages get the next seq; a resend of a stored client id returns the stored message and adds nothing', async () => {
    const s = b.api();
    await chat(s, 'ada');
    const first = await s.write((tx) => tx.conversations.appendMessage(message('c_ada', 'm1', 'Hello, my parcel is late')));
    expect(first).toEqual({
      duplicate: false,
      message: { conversationId: 'c_ada', seq: 1, clientId: 'm1', author: { kind: 'customer', id: null, name: 'Ada' }, body: 'Hello, my parcel is late', createdAt: T(2) },
    });
    const second = await s.write((tx) => tx.conversations.appendMessage({ ...message('c_ada', 'm2', 'Let me look', 'agent'), authorId: 'u_bo' }));
    expect(second.message).toMatchObject({ seq: 2, author: { kind: 'agent', id: 'u_bo', name: 'Bo' } });
    const resent = await s.write((tx) => tx.conversations.appendMessage(message('c_ada', 'm1', 'a changed body is still the stored message')));
    expect(resent).toEqual({ duplicate: true, message: first.message });
    expect((await s.conversations.get('c_ada'))?.lastSeq).toBe(2);
    expect((await s.conversations.messagesAfter('c_ada', 0)).map((m) => [m.seq, m.clientId, m.body])).toEqual([
      [1, 'm1', 'Hello, my parcel is late'],
      [2, 'm2', 'Let me look'],
    ]);
  });

  it('a message for an unknown conversation is refused and stores nothing, in a write or alone in writeCalls', async () => {
    await expect(b.api().write((tx) => tx.conversations.appendMessage(message('c_nobody', 'm1')))).rejects.toThrow();
    await expect(b.api().writeCalls((tx) => tx.conversations.appendMessage(message('c_nobody', 'm2')))).rejects.toThrow('no conversation c_nobody');
    expect(await b.api().conversations.messagesAfter('c_nobody', 0)).toEqual([]);
  });

  it('messagesAfter reads forward from a seq, in order, up to a limit', async () => {
    const s = b.api();
    await chat(s, 'ada');
    await s.write(async (tx) => {
      for (let i = 1; i <= 6; i++) await tx.conversations.appendMessage(message('c_ada', `m${i}`));
    });
    expect((await s.conversations.messagesAfter('c_ada', 2)).map((m) => m.seq)).toEqual([3, 4, 5, 6]);
    expect((await s.conversations.messagesAfter('c_ada', 1, 2)).map((m) => m.seq)).toEqual([2, 3]);
    expect(await s.conversations.messagesAfter('c_ada', 6)).toEqual([]);
    expect(await s.conversations.messagesAfter('c_ada', Number.MAX_SAFE_INTEGER)).toEqual([]);
  });

  it("the queue preview: the customer's first message and the last one spoken, each cut; system lines do not count", async () => {
    const s = b.api();
    await chat(s, 'ada');
    expect(await s.conversations.preview('c_ada', 10)).toEqual({ first: null, last: null });
    await s.write(async (tx) => {
      await tx.conversations.appendMessage(message('c_ada', 'm0', 'Bo joined the chat', 'system'));
      await tx.conversations.appendMessage(message('c_ada', 'm1', 'Bonjour, ma commande élégante'));
      await tx.conversations.appendMessage(message('c_ada', 'm2', 'Of course, one moment please', 'agent'));
      await tx.conversations.appendMessage(message('c_ada', 'm3', 'Chat transferred', 'system'));
    });
    expect(await s.conversations.preview('c_ada', 20)).toEqual({
      first: 'Bonjour, ma commande',
      last: { body: 'Of course, one momen', authorKind: 'agent', createdAt: T(2) },
    });
    expect((await s.conversations.preview('c_ada', 30)).first).toBe('Bonjour, ma commande élégante');
  });

  it('read marks move forward only and never past the last message; an unknown chat is null', async () => {
    const s = b.api();
    await chat(s, 'ada');
    await s.write(async (tx) => {
      for (let i = 1; i <= 4; i++) await tx.conversations.appendMessage(message('c_ada', `m${i}`));
    });
    expect(await s.write((tx) => tx.conversations.markRead('c_ada', 'customer', 3))).toBe(3);
    expect(await s.write((tx) => tx.conversations.markRead('c_ada', 'customer', 1))).toBe(3);
    expect(await s.write((tx) => tx.conversations.markRead('c_ada', 'agent', 99))).toBe(4);
    expect(await s.write((tx) => tx.conversations.markRead('c_ada', 'agent', Number.MAX_SAFE_INTEGER))).toBe(4);
    expect(await s.write((tx) => tx.conversations.markRead('c_nobody', 'agent', 1))).toBeNull();
    expect(await s.conversations.get('c_ada')).toMatchObject({ customerReadSeq: 3, agentReadSeq: 4, lastSeq: 4 });
  });

  it('two hubs appending to one conversation at once: every message stored once, seqs 1…n without gaps or repeats', async () => {
    const s = b.api();
    const other = await b.another();
    await chat(s, 'ada');
    const sends = Array.from({ length: 24 }, (_, i) => (i % 2 ? other : s).write((tx) => tx.conversations.appendMessage(message('c_ada', `m${i}`))));
    const results = await Promise.all(sends);
    expect(results.every((r) => !r.duplicate)).toBe(true);
    expect(results.map((r) => r.message.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    const stored = await other.conversations.messagesAfter('c_ada', 0);
    expect(stored.map((m) => m.seq)).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(new Set(stored.map((m) => m.clientId)).size).toBe(24);
    expect((await s.conversations.get('c_ada'))?.lastSeq).toBe(24);
  });

  it('writeCalls (calls known up front, the hot path of a send): the first message of an agent takes the chat in the same transaction; sends at once get seqs 1…n', async () => {
    const s = b.api();
    await insertUser(b, 'u_bo', 'Bo');
    await chat(s, 'ada');
    const first = await s.writeCalls((tx) => {
      void tx.conversations.assign('c_ada', 'u_bo', T(3));
      return tx.conversations.appendMessage(message('c_ada', 'agent-1', 'Good morning', 'agent'));
    });
    expect(first).toMatchObject({ duplicate: false, message: { seq: 1, clientId: 'agent-1', body: 'Good morning' } });
    expect(await s.conversations.access('c_ada')).toMatchObject({ status: 'active', assignedAgent: { id: 'u_bo', name: 'Bo' } });
    const both = await s.writeCalls((tx) => Promise.all([tx.conversations.appendMessage(message('c_ada', 'pair-1')), tx.conversations.appendMessage(message('c_ada', 'pair-2'))]));
    expect(both.map((r) => r.message.seq)).toEqual([2, 3]);
    const many = await Promise.all(Array.from({ length: 20 }, (_, i) => s.writeCalls((tx) => tx.conversations.appendMessage(message('c_ada', `many-${i}`)))));
    expect(many.map((r) => r.message.seq).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 4));
    const again = await s.writeCalls((tx) => tx.conversations.appendMessage(message('c_ada', 'many-3')));
    expect(again).toMatchObject({ duplicate: true, message: { clientId: 'many-3' } });
    expect((await s.conversations.get('c_ada'))?.lastSeq).toBe(23);
  });

  it('writeCalls: a call that fails undoes the whole write, its other calls too, and no other write beside it', async () => {
    const s = b.api();
    await chat(s, 'ada');
    const bad = s.writeCalls((tx) => {
      void tx.conversations.appendMessage(message('c_ada', 'undone-1'));
      // The customer exists: the insert fails on its key.
      return tx.conversations.createGuest({ id: 'k_ada', email: 'ada@shop.test', name: 'Ada', createdAt: T(2) });
    });
    const good = s.writeCalls((tx) => tx.conversations.appendMessage(message('c_ada', 'kept-1')));
    await expect(bad).rejects.toThrow();
    expect(await good).toMatchObject({ duplicate: false, message: { clientId: 'kept-1' } });
    expect((await s.conversations.messagesAfter('c_ada', 0)).map((m) => m.clientId)).toEqual(['kept-1']);
  });

  it('the same message sent to two hubs at once (a resend after a lost ack) is stored once, and both get its seq', async () => {
    const s = b.api();
    const other = await b.another();
    await chat(s, 'ada');
    for (let i = 0; i < 12; i++) {
      // A send's own path (writeCalls, the append alone) and a write, one hub each, in turn.
      const [a, c] = await Promise.all(
        [s, other].map((store, k) =>
          (i + k) % 2 ? store.writeCalls((tx) => tx.conversations.appendMessage(message('c_ada', `m${i}`))) : store.write((tx) => tx.conversations.appendMessage(message('c_ada', `m${i}`))),
        ),
      );
      expect([a!.duplicate, c!.duplicate].sort()).toEqual([false, true]);
      expect(a!.message).toEqual(c!.message);
      expect(a!.message.seq).toBe(i + 1);
    }
    expect((await s.conversations.messagesAfter('c_ada', 0)).map((m) => m.clientId)).toEqual(Array.from({ length: 12 }, (_, i) => `m${i}`));
    expect((await other.conversations.get('c_ada'))?.lastSeq).toBe(12);
  });
});

// The interleaving the tests above can only hope for, forced: both hubs have looked for the client
// id (not there yet) and wait on the conversation's row lock when a third writer, mid-append, lets
// go. PostgreSQL only: on SQLite one file has one writer, and its lock cannot be held open while
// this process waits (better-sqlite3 would block the event loop in its busy handler).
describe('conversations on PostgreSQL: two hubs that both missed the stored message', () => {
  let server: TestPostgres;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
  });

  it.each(['write', 'writeCalls'] as const)('the second to get the lock finds the first one’s message, returns it as a duplicate, and the seq is not skipped (%s)', async (how) => {
    const url = await server.freshDatabase(`race-${how.toLowerCase()}`);
    const auditKeys = [testAuditKey()];
    const [hubA, hubB] = [await openPgStore(url, { auditKeys }), await openPgStore(url, { auditKeys })];
    try {
      await chat(hubA, 'ada');
      await hubA.write((tx) => tx.conversations.appendMessage(message('c_ada', 'm0')));
      const holder = await hubA.pool.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('SELECT 1 FROM conversations WHERE id = $1 FOR UPDATE', ['c_ada']);
        const both = Promise.all([hubA, hubB].map((h) => h[how]((tx) => tx.conversations.appendMessage(message('c_ada', 'm1')))));
        // Both writes are past their look-up and queued on the lock.
        for (;;) {
          const { rows } = await hubA.pool.query(`SELECT COUNT(*)::int AS n FROM pg_locks WHERE NOT granted AND locktype IN ('transactionid', 'tuple')`);
          if (rows[0].n >= 2) break;
          await new Promise((r) => setTimeout(r, 10));
        }
        await holder.query('COMMIT');
        const [a, c] = await both;
        expect([a!.duplicate, c!.duplicate].sort()).toEqual([false, true]);
        expect(a!.message).toEqual(c!.message);
        expect(a!.message.seq).toBe(2);
      } finally {
        holder.release();
      }
      expect((await hubB.conversations.get('c_ada'))?.lastSeq).toBe(2);
      await hubB.write((tx) => tx.conversations.appendMessage(message('c_ada', 'm2')));
      expect((await hubB.conversations.messagesAfter('c_ada', 0)).map((m) => [m.seq, m.clientId])).toEqual([
        [1, 'm0'],
        [2, 'm1'],
        [3, 'm2'],
      ]);
    } finally {
      await hubA.close();
      await hubB.close();
    }
  });
});
