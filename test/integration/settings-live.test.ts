// Brand settings in the console (issue 9), through a real hub and a real SQLite file: admins change
// them over the socket, validated and audited; the hub applies them without a restart (the widget's
// greeting, the next RMA's return address) and keeps them across one; demo values are warned about
// and the demo return address never reaches a customer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../server/config';
import type { Hub } from '../../server/hub';
import { addStaff, login, startTestHub, tempDataDir } from '../helpers/hub';
import { openDesk, type Desk } from '../helpers/cases';
import { call, collect, connectAgent, ok, until, type AgentSocket } from '../helpers/sockets';

const widgetConfig = async (hub: Hub, brand?: string) => (await (await fetch(`${hub.url}/api/widget/config${brand ? `?brand=${brand}` : ''}`)).json()).data;

describe('a desk still on its demo return address', () => {
  let desk: Desk;
  let admin: AgentSocket;
  const logged: string[] = [];
  beforeAll(async () => {
    // The case desk sets a real return address; this one keeps config.json's demo value.
    desk = await openDesk({ settings: { returnAddress: DEFAULT_SETTINGS.returnAddress }, log: (_level, msg) => logged.push(msg) });
    admin = await connectAgent(desk.hub.url, await login(desk.hub.url, (await addStaff(desk.hub, 'admin', 'Ada Admin')).email));
  });
  afterAll(async () => {
    admin?.close();
    await desk?.close();
  });

  it('warns at start, in the log and to admins and supervisors in the console config', async () => {
    expect(logged.filter((l) => l.startsWith('DEMO SETTING'))).toEqual([expect.stringContaining('care address is still the demo value "care@localhost"'), expect.stringContaining('return address is still the demo value')]);
    const cfg = async (role: 'agent' | 'supervisor' | 'admin') => {
      const token = await login(desk.hub.url, (await addStaff(desk.hub, role)).email);
      return (await (await fetch(`${desk.hub.url}/api/console/config`, { headers: { authorization: `Bearer ${token}` } })).json()).data;
    };
    expect((await cfg('admin')).settingsWarnings.map((w: { key: string }) => w.key)).toEqual(['careAddress', 'returnAddress']);
    expect((await cfg('supervisor')).settingsWarnings).toHaveLength(2);
    expect((await cfg('agent')).settingsWarnings).toEqual([]);
  });

  it('refuses to issue an RMA with the demo address, telling the agent why; nothing reaches the customer', async () => {
    const { case: c } = await ok(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-100', skus: ['SCARF'], reason: 'changed_mind' });
    const r = await call(desk.agent, 'cases:transition', { caseId: c.id, action: 'authorize', data: { prepaidLabel: false } });
    expect(r).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('return address is still the demo placeholder') } });
    expect(desk.hub.store.cases.get(c.id)).toMatchObject({ status: 'requested', number: null });
    expect(desk.atCustomer.some((m) => m.body.includes('demo address'))).toBe(false);
  });

  it('an admin sets the return address in the console: the warning goes, every console is told, the next RMA uses it', async () => {
    const changed = collect<{ warnings: { key: string }[] }>(desk.supervisor, 'settings:changed');
    const address = 'Maison Returns\n1 Quay Street\nNewark, NJ 07114';
    const snap = await ok(admin, 'settings:update', { brandId: 'default', set: { returnAddress: address } });
    expect(snap.warnings.map((w: { key: string }) => w.key)).toEqual(['careAddress']);
    expect(snap.brands[0]).toMatchObject({ brandId: 'default', values: { returnAddress: address }, sources: { returnAddress: 'console', careAddress: 'default' } });
    await until(() => changed.length === 1, 5000, 'settings:changed pushed');
    expect(changed[0]!.warnings.map((w) => w.key)).toEqual(['careAddress']);
    const [c] = desk.hub.store.cases.list({ limit: 1 });
    const { case: authorized } = await ok(desk.agent, 'cases:transition', { caseId: c!.id, action: 'authorize', data: { prepaidLabel: false } });
    expect(authorized.data.returnAddress).toBe(address);
  });
});

describe('settings: who may change them, validation, audit, live and after a restart', () => {
  const dataDir = tempDataDir('settings');
  let hub: Hub;
  let admin: AgentSocket;
  let supervisor: AgentSocket;
  const brands = { maison: { deskName: 'Maison Care', greeting: 'Bonjour from config.json', returnAddress: 'Maison\n1 Rue' } };

  beforeAll(async () => {
    hub = await startTestHub({ dataDir, settings: { brands, returnAddress: 'Desk Returns\n2 Main St' } });
    admin = await connectAgent(hub.url, await login(hub.url, (await addStaff(hub, 'admin', 'Ada Admin')).email));
    supervisor = await connectAgent(hub.url, await login(hub.url, (await addStaff(hub, 'supervisor')).email));
  });
  afterAll(async () => {
    admin?.close();
    supervisor?.close();
    await hub?.close();
  });

  it('only admins read or change them; bad values are refused whole and change nothing', async () => {
    expect(await call(supervisor, 'settings:get', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(supervisor, 'settings:update', { brandId: 'maison', set: { greeting: 'Hi' } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const before = await ok(admin, 'settings:get', {});
    for (const set of [{ accentColor: 'red' }, { greeting: '' }, { careAddress: 'not an email' }, { hours: { timeZone: 'Mars/Olympus', weekly: {}, holidays: [] } }, { hours: { timeZone: 'UTC', weekly: { mon: { open: '18:00', close: '09:00' } }, holidays: [] } }, {}, { colour: '#000000' }]) {
      expect(await call(admin, 'settings:update', { brandId: 'maison', set })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
    expect(await call(admin, 'settings:update', { brandId: 'nope', set: { greeting: 'Hi' } })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await ok(admin, 'settings:get', {})).toEqual(before);
    expect(before.brands.map((b: { brandId: string }) => b.brandId)).toEqual(['default', 'maison']);
    expect(before.brands[1]).toMatchObject({ values: { deskName: 'Maison Care', greeting: 'Bonjour from config.json' }, sources: { greeting: 'config', accentColor: 'default' } });
  });

  it('a change applies at once: the widget greeting, look, name and hours; it is audited', async () => {
    const hours = { timeZone: 'Europe/Paris', weekly: { mon: { open: '00:00', close: '24:00' }, tue: { open: '00:00', close: '24:00' }, wed: { open: '00:00', close: '24:00' }, thu: { open: '00:00', close: '24:00' }, fri: { open: '00:00', close: '24:00' }, sat: { open: '00:00', close: '24:00' }, sun: { open: '00:00', close: '24:00' } }, holidays: [] };
    await ok(admin, 'settings:update', { brandId: 'maison', set: { greeting: 'Bienvenue chez Maison', accentColor: '#7a1f3d', deskName: 'Maison Client Care', hours } });
    expect((await widgetConfig(hub, 'maison')).brand).toMatchObject({ name: 'Maison Client Care', greeting: 'Bienvenue chez Maison', accentColor: '#7a1f3d', timeZone: 'Europe/Paris', open: true });
    const audit = hub.store.audit.forSubject('brand', 'maison');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'settings.update', detail: { before: { greeting: null, accentColor: null } } });
    expect(audit[0]!.detail.changed).toEqual(expect.arrayContaining(['greeting', 'accentColor', 'deskName', 'hours']));
    // null goes back to config.json's value.
    await ok(admin, 'settings:update', { brandId: 'maison', set: { greeting: null } });
    expect((await widgetConfig(hub, 'maison')).brand.greeting).toBe('Bonjour from config.json');
  });

  it('kept across a restart of the hub', async () => {
    await hub.close();
    hub = await startTestHub({ dataDir, settings: { brands, returnAddress: 'Desk Returns\n2 Main St' } });
    expect((await widgetConfig(hub, 'maison')).brand).toMatchObject({ name: 'Maison Client Care', greeting: 'Bonjour from config.json', accentColor: '#7a1f3d' });
    admin.close();
    supervisor.close();
    admin = await connectAgent(hub.url, await login(hub.url, (await addStaff(hub, 'admin')).email));
    supervisor = await connectAgent(hub.url, await login(hub.url, (await addStaff(hub, 'supervisor')).email));
  });
});
