// Everything the widget asks of the hub: its public settings, a customer session, the /customer socket.
import { io, type Socket } from 'socket.io-client';
import { NAMESPACES, type CustomerClientEvents, type CustomerServerEvents } from '../../shared/protocol/events';
import type { Customer } from '../../shared/protocol/schemas';
import { fromHttpReply } from '../common/ack';

export type CustomerSocket = Socket<CustomerServerEvents, CustomerClientEvents>;

export interface WidgetConfig {
  deskName: string;
  retentionMonths: number;
  messageMaxChars: number;
  ackTimeoutMs: number;
}

// The hub serves the widget, so it is always the page's own origin (also inside a store's iframe).
const hubUrl = () => location.origin;

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(hubUrl() + path, {
    method,
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
    credentials: 'omit',
    cache: 'no-store',
  });
  return fromHttpReply<T>(res.status, await res.json().catch(() => null));
}

export const getConfig = () => request<WidgetConfig>('GET', '/api/widget/config');

export const createSession = (name: string, email: string) =>
  request<{ token: string; customer: Customer }>('POST', '/api/widget/session', { name, email });

/** Not yet connected, so the caller can attach its handlers first. */
export function customerSocket(token: string, ackTimeoutMs: number): CustomerSocket {
  // retries: 0: resending is the Outbox's job (same clientId, deduped by the hub).
  return io(hubUrl() + NAMESPACES.customer, { auth: { token }, ackTimeout: ackTimeoutMs, retries: 0, autoConnect: false });
}
