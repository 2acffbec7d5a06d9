// The console's only door to the desktop: the IPC contract, exposed as `window.caredesk`.
// No logic here; the main process validates everything it receives, and the console validates
// what comes back (the IpcRendererEvent itself is never handed to the page).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { DesktopBridge } from '../../shared/protocol/ipc';
import { IPC, IPC_PUSH } from '../../shared/protocol/ipcChannels';

const api = {
  hubUrl: () => ipcRenderer.invoke(IPC.hubUrl),
  notify: (n) => ipcRenderer.invoke(IPC.notify, n),
  saveFile: (f) => ipcRenderer.invoke(IPC.saveFile, f),
  secrets: {
    get: (key) => ipcRenderer.invoke(IPC.secretGet, key),
    set: (key, value) => ipcRenderer.invoke(IPC.secretSet, { key, value }),
    delete: (key) => ipcRenderer.invoke(IPC.secretDelete, key),
  },
  outbox: {
    load: (userId) => ipcRenderer.invoke(IPC.outboxLoad, { userId }),
    save: (userId, pending) => ipcRenderer.invoke(IPC.outboxSave, { userId, pending }),
  },
  setUnread: (count) => ipcRenderer.invoke(IPC.unread, { count }),
  onOpen(handler) {
    const listener = (_event: IpcRendererEvent, target: unknown) => handler(target);
    ipcRenderer.on(IPC_PUSH.open, listener);
    return () => void ipcRenderer.removeListener(IPC_PUSH.open, listener);
  },
} satisfies DesktopBridge;

contextBridge.exposeInMainWorld('caredesk', api);
