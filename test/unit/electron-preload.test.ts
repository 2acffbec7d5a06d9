// The preload is tested with `electron` mocked (no Electron runtime on this machine): it must
// expose exactly the IPC contract as window.caredesk, each method a plain invoke on its channel.
import { describe, expect, it, vi } from 'vitest';
import { IPC, type DesktopBridge } from '../../shared/protocol/ipc';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: { invoke: vi.fn(async (channel: string, ..._args: unknown[]) => `answer from ${channel}`) },
}));
vi.mock('electron', () => ({ ...electron, default: electron }));

describe('preload bridge (electron mocked: no Electron runtime on this machine)', () => {
  it("exposes window.caredesk through contextBridge, each method one ipcRenderer.invoke on the contract's channel", async () => {
    await import('../../electron/preload/preload');
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [name, api] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, DesktopBridge];
    expect(name).toBe('caredesk');
    expect(Object.keys(api).sort()).toEqual(['hubUrl', 'notify', 'saveFile', 'secrets']);

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
    expect(invoke).toHaveBeenCalledTimes(6);
  });
});
