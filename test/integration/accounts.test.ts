import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { ROOT, TEST_SCRYPT, postJson, startTestHub, tempDataDir } from '../helpers/hub';
import { call, connectAgent, ok } from '../helpers/sockets';

const caredesk = (args: string[], input = '') =>
  spawnSync(process.execPath, [join(ROOT, 'bin/caredesk.mjs'), ...args], { cwd: ROOT, input, encoding: 'utf8', timeout: 30_000 });

describe('first admin: guarded by the one-time setup code the hub shows its operator', () => {
  let hub: Hub;
  const logged: string[] = [];
  const shown: string[] = [];
  beforeAll(async () => {
    hub = await startTestHub({ log: (_l, msg, extra) => logged.push(msg + JSON.stringify(extra ?? {})), announceSetupCode: (code) => shown.push(code) });
  });
  afterAll(async () => hub?.close());

  it('the hub shows a setup code to its operator while there is no admin, and never logs it', async () => {
    expect(hub.setupCode).toMatch(/^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$/);
    expect(shown).toEqual([hub.setupCode]);
    expect(logged.join('\n')).toMatch(/No admin yet/);
    expect(logged.join('\n')).not.toContain(hub.setupCode!);
    expect((await (await fetch(`${hub.url}/api/setup`)).json()).data).toEqual({ needsSetup: true });
  });

  it('without the right code nobody can claim the desk', async () => {
    const r = await postJson(`${hub.url}/api/setup`, { code: 'AAAA-BBBB-CCCC', email: 'mallory@evil.test', name: 'Mallory', password: 'long enough password' });
    expect(r).toMatchObject({ status: 403, json: { ok: false, error: { code: 'setup_closed' } } });
    expect(hub.store.users.list()).toEqual([]);
  });

  it('a weak password is refused with the reason', async () => {
    const r = await postJson(`${hub.url}/api/setup`, { code: hub.setupCode, email: 'ops@desk.test', name: 'Ops', password: 'short' });
    expect(r.status).toBe(400);
    expect(r.json.error.message).toMatch(/at least 10 characters/);
  });

  it('the right code creates the first admin, signs them in, and is used up', async () => {
    const r = await postJson(`${hub.url}/api/setup`, { code: hub.setupCode!.toLowerCase(), email: 'Ops@Desk.test', name: 'Olive Ops', password: 'long enough password' });
    expect(r.status).toBe(200);
    expect(r.json.data.user).toMatchObject({ email: 'ops@desk.test', role: 'admin' });
    const socket = await connectAgent(hub.url, r.json.data.token);
    expect(await ok(socket, 'queue:list', {})).toEqual({ conversations: [] });
    socket.close();
    const again = await postJson(`${hub.url}/api/setup`, { code: hub.setupCode, email: 'second@desk.test', name: 'Second', password: 'long enough password' });
    expect(again.json.error.code).toBe('setup_closed');
    expect((await (await fetch(`${hub.url}/api/setup`)).json()).data).toEqual({ needsSetup: false });
  });

  it('sign out revokes the session: its live socket is cut off at once', async () => {
    const login = await postJson(`${hub.url}/api/auth/login`, { email: 'ops@desk.test', password: 'long enough password' });
    const token = login.json.data.token;
    const socket = await connectAgent(hub.url, token);
    const revoked = new Promise<{ reason: string }>((r) => socket.once('session:revoked', r));
    const disconnected = new Promise((r) => socket.once('disconnect', r));
    expect((await postJson(`${hub.url}/api/auth/logout`, {}, token)).status).toBe(200);
    expect((await revoked).reason).toMatch(/signed out/i);
    await disconnected;
    await expect(connectAgent(hub.url, token)).rejects.toThrow(/session has ended/);
    const me = await fetch(`${hub.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
  });

  it('a revoked session is refused on its next event even if the socket stayed open', async () => {
    const login = await postJson(`${hub.url}/api/auth/login`, { email: 'ops@desk.test', password: 'long enough password' });
    const socket = await connectAgent(hub.url, login.json.data.token);
    const me = hub.store.users.sessionByTokenHash((await import('../../server/ids')).hashToken(login.json.data.token))!;
    hub.store.users.revokeSession(me.id, new Date().toISOString()); // revoked behind the socket's back
    expect(await call(socket, 'queue:list', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    socket.close();
  });
});

describe('caredesk users (CLI) on a real data folder', () => {
  it('adds an account with the password from stdin, stored as a slow salted hash', async () => {
    const dir = tempDataDir('cli');
    const r = caredesk(['users', 'add', '--data', dir, '--email', 'Ann@Desk.test', '--name', 'Ann Agent', '--role', 'agent'], 'a very good password\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Added agent Ann Agent <ann@desk.test>/);
    const list = caredesk(['users', 'list', '--data', dir, '--json']);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ email: 'ann@desk.test', role: 'agent' })]);
    const hub = await startTestHub({ dataDir: dir });
    try {
      const hash = hub.store.users.byEmail('ann@desk.test')!.passwordHash;
      // The CLI hashes at the hub's default cost: OWASP's scrypt parameters.
      expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
      expect(hash).not.toContain('a very good password');
      const ok1 = await postJson(`${hub.url}/api/auth/login`, { email: 'ann@desk.test', password: 'a very good password' });
      expect(ok1.status).toBe(200);
      const bad = await postJson(`${hub.url}/api/auth/login`, { email: 'ann@desk.test', password: 'a very bad password' });
      expect(bad.status).toBe(401);
    } finally {
      await hub.close();
    }
  }, 120_000); // a `caredesk` process hashing at OWASP's cost: slow on a loaded machine

  it('refuses bad arguments with a clear message and a non-zero exit, writing nothing', () => {
    const dir = tempDataDir('cli');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ settings: { passwordScrypt: TEST_SCRYPT } }));
    const noRole = caredesk(['users', 'add', '--data', dir, '--email', 'x@desk.test', '--name', 'X'], 'a very good password\n');
    expect(noRole.status).not.toBe(0);
    expect(noRole.stderr).toMatch(/--role is required/);
    const badRole = caredesk(['users', 'add', '--data', dir, '--email', 'x@desk.test', '--name', 'X', '--role', 'king'], 'a very good password\n');
    expect(badRole.status).not.toBe(0);
    expect(badRole.stderr).toMatch(/role/);
    const weak = caredesk(['users', 'add', '--data', dir, '--email', 'x@desk.test', '--name', 'X', '--role', 'agent'], 'short\n');
    expect(weak.stderr).toMatch(/at least 10 characters/);
    expect(JSON.parse(caredesk(['users', 'list', '--data', dir, '--json']).stdout)).toEqual([]);
    const dup1 = caredesk(['users', 'add', '--data', dir, '--email', 'd@desk.test', '--name', 'D', '--role', 'agent'], 'a very good password\n');
    expect(dup1.status).toBe(0);
    const dup2 = caredesk(['users', 'add', '--data', dir, '--email', 'd@desk.test', '--name', 'D', '--role', 'agent'], 'a very good password\n');
    expect(dup2.stderr).toMatch(/already exists/);
    expect(caredesk(['frobnicate']).status).not.toBe(0);
  }, 120_000); // seven `caredesk` processes: slow on a loaded machine
});

describe('sign-in throttling', () => {
  it('after repeated wrong passwords even the right one is refused until the lock passes', async () => {
    const { clockAt } = await import('../../server/clock');
    const clock = clockAt(new Date('2026-11-23T15:00:00Z'), { frozen: true });
    const hub = await startTestHub({ clock, settings: { loginMaxFailures: 3, loginLockMs: 10 * 60_000 } });
    try {
      const { addStaff, PASSWORD } = await import('../helpers/hub');
      const staff = await addStaff(hub);
      const attempt = (password: string) => postJson(`${hub.url}/api/auth/login`, { email: staff.email, password });
      for (let i = 0; i < 3; i++) expect((await attempt('wrong password!')).status).toBe(401);
      const locked = await attempt(PASSWORD);
      expect(locked).toMatchObject({ status: 429, json: { error: { code: 'rate_limited', message: expect.stringMatching(/Try again in 10 minutes/) } } });
      clock.set(new Date('2026-11-23T15:10:01Z'));
      expect((await attempt(PASSWORD)).status).toBe(200);
    } finally {
      await hub.close();
    }
  });
});

describe('sessions are listed and revocable', () => {
  it('a user sees their sessions and ends another one: its live socket is cut off at once', async () => {
    const hub = await startTestHub();
    try {
      const { addStaff, login } = await import('../helpers/hub');
      const staff = await addStaff(hub);
      const laptop = await login(hub.url, staff.email);
      const kiosk = await login(hub.url, staff.email);
      const kioskSocket = await connectAgent(hub.url, kiosk);
      const list = await (await fetch(`${hub.url}/api/auth/sessions`, { headers: { authorization: `Bearer ${laptop}` } })).json();
      expect(list.data.sessions).toHaveLength(2);
      const other = list.data.sessions.find((s: { current: boolean }) => !s.current);
      const revoked = new Promise<{ reason: string }>((r) => kioskSocket.once('session:revoked', r));
      expect((await postJson(`${hub.url}/api/auth/sessions/revoke`, { sessionId: other.id }, laptop)).status).toBe(200);
      await revoked;
      await expect(connectAgent(hub.url, kiosk)).rejects.toThrow();
      // The laptop's own session still works.
      const still = await connectAgent(hub.url, laptop);
      still.close();
    } finally {
      await hub.close();
    }
  });

  it("an agent cannot list or end someone else's sessions; an admin can", async () => {
    const hub = await startTestHub();
    try {
      const { addStaff, login } = await import('../helpers/hub');
      const a = await addStaff(hub, 'agent');
      const b = await addStaff(hub, 'agent');
      const admin = await addStaff(hub, 'admin');
      const aToken = await login(hub.url, a.email);
      const bToken = await login(hub.url, b.email);
      const adminToken = await login(hub.url, admin.email);
      const forbidden = await fetch(`${hub.url}/api/auth/sessions?userId=${b.id}`, { headers: { authorization: `Bearer ${aToken}` } });
      expect(forbidden.status).toBe(403);
      const bSessions = await (await fetch(`${hub.url}/api/auth/sessions?userId=${b.id}`, { headers: { authorization: `Bearer ${adminToken}` } })).json();
      const bSession = bSessions.data.sessions[0].id;
      expect((await postJson(`${hub.url}/api/auth/sessions/revoke`, { sessionId: bSession }, aToken)).status).toBe(404);
      await connectAgent(hub.url, bToken).then((s) => s.close());
      expect((await postJson(`${hub.url}/api/auth/sessions/revoke`, { sessionId: bSession }, adminToken)).status).toBe(200);
      await expect(connectAgent(hub.url, bToken)).rejects.toThrow();
    } finally {
      await hub.close();
    }
  });
});
