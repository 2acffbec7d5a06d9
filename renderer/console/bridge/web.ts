// The console in a plain browser, served by the hub itself: same origin, tab-scoped secrets.
import { agentSocket } from './agentSocket';
import { hubHttp } from './hubHttp';
import type { ConsoleBridge, NotificationState } from './types';

const hubUrl = () => location.origin;
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
    async notify(title, body) {
      if (notificationState() !== 'granted') return;
      try {
        new Notification(title, { body });
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
};
