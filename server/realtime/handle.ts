// One wrapper for every client→server event: validate with the zod schema from shared/, check the
// session, run, and always answer with an Ack. Bad input gets a typed error and changes nothing.
import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { DeskError, type Ack, type ProtocolError } from '../../shared/protocol/errors';
import { loneSurrogatePath } from '../../shared/protocol/text';

export type Log = (level: 'info' | 'warn' | 'error', msg: string, extra?: Record<string, unknown>) => void;

export function toProtocolError(e: unknown, log: Log, where: string): ProtocolError {
  if (e instanceof DeskError) return e.toJSON();
  log('error', `${where} failed`, { error: (e as Error)?.stack ?? String(e) });
  return { code: 'internal', message: 'The hub could not do that; nothing was changed. Try again.' };
}

export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.infer<S> {
  const bad = loneSurrogatePath(payload);
  if (bad) {
    const path = bad.join('.');
    const message = 'text must be well-formed Unicode (it holds a lone surrogate)';
    throw new DeskError('invalid_payload', `Invalid request: ${path ? `${path}: ` : ''}${message}`, [{ path, message }]);
  }
  const r = schema.safeParse(payload);
  if (!r.success) {
    const issues = r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    throw new DeskError('invalid_payload', `Invalid request: ${issues.map((i) => (i.path ? `${i.path}: ` : '') + i.message).join('; ')}`, issues);
  }
  return r.data;
}

export interface BindOptions {
  /** Calls of this event that share a key (read from the raw payload) run one after another, in arrival order. */
  queue?: { by: (raw: unknown) => string; queue: KeyedQueue };
  /**
   * The session check runs while the handler starts, and the handler is given it to await before
   * it changes anything (a send reads the chat's access facts meanwhile: with the store in another
   * thread or on the network, that saves a round trip per message). If the check fails, its error
   * is the answer, whatever the handler did.
   */
  guardAlongside?: boolean;
}

export interface Binder {
  on<S extends z.ZodType, R>(event: string, schema: S, handler: (payload: z.infer<S>, guarded: Promise<void>) => R | Promise<R>, options?: BindOptions): void;
}

/** Runs the calls given one key one at a time, each after the one before has settled. */
export type KeyedQueue = <T>(key: string, fn: () => Promise<T>) => Promise<T>;

export function keyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  return (key, fn) => {
    const run = (tails.get(key) ?? Promise.resolve()).then(fn, fn);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}

/** The conversation a raw chat payload names, as the key that keeps one chat's sends in order. */
export const conversationKey = (raw: unknown): string => {
  const id = (raw as { conversationId?: unknown } | null | undefined)?.conversationId;
  return typeof id === 'string' ? id : '';
};

// Several modules may bind events on one socket (chat, transcripts, cases): they share one set of
// known events and one catch-all, so an event bound by one is never answered "unknown" by another.
const knownEvents = new WeakMap<Socket, Set<string>>();

function knownEventsOf(socket: Socket): Set<string> {
  let known = knownEvents.get(socket);
  if (known) return known;
  const events = (known = new Set<string>());
  knownEvents.set(socket, events);
  socket.onAny((event: unknown, ...args: unknown[]) => {
    if (typeof event === 'string' && events.has(event)) return;
    const ack = args.at(-1);
    if (typeof ack === 'function') {
      ack({ ok: false, error: { code: 'invalid_payload', message: `Unknown event: ${String(event).slice(0, 64)}` } });
    }
  });
  return events;
}

/**
 * `guard` runs before every event (session checks); if it throws unauthenticated the socket is
 * told why and closed.
 */
export function binder(socket: Socket, log: Log, guard: () => void | Promise<void> = () => {}): Binder {
  const known = knownEventsOf(socket);
  return {
    on(event, schema, handler, options = {}) {
      known.add(event);
      socket.on(event, (...args: unknown[]) => {
        const ack = typeof args.at(-1) === 'function' ? (args.pop() as (r: Ack<unknown>) => void) : () => {};
        const q = options.queue;
        void (q ? q.queue(q.by(args[0]), () => handle(args, ack)) : handle(args, ack));
      });
      async function run(args: unknown[]): Promise<unknown> {
        if (!options.guardAlongside) {
          await guard();
          return handler(parsePayload(schema, args[0] ?? {}), Promise.resolve());
        }
        const guarded = Promise.resolve().then(guard);
        const [checked, result] = await Promise.allSettled([guarded, Promise.resolve().then(() => handler(parsePayload(schema, args[0] ?? {}), guarded))]);
        if (checked.status === 'rejected') throw checked.reason;
        if (result.status === 'rejected') throw result.reason;
        return result.value;
      }
      async function handle(args: unknown[], ack: (r: Ack<unknown>) => void): Promise<void> {
        try {
          ack({ ok: true, data: (await run(args)) ?? null });
        } catch (e) {
          const error = toProtocolError(e, log, event);
          ack({ ok: false, error });
          if (error.code === 'unauthenticated') {
            socket.emit('session:revoked', { reason: error.message });
            socket.disconnect(true);
          }
        }
      }
    },
  };
}

export const room = {
  conversation: (id: string) => `conv:${id}`,
  /** The conversation a room is for, or null for any other room. */
  conversationOf: (r: string) => (r.startsWith('conv:') ? r.slice('conv:'.length) : null),
  user: (id: string) => `user:${id}`,
  session: (id: string) => `session:${id}`,
  agents: 'agents',
  /** Supervisors' and admins' live view (supervise:updated). */
  supervisors: 'supervisors',
  /** Supervisors' and admins' privacy requests (privacy:changed). */
  privacy: 'privacy',
};
