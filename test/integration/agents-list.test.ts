// agents:list through a real hub: what an agent may read to choose a transfer target (who serves
// the chat's brand, their status and load) and the brands whose queues a chat may go to.
import { afterEach, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { addStaff, customerToken, login, startTestHub } from '../helpers/hub';
import { call, collect, connectAgent, connectCustomer, ok, until, type AgentSocket } from '../helpers/sockets';

type Listed = { id: string; name: string; role: string; status: string; load: number };
type Directory = { agents: Listed[]; brands: { id: string; name: string }[]; brandId: string | null };

describe('agents:list', () => {
  let hub: Hub;
  const sockets: { close(): void }[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.close();
    await hub?.close();
  });

  async function staff(role: 'agent' | 'admin', name: string): Promise<{ socket: AgentSocket; id: string }> {
    const u = await addStaff(hub, role, name);
    const socket = await connectAgent(hub.url, await login(hub.url, u.email));
    sockets.push(socket);
    return { socket, id: u.id };
  }

  it('an agent reads who serves a chat’s brand, with status and load, and every brand', async () => {
    hub = await startTestHub({ settings: { deskName: 'Maison Care', brands: { luxe: { deskName: 'Luxe Care' } } }, policy: { chat: { offerTimeoutMs: 60_000 } } });
    const admin = await staff('admin', 'Ada Admin');
    const ann = await staff('agent', 'Ann Agent');
    const bob = await staff('agent', 'Bob Agent');
    const lux = await staff('agent', 'Lux Agent');
    await ok(admin.socket, 'routing:set-brands', { userId: lux.id, brands: ['luxe'] });
    await ok(bob.socket, 'agent:set-status', { status: 'away' });
    await ok(lux.socket, 'agent:set-status', { status: 'away' });

    const customer = await connectCustomer(hub.url, await customerToken(hub.url, 'Cleo Customer'));
    sockets.push(customer);
    // Ann, the only available agent, is offered it: an offer counts in her load.
    const annStatus = collect<{ load: number }>(ann.socket, 'agent:status-updated');
    const conversationId = (await ok(customer, 'chat:start', {})).conversation.id as string;
    await until(() => annStatus.some((s) => s.load === 1), 5000, 'offer to Ann');
    const all: Directory = await ok(ann.socket, 'agents:list', {});

    expect(all.brandId).toBeNull();
    expect(all.brands).toEqual([
      { id: 'default', name: 'Maison Care' },
      { id: 'luxe', name: 'Luxe Care' },
    ]);
    const byId = new Map(all.agents.map((a) => [a.id, a]));
    expect(byId.get(ann.id)).toMatchObject({ name: 'Ann Agent', role: 'agent', status: 'available', load: 1 });
    expect(byId.get(bob.id)).toMatchObject({ status: 'away', load: 0 });
    expect(byId.get(lux.id)).toMatchObject({ status: 'away' });
    expect(byId.get(admin.id)).toMatchObject({ role: 'admin' });

    // For this chat (brand default), Lux, who serves only luxe, is not a transfer target.
    const forChat: Directory = await ok(bob.socket, 'agents:list', { conversationId });
    expect(forChat.brandId).toBe('default');
    expect(forChat.agents.map((a) => a.id).sort()).toEqual([admin.id, ann.id, bob.id].sort());
    // Lux does not serve its brand: to her the chat is unknown.
    expect(await call(lux.socket, 'agents:list', { conversationId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    // Once Ann takes it, it is hers (and supervisors'): Bob learns nothing of it any more.
    await ok(ann.socket, 'conversation:accept', { conversationId });
    expect(await call(bob.socket, 'agents:list', { conversationId })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect((await ok(ann.socket, 'agents:list', { conversationId })).brandId).toBe('default');
    expect((await ok(admin.socket, 'agents:list', { conversationId })).brandId).toBe('default');
  });

  it('refuses an unknown conversation and a malformed payload', async () => {
    hub = await startTestHub();
    const ann = await staff('agent', 'Ann Agent');
    expect(await call(ann.socket, 'agents:list', { conversationId: 'c_nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call(ann.socket, 'agents:list', { brand: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });
});
