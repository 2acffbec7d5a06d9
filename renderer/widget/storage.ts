// What the widget keeps in the customer's browser so a reload resumes the chat: the session token
// (with who it belongs to) and the messages typed but not yet acknowledged by the hub.
//
// Shared browsers (issue 12): kept in sessionStorage, so the browser forgets the customer when its
// session ends (the next person on a shop's or a library's computer starts afresh). Only when the
// customer ticks "Remember me on this device" does it go to localStorage and survive a restart.
import type { PendingMessage } from '../../shared/delivery/outbox';
import type { Customer } from '../../shared/protocol/schemas';

const SESSION = 'caredesk.widget.session';
const OUTBOX = 'caredesk.widget.outbox';

export interface StoredSession {
  token: string;
  customer: Customer;
  /** Kept across browser restarts (localStorage) rather than for this browser session only. */
  remember?: boolean;
}

type Area = 'session' | 'local';

function area(a: Area): Storage | null {
  try {
    return a === 'local' ? localStorage : sessionStorage;
  } catch {
    return null;
  }
}

function read<T>(a: Area, key: string, valid: (x: unknown) => x is T): T | null {
  try {
    const raw = area(a)?.getItem(key);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    return valid(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

function write(a: Area, key: string, value: unknown): void {
  try {
    if (value === null) area(a)?.removeItem(key);
    else area(a)?.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or blocked (private mode, third-party iframe): the chat still works, it just won't survive a reload.
  }
}

const isSession = (x: unknown): x is StoredSession =>
  !!x && typeof (x as StoredSession).token === 'string' && typeof (x as StoredSession).customer?.email === 'string';

const isPendingList = (x: unknown): x is PendingMessage[] =>
  Array.isArray(x) &&
  x.every((p: PendingMessage) => p && typeof p.conversationId === 'string' && typeof p.clientId === 'string' && typeof p.body === 'string');

/** Where the current session lives: the outbox follows it. */
let current: Area = 'session';

export const storage = {
  /** This browser session's, else one remembered on this device. */
  session(): StoredSession | null {
    const s = read('session', SESSION, isSession);
    if (s) return (current = 'session'), s;
    const kept = read('local', SESSION, isSession);
    current = kept ? 'local' : 'session';
    return kept;
  },
  /** null forgets the customer everywhere (sign-out, "Not you?", an expired session). */
  saveSession(s: StoredSession | null): void {
    if (s === null) {
      for (const a of ['session', 'local'] as const) {
        write(a, SESSION, null);
        write(a, OUTBOX, null);
      }
      return;
    }
    current = s.remember ? 'local' : 'session';
    write(current, SESSION, s);
    write(current === 'local' ? 'session' : 'local', SESSION, null);
  },
  pending: () => read(current, OUTBOX, isPendingList) ?? [],
  savePending: (p: PendingMessage[]) => write(current, OUTBOX, p.length ? p : null),
};
