// Tickets are pushed only to staff who serve the ticket's brand (issue 3): an agent limited to some
// brands neither lists nor hears of other brands' offline messages; supervisors and agents serving
// every brand hear of all of them, and a change of an agent's brands applies to the next push.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { addStaff, login, postJson, startTestHub } from '../helpers/hub';
import { collect, connectAgent, ok, until, type AgentSocket } from '../helpers/sockets';

type Pushed = { ticket: { id: string; brandId: string } };

describe('tickets:updated follows the brands an agent serves', () => {
  let hub: Hub;
  let admin: AgentSocket;
  let anyBrand: AgentSocket;
  let luxeOnly: AgentSocket;
  let defaultOnly: AgentSocket;
  let supervisor: AgentSocket;
  let luxeOnlyId: string;
  let defaultOnlyId: string;
  const pushed = new Map<AgentSocket, Pushed[]>();
  const ids = (s: AgentSocket) => pushed.get(s)!.map((p) => p.ticket.id);

  beforeAll(async () => {
    hub = await startTestHub({ settings: { brands: { luxe: { deskName: 'Luxe Care' } } } });
    const connect = async (role: 'admin' | 'agent' | 'supervisor', name: string) => {
      const u = await addStaff(hub, role, name);
      const s = await connectAgent(hub.url, await login(hub.url, u.email));
      pushed.set(s, collect<Pushed>(s, 'tickets:updated'));
      return { s, id: u.id };
    };
    admin = (await connect('admin', 'Ada Admin')).s;
    anyBrand = (await connect('agent', 'Ann Agent')).s;
    const l = await connect('agent', 'Lu Luxe');
    const d = await connect('agent', 'Dee Default');
    supervisor = (await connect('supervisor', 'Sue Supervisor')).s;
    luxeOnly = l.s;
    luxeOnlyId = l.id;
    defaultOnly = d.s;
    defaultOnlyId = d.id;
    await ok(admin, 'routing:set-brands', { userId: luxeOnlyId, brands: ['luxe'] });
    await ok(admin, 'routing:set-brands', { userId: defaultOnlyId, brands: ['default'] });
  });
  afterAll(async () => {
    for (const s of [admin, anyBrand, luxeOnly, defaultOnly, supervisor]) s?.close();
    await hub?.close();
  });

  const leaveMessage = async (brandId: string, name: string): Promise<string> => {
    const r = await postJson(`${hub.url}/api/widget/offline-message`, { brandId, name, email: 'ada@shop.test', body: `Hello from ${name}` });
    expect(r.status).toBe(200);
    return r.json.data.ticket.id as string;
  };

  it('a luxe ticket reaches luxe agents, agents of every brand and supervisors, not a default-only agent', async () => {
    const luxe = await leaveMessage('luxe', 'Lena Luxe');
    // Pushes to one socket arrive in order: once the default-only agent has the later default
    // ticket, an earlier luxe push would already have arrived.
    const plain = await leaveMessage('default', 'Dora Default');
    await until(() => [anyBrand, supervisor, admin, defaultOnly].every((s) => ids(s).includes(plain)), 5000, 'default ticket pushes');
    await until(() => ids(luxeOnly).includes(luxe), 5000, 'luxe ticket push');

    for (const s of [anyBrand, supervisor, admin]) expect(ids(s)).toEqual(expect.arrayContaining([luxe, plain]));
    expect(ids(defaultOnly)).toContain(plain);
    expect(ids(defaultOnly)).not.toContain(luxe);
    // Taking a ticket pushes its change too, to the same people only.
    await ok(luxeOnly, 'tickets:assign', { ticketId: luxe });
    const marker = await leaveMessage('default', 'Mark Marker');
    await until(() => ids(defaultOnly).includes(marker), 5000, 'marker push');
    expect(ids(defaultOnly)).not.toContain(luxe);
    expect(pushed.get(anyBrand)!.filter((p) => p.ticket.id === luxe)).toHaveLength(2);
    // The luxe-only agent never hears of default tickets, as tickets:list never shows them.
    expect(ids(luxeOnly)).not.toContain(plain);
    expect(ids(luxeOnly)).not.toContain(marker);
    expect((await ok(luxeOnly, 'tickets:list', {})).tickets.map((t: { id: string }) => t.id)).toEqual([luxe]);
  });

  it('once an agent serves every brand again, they hear of every brand’s tickets', async () => {
    await ok(admin, 'routing:set-brands', { userId: defaultOnlyId, brands: [] });
    const luxe = await leaveMessage('luxe', 'Lotte Luxe');
    await until(() => ids(defaultOnly).includes(luxe), 5000, 'luxe push after the change');
    expect(pushed.get(defaultOnly)!.find((p) => p.ticket.id === luxe)?.ticket.brandId).toBe('luxe');
  });
});
