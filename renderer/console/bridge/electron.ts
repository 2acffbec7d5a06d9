// The console inside the desktop app: the preload's DesktopBridge gives the hub's address and the
// OS services (notifications, save dialog, key store).
import type { DesktopBridge } from '../../../shared/protocol/ipc';
import { agentSocket } from './agentSocket';
import { hubHttp } from './hubHttp';
import type { ConsoleBridge } from './types';

export function electronBridge(desktop: DesktopBridge): ConsoleBridge {
  let url: Promise<string> | null = null;
  const hubUrl = () => (url ??= desktop.hubUrl().then((u) => u.replace(/\/+$/, '')));
  return {
    kind: 'electron',
    hub: hubHttp(hubUrl),
    connectAgent: async (token, opts) => agentSocket(await hubUrl(), token, opts.ackTimeoutMs),
    notifications: {
      state: () => 'granted',
      request: async () => 'granted',
      notify: (title, body) => desktop.notify({ title: title.slice(0, 200), body: body.slice(0, 1000) }),
    },
    saveFile: async (suggestedName, content, opts) => {
      // The preload's saveFile writes text only (shared/protocol/ipc.ts): a binary file would be
      // written as its base64 text, a corrupt PDF. Refuse plainly until the IPC contract carries bytes.
      if (opts?.encoding === 'base64') throw new Error('The desktop app cannot save this file type yet. Export as text, HTML or JSON instead.');
      return desktop.saveFile({ suggestedName, content });
    },
    secrets: desktop.secrets,
  };
}
