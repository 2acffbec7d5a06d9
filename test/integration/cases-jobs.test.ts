import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConversationHeldByOpenCase } from '../../server/cases/holds';
import { clockAt } from '../../server/clock';
import { main } from '../../server/cli/main';
import { DAY_MS } from '../../shared/domain/time';
import { ok, until } from '../helpers/sockets';
import { openDesk, type Desk } from '../helpers/cases';

// Monday. PO-100 was delivered two days before: the scarf's 7-day window ends T0 + 5 days.
const T0 = new Date('2026-03-02T10:00:00.000Z');
const day = (n: number) => new Date(T0.getTime() + n * DAY_MS);

describe('with the clock moved: expiry, overdue refunds, and open cases holding their chats from the purge', () => {
  const clock = clockAt(T0, { frozen: true });
  let desk: Desk;

  beforeAll(async () => {
    // Sessions that outlive the clock jumps below.
    // Months pass on this clock: sessions (idle and maximum lifetime) must outlive them.
    desk = await openDesk({ clock, settings: { staffSessionIdleMs: 1000 * DAY_MS, staffSessionMaxMs: 1000 * DAY_MS, widgetSessionTtlMs: 1000 * DAY_MS } });
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('a return nothing was shipped for expires after its return-by date, and the customer is told', async () => {
    const { case: c } = await ok(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-100', skus: ['SCARF'] });
    await ok(desk.agent, 'cases:transition', { caseId: c.id, action: 'authorize', data: { prepaidLabel: false } });
    clock.set(day(5));
    expect(await desk.hub.cases.expireDue()).toBe(0);
    clock.set(day(5.5));
    expect(await desk.hub.cases.expireDue()).toBe(1);
    const { case: expired } = await ok(desk.agent, 'cases:get', { caseId: c.id });
    expect(expired).toMatchObject({ status: 'expired', closedAt: day(5.5).toISOString() });
    // The expiry, then (once the notice has gone out) the email: the email's event may already be there.
    expect(expired.events.find((e: { action: string }) => e.action === 'expire')).toMatchObject({ action: 'expire', actor: { kind: 'system', name: 'Care desk' } });
    expect(await desk.hub.cases.expireDue()).toBe(0);
    await until(() => desk.atCustomer.some((m) => m.author.kind === 'system' && m.body.includes('has expired')), 5000, 'the expiry notice');
  });

  it('a settled return not refunded by its due date is flagged overdue, and the list filters on it', async () => {
    const { case: c } = await ok(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-100', skus: ['TOTE'] });
    await ok(desk.agent, 'cases:transition', { caseId: c.id, action: 'authorize', data: { prepaidLabel: false } });
    const received = await ok(desk.agent, 'cases:transition', { caseId: c.id, action: 'receive', data: { rmaOnBox: true, tagsIntact: true, condition: 'as_new' } });
    // Received Saturday 2026-03-07: four weekdays on is Thursday the 12th.
    expect(received.case.data.settlement.dueBy).toBe('2026-03-12');
    clock.set(new Date('2026-03-12T23:00:00Z'));
    expect((await ok(desk.agent, 'cases:list', { overdue: true })).cases).toEqual([]);
    clock.set(new Date('2026-03-13T09:00:00Z'));
    const { cases } = await ok(desk.agent, 'cases:list', { overdue: true });
    expect(cases.map((x: { id: string; overdue: string }) => [x.id, x.overdue])).toEqual([[c.id, 'refund_overdue']]);
    expect((await ok(desk.agent, 'cases:list', { overdue: false, kind: 'rma' })).cases.map((x: { id: string }) => x.id)).not.toContain(c.id);
    await ok(desk.agent, 'cases:transition', { caseId: c.id, action: 'refund' });
    expect((await ok(desk.agent, 'cases:list', { overdue: true })).cases).toEqual([]);
    await ok(desk.agent, 'cases:transition', { caseId: c.id, action: 'close' });
  });

  it("an open claim keeps its chat from the retention purge; once it is over, the purge takes the chat", async () => {
    const { case: claim } = await ok(desk.agent, 'cases:open-claim', { conversationId: desk.conversationId, orderId: 'PO-300', skus: ['VASE'], claimKind: 'damaged' });
    await ok(desk.agent, 'conversation:end', { conversationId: desk.conversationId });
    expect(isConversationHeldByOpenCase(desk.hub.store, desk.conversationId)).toBe(true);
    // The same answer from the async store (server/store/api.ts), which services move to.
    expect(await isConversationHeldByOpenCase(desk.hub.api, desk.conversationId)).toBe(true);

    clock.set(new Date('2027-06-01T00:00:00Z')); // well past the 13 months
    const held = await desk.hub.retention.run();
    expect(held.heldByOpenCase).toBe(1);
    expect(held.conversations).not.toContain(desk.conversationId);
    expect(desk.hub.store.conversations.get(desk.conversationId)).toBeDefined();
    // `caredesk retention run` on the same data folder spares it too.
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => out.push(l), stdin: process.stdin };
    const code = await main(['retention', 'run', '--data', desk.hub.store.dataDir, '--now', '2027-06-01T00:00:00Z', '--json', '--yes'], io);
    expect(code).toBe(0);
    expect(JSON.parse(out.find((l) => l.startsWith('{'))!)).toMatchObject({ heldByOpenCase: 1 });
    expect(desk.hub.store.conversations.get(desk.conversationId)).toBeDefined();

    await ok(desk.agent, 'cases:transition', { caseId: claim.id, action: 'cancel', data: { reason: 'The customer kept the vase.' } });
    expect(isConversationHeldByOpenCase(desk.hub.store, desk.conversationId)).toBe(false);
    expect(await isConversationHeldByOpenCase(desk.hub.api, desk.conversationId)).toBe(false);
    const purged = await desk.hub.retention.run();
    expect(purged.conversations).toContain(desk.conversationId);
    expect(desk.hub.store.conversations.get(desk.conversationId)).toBeUndefined();
    // The case itself stays, without the chat.
    const { case: after } = await ok(desk.agent, 'cases:get', { caseId: claim.id });
    expect(after).toMatchObject({ status: 'cancelled', conversations: [] });
  });
});
