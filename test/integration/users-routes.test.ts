// Account management over HTTP (issue 3): who may do what, the last-admin rule, and that disabling
// an account or resetting its password cuts its live sockets at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { PASSWORD, addStaff, customerToken, login, postJson, startTestHub } from '../helpers/hub';
import { call, connectAgent, connectCustomer, until } from '../helpers/sockets';

async function getJson(url: string, token?: string): Promise<{ status: number; json: any }> {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, json: await res.json() };
}

const NEW_PASSWORD = 'a brand new passphrase';

describe('account routes: only an admin may manage accounts', () => {
  let hub: Hub;
  const tokens: Record<'none' | 'customer' | 'agent' | 'supervisor' | 'admin', string | undefined> = {
    none: undefined,
    customer: undefined,
    agent: undefined,
    supervisor: undefined,
    admin: undefined,
  };
  let target: { id: string; email: string };

  beforeAll(async () => {
    hub = await startTestHub();
    tokens.customer = await customerToken(hub.url);
    for (const role of ['agent', 'supervisor', 'admin'] as const) tokens[role] = await login(hub.url, (await addStaff(hub, role)).email);
    target = await addStaff(hub, 'agent', 'Target Agent');
  });
  afterAll(async () => hub?.close());

  const routes = () => [
    { name: 'GET /api/users', run: (t?: string) => getJson(`${hub.url}/api/users`, t) },
    {
      name: 'POST /api/users',
      run: (t?: string) => postJson(`${hub.url}/api/users`, { email: `new-${Math.random().toString(36).slice(2)}@desk.test`, name: 'New Person', role: 'agent', password: PASSWORD }, t),
    },
    { name: 'POST /api/users/update', run: (t?: string) => postJson(`${hub.url}/api/users/update`, { userId: target.id, name: 'Renamed Agent' }, t) },
    { name: 'POST /api/users/reset-password', run: (t?: string) => postJson(`${hub.url}/api/users/reset-password`, { userId: target.id, password: PASSWORD }, t) },
  ];

  it.each(['none', 'customer'] as const)('refuses %s tokens as unauthenticated (401) on every route', async (who) => {
    for (const r of routes()) {
      const res = await r.run(tokens[who]);
      expect({ route: r.name, status: res.status, code: res.json.error?.code }).toEqual({ route: r.name, status: 401, code: 'unauthenticated' });
    }
  });

  it.each(['agent', 'supervisor'] as const)('refuses an %s as forbidden (403) on every route, changing nothing', async (who) => {
    const before = hub.store.users.accounts();
    for (const r of routes()) {
      const res = await r.run(tokens[who]);
      expect({ route: r.name, status: res.status, code: res.json.error?.code }).toEqual({ route: r.name, status: 403, code: 'forbidden' });
    }
    expect(hub.store.users.accounts()).toEqual(before);
  });

  it('lets an admin list accounts with role, state and brands, and never the password hash', async () => {
    const r = await getJson(`${hub.url}/api/users`, tokens.admin);
    expect(r.status).toBe(200);
    expect(r.json.data.users).toContainEqual({ id: target.id, email: target.email, name: 'Target Agent', role: 'agent', disabled: false, createdAt: expect.any(String), brands: null });
    expect(JSON.stringify(r.json)).not.toMatch(/scrypt|passwordHash|password_hash/);
  });

  it('lets an admin create an account that can then sign in; bad input and duplicates are refused', async () => {
    const created = await postJson(`${hub.url}/api/users`, { email: 'Nia@Desk.test', name: ' Nia Newcomer ', role: 'supervisor', password: PASSWORD }, tokens.admin);
    expect(created.status).toBe(200);
    expect(created.json.data.user).toMatchObject({ email: 'nia@desk.test', name: 'Nia Newcomer', role: 'supervisor', disabled: false });
    expect(await login(hub.url, 'nia@desk.test')).toEqual(expect.any(String));

    const dup = await postJson(`${hub.url}/api/users`, { email: 'nia@desk.test', name: 'Nia Again', role: 'agent', password: PASSWORD }, tokens.admin);
    expect(dup).toMatchObject({ status: 409, json: { error: { code: 'conflict' } } });
    const weak = await postJson(`${hub.url}/api/users`, { email: 'weak@desk.test', name: 'Weak', role: 'agent', password: 'short' }, tokens.admin);
    expect(weak).toMatchObject({ status: 400, json: { error: { code: 'invalid_payload', message: expect.stringMatching(/at least 10/) } } });
    const badRole = await postJson(`${hub.url}/api/users`, { email: 'king@desk.test', name: 'King', role: 'king', password: PASSWORD }, tokens.admin);
    expect(badRole).toMatchObject({ status: 400, json: { error: { code: 'invalid_payload' } } });
    expect(hub.store.users.byEmail('weak@desk.test')).toBeUndefined();
    expect(hub.store.users.byEmail('king@desk.test')).toBeUndefined();
  });

  it('lets an admin rename and change a role; the change applies to the live socket at its next event', async () => {
    const person = await addStaff(hub, 'agent');
    const socket = await connectAgent(hub.url, await login(hub.url, person.email));
    const r = await postJson(`${hub.url}/api/users/update`, { userId: person.id, role: 'supervisor', name: 'Promoted Person' }, tokens.admin);
    expect(r.json.data.user).toMatchObject({ id: person.id, role: 'supervisor', name: 'Promoted Person', disabled: false });
    expect((await call(socket, 'queue:list', {})).ok).toBe(true);
    expect(socket.connected).toBe(true); // a role change does not sign anyone out
    socket.close();
  });

  it('a supervisor demoted to agent stops getting the live view and privacy requests at once, without an event of their own', async () => {
    const person = await addStaff(hub, 'supervisor');
    const socket = await connectAgent(hub.url, await login(hub.url, person.email));
    const watcher = await connectAgent(hub.url, tokens.supervisor!);
    await call(socket, 'supervise:snapshot', {});
    await call(watcher, 'supervise:snapshot', {});
    const seen = { demoted: [] as string[], watcher: [] as string[] };
    for (const e of ['supervise:updated', 'privacy:changed'] as const) {
      socket.on(e, () => seen.demoted.push(e));
      watcher.on(e, () => seen.watcher.push(e));
    }
    const r = await postJson(`${hub.url}/api/users/update`, { userId: person.id, role: 'agent' }, tokens.admin);
    expect(r.json.data.user.role).toBe('agent');
    // A chat starts (the live view changes) and a privacy request is logged (supervisors are told).
    const customer = await connectCustomer(hub.url, await customerToken(hub.url, 'Dora Demo', 'dora@shop.test'));
    await call(customer, 'chat:start', {});
    await call(watcher, 'privacy:log', { kind: 'access', email: 'dora@shop.test', source: 'chat' });
    await until(() => seen.watcher.includes('supervise:updated') && seen.watcher.includes('privacy:changed'), 10_000, 'the other supervisor told');
    expect(seen.demoted).toEqual([]);
    for (const s of [socket, watcher, customer]) s.close();
  });

  it('refuses malformed updates: unknown user, nothing to change, unknown fields', async () => {
    const unknown = await postJson(`${hub.url}/api/users/update`, { userId: 'u_nobody', disabled: true }, tokens.admin);
    expect(unknown).toMatchObject({ status: 404, json: { error: { code: 'not_found' } } });
    const empty = await postJson(`${hub.url}/api/users/update`, { userId: target.id }, tokens.admin);
    expect(empty).toMatchObject({ status: 400, json: { error: { code: 'invalid_payload', message: expect.stringMatching(/what to change/) } } });
    const extra = await postJson(`${hub.url}/api/users/update`, { userId: target.id, email: 'x@desk.test' }, tokens.admin);
    expect(extra.status).toBe(400);
    const notJson = await postJson(`${hub.url}/api/users/update`, '{nope', tokens.admin);
    expect(notJson.status).toBe(400);
    const badReset = await postJson(`${hub.url}/api/users/reset-password`, { userId: target.id, password: 'short' }, tokens.admin);
    expect(badReset).toMatchObject({ status: 400, json: { error: { message: expect.stringMatching(/at least 10/) } } });
  });
});

describe('disabling an account', () => {
  let hub: Hub;
  let adminToken: string;
  beforeAll(async () => {
    hub = await startTestHub();
    adminToken = await login(hub.url, (await addStaff(hub, 'admin')).email);
  });
  afterAll(async () => hub?.close());

  it('revokes every session at once: each live socket is told why and cut, and sign-in is refused', async () => {
    const agent = await addStaff(hub, 'agent');
    const laptop = await login(hub.url, agent.email);
    const kiosk = await login(hub.url, agent.email);
    const sockets = [await connectAgent(hub.url, laptop), await connectAgent(hub.url, laptop), await connectAgent(hub.url, kiosk)];
    const reasons = sockets.map((s) => new Promise<string>((r) => s.once('session:revoked', (e: { reason: string }) => r(e.reason))));
    const closed = sockets.map((s) => new Promise((r) => s.once('disconnect', r)));

    const started = Date.now();
    const r = await postJson(`${hub.url}/api/users/update`, { userId: agent.id, disabled: true }, adminToken);
    expect(r.json.data.user).toMatchObject({ id: agent.id, disabled: true });
    for (const reason of await Promise.all(reasons)) expect(reason).toMatch(/disabled by an admin/);
    await Promise.all(closed);
    expect(Date.now() - started).toBeLessThan(2000); // at once, not at the sockets' next event

    for (const t of [laptop, kiosk]) {
      expect((await getJson(`${hub.url}/api/auth/me`, t)).status).toBe(401);
      await expect(connectAgent(hub.url, t)).rejects.toThrow();
    }
    expect((await postJson(`${hub.url}/api/auth/login`, { email: agent.email, password: PASSWORD })).status).toBe(401);
    expect((await getJson(`${hub.url}/api/auth/sessions?userId=${agent.id}`, adminToken)).json.data.sessions).toEqual([]);
  });

  it('enabling the account again lets its owner sign in (the old sessions stay ended)', async () => {
    const agent = await addStaff(hub, 'agent');
    const old = await login(hub.url, agent.email);
    await postJson(`${hub.url}/api/users/update`, { userId: agent.id, disabled: true }, adminToken);
    const r = await postJson(`${hub.url}/api/users/update`, { userId: agent.id, disabled: false }, adminToken);
    expect(r.json.data.user.disabled).toBe(false);
    expect((await getJson(`${hub.url}/api/auth/me`, old)).status).toBe(401);
    const fresh = await login(hub.url, agent.email);
    (await connectAgent(hub.url, fresh)).close();
  });

  it('does not touch anyone else', async () => {
    const a = await addStaff(hub, 'agent');
    const b = await addStaff(hub, 'agent');
    const bSocket = await connectAgent(hub.url, await login(hub.url, b.email));
    await postJson(`${hub.url}/api/users/update`, { userId: a.id, disabled: true }, adminToken);
    expect((await call(bSocket, 'queue:list', {})).ok).toBe(true);
    bSocket.close();
  });
});

describe('the last active admin', () => {
  it('cannot be disabled or demoted (by themselves or anyone); with a second admin it can', async () => {
    const hub = await startTestHub();
    try {
      const first = await addStaff(hub, 'admin');
      const firstToken = await login(hub.url, first.email);
      for (const change of [{ disabled: true }, { role: 'agent' }, { role: 'supervisor' }]) {
        const r = await postJson(`${hub.url}/api/users/update`, { userId: first.id, ...change }, firstToken);
        expect(r).toMatchObject({ status: 409, json: { error: { code: 'conflict', message: expect.stringMatching(/last active admin/) } } });
      }
      expect(hub.store.users.account(first.id)).toMatchObject({ role: 'admin', disabled: false });
      // Renaming the last admin is fine.
      expect((await postJson(`${hub.url}/api/users/update`, { userId: first.id, name: 'Still Admin' }, firstToken)).status).toBe(200);

      // A disabled admin does not count.
      const dormant = await addStaff(hub, 'admin');
      await postJson(`${hub.url}/api/users/update`, { userId: dormant.id, disabled: true }, firstToken);
      expect((await postJson(`${hub.url}/api/users/update`, { userId: first.id, role: 'agent' }, firstToken)).status).toBe(409);

      const second = await addStaff(hub, 'admin');
      const demoted = await postJson(`${hub.url}/api/users/update`, { userId: first.id, role: 'agent' }, firstToken);
      expect(demoted.json.data.user.role).toBe('agent');
      // Now an agent: the next admin request is refused.
      expect((await getJson(`${hub.url}/api/users`, firstToken)).status).toBe(403);
      const secondToken = await login(hub.url, second.email);
      expect((await postJson(`${hub.url}/api/users/update`, { userId: second.id, disabled: true }, secondToken)).status).toBe(409);
    } finally {
      await hub.close();
    }
  });

  it('two admins demoting each other at the same moment cannot leave the desk without one', async () => {
    const hub = await startTestHub();
    try {
      const a = await addStaff(hub, 'admin');
      const b = await addStaff(hub, 'admin');
      const [ta, tb] = [await login(hub.url, a.email), await login(hub.url, b.email)];
      const results = await Promise.all([
        postJson(`${hub.url}/api/users/update`, { userId: b.id, role: 'agent' }, ta),
        postJson(`${hub.url}/api/users/update`, { userId: a.id, role: 'agent' }, tb),
      ]);
      // The loser is refused either as already demoted (403) or by the last-admin rule (409).
      const statuses = results.map((r) => r.status).sort();
      expect(statuses[0]).toBe(200);
      expect([403, 409]).toContain(statuses[1]);
      expect(hub.store.users.countActive('admin')).toBe(1);
    } finally {
      await hub.close();
    }
  });
});

describe('resetting a password', () => {
  it("sets the new one, ends the user's sessions (live sockets cut), and the old password stops working", async () => {
    const hub = await startTestHub();
    try {
      const admin = await addStaff(hub, 'admin');
      const adminToken = await login(hub.url, admin.email);
      const agent = await addStaff(hub, 'agent');
      const socket = await connectAgent(hub.url, await login(hub.url, agent.email));
      const revoked = new Promise<{ reason: string }>((r) => socket.once('session:revoked', r));
      const r = await postJson(`${hub.url}/api/users/reset-password`, { userId: agent.id, password: NEW_PASSWORD }, adminToken);
      expect(r).toMatchObject({ status: 200, json: { data: { user: { id: agent.id } } } });
      expect((await revoked).reason).toMatch(/password was changed/);
      expect((await postJson(`${hub.url}/api/auth/login`, { email: agent.email, password: PASSWORD })).status).toBe(401);
      expect(await login(hub.url, agent.email, NEW_PASSWORD)).toEqual(expect.any(String));
      expect(hub.store.users.byEmail(agent.email)!.passwordHash).not.toContain(NEW_PASSWORD);

      expect((await postJson(`${hub.url}/api/users/reset-password`, { userId: 'u_nobody', password: NEW_PASSWORD }, adminToken)).status).toBe(404);
    } finally {
      await hub.close();
    }
  });

  it("an admin resetting their own password keeps the session they did it from, and ends their others", async () => {
    const hub = await startTestHub();
    try {
      const admin = await addStaff(hub, 'admin');
      const here = await login(hub.url, admin.email);
      const elsewhere = await login(hub.url, admin.email);
      expect((await postJson(`${hub.url}/api/users/reset-password`, { userId: admin.id, password: NEW_PASSWORD }, here)).status).toBe(200);
      expect((await getJson(`${hub.url}/api/auth/me`, here)).status).toBe(200);
      expect((await getJson(`${hub.url}/api/auth/me`, elsewhere)).status).toBe(401);
    } finally {
      await hub.close();
    }
  });
});
