// The console in a plain browser, served by the hub itself: same origin, tab-scoped secrets.
import { agentSocket } from './agentSocket';
import type { PendingMessage } from '../../../shared/delivery/outbox';
import type { OpenTarget } from '../../../shared/protocol/ipc';
import { hubHttp } from './hubHttp';
import type { ConsoleBridge, NotificationState } from './types';

const hubUrl = () => location.origin;

/** A tab keeps unsent messages in memory only: they survive a sign-out and back in, not a reload. */
const unsent = new Map<string, PendingMessage[]>();
const openHandlers = new Set<(target: OpenTarget) => void>();
const secretKey = (key: string) => `caredesk.${key}`;

function notificationState(): NotificationState {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

export const webBridge: ConsoleBridge = {
  kind: 'web',
  hub: hubHttp(async () => hubUrl()),
  connectAgent: async (token, opts) => agentSocket(hubUrl(), token, opts.ackTimeoutMs),
  notifications: {
    state: notificationState,
    async request() {
      if (notificationState() === 'default') await Notification.requestPermission();
      return notificationState();
    },
    async notify(title, body, open) {
      if (notificationState() !== 'granted') return;
      try {
        const n = new Notification(title, { body });
        if (open) {
          n.onclick = () => {
            window.focus();
            for (const h of openHandlers) h(open);
          };
        }
      } catch {
        // Some browsers allow notifications only from a service worker; a missed one is harmless.
      }
    },
  },
  async saveFile(suggestedName, content, opts) {
    const blob =
      opts?.encoding === 'base64'
        ? new Blob([Uint8Array.from(atob(content), (ch) => ch.charCodeAt(0))], { type: opts.mime ?? 'application/octet-stream' })
        : new Blob([content], { type: opts?.mime ? `${opts.mime};charset=utf-8` : 'text/plain;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = document.createElement('a');
    a.href = url;
    a.download = suggestedName;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    return { saved: true };
  },
  // sessionStorage: a reload stays signed in, a closed tab does not.
  secrets: {
    get: async (key) => sessionStorage.getItem(secretKey(key)),
    set: async (key, value) => sessionStorage.setItem(secretKey(key), value),
    delete: async (key) => sessionStorage.removeItem(secretKey(key)),
  },
  outbox: {
    load: async (userId) => [...(unsent.get(userId) ?? [])],
    async save(userId, pending) {
      if (pending.length) unsent.set(userId, [...pending]);
      else unsent.delete(userId);
    },
  },
  // The tab's title already counts waiting customers (Desk.tsx); a page has no dock or tray.
  setUnread() {},
  onOpen(handler) {
    openHandlers.add(handler);
    return () => void openHandlers.delete(handler);
  },
};
