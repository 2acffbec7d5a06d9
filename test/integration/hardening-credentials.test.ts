// Issue 12, staff credentials on a real hub: new hashes at OWASP's scrypt parameters and old ones
// redone at sign-in; the setup code with limited tries (then a new code, shown to the operator
// only); a staff session that ends at its maximum lifetime however busy it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../server/auth/passwords';
import { clockAt } from '../../server/clock';
import { DEFAULT_SETTINGS } from '../../server/config';
import type { Hub } from '../../server/hub';
import { newId } from '../../server/ids';
import { addStaff, login, postJson, startTestHub, TEST_SCRYPT } from '../helpers/hub';
import { call, connectAgent } from '../helpers/sockets';

describe('password hashes (issue 12)', () => {
  it('the hub’s default is OWASP’s scrypt (N=2^17, r=8, p=1); an older N=2^14 hash is redone at the next sign-in', async () => {
    expect(DEFAULT_SETTINGS.passwordScrypt).toEqual({ N: 2 ** 17, r: 8, p: 1 });
    // The hub's own default cost, not the tests' cheaper one.
    const hub = await startTestHub({ settings: { passwordScrypt: DEFAULT_SETTINGS.passwordScrypt } });
    try {
      // An account from before: hashed at the old cost (as the first round stored them).
      const old = await hashPassword('an older password here', { N: 2 ** 14, r: 8, p: 1 });
      expect(old).toMatch(/^scrypt\$16384\$8\$1\$/);
      const id = newId('u');
      await hub.store.write(() => hub.store.users.create({ id, email: 'old@desk.test', name: 'Old Timer', role: 'agent', passwordHash: old, createdAt: new Date().toISOString() }));

      // A wrong password changes nothing.
      expect((await postJson(`${hub.url}/api/auth/login`, { email: 'old@desk.test', password: 'not the password' })).status).toBe(401);
      expect(hub.store.users.byId(id)!.passwordHash).toBe(old);

      // The right one signs in and upgrades the stored hash, which still verifies.
      await login(hub.url, 'old@desk.test', 'an older password here');
      const upgraded = hub.store.users.byId(id)!.passwordHash;
      expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
      expect(await verifyPassword('an older password here', upgraded)).toBe(true);
      expect(await verifyPassword('not the password', upgraded)).toBe(false);

      // Signing in again does not rehash a current hash.
      await login(hub.url, 'old@desk.test', 'an older password here');
      expect(hub.store.users.byId(id)!.passwordHash).toBe(upgraded);
    } finally {
      await hub.close();
    }
  }, 120_000);

  it('a stored hash naming an absurd cost is refused without being computed', async () => {
    expect(await verifyPassword('x', 'scrypt$1073741824$8$1$AAAA$AAAA')).toBe(false);
  });
});

describe('setup code (issue 12)', () => {
  let hub: Hub;
  const shown: string[] = [];
  const logged: string[] = [];
  beforeAll(async () => {
    hub = await startTestHub({
      settings: { setupCodeMaxTries: 3 },
      log: (_level, msg, extra) => logged.push(`${msg} ${JSON.stringify(extra ?? {})}`),
      announceSetupCode: (code) => shown.push(code),
    });
  });
  afterAll(async () => hub?.close());

  const claim = (code: string) => postJson(`${hub.url}/api/setup`, { code, email: 'first@desk.test', name: 'First Admin', password: 'long enough password' });

  it('after the allowed wrong tries the code is used up: even the right one is refused, and a new code is shown to the operator only', async () => {
    const first = hub.setupCode!;
    expect(shown).toEqual([first]);
    for (let i = 0; i < 2; i++) expect((await claim('0000-0000-0000')).json.error).toMatchObject({ code: 'setup_closed', message: expect.stringMatching(/not right/) });
    const third = await claim('0000-0000-0000');
    expect(third.json.error.message).toMatch(/has now been replaced/);
    expect(shown).toHaveLength(2);
    const second = shown[1]!;
    expect(second).not.toBe(first);
    expect((await claim(first)).json.error.code).toBe('setup_closed');
    expect(hub.store.users.list()).toEqual([]);
    // Neither code ever reaches the log.
    expect(logged.join('\n')).not.toContain(first);
    expect(logged.join('\n')).not.toContain(second);

    const ok = await claim(second.toLowerCase());
    expect(ok.status).toBe(200);
    expect(ok.json.data.user).toMatchObject({ email: 'first@desk.test', role: 'admin' });
  });
});

describe('the setup code when the account cannot be made', () => {
  it('a claim refused for an email already in use leaves the code good: the next claim with it sets the desk up', async () => {
    const hub = await startTestHub();
    try {
      // An agent made from the command line before any admin: the desk still needs setting up.
      const agent = await addStaff(hub, 'agent');
      const code = hub.setupCode!;
      const claim = (email: string) => postJson(`${hub.url}/api/setup`, { code, email, name: 'First Admin', password: 'long enough password' });
      expect(await claim(agent.email)).toMatchObject({ status: 409, json: { ok: false, error: { code: 'conflict' } } });
      const ok = await claim('first@desk.test');
      expect(ok.status).toBe(200);
      expect(ok.json.data.user).toMatchObject({ email: 'first@desk.test', role: 'admin' });
    } finally {
      await hub.close();
    }
  });
});

describe('staff session lifetime (issue 12)', () => {
  it('a session in constant use still ends at settings.staffSessionMaxMs: HTTP and socket refuse it', async () => {
    const clock = clockAt(new Date('2026-12-01T08:00:00Z'), { frozen: true });
    const hub = await startTestHub({ clock, settings: { staffSessionMaxMs: 8 * 60 * 60 * 1000, staffSessionIdleMs: 60 * 60 * 1000 } });
    try {
      const setup = await postJson(`${hub.url}/api/setup`, { code: hub.setupCode, email: 'a@desk.test', name: 'Ann Admin', password: 'long enough password' });
      const token = setup.json.data.token as string;
      const me = () => fetch(`${hub.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
      // Busy all day: a request every 30 minutes keeps it from idling out.
      for (let t = 0; t < 15; t++) {
        clock.set(new Date(Date.parse('2026-12-01T08:00:00Z') + t * 30 * 60 * 1000));
        expect((await me()).status).toBe(200);
      }
      const socket = await connectAgent(hub.url, token);
      clock.set(new Date('2026-12-01T16:00:00Z'));
      const r = await me();
      expect(r.status).toBe(401);
      expect((await r.json()).error).toMatchObject({ code: 'unauthenticated', message: expect.stringMatching(/time limit/) });
      expect(await call(socket, 'queue:list', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
      socket.close();
      await expect(connectAgent(hub.url, token)).rejects.toThrow(/time limit/);
      // The session list no longer shows it; a new sign-in works.
      const fresh = await login(hub.url, 'a@desk.test', 'long enough password');
      const list = await (await fetch(`${hub.url}/api/auth/sessions`, { headers: { authorization: `Bearer ${fresh}` } })).json();
      expect(list.data.sessions).toHaveLength(1);
    } finally {
      await hub.close();
    }
  });

  it('the tests’ cheaper hash cost is only the helper’s: the hub defaults to OWASP', () => {
    expect(TEST_SCRYPT.N).toBeLessThan(DEFAULT_SETTINGS.passwordScrypt.N);
  });
});
