// A long chat opened in pages (conversation:open with `limit` and `beforeSeq`): the console opens
// a chat on its newest page and fetches earlier ones as the agent scrolls up. Each page is
// recorded as a view, the page size is capped by the hub's setting, the access rules are those of
// a whole open, and the client's delivery rules (ChatDelivery, shared with the widget) treat what
// lies before the first page as history to fetch, not as a gap to sync from the start.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { ChatDelivery, type ThreadView } from '../../renderer/common/chatDelivery';
import type { OpenedTranscript } from '../../shared/protocol/events';
import type { ChatSync, Message } from '../../shared/protocol/schemas';
import { addStaff, customerToken, login, startTestHub } from '../helpers/hub';
import { call, connectAgent, connectCustomer, ok, until, type AgentSocket } from '../helpers/sockets';
import { seedConversation } from '../helpers/transcripts';

const MESSAGES = 120;
const PAGE_MAX = 50;

let hub: Hub;
let agent: AgentSocket;
let other: AgentSocket;
let agentId: string;
let conversationId: string;

const seqs = (t: { messages: Message[] }) => t.messages.map((m) => m.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const views = () =>
  hub.store.audit
    .recent(1000)
    .reverse()
    .filter((e) => e.action === 'conversation.view' && e.actorId === agentId && e.subjectId === conversationId)
    .map((e) => e.detail);

describe('a chat opened in pages', () => {
  beforeAll(async () => {
    hub = await startTestHub({ settings: { transcriptPageMax: PAGE_MAX, demoOrdersOnFirstRun: false } });
    const a = await addStaff(hub, 'agent', 'Paula Pages');
    agentId = a.id;
    agent = await connectAgent(hub.url, await login(hub.url, a.email));
    other = await connectAgent(hub.url, await login(hub.url, (await addStaff(hub, 'agent', 'Otto Other')).email));
    conversationId = await seedConversation(hub, { email: 'pia@shop.test', name: 'Pia Pages', agentId: a.id, bodies: range(1, MESSAGES).map((i) => `line ${i}`) });
  });
  afterAll(async () => {
    agent?.close();
    other?.close();
    await hub?.close();
  });

  it('the newest page, then the ones before it, each recorded as a view; the whole chat without a limit', async () => {
    const newest = await ok<OpenedTranscript>(agent, 'conversation:open', { conversationId, limit: 30 });
    expect(seqs(newest)).toEqual(range(91, 120));
    expect(newest.hasEarlier).toBe(true);
    expect(newest.conversation).toMatchObject({ id: conversationId, lastSeq: MESSAGES });
    const before = await ok<OpenedTranscript>(agent, 'conversation:open', { conversationId, beforeSeq: 91, limit: 30 });
    expect(seqs(before)).toEqual(range(61, 90));
    expect(before.hasEarlier).toBe(true);
    const first = await ok<OpenedTranscript>(agent, 'conversation:open', { conversationId, beforeSeq: 31, limit: 30 });
    expect(seqs(first)).toEqual(range(1, 30));
    expect(first.hasEarlier).toBe(false);
    const whole = await ok<OpenedTranscript>(agent, 'conversation:open', { conversationId });
    expect(seqs(whole)).toEqual(range(1, MESSAGES));
    expect(whole.hasEarlier).toBe(false);
    expect(views()).toEqual([
      { messages: 30, beforeSeq: null },
      { messages: 30, beforeSeq: 91 },
      { messages: 30, beforeSeq: 31 },
      { messages: MESSAGES },
    ]);
  });

  it('a page is capped by settings.transcriptPageMax; a beforeSeq alone takes the default page size', async () => {
    const capped = await ok<OpenedTranscript>(agent, 'conversation:open', { conversationId, limit: 10_000 });
    expect(seqs(capped)).toEqual(range(MESSAGES - PAGE_MAX + 1, MESSAGES));
    // transcriptPageDefault (200) is above the cap here: the cap wins again.
    const beforeOnly = await ok<OpenedTranscript>(agent, 'conversation:open', { conversationId, beforeSeq: 101 });
    expect(seqs(beforeOnly)).toEqual(range(101 - PAGE_MAX, 100));
  });

  it('bad page arguments are refused and record nothing; another agent may not read a page either', async () => {
    const recorded = views().length;
    for (const bad of [{ limit: 0 }, { limit: 2.5 }, { beforeSeq: 0 }, { beforeSeq: 'ten' }, { limit: -3 }]) {
      expect(await call(agent, 'conversation:open', { conversationId, ...bad }), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
    expect(await call(other, 'conversation:open', { conversationId, limit: 10 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(views()).toHaveLength(recorded);
  });

  it('the delivery rules: a live message after the newest page is added, not synced from the start; earlier pages fill in to the first', async () => {
    const customer = await connectCustomer(hub.url, await customerToken(hub.url, 'Live Pages', 'live-pages@shop.test'));
    const live = (await ok(customer, 'chat:start', {})).conversation.id as string;
    for (let i = 1; i <= 12; i++) await ok(customer, 'chat:send', { conversationId: live, clientId: `live-pages-${String(i).padStart(2, '0')}`, body: `live ${i}` });
    await ok(agent, 'conversation:accept', { conversationId: live });

    const syncs: ChatSync[] = [];
    const shown: ThreadView[] = [];
    const delivery = new ChatDelivery(
      {
        send: (p) => call(agent, 'chat:send', p),
        sync: (p) => {
          syncs.push(p);
          return call(agent, 'chat:sync', p);
        },
      },
      { thread: (_id, v) => shown.push(v) },
    );
    agent.on('message:new', (m) => delivery.receive(m));
    delivery.load(await ok<OpenedTranscript>(agent, 'conversation:open', { conversationId: live, limit: 5 }));
    expect(seqs(shown.at(-1)!)).toEqual([8, 9, 10, 11, 12]);
    expect(shown.at(-1)!.hasEarlier).toBe(true);
    expect(delivery.earlierBefore(live)).toBe(8);

    await ok(customer, 'chat:send', { conversationId: live, clientId: 'live-pages-13', body: 'live 13' });
    await until(() => shown.at(-1)!.messages.at(-1)?.seq === 13, 5000, 'the live message in the thread');
    // A reconnect's catch-up starts after the newest held, never from 0.
    await delivery.reconnected();
    expect(syncs.map((s) => s.afterSeq)).toEqual([13]);
    expect(seqs(shown.at(-1)!)).toEqual([8, 9, 10, 11, 12, 13]);

    for (let guard = 0; delivery.earlierBefore(live) !== null && guard < 5; guard++) {
      delivery.loadEarlier(await ok<OpenedTranscript>(agent, 'conversation:open', { conversationId: live, beforeSeq: delivery.earlierBefore(live)!, limit: 5 }));
    }
    expect(seqs(shown.at(-1)!)).toEqual(range(1, 13));
    expect(shown.at(-1)!.hasEarlier).toBe(false);
    delivery.close();
    customer.close();
  });
});
