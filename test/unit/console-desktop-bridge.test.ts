// The console's side of the desktop bridge (renderer/console/bridge/electron.ts) against a fake
// preload (no Electron runtime here): what the main process sends back is checked against the IPC
// contract before the console acts on it.
import { describe, expect, it, vi } from 'vitest';
import { electronBridge } from '../../renderer/console/bridge/electron';
import type { DesktopBridge } from '../../shared/protocol/ipc';

function fakePreload(outboxReply: unknown = []) {
  let push: ((t: unknown) => void) | null = null;
  const desktop = {
    hubUrl: vi.fn(async () => 'http://127.0.0.1:4000/'),
    notify: vi.fn(async () => {}),
    saveFile: vi.fn(async () => ({ saved: true })),
    secrets: { get: vi.fn(), set: vi.fn(), delete: vi.fn() },
    outbox: { load: vi.fn(async () => outboxReply), save: vi.fn(async () => {}) },
    setUnread: vi.fn(async () => {}),
    onOpen: vi.fn((h: (t: unknown) => void) => {
      push = h;
      return () => void (push = null);
    }),
  } satisfies DesktopBridge;
  return { desktop, push: (t: unknown) => push?.(t) };
}

const good = { conversationId: 'c1', clientId: 'abcdefgh12', body: 'On its way', queuedAt: '2026-12-05T18:00:00.000Z' };

describe('console desktop bridge (fake preload: no Electron runtime on this machine)', () => {
  it('restores unsent messages only if they match the contract; anything else restores nothing', async () => {
    expect(await electronBridge(fakePreload([good]).desktop).outbox.load('u1')).toEqual([good]);
    for (const bad of [null, 'x', [{ ...good, conversationId: '../x' }], [{ ...good, body: '' }], [{ ...good, queuedAt: 'yesterday' }]]) {
      expect(await electronBridge(fakePreload(bad).desktop).outbox.load('u1')).toEqual([]);
    }
  });

  it('a session token the OS key store cannot keep does not stop the sign-in (it is just not remembered)', async () => {
    const f = fakePreload();
    f.desktop.secrets.set.mockRejectedValue(new Error('Not stored: no OS keyring (e.g. GNOME Keyring or KWallet) was found'));
    await expect(electronBridge(f.desktop).secrets.set('session-token', 'tok')).resolves.toBeUndefined();
    expect(f.desktop.secrets.set).toHaveBeenCalledWith('session-token', 'tok');
  });

  it('open requests: a chat or transcript goes to the console, anything else is dropped', () => {
    const f = fakePreload();
    const seen: unknown[] = [];
    const stop = electronBridge(f.desktop).onOpen((t) => seen.push(t));
    f.push({ kind: 'chat', conversationId: 'c9' });
    f.push({ kind: 'accounts', conversationId: 'c9' });
    f.push({ kind: 'chat', conversationId: 'c9', extra: 'x' });
    f.push('caredesk://chat/c9');
    f.push({ kind: 'transcript', conversationId: 'c10' });
    expect(seen).toEqual([
      { kind: 'chat', conversationId: 'c9' },
      { kind: 'transcript', conversationId: 'c10' },
    ]);
    stop();
    f.push({ kind: 'chat', conversationId: 'c11' });
    expect(seen).toHaveLength(2);
  });

  it('notifications carry the chat they open; the unread count is sent only when it changes', async () => {
    const f = fakePreload();
    const b = electronBridge(f.desktop);
    await b.notifications.notify('Ada', 'Hello', { kind: 'chat', conversationId: 'c1' });
    expect(f.desktop.notify).toHaveBeenCalledWith({ title: 'Ada', body: 'Hello', open: { kind: 'chat', conversationId: 'c1' } });
    await b.notifications.notify('x'.repeat(300), 'y');
    expect(f.desktop.notify).toHaveBeenLastCalledWith({ title: 'x'.repeat(200), body: 'y' });
    b.setUnread(2);
    b.setUnread(2);
    b.setUnread(0);
    expect(f.desktop.setUnread.mock.calls).toEqual([[2], [0]]);
  });
});
