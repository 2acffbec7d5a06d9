// socket.io clients for tests, typed with the same event maps as the console and widget.
import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../shared/protocol/errors';
import type { AgentClientEvents, AgentServerEvents, CustomerClientEvents, CustomerServerEvents } from '../../shared/protocol/events';

export type CustomerSocket = Socket<CustomerServerEvents, CustomerClientEvents>;
export type AgentSocket = Socket<AgentServerEvents, AgentClientEvents>;

const open = <T extends Socket>(s: T): Promise<T> =>
  new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', (e) => {
      s.close();
      reject(e);
    });
  });

export function connectCustomer(url: string, token: string, opts: { reconnection?: boolean } = {}): Promise<CustomerSocket> {
  return open(io(`${url}/customer`, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: opts.reconnection ?? false }));
}

export function connectAgent(url: string, token: string, opts: { reconnection?: boolean } = {}): Promise<AgentSocket> {
  return open(io(`${url}/agent`, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: opts.reconnection ?? false }));
}

/** Emits with an ack, typed loosely so tests can also send malformed payloads. */
export async function call<T = any>(socket: Socket, event: string, payload?: unknown, timeoutMs = 5000): Promise<Ack<T>> {
  return (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as Ack<T>;
}

export async function ok<T = any>(socket: Socket, event: string, payload?: unknown): Promise<T> {
  const r = await call<T>(socket, event, payload);
  if (!r.ok) throw new Error(`${event} refused: ${r.error.code} ${r.error.message}`);
  return r.data;
}

/** Collects every event of one name, for asserting exactly-once delivery. */
export function collect<T>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (x: T) => seen.push(x));
  return seen;
}

export async function until(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
