// The console's idle lock on the hub's side (issue 3, POLICY §3 "Shared computers"): the console's
// configuration for staff only, and unlocking with the signed-in user's password, throttled.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockAt } from '../../server/clock';
import type { Hub } from '../../server/hub';
import { PASSWORD, addStaff, customerToken, login, postJson, startTestHub, tempDataDir } from '../helpers/hub';
import { call, connectAgent } from '../helpers/sockets';

async function getJson(url: string, token?: string): Promise<{ status: number; json: any }> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, json: await res.json() };
}

describe('GET /api/console/config', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startTestHub({ policy: { chat: { idleLockMs: 2000, messageMaxChars: 1234 }, retention: { transcriptMonths: 24 }, privacy: { dueMonths: 2 } }, settings: { deskName: 'Maison Care', ackTimeoutMs: 4321 } });
  });
  afterAll(async () => hub?.close());

  it.each(['agent', 'supervisor', 'admin'] as const)('gives a signed-in %s the idle lock and the other console settings from the configuration', async (role) => {
    const token = await login(hub.url, (await addStaff(hub, role)).email);
    const r = await getJson(`${hub.url}/api/console/config`, token);
    expect(r).toMatchObject({ status: 200, json: { ok: true, data: { idleLockMs: 2000, deskName: 'Maison Care', messageMaxChars: 1234, ackTimeoutMs: 4321, transcriptMonths: 24, privacyDueMonths: 2 } } });
  });

  it('refuses anyone not signed in as staff (no token, a customer token, a bad token)', async () => {
    for (const token of [undefined, await customerToken(hub.url), 'not-a-token']) {
      expect((await getJson(`${hub.url}/api/console/config`, token)).status).toBe(401);
    }
  });

  it('defaults to 15 minutes (DEFAULT_POLICY) when nothing is configured', async () => {
    const plain = await startTestHub();
    try {
      const token = await login(plain.url, (await addStaff(plain, 'agent')).email);
      expect((await getJson(`${plain.url}/api/console/config`, token)).json.data.idleLockMs).toBe(15 * 60 * 1000);
    } finally {
      await plain.close();
    }
  });
});

describe('lock and unlock', () => {
  let hub: Hub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => hub?.close());

  it('a locked session says so in /api/auth/me (a reload comes back locked); the right password unlocks it', async () => {
    const agent = await addStaff(hub, 'agent');
    const token = await login(hub.url, agent.email);
    expect((await getJson(`${hub.url}/api/auth/me`, token)).json.data).toMatchObject({ user: { id: agent.id }, locked: false });
    expect((await postJson(`${hub.url}/api/auth/lock`, {}, token)).status).toBe(200);
    expect((await getJson(`${hub.url}/api/auth/me`, token)).json.data.locked).toBe(true);
    const ok = await postJson(`${hub.url}/api/auth/unlock`, { password: PASSWORD }, token);
    expect(ok).toMatchObject({ status: 200, json: { ok: true, data: null } });
    expect((await getJson(`${hub.url}/api/auth/me`, token)).json.data.locked).toBe(false);
  });

  it('a locked console is still locked after the hub restarts: the lock is kept with the session, not in memory', async () => {
    const dataDir = tempDataDir('lock-restart');
    const before = await startTestHub({ dataDir });
    const agent = await addStaff(before, 'agent');
    const token = await login(before.url, agent.email);
    expect((await postJson(`${before.url}/api/auth/lock`, {}, token)).status).toBe(200);
    await before.close();
    const after = await startTestHub({ dataDir });
    try {
      expect((await getJson(`${after.url}/api/auth/me`, token)).json.data).toMatchObject({ user: { id: agent.id }, locked: true });
      expect(await getJson(`${after.url}/api/auth/sessions`, token)).toMatchObject({ status: 423, json: { error: { code: 'locked' } } });
      expect((await postJson(`${after.url}/api/auth/unlock`, { password: PASSWORD }, token)).status).toBe(200);
      expect((await getJson(`${after.url}/api/auth/sessions`, token)).status).toBe(200);
    } finally {
      await after.close();
    }
  });

  it('the live socket stays connected while locked, so nothing is missed; its requests are refused until unlocked (issue 12)', async () => {
    const agent = await addStaff(hub, 'agent');
    const token = await login(hub.url, agent.email);
    const socket = await connectAgent(hub.url, token);
    await postJson(`${hub.url}/api/auth/lock`, {}, token);
    expect(await call(socket, 'queue:list', {})).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect(await call(socket, 'transcripts:search', { query: '' })).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect((await getJson(`${hub.url}/api/console/config`, token)).status).toBe(423);
    expect(socket.connected).toBe(true);
    expect((await postJson(`${hub.url}/api/auth/unlock`, { password: PASSWORD }, token)).status).toBe(200);
    expect((await call(socket, 'queue:list', {})).ok).toBe(true);
    socket.close();
  });

  it('a wrong password is refused with a clear error and the session stays locked (and valid)', async () => {
    const agent = await addStaff(hub, 'agent');
    const token = await login(hub.url, agent.email);
    await postJson(`${hub.url}/api/auth/lock`, {}, token);
    const wrong = await postJson(`${hub.url}/api/auth/unlock`, { password: 'not my password' }, token);
    expect(wrong).toMatchObject({ status: 403, json: { ok: false, error: { code: 'forbidden', message: 'That password is not right.' } } });
    const me = await getJson(`${hub.url}/api/auth/me`, token);
    expect(me).toMatchObject({ status: 200, json: { data: { locked: true } } });
  });

  it("only the signed-in user's own password unlocks: a colleague's does not", async () => {
    const admin = await login(hub.url, (await addStaff(hub, 'admin')).email);
    const agent = await addStaff(hub, 'agent');
    await postJson(`${hub.url}/api/users/reset-password`, { userId: agent.id, password: 'only the agent knows' }, admin);
    await addStaff(hub, 'agent'); // a colleague, whose password is the test PASSWORD
    const token = await login(hub.url, agent.email, 'only the agent knows');
    await postJson(`${hub.url}/api/auth/lock`, {}, token);
    expect((await postJson(`${hub.url}/api/auth/unlock`, { password: PASSWORD }, token)).status).toBe(403);
    expect((await postJson(`${hub.url}/api/auth/unlock`, { password: 'only the agent knows' }, token)).status).toBe(200);
  });

  it('refuses unlocking without a staff session, and a malformed body', async () => {
    expect((await postJson(`${hub.url}/api/auth/unlock`, { password: PASSWORD })).status).toBe(401);
    expect((await postJson(`${hub.url}/api/auth/unlock`, { password: PASSWORD }, await customerToken(hub.url))).status).toBe(401);
    expect((await postJson(`${hub.url}/api/auth/lock`, {})).status).toBe(401);
    const token = await login(hub.url, (await addStaff(hub, 'agent')).email);
    expect((await postJson(`${hub.url}/api/auth/unlock`, {}, token)).status).toBe(400);
    expect((await postJson(`${hub.url}/api/auth/unlock`, { password: 42 }, token)).status).toBe(400);
    expect((await postJson(`${hub.url}/api/auth/unlock`, { password: PASSWORD, extra: true }, token)).status).toBe(400);
  });

  it('a session ended while locked cannot be unlocked: back to sign-in', async () => {
    const agent = await addStaff(hub, 'agent');
    const token = await login(hub.url, agent.email);
    await postJson(`${hub.url}/api/auth/lock`, {}, token);
    await postJson(`${hub.url}/api/auth/logout`, {}, token);
    expect(await postJson(`${hub.url}/api/auth/unlock`, { password: PASSWORD }, token)).toMatchObject({ status: 401, json: { error: { code: 'unauthenticated' } } });
  });
});

describe('unlock is throttled like sign-in', () => {
  it('after repeated wrong passwords even the right one is refused until the lock passes, and sign-in is locked too', async () => {
    const clock = clockAt(new Date('2026-11-23T15:00:00Z'), { frozen: true });
    const hub = await startTestHub({ clock, settings: { loginMaxFailures: 3, loginLockMs: 10 * 60_000 } });
    try {
      const agent = await addStaff(hub, 'agent');
      const token = await login(hub.url, agent.email);
      await postJson(`${hub.url}/api/auth/lock`, {}, token);
      const unlock = (password: string) => postJson(`${hub.url}/api/auth/unlock`, { password }, token);
      for (let i = 0; i < 3; i++) expect((await unlock('guess number ' + i)).status).toBe(403);
      expect(await unlock(PASSWORD)).toMatchObject({ status: 429, json: { error: { code: 'rate_limited', message: expect.stringMatching(/Try again in 10 minutes/) } } });
      // The same budget as sign-in: the lock screen is no side door for guessing.
      expect((await postJson(`${hub.url}/api/auth/login`, { email: agent.email, password: PASSWORD })).status).toBe(429);
      expect((await getJson(`${hub.url}/api/auth/me`, token)).json.data.locked).toBe(true);
      clock.set(new Date('2026-11-23T15:10:01Z'));
      expect((await unlock(PASSWORD)).status).toBe(200);
    } finally {
      await hub.close();
    }
  });
});
