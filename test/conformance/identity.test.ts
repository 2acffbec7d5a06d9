// Who the customer is (store.identity) on both backends: one-time codes, identity tokens already
// used, and proofs of order ownership.
import { expect, it } from 'vitest';
import type { CodeRecord } from '../../server/store/identity';
import { forEachBackend, type BackendUnderTest } from '../helpers/storeBackends';

const AT = '2026-12-01T10:00:00.000Z';
const EXPIRES = '2026-12-01T10:10:00.000Z';

/**
 * A customer and widget session, which codes and order proofs point at. Widget sessions belong to
 * the conversations module, not to this one: written here in plain SQL per backend so this file
 * does not depend on that module's port.
 */
async function widgetSession(b: BackendUnderTest, id: string): Promise<string> {
  const customer = [`k_${id}`, `${id}@example.com`, 'Guest', AT];
  const session = [id, `hash-${id}`, `k_${id}`, AT, '2027-01-01T00:00:00.000Z'];
  const customerSql = 'INSERT INTO customers (id, email, name, created_at) VALUES ';
  const sessionSql = 'INSERT INTO widget_sessions (id, token_hash, customer_id, created_at, expires_at) VALUES ';
  if (b.name === 'sqlite') {
    b.sqlite().db.prepare(`${customerSql}(?, ?, ?, ?)`).run(...customer);
    b.sqlite().db.prepare(`${sessionSql}(?, ?, ?, ?, ?)`).run(...session);
  } else {
    await b.postgres().pool.query(`${customerSql}($1, $2, $3, $4)`, customer);
    await b.postgres().pool.query(`${sessionSql}($1, $2, $3, $4, $5)`, session);
  }
  return id;
}

const code = (id: string, over: Partial<Omit<CodeRecord, 'tries' | 'usedAt'>> = {}): Omit<CodeRecord, 'tries' | 'usedAt'> => ({
  id,
  purpose: 'verify-email',
  email: 'ann@example.com',
  brandId: 'maison',
  subject: null,
  widgetSessionId: null,
  salt: `salt-${id}`,
  codeHash: `hash-${id}`,
  createdAt: AT,
  expiresAt: EXPIRES,
  ...over,
});

forEachBackend('customer identity', (b) => {
  it('stores a code and reads it back with no tries and unused', async () => {
    const s = b.api();
    const ws = await widgetSession(b, 'ws_1');
    await s.write((tx) => tx.identity.addCode(code('c_1', { subject: 'order:PO-1', widgetSessionId: ws })));
    expect(await s.identity.code('c_1')).toEqual({ ...code('c_1', { subject: 'order:PO-1', widgetSessionId: ws }), tries: 0, usedAt: null });
    expect(await s.identity.code('c_unknown')).toBeUndefined();
  });

  it('refuses a code for an unknown widget session, or a second code with the same id', async () => {
    const s = b.api();
    await expect(s.write((tx) => tx.identity.addCode(code('c_1', { widgetSessionId: 'ws_nobody' })))).rejects.toThrow();
    expect(await s.identity.code('c_1')).toBeUndefined();
    await s.write((tx) => tx.identity.addCode(code('c_1')));
    await expect(s.write((tx) => tx.identity.addCode(code('c_1', { email: 'other@example.com' })))).rejects.toThrow();
    // The refused write superseded nothing either.
    expect(await s.identity.code('c_1')).toMatchObject({ email: 'ann@example.com', usedAt: null });
  });

  it('a newer code replaces the open ones for the same purpose, address, chat and subject only', async () => {
    const s = b.api();
    const ws1 = await widgetSession(b, 'ws_1');
    const ws2 = await widgetSession(b, 'ws_2');
    await s.write(async (tx) => {
      await tx.identity.addCode(code('c_old'));
      await tx.identity.addCode(code('c_ws1', { widgetSessionId: ws1 }));
      await tx.identity.addCode(code('c_ws2', { widgetSessionId: ws2 }));
      await tx.identity.addCode(code('c_subject', { subject: 'order:PO-1' }));
      await tx.identity.addCode(code('c_purpose', { purpose: 'privacy' }));
      await tx.identity.addCode(code('c_email', { email: 'bo@example.com' }));
    });
    const later = '2026-12-01T10:05:00.000Z';
    await s.write((tx) => tx.identity.addCode(code('c_new', { createdAt: later })));
    expect(await s.identity.code('c_old')).toMatchObject({ usedAt: later });
    expect(await s.identity.code('c_new')).toMatchObject({ usedAt: null });
    for (const id of ['c_ws1', 'c_ws2', 'c_subject', 'c_purpose', 'c_email']) expect(await s.identity.code(id)).toMatchObject({ usedAt: null });

    // The same chat (and null subject) matches: the ws1 code is replaced, ws2's is not.
    await s.write((tx) => tx.identity.addCode(code('c_ws1b', { widgetSessionId: ws1, createdAt: later })));
    expect(await s.identity.code('c_ws1')).toMatchObject({ usedAt: later });
    expect(await s.identity.code('c_ws2')).toMatchObject({ usedAt: null });
    await s.write((tx) => tx.identity.addCode(code('c_subject2', { subject: 'order:PO-1', createdAt: later })));
    expect(await s.identity.code('c_subject')).toMatchObject({ usedAt: later });
    // A code already used keeps the time it was used.
    await s.write((tx) => tx.identity.useCode('c_email', AT));
    await s.write((tx) => tx.identity.addCode(code('c_email2', { email: 'bo@example.com', createdAt: later })));
    expect(await s.identity.code('c_email')).toMatchObject({ usedAt: AT });

    // What each newer code replaced, newest first: the same purpose, address, chat and subject only.
    const newest = (await s.identity.code('c_new'))!;
    expect((await s.identity.replacedBy(newest)).map((c) => c.id)).toEqual(['c_old']);
    expect((await s.identity.replacedBy((await s.identity.code('c_ws1b'))!)).map((c) => c.id)).toEqual(['c_ws1']);
    expect(await s.identity.replacedBy((await s.identity.code('c_ws2'))!)).toEqual([]);
  });

  it('counts tries until the code is used, then reports it used', async () => {
    const s = b.api();
    await s.write((tx) => tx.identity.addCode(code('c_1')));
    expect(await s.write((tx) => tx.identity.countTry('c_1'))).toBe(1);
    expect(await s.write((tx) => tx.identity.countTry('c_1'))).toBe(2);
    expect(await s.identity.code('c_1')).toMatchObject({ tries: 2 });
    expect(await s.write((tx) => tx.identity.useCode('c_1', EXPIRES))).toBe(true);
    expect(await s.write((tx) => tx.identity.useCode('c_1', '2026-12-01T10:20:00.000Z'))).toBe(false);
    expect(await s.write((tx) => tx.identity.countTry('c_1'))).toBeNull();
    expect(await s.identity.code('c_1')).toMatchObject({ tries: 2, usedAt: EXPIRES });
    expect(await s.write((tx) => tx.identity.countTry('c_unknown'))).toBeNull();
    expect(await s.write((tx) => tx.identity.useCode('c_unknown', AT))).toBe(false);
  });

  it('an identity token is accepted once', async () => {
    const s = b.api();
    expect(await s.write((tx) => tx.identity.useToken('maison:jti-1', 'maison', EXPIRES))).toBe(true);
    expect(await s.write((tx) => tx.identity.useToken('maison:jti-1', 'maison', EXPIRES))).toBe(false);
    expect(await s.write((tx) => tx.identity.useToken('maison:jti-2', 'maison', EXPIRES))).toBe(true);
  });

  it('prunes codes and remembered tokens that expired before now, and keeps the rest', async () => {
    const s = b.api();
    await s.write(async (tx) => {
      await tx.identity.addCode(code('c_expired', { expiresAt: '2026-12-01T10:01:00.000Z' }));
      await tx.identity.addCode(code('c_boundary', { email: 'bo@example.com', expiresAt: '2026-12-01T10:02:00.000Z' }));
      await tx.identity.addCode(code('c_live', { email: 'cy@example.com', expiresAt: '2026-12-01T10:03:00.000Z' }));
      await tx.identity.useToken('t_expired', 'maison', '2026-12-01T10:01:00.000Z');
      await tx.identity.useToken('t_live', 'maison', '2026-12-01T10:03:00.000Z');
    });
    await s.write((tx) => tx.identity.prune('2026-12-01T10:02:00.000Z'));
    expect(await s.identity.code('c_expired')).toBeUndefined();
    expect(await s.identity.code('c_boundary')).toBeDefined();
    expect(await s.identity.code('c_live')).toBeDefined();
    // A pruned token may be used again (it has expired anyway); a live one still may not.
    expect(await s.write((tx) => tx.identity.useToken('t_expired', 'maison', EXPIRES))).toBe(true);
    expect(await s.write((tx) => tx.identity.useToken('t_live', 'maison', EXPIRES))).toBe(false);
  });

  it('remembers that a chat proved it owns an order, once, and for that chat only', async () => {
    const s = b.api();
    const ws1 = await widgetSession(b, 'ws_1');
    const ws2 = await widgetSession(b, 'ws_2');
    expect(await s.identity.hasOrderProof(ws1, 'PO-1')).toBe(false);
    await s.write((tx) => tx.identity.addOrderProof(ws1, 'PO-1', AT));
    await s.write((tx) => tx.identity.addOrderProof(ws1, 'PO-1', EXPIRES));
    expect(await s.identity.hasOrderProof(ws1, 'PO-1')).toBe(true);
    expect(await s.identity.hasOrderProof(ws1, 'PO-2')).toBe(false);
    expect(await s.identity.hasOrderProof(ws2, 'PO-1')).toBe(false);
    await expect(s.write((tx) => tx.identity.addOrderProof('ws_nobody', 'PO-1', AT))).rejects.toThrow();
  });

  it('two hubs sending codes to one address at once leave exactly one of them open', async () => {
    const s = b.api();
    const other = await b.another();
    await Promise.all([
      s.write((tx) => tx.identity.addCode(code('c_a', { createdAt: '2026-12-01T10:00:01.000Z' }))),
      other.write((tx) => tx.identity.addCode(code('c_b', { createdAt: '2026-12-01T10:00:02.000Z' }))),
      s.write((tx) => tx.identity.addCode(code('c_c', { createdAt: '2026-12-01T10:00:03.000Z' }))),
      other.write((tx) => tx.identity.addCode(code('c_d', { createdAt: '2026-12-01T10:00:04.000Z' }))),
    ]);
    const open = [];
    for (const id of ['c_a', 'c_b', 'c_c', 'c_d']) if ((await s.identity.code(id))?.usedAt === null) open.push(id);
    expect(open).toHaveLength(1);
  });

  it('two hubs counting tries and using one code at once: every try counts, one use wins', async () => {
    const s = b.api();
    const other = await b.another();
    await s.write((tx) => tx.identity.addCode(code('c_1')));
    const tries = await Promise.all([1, 2, 3, 4].map((i) => (i % 2 ? s : other).write((tx) => tx.identity.countTry('c_1'))));
    expect([...tries].sort()).toEqual([1, 2, 3, 4]);
    const uses = await Promise.all([s, other, s, other].map((x) => x.write((tx) => tx.identity.useCode('c_1', EXPIRES))));
    expect(uses.filter(Boolean)).toHaveLength(1);
    const tokens = await Promise.all([s, other].map((x) => x.write((tx) => tx.identity.useToken('maison:jti-9', 'maison', EXPIRES))));
    expect(tokens.filter(Boolean)).toHaveLength(1);
  });
});
