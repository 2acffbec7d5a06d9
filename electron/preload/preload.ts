// The console's only door to the desktop: the IPC contract, exposed as `window.caredesk`.
// No logic here; the main process validates everything it receives.
import { contextBridge, ipcRenderer } from 'electron';
import type { DesktopBridge } from '../../shared/protocol/ipc';
import { IPC } from '../../shared/protocol/ipcChannels';

const api = {
  hubUrl: () => ipcRenderer.invoke(IPC.hubUrl),
  notify: (n) => ipcRenderer.invoke(IPC.notify, n),
  saveFile: (f) => ipcRenderer.invoke(IPC.saveFile, f),
  secrets: {
    get: (key) => ipcRenderer.invoke(IPC.secretGet, key),
    set: (key, value) => ipcRenderer.invoke(IPC.secretSet, { key, value }),
    delete: (key) => ipcRenderer.invoke(IPC.secretDelete, key),
  },
} satisfies DesktopBridge;

contextBridge.exposeInMainWorld('caredesk', api);
