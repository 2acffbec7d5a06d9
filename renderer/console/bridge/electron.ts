// The console inside the desktop app: the preload's DesktopBridge gives the hub's address and the
// OS services (notifications, save dialog, key store, the unsent-messages file, badge, links).
// What the main process sends back is checked against the IPC contract like any other input.
import { OpenTarget, PendingList, type DesktopBridge } from '../../../shared/protocol/ipc';
import { agentSocket } from './agentSocket';
import { hubHttp } from './hubHttp';
import type { ConsoleBridge } from './types';
import { tr } from '../../common/i18n';

export function electronBridge(desktop: DesktopBridge): ConsoleBridge {
  let url: Promise<string> | null = null;
  const hubUrl = () => (url ??= desktop.hubUrl().then((u) => u.replace(/\/+$/, '')));
  let lastUnread = -1;
  return {
    kind: 'electron',
    hub: hubHttp(hubUrl),
    connectAgent: async (token, opts) => agentSocket(await hubUrl(), token, opts.ackTimeoutMs),
    notifications: {
      state: () => 'granted',
      request: async () => 'granted',
      notify: (title, body, open) => desktop.notify({ title: title.slice(0, 200), body: body.slice(0, 1000), ...(open ? { open } : {}) }),
    },
    saveFile: async (suggestedName, content, opts) => {
      // The preload's saveFile writes text only (shared/protocol/ipc.ts): a binary file would be
      // written as its base64 text, a corrupt PDF. Refuse plainly until the IPC contract carries bytes.
      if (opts?.encoding === 'base64') throw new Error(tr('desk.saveUnsupported'));
      return desktop.saveFile({ suggestedName, content });
    },
    secrets: {
      get: (key) => desktop.secrets.get(key),
      // Where the OS key store cannot protect it (Linux without a keyring) main refuses to keep the
      // token; the agent is still signed in, and simply signs in again after a restart.
      set: (key, value) => desktop.secrets.set(key, value).catch(() => {}),
      delete: (key) => desktop.secrets.delete(key),
    },
    outbox: {
      async load(userId) {
        const parsed = PendingList.safeParse(await desktop.outbox.load(userId));
        // Never resend something the contract does not describe; the main process logged the file's state.
        return parsed.success ? parsed.data : [];
      },
      save: (userId, pending) => desktop.outbox.save(userId, pending),
    },
    setUnread(count) {
      if (count === lastUnread) return;
      lastUnread = count;
      desktop.setUnread(count).catch(() => {
        lastUnread = -1; // say it again next time
      });
    },
    onOpen(handler) {
      return desktop.onOpen((raw) => {
        const target = OpenTarget.safeParse(raw);
        if (target.success) handler(target.data);
      });
    },
  };
}
