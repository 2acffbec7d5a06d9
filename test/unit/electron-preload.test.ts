// The preload is tested with `electron` mocked (no Electron runtime on this machine): it must
// expose exactly the IPC contract as window.caredesk, each method a plain invoke on its channel.
import { describe, expect, it, vi } from 'vitest';
import { IPC, IPC_PUSH, type DesktopBridge } from '../../shared/protocol/ipc';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: {
    invoke: vi.fn(async (channel: string, ..._args: unknown[]) => `answer from ${channel}`),
    on: vi.fn(),
    removeListener: vi.fn(),
  },
}));
vi.mock('electron', () => ({ ...electron, default: electron }));

describe('preload bridge (electron mocked: no Electron runtime on this machine)', () => {
  it("exposes window.caredesk through contextBridge, each method one ipcRenderer.invoke on the contract's channel", async () => {
    await import('../../electron/preload/preload');
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, DesktopBridge];
    expect(name).toBe('caredesk');
    expect(Object.keys(api).sort()).toEqual(['hubUrl', 'notify', 'onOpen', 'outbox', 'saveFile', 'secrets', 'setUnread']);

    const invoke = electron.ipcRenderer.invoke;
    expect(await api.hubUrl()).toBe(`answer from ${IPC.hubUrl}`);
    expect(invoke).toHaveBeenLastCalledWith(IPC.hubUrl);
    await api.notify({ title: 'New chat', body: 'Ada' });
    expect(invoke).toHaveBeenLastCalledWith(IPC.notify, { title: 'New chat', body: 'Ada' });
    await api.saveFile({ suggestedName: 'a.csv', content: 'x' });
    expect(invoke).toHaveBeenLastCalledWith(IPC.saveFile, { suggestedName: 'a.csv', content: 'x' });
    await api.secrets.get('session-token');
    expect(invoke).toHaveBeenLastCalledWith(IPC.secretGet, 'session-token');
    await api.secrets.set('session-token', 'tok');
    expect(invoke).toHaveBeenLastCalledWith(IPC.secretSet, { key: 'session-token', value: 'tok' });
    await api.secrets.delete('session-token');
    expect(invoke).toHaveBeenLastCalledWith(IPC.secretDelete, 'session-token');
    await api.outbox.load('u1');
    expect(invoke).toHaveBeenLastCalledWith(IPC.outboxLoad, { userId: 'u1' });
    const pending = [{ conversationId: 'c1', clientId: 'abcdefgh12', body: 'hi', queuedAt: '2026-12-05T18:00:00.000Z' }];
    await api.outbox.save('u1', pending);
    expect(invoke).toHaveBeenLastCalledWith(IPC.outboxSave, { userId: 'u1', pending });
    await api.setUnread(3);
    expect(invoke).toHaveBeenLastCalledWith(IPC.unread, { count: 3 });
    expect(invoke).toHaveBeenCalledTimes(9);
  });

  it('onOpen listens on the push channel, hands the page only the payload (never the IPC event), and unsubscribes', async () => {
    await import('../../electron/preload/preload');
    const api = electron.contextBridge.exposeInMainWorld.mock.calls[0]![1] as DesktopBridge;
    const seen: unknown[] = [];
    const stop = api.onOpen((t) => seen.push(t));
    const [channel, listener] = electron.ipcRenderer.on.mock.calls[0] as unknown as [string, (...a: unknown[]) => void];
    expect(channel).toBe(IPC_PUSH.open);
    listener({ sender: 'the IpcRendererEvent, with its sender' }, { kind: 'chat', conversationId: 'c1' });
    expect(seen).toEqual([{ kind: 'chat', conversationId: 'c1' }]);
    stop();
    expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith(IPC_PUSH.open, listener);
  });
});
