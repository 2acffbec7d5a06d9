// The console's desktop wiring in desk/deskSession.ts, with the bridge and the socket replaced by
// fakes (no Electron runtime, no browser in a unit test): the unread count the badge and tray
// show, notifications that name the chat they open, and unsent messages restored after a restart
// and saved as they change.
import { EventEmitter } from 'node:events';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OpenTarget } from '../../shared/protocol/ipc';

type Reply = { ok: true; data: unknown } | { ok: false; error: { code: string; message: string } };

/** A stand-in socket.io client socket: records emits, answers from a table. */
class FakeSocket extends EventEmitter {
  connected = false;
  active = true;
  sent: { event: string; payload: any }[] = [];
  replies: Record<string, (payload: any) => Reply> = {};
  connect() {
    return this;
  }
  disconnect() {
    this.connected = false;
    return this;
  }
  async emitWithAck(event: string, payload: any): Promise<Reply> {
    this.sent.push({ event, payload });
    return this.replies[event]?.(payload) ?? { ok: false, error: { code: 'internal', message: `fake socket: no reply for ${event}` } };
  }
  up() {
    this.connected = true;
    this.emit('connect');
  }
}

const fake = vi.hoisted(() => ({
  socket: null as unknown as FakeSocket,
  unread: [] as number[],
  notified: [] as { title: string; body: string; open?: OpenTarget }[],
  saved: [] as { userId: string; pending: any[] }[],
  unsent: [] as any[],
}));

vi.mock('../../renderer/console/bridge', () => ({
  bridge: {
    kind: 'electron',
    hub: { consoleConfig: async () => ({ deskName: 'Desk', idleLockMs: 60_000, messageMaxChars: 4000, ackTimeoutMs: 1000, brands: [] }) },
    connectAgent: async () => fake.socket,
    notifications: {
      state: () => 'granted',
      request: async () => 'granted',
      notify: async (title: string, body: string, open?: OpenTarget) => void fake.notified.push({ title, body, ...(open ? { open } : {}) }),
    },
    outbox: {
      load: async (userId: string) => (userId === 'agent_1' ? fake.unsent : []),
      save: async (userId: string, pending: any[]) => void fake.saved.push({ userId, pending }),
    },
    setUnread: (n: number) => void fake.unread.push(n),
    onOpen: () => () => {},
  },
}));

const conv = (id: string, name: string) => ({ id, status: 'active', lastSeq: 0, customer: { id: `cu_${id}`, name, email: `${id}@shop.test` } });
const customerMessage = (conversationId: string, seq: number, body: string) => ({
  id: `m_${conversationId}_${seq}`,
  conversationId,
  clientId: `client${conversationId}${seq}xx`,
  seq,
  body,
  createdAt: '2026-12-05T18:00:00.000Z',
  author: { kind: 'customer', id: `cu_${conversationId}`, name: conversationId === 'c1' ? 'Ada' : 'Bea' },
});

describe('console desk wiring (fake bridge and socket: no Electron runtime, no browser here)', () => {
  let desk: typeof import('../../renderer/console/desk/deskSession');
  let conversation: typeof import('../../renderer/console/features/conversation/conversationStore');

  beforeAll(async () => {
    // The agent is looking at another window: notifications are due.
    vi.stubGlobal('document', { visibilityState: 'hidden', hasFocus: () => false });
    fake.socket = new FakeSocket();
    fake.socket.replies['queue:list'] = () => ({ ok: true, data: { conversations: [conv('c1', 'Ada'), conv('c2', 'Bea')] } });
    fake.socket.replies['chat:sync'] = (p) => ({ ok: true, data: { conversation: conv(p.conversationId, 'x'), messages: [] } });
    fake.socket.replies['chat:send'] = (p) => ({ ok: true, data: { message: { ...customerMessage(p.conversationId, 9, p.body), clientId: p.clientId, author: { kind: 'agent', id: 'agent_1', name: 'Agent' } } } });
    fake.unsent = [{ conversationId: 'c1', clientId: 'restored0001', body: 'Typed before the restart', queuedAt: '2026-12-05T17:59:00.000Z' }];
    desk = await import('../../renderer/console/desk/deskSession');
    conversation = await import('../../renderer/console/features/conversation/conversationStore');
    await desk.startDesk('token', 'agent_1', () => {});
    fake.socket.up();
  });
  afterAll(() => vi.unstubAllGlobals());

  it('unsent messages from before the restart are sent as soon as the hub is there, and the emptied list is saved', async () => {
    await vi.waitFor(() => expect(fake.socket.sent.filter((s) => s.event === 'chat:send').map((s) => s.payload)).toEqual([{ conversationId: 'c1', clientId: 'restored0001', body: 'Typed before the restart' }]));
    await vi.waitFor(() => expect(fake.saved.at(-1)).toEqual({ userId: 'agent_1', pending: [] }));
  });

  it('the badge counts customer messages in chats not on screen, and a notification opens its chat', async () => {
    conversation.useConversation.setState({ selectedId: 'c2' });
    fake.socket.emit('message:new', customerMessage('c1', 1, 'Is it in stock?'));
    fake.socket.emit('message:new', customerMessage('c1', 2, 'In black?'));
    fake.socket.emit('message:new', customerMessage('c2', 1, 'Hello'));
    expect(fake.unread.at(-1)).toBe(2);
    expect(fake.notified.at(-1)).toEqual({ title: 'Bea', body: 'Hello', open: { kind: 'chat', conversationId: 'c2' } });
    expect(fake.notified.find((n) => n.body === 'Is it in stock?')).toEqual({ title: 'Ada', body: 'Is it in stock?', open: { kind: 'chat', conversationId: 'c1' } });
  });

  it('a message typed now is saved for a restart until the hub acknowledges it', async () => {
    fake.socket.replies['chat:send'] = () => ({ ok: false, error: { code: 'internal', message: 'hub busy' } });
    fake.saved.length = 0;
    const { getLink } = await import('../../renderer/console/desk/linkRef');
    getLink().send('c1', 'Reserved for you');
    expect(fake.saved[0]).toEqual({ userId: 'agent_1', pending: [expect.objectContaining({ conversationId: 'c1', body: 'Reserved for you' })] });
  });

  it('signing out clears the badge', () => {
    desk.stopDesk();
    expect(fake.unread.at(-1)).toBe(0);
  });
});
