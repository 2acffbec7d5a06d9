// Issue 9: the customer ends their own chat and rates it (1–5, an optional comment, card numbers
// masked); supervisors read the reports — chats, waiting, first-response and handling times and
// satisfaction per day of the desk's time zone, per agent and per brand — with the low ratings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockAt } from '../../server/clock';
import type { Hub } from '../../server/hub';
import { addStaff, ALWAYS_OPEN, customerToken, login, startTestHub } from '../helpers/hub';
import { call, collect, connectAgent, connectCustomer, ok, until, type AgentSocket, type CustomerSocket } from '../helpers/sockets';

const clock = clockAt(new Date('2026-03-02T14:00:00.000Z'), { frozen: true });
const at = (iso: string) => clock.set(new Date(iso));

describe('the customer ends and rates a chat; supervisors read the reports', () => {
  let hub: Hub;
  let ann: AgentSocket;
  let annId: string;
  let sup: AgentSocket;
  const open: { close(): void }[] = [];
  const ids: Record<string, string> = {};
  let ada: CustomerSocket;

  async function customer(name: string): Promise<CustomerSocket> {
    const s = await connectCustomer(hub.url, await customerToken(hub.url, name));
    open.push(s);
    return s;
  }

  beforeAll(async () => {
    // Sessions outlive the days this test jumps across.
    hub = await startTestHub({ clock, policy: { hours: { ...ALWAYS_OPEN, timeZone: 'America/New_York' } }, settings: { staffSessionIdleMs: 30 * 24 * 3600_000, staffSessionMaxMs: 30 * 24 * 3600_000, brands: { luxe: { deskName: 'Luxe Care' } } } });
    const a = await addStaff(hub, 'agent', 'Ann Agent');
    annId = a.id;
    ann = await connectAgent(hub.url, await login(hub.url, a.email));
    await ok(ann, 'agent:set-status', { status: 'away' });
    sup = await connectAgent(hub.url, await login(hub.url, (await addStaff(hub, 'supervisor', 'Sue Supervisor')).email));
    open.push(ann, sup);
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await hub?.close();
  });

  it('the customer ends the chat: the agent sees it ended, and who ended it is kept', async () => {
    ada = await customer('Ada Rating');
    at('2026-03-02T14:00:00.000Z'); // 09:00 in New York
    ids.a = (await ok(ada, 'chat:start', {})).conversation.id;
    at('2026-03-02T14:00:30.000Z');
    await ok(ada, 'chat:send', { conversationId: ids.a, clientId: 'ada-msg-0001', body: 'My card 4111 1111 1111 1111 was charged twice' });
    at('2026-03-02T14:01:00.000Z');
    await ok(ann, 'conversation:accept', { conversationId: ids.a });
    at('2026-03-02T14:01:30.000Z');
    await ok(ann, 'chat:send', { conversationId: ids.a, clientId: 'ann-msg-0001', body: 'Let me look.' });

    expect(await call(ada, 'chat:rate', { conversationId: ids.a, score: 5 })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const seen = collect<{ id: string; status: string }>(ann, 'conversation:updated');
    at('2026-03-02T14:10:00.000Z');
    const { conversation } = await ok(ada, 'chat:end', { conversationId: ids.a });
    expect(conversation).toMatchObject({ id: ids.a, status: 'ended', endedAt: '2026-03-02T14:10:00.000Z' });
    await until(() => seen.some((c) => c.id === ids.a && c.status === 'ended'), 5000, 'agent sees the end');
    expect(hub.store.db.prepare('SELECT ended_by FROM conversations WHERE id = ?').get(ids.a)).toEqual({ ended_by: 'customer' });
    // Ending it again changes nothing; sending into it is refused.
    expect((await ok(ada, 'chat:end', { conversationId: ids.a })).conversation.endedAt).toBe('2026-03-02T14:10:00.000Z');
    expect(await call(ada, 'chat:send', { conversationId: ids.a, clientId: 'ada-msg-0002', body: 'hello?' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('rates it 1–5 with a comment (masked); bad ratings and other people’s chats are refused and change nothing', async () => {
    for (const bad of [{ score: 0 }, { score: 6 }, { score: 2.5 }, { score: '5' }, { score: 3, comment: 'x'.repeat(1001) }, { score: 3, extra: 1 }]) {
      expect(await call(ada, 'chat:rate', { conversationId: ids.a, ...bad })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
    const stranger = await customer('Stan Stranger');
    expect(await call(stranger, 'chat:rate', { conversationId: ids.a, score: 1 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await call(stranger, 'chat:end', { conversationId: ids.a })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(hub.store.reports.rating(ids.a!)).toBeUndefined();

    at('2026-03-02T14:11:00.000Z');
    const first = await ok(ada, 'chat:rate', { conversationId: ids.a, score: 4 });
    expect(first.rating).toMatchObject({ conversationId: ids.a, score: 4, comment: null });
    // Changing one's mind replaces the rating.
    const { rating } = await ok(ada, 'chat:rate', { conversationId: ids.a, score: 2, comment: '  Slow, and I gave my card 4111 1111 1111 1111  ' });
    expect(rating).toMatchObject({ score: 2, comment: 'Slow, and I gave my card **** **** **** 1111' });
    expect(hub.store.db.prepare('SELECT COUNT(*) AS n FROM conversation_ratings WHERE conversation_id = ?').get(ids.a)).toEqual({ n: 1 });
  });

  it('reports chats, times and satisfaction per day (desk time zone), agent and brand, with the low ratings', async () => {
    // Chat B: 22:00 in New York on 2 March (already 3 March in UTC); taken after 2 min, first
    // reply 10 s later (the customer wrote nothing first), ended by the agent after 3 min; rated 5.
    const bea = await customer('Bea Late');
    at('2026-03-03T03:00:00.000Z');
    ids.b = (await ok(bea, 'chat:start', { brandId: 'luxe' })).conversation.id;
    at('2026-03-03T03:02:00.000Z');
    await ok(ann, 'conversation:accept', { conversationId: ids.b });
    at('2026-03-03T03:02:10.000Z');
    await ok(ann, 'chat:send', { conversationId: ids.b, clientId: 'ann-msg-0002', body: 'Good evening!' });
    at('2026-03-03T03:05:10.000Z');
    await ok(ann, 'conversation:end', { conversationId: ids.b });
    await ok(bea, 'chat:rate', { conversationId: ids.b, score: 5 });
    // Chat C: 3 March; nobody took it and the customer gave up.
    const cy = await customer('Cy Gaveup');
    at('2026-03-03T15:00:00.000Z');
    ids.c = (await ok(cy, 'chat:start', {})).conversation.id;
    at('2026-03-03T15:04:00.000Z');
    await ok(cy, 'chat:end', { conversationId: ids.c });
    // Outside the range: 5 March.
    const dee = await customer('Dee Outside');
    at('2026-03-05T15:00:00.000Z');
    await ok(dee, 'chat:start', {});

    expect(await call(ann, 'reports:summary', { from: '2026-03-01', to: '2026-03-03' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(sup, 'reports:summary', { from: '2026-03-04', to: '2026-03-01' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    // Days that do not exist are refused, not rolled over (31 February is not 3 March) or let past the range limit.
    for (const [from, to] of [['2026-02-31', '2026-03-03'], ['2026-03-01', '2026-99-99']]) {
      expect(await call(sup, 'reports:summary', { from, to })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
    expect(await call(sup, 'reports:summary', { from: '2025-01-01', to: '2026-03-01' })).toMatchObject({ ok: false, error: { code: 'too_large' } });
    expect(await call(sup, 'reports:summary', { from: '2026-03-01', to: '2026-03-03', brandId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const r = await ok(sup, 'reports:summary', { from: '2026-03-01', to: '2026-03-03' });
    expect(r.timeZone).toBe('America/New_York');
    // A: wait 60 s, first response 60 s (from her first message), handling 540 s, rated 2.
    // B: wait 120 s, first response 130 s (from the start), handling 190 s, rated 5.
    expect(r.totals).toEqual({ key: 'all', label: 'All chats', chats: 3, unanswered: 1, avgWaitSec: 90, avgFirstResponseSec: 95, avgHandlingSec: 365, ratings: 2, avgRating: 3.5 });
    expect(r.byDay.map((d: { key: string; chats: number; unanswered: number }) => [d.key, d.chats, d.unanswered])).toEqual([
      ['2026-03-01', 0, 0],
      ['2026-03-02', 2, 0],
      ['2026-03-03', 1, 1],
    ]);
    expect(r.byDay[1]).toMatchObject({ avgWaitSec: 90, avgRating: 3.5 });
    expect(r.byAgent).toEqual([{ key: annId, label: 'Ann Agent', chats: 2, unanswered: 0, avgWaitSec: 90, avgFirstResponseSec: 95, avgHandlingSec: 365, ratings: 2, avgRating: 3.5 }]);
    expect(r.byBrand.map((b: { key: string; label: string; chats: number }) => [b.key, b.label, b.chats])).toEqual([
      ['default', 'Customer Care', 2],
      ['luxe', 'Luxe Care', 1],
    ]);
    expect(r.lowRatings).toEqual([
      { conversationId: ids.a, customerName: 'Ada Rating', agentName: 'Ann Agent', brandId: 'default', score: 2, comment: 'Slow, and I gave my card **** **** **** 1111', ratedAt: '2026-03-02T14:11:00.000Z' },
    ]);

    const luxe = await ok(sup, 'reports:summary', { from: '2026-03-01', to: '2026-03-03', brandId: 'luxe' });
    expect(luxe.totals).toMatchObject({ chats: 1, avgRating: 5, avgHandlingSec: 190 });
    expect(luxe.lowRatings).toEqual([]);
  });

  it('a rating goes with its transcript when retention purges it', async () => {
    hub.store.db.prepare('DELETE FROM conversations WHERE id = ?').run(ids.b);
    expect(hub.store.reports.rating(ids.b!)).toBeUndefined();
  });
});
