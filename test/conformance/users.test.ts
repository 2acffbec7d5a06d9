// Staff accounts and sessions (store.users) on both backends.
import { expect, it } from 'vitest';
import type { StoreApi } from '../../server/store/api';
import { forEachBackend } from '../helpers/storeBackends';

const AT = '2026-12-01T10:00:00.000Z';
const LATER = '2026-12-01T11:00:00.000Z';
const EXPIRES = '2027-01-01T00:00:00.000Z';

type Role = 'agent' | 'supervisor' | 'admin';

const addUser = (s: StoreApi, id: string, email: string, role: Role = 'agent', name = id) =>
  s.write((tx) => tx.users.create({ id, email, name, role, passwordHash: `hash-of-${id}`, createdAt: AT }));

const addSession = (s: StoreApi, id: string, userId: string, createdAt = AT, userAgent: string | null = null) =>
  s.write((tx) => tx.users.createSession({ id, tokenHash: `token-${id}`, userId, createdAt, expiresAt: EXPIRES, userAgent }));

forEachBackend('staff accounts and sessions', (b) => {
  it('creates accounts and finds them by email and id, with the secret only where asked for', async () => {
    const s = b.api();
    expect(await addUser(s, 'u_ann', 'ann@desk.test', 'admin', 'Ann')).toEqual({ id: 'u_ann', email: 'ann@desk.test', name: 'Ann', role: 'admin' });
    const ann = { id: 'u_ann', email: 'ann@desk.test', name: 'Ann', role: 'admin', passwordHash: 'hash-of-u_ann', disabled: false };
    expect(await s.users.byEmail('ann@desk.test')).toEqual(ann);
    expect(await s.users.byId('u_ann')).toEqual(ann);
    expect(await s.users.account('u_ann')).toEqual({ id: 'u_ann', email: 'ann@desk.test', name: 'Ann', role: 'admin', disabled: false, createdAt: AT });
    expect(await s.users.byEmail('ANN@desk.test')).toBeUndefined();
    expect(await s.users.byEmail('nobody@desk.test')).toBeUndefined();
    expect(await s.users.byId('u_nobody')).toBeUndefined();
    expect(await s.users.account('u_nobody')).toBeUndefined();
  });

  it('lists accounts by email, byte order (capitals first), the public view without secrets', async () => {
    const s = b.api();
    expect(await s.users.list()).toEqual([]);
    expect(await s.users.accounts()).toEqual([]);
    await addUser(s, 'u_3', 'zoe@desk.test');
    await addUser(s, 'u_1', 'bo@desk.test', 'supervisor');
    await addUser(s, 'u_2', 'Carl@desk.test');
    await s.write((tx) => tx.users.setDisabled('u_3', LATER));
    expect(await s.users.list()).toEqual([
      { id: 'u_2', email: 'Carl@desk.test', name: 'u_2', role: 'agent' },
      { id: 'u_1', email: 'bo@desk.test', name: 'u_1', role: 'supervisor' },
      { id: 'u_3', email: 'zoe@desk.test', name: 'u_3', role: 'agent' },
    ]);
    expect((await s.users.accounts()).map((a) => [a.id, a.disabled, a.createdAt])).toEqual([
      ['u_2', false, AT],
      ['u_1', false, AT],
      ['u_3', true, AT],
    ]);
  });

  it('refuses a second account with the same email or id, or an unknown role, and keeps what was there', async () => {
    const s = b.api();
    await addUser(s, 'u_ann', 'ann@desk.test');
    await expect(addUser(s, 'u_other', 'ann@desk.test')).rejects.toThrow();
    await expect(addUser(s, 'u_ann', 'other@desk.test')).rejects.toThrow();
    await expect(addUser(s, 'u_boss', 'boss@desk.test', 'owner' as Role)).rejects.toThrow();
    // All or nothing: the account created before the refusal in the same write is gone too.
    await expect(
      s.write(async (tx) => {
        await tx.users.create({ id: 'u_new', email: 'new@desk.test', name: 'New', role: 'agent', passwordHash: 'x', createdAt: AT });
        await tx.users.create({ id: 'u_dup', email: 'ann@desk.test', name: 'Dup', role: 'agent', passwordHash: 'x', createdAt: AT });
      }),
    ).rejects.toThrow();
    expect((await s.users.accounts()).map((a) => a.id)).toEqual(['u_ann']);
  });

  it('renames, changes role, password and enabled state; counts the enabled accounts of a role', async () => {
    const s = b.api();
    await addUser(s, 'u_1', 'a1@desk.test', 'admin');
    await addUser(s, 'u_2', 'a2@desk.test', 'admin');
    await addUser(s, 'u_3', 'ag@desk.test', 'agent');
    expect(await s.users.countActive('admin')).toBe(2);
    expect(await s.users.countActive('supervisor')).toBe(0);
    await s.write((tx) => tx.users.setDisabled('u_2', LATER));
    expect(await s.users.countActive('admin')).toBe(1);
    expect(await s.users.byId('u_2')).toMatchObject({ disabled: true });
    await s.write((tx) => tx.users.setDisabled('u_2', null));
    expect(await s.users.account('u_2')).toMatchObject({ disabled: false });
    expect(await s.users.countActive('admin')).toBe(2);

    await s.write(async (tx) => {
      await tx.users.rename('u_3', 'Agnes Lind');
      await tx.users.setRole('u_3', 'supervisor');
      await tx.users.setPasswordHash('u_3', 'new-hash');
    });
    expect(await s.users.byId('u_3')).toEqual({ id: 'u_3', email: 'ag@desk.test', name: 'Agnes Lind', role: 'supervisor', passwordHash: 'new-hash', disabled: false });
    expect(await s.users.countActive('supervisor')).toBe(1);
    expect(await s.users.countActive('agent')).toBe(0);
    await expect(s.write((tx) => tx.users.setRole('u_3', 'owner' as Role))).rejects.toThrow();
    expect(await s.users.account('u_3')).toMatchObject({ role: 'supervisor' });
  });

  it('keeps the console language an account picked', async () => {
    const s = b.api();
    await addUser(s, 'u_1', 'a@desk.test');
    expect(await s.users.locale('u_1')).toBeNull();
    expect(await s.users.locale('u_nobody')).toBeNull();
    await s.write((tx) => tx.users.setLocale('u_1', 'fr'));
    expect(await s.users.locale('u_1')).toBe('fr');
    await s.write((tx) => tx.users.setLocale('u_1', 'ja'));
    expect(await s.users.locale('u_1')).toBe('ja');
  });

  it('opens a session, finds it by token hash and id, and records when it was last seen', async () => {
    const s = b.api();
    await addUser(s, 'u_1', 'a@desk.test');
    await addSession(s, 's_1', 'u_1', AT, 'Firefox');
    const opened = { id: 's_1', userId: 'u_1', createdAt: AT, lastSeenAt: AT, expiresAt: EXPIRES, revokedAt: null, userAgent: 'Firefox', lockedAt: null };
    expect(await s.users.sessionByTokenHash('token-s_1')).toEqual(opened);
    expect(await s.users.sessionById('s_1')).toEqual(opened);
    expect(await s.users.sessionByTokenHash('token-unknown')).toBeUndefined();
    expect(await s.users.sessionById('s_unknown')).toBeUndefined();
    await s.write((tx) => tx.users.touchSession('s_1', LATER));
    expect(await s.users.sessionByTokenHash('token-s_1')).toEqual({ ...opened, lastSeenAt: LATER });
  });

  it('refuses a session for an unknown account or with a token hash already in use', async () => {
    const s = b.api();
    await addUser(s, 'u_1', 'a@desk.test');
    await expect(addSession(s, 's_ghost', 'u_nobody')).rejects.toThrow();
    await addSession(s, 's_1', 'u_1');
    await expect(s.write((tx) => tx.users.createSession({ id: 's_2', tokenHash: 'token-s_1', userId: 'u_1', createdAt: AT, expiresAt: EXPIRES, userAgent: null }))).rejects.toThrow();
    expect(await s.users.sessionById('s_ghost')).toBeUndefined();
    expect(await s.users.sessionById('s_2')).toBeUndefined();
  });

  it('revokes a session once: the second revoke reports nothing changed and keeps the first time', async () => {
    const s = b.api();
    await addUser(s, 'u_1', 'a@desk.test');
    await addSession(s, 's_1', 'u_1');
    expect(await s.users.sessionByTokenHash('token-s_1')).toMatchObject({ revokedAt: null });
    expect(await s.write((tx) => tx.users.revokeSession('s_1', LATER))).toBe(true);
    expect(await s.write((tx) => tx.users.revokeSession('s_1', '2026-12-02T00:00:00.000Z'))).toBe(false);
    expect(await s.write((tx) => tx.users.revokeSession('s_unknown', LATER))).toBe(false);
    expect(await s.users.sessionByTokenHash('token-s_1')).toMatchObject({ revokedAt: LATER });
  });

  it('locks and unlocks a session (the idle lock), seen by the next check of its token', async () => {
    const s = b.api();
    await addUser(s, 'u_1', 'a@desk.test');
    await addSession(s, 's_1', 'u_1');
    await addSession(s, 's_2', 'u_1');
    expect((await s.users.signedIn('token-s_1'))?.session).toMatchObject({ lockedAt: null });
    await s.write((tx) => tx.users.lockSession('s_1', LATER));
    expect((await s.users.signedIn('token-s_1'))?.session).toMatchObject({ lockedAt: LATER });
    expect(await s.users.sessionById('s_2')).toMatchObject({ lockedAt: null });
    await s.write((tx) => tx.users.lockSession('s_1', null));
    expect((await s.users.signedIn('token-s_1'))?.session).toMatchObject({ lockedAt: null });
  });

  it("revokes all of a user's open sessions but the one kept, returning their ids in the order they were opened", async () => {
    const s = b.api();
    await addUser(s, 'u_1', 'a@desk.test');
    await addUser(s, 'u_2', 'b@desk.test');
    await addSession(s, 's_c', 'u_1', '2026-12-01T09:00:00.000Z');
    await addSession(s, 's_a', 'u_1', '2026-12-01T09:30:00.000Z');
    await addSession(s, 's_keep', 'u_1', '2026-12-01T09:40:00.000Z');
    await addSession(s, 's_b', 'u_1', '2026-12-01T09:50:00.000Z');
    await addSession(s, 's_gone', 'u_1', '2026-12-01T08:00:00.000Z');
    await addSession(s, 's_other', 'u_2');
    await s.write((tx) => tx.users.revokeSession('s_gone', AT));

    expect(await s.write((tx) => tx.users.revokeUserSessions('u_1', LATER, 's_keep'))).toEqual(['s_c', 's_a', 's_b']);
    expect(await s.users.sessionById('s_a')).toMatchObject({ revokedAt: LATER });
    expect(await s.users.sessionById('s_gone')).toMatchObject({ revokedAt: AT });
    expect(await s.users.sessionById('s_keep')).toMatchObject({ revokedAt: null });
    expect(await s.users.sessionById('s_other')).toMatchObject({ revokedAt: null });
    expect(await s.write((tx) => tx.users.revokeUserSessions('u_1', LATER, 's_keep'))).toEqual([]);
    // Without a session to keep, every open one goes.
    expect(await s.write((tx) => tx.users.revokeUserSessions('u_1', LATER))).toEqual(['s_keep']);
    expect(await s.write((tx) => tx.users.revokeUserSessions('u_nobody', LATER))).toEqual([]);
  });

  it('lists the live sessions of a user, most recently seen first', async () => {
    const s = b.api();
    await addUser(s, 'u_1', 'a@desk.test');
    await addUser(s, 'u_2', 'b@desk.test');
    await addSession(s, 's_old', 'u_1', '2026-11-01T00:00:00.000Z');
    await addSession(s, 's_mid', 'u_1', '2026-12-01T08:00:00.000Z');
    await addSession(s, 's_new', 'u_1', '2026-12-01T09:00:00.000Z');
    await addSession(s, 's_revoked', 'u_1', '2026-12-01T09:00:00.000Z');
    await addSession(s, 's_other', 'u_2', '2026-12-01T09:00:00.000Z');
    await s.write(async (tx) => {
      await tx.users.revokeSession('s_revoked', '2026-12-01T09:10:00.000Z');
      await tx.users.touchSession('s_mid', '2026-12-01T09:30:00.000Z');
    });
    const live = await s.users.liveSessions('u_1', '2026-11-30T00:00:00.000Z');
    expect(live.map((x) => [x.id, x.lastSeenAt])).toEqual([
      ['s_mid', '2026-12-01T09:30:00.000Z'],
      ['s_new', '2026-12-01T09:00:00.000Z'],
    ]);
    // Seen exactly at the boundary is not after it.
    expect((await s.users.liveSessions('u_1', '2026-12-01T09:00:00.000Z')).map((x) => x.id)).toEqual(['s_mid']);
    expect(await s.users.liveSessions('u_nobody', '2026-11-30T00:00:00.000Z')).toEqual([]);
  });

  it("another hub's revoke or disable is seen at the next check, not a stale copy", async () => {
    const s = b.api();
    await addUser(s, 'u_1', 'a@desk.test');
    await addSession(s, 's_1', 'u_1');
    expect(await s.users.sessionByTokenHash('token-s_1')).toMatchObject({ revokedAt: null });
    expect(await s.users.byId('u_1')).toMatchObject({ disabled: false });
    const other = await b.another();
    await other.write(async (tx) => {
      await tx.users.revokeSession('s_1', LATER);
      await tx.users.setDisabled('u_1', LATER);
    });
    expect(await s.users.sessionByTokenHash('token-s_1')).toMatchObject({ revokedAt: LATER });
    expect(await s.users.byId('u_1')).toMatchObject({ disabled: true });
    // The one call every staff event makes sees both changes too.
    expect(await s.users.signedIn('token-s_1')).toMatchObject({ session: { id: 's_1', revokedAt: LATER }, user: { id: 'u_1', disabled: true } });
  });

  it('finds a token’s session and its account in one call', async () => {
    const s = b.api();
    await addUser(s, 'u_1', 'a@desk.test', 'supervisor', 'Sue');
    await addSession(s, 's_1', 'u_1', AT, 'Firefox');
    expect(await s.users.signedIn('token-s_1')).toEqual({
      session: { id: 's_1', userId: 'u_1', createdAt: AT, lastSeenAt: AT, expiresAt: EXPIRES, revokedAt: null, userAgent: 'Firefox', lockedAt: null },
      user: await s.users.byId('u_1'),
    });
    expect(await s.users.signedIn('token-s_1')).toMatchObject({ user: { name: 'Sue', role: 'supervisor', disabled: false } });
    expect(await s.users.signedIn('token-unknown')).toBeUndefined();
  });

  it('two hubs revoking the same sessions at once: each session is reported revoked by exactly one', async () => {
    const s = b.api();
    const other = await b.another();
    await addUser(s, 'u_1', 'a@desk.test');
    // Enough sessions that the two revokes overlap, and both stores connected before the race.
    const ids = Array.from({ length: 40 }, (_, i) => `s_${String(i).padStart(2, '0')}`);
    await s.write(async (tx) => {
      for (const [i, id] of ids.entries())
        await tx.users.createSession({ id, tokenHash: `token-${id}`, userId: 'u_1', createdAt: `2026-12-01T09:${String(i).padStart(2, '0')}:00.000Z`, expiresAt: EXPIRES, userAgent: null });
    });
    expect(await other.users.liveSessions('u_1', '2026-01-01T00:00:00.000Z')).toHaveLength(40);
    const [mine, theirs, single] = await Promise.all([
      s.write((tx) => tx.users.revokeUserSessions('u_1', LATER)),
      other.write((tx) => tx.users.revokeUserSessions('u_1', LATER)),
      other.write((tx) => tx.users.revokeSession('s_03', LATER)),
    ]);
    const reported = [...mine, ...theirs, ...(single ? ['s_03'] : [])];
    expect(reported.sort()).toEqual(ids);
    expect((await s.users.liveSessions('u_1', '2026-01-01T00:00:00.000Z')).length).toBe(0);
  });
});
