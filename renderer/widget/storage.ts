// What the widget keeps in the customer's browser so a reload resumes the chat: the session token
// (with who it belongs to) and the messages typed but not yet acknowledged by the hub.
import type { PendingMessage } from '../../shared/delivery/outbox';
import type { Customer } from '../../shared/protocol/schemas';

const SESSION = 'caredesk.widget.session';
const OUTBOX = 'caredesk.widget.outbox';

export interface StoredSession {
  token: string;
  customer: Customer;
}

function read<T>(key: string, valid: (x: unknown) => x is T): T | null {
  try {
    const raw = localStorage.getItem(key);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    return valid(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or blocked (private mode, third-party iframe): the chat still works, it just won't survive a reload.
  }
}

const isSession = (x: unknown): x is StoredSession =>
  !!x && typeof (x as StoredSession).token === 'string' && typeof (x as StoredSession).customer?.email === 'string';

const isPendingList = (x: unknown): x is PendingMessage[] =>
  Array.isArray(x) &&
  x.every((p: PendingMessage) => p && typeof p.conversationId === 'string' && typeof p.clientId === 'string' && typeof p.body === 'string');

export const storage = {
  session: () => read(SESSION, isSession),
  saveSession: (s: StoredSession | null) => write(SESSION, s),
  pending: () => read(OUTBOX, isPendingList) ?? [],
  savePending: (p: PendingMessage[]) => write(OUTBOX, p.length ? p : null),
};
