// What a hub writes of its customers' presence for the other hubs and the CLI (server/chat/presence.ts),
// on a stand-in for socket.io's namespace (its rooms and connection events only): the timing of the
// writes is the point here; test/integration/cluster.test.ts and retention.test.ts run the real thing.
import { EventEmitter } from 'node:events';
import type { Namespace } from 'socket.io';
import { describe, expect, it } from 'vitest';
import { clockAt } from '../../server/clock';
import { customerPresence } from '../../server/chat/presence';
import { room } from '../../server/realtime/handle';

function fakeNamespace() {
  const ns = new EventEmitter() as EventEmitter & { adapter: { rooms: Map<string, Set<string>> } };
  ns.adapter = { rooms: new Map() };
  return {
    ns: ns as unknown as Namespace,
    /** A widget socket in the chat's room; `leave()` is its disconnect. */
    join(chat: string) {
      const socket = new EventEmitter() as EventEmitter & { rooms: Set<string> };
      const r = room.conversation(chat);
      socket.rooms = new Set([r]);
      ns.emit('connection', socket);
      ns.adapter.rooms.set(r, new Set([...(ns.adapter.rooms.get(r) ?? []), 'socket']));
      return {
        leave() {
          socket.emit('disconnecting');
          ns.adapter.rooms.delete(r);
        },
      };
    },
  };
}

describe('customer presence written for the other hubs (stand-in namespace)', () => {
  it('a connected customer is written at once, then again only after the refresh time; a departure once, at its time', () => {
    const t0 = new Date('2026-12-07T10:00:00.000Z');
    const clock = clockAt(t0, { frozen: true });
    const f = fakeNamespace();
    const presence = customerPresence(f.ns, clock);
    const here = f.join('c1');
    expect(presence.seen(60_000)).toEqual([{ id: 'c1', at: t0.toISOString() }]);
    clock.set(new Date(t0.getTime() + 30_000));
    expect(presence.seen(60_000)).toEqual([]);
    clock.set(new Date(t0.getTime() + 60_000));
    expect(presence.seen(60_000)).toEqual([{ id: 'c1', at: '2026-12-07T10:01:00.000Z' }]);
    clock.set(new Date(t0.getTime() + 70_000));
    here.leave();
    clock.set(new Date(t0.getTime() + 80_000));
    expect(presence.seen(60_000)).toEqual([{ id: 'c1', at: '2026-12-07T10:01:10.000Z' }]);
    expect(presence.seen(60_000)).toEqual([]);
  });

  it('what the store did not take is written again: the departure with its own time, the connected at once', () => {
    const t0 = new Date('2026-12-07T10:00:00.000Z');
    const clock = clockAt(t0, { frozen: true });
    const f = fakeNamespace();
    const presence = customerPresence(f.ns, clock);
    f.join('stays');
    f.join('goes').leave();
    const failed = presence.seen(60_000);
    expect(failed).toHaveLength(2);
    presence.unseen(failed);
    clock.set(new Date(t0.getTime() + 5_000));
    expect(presence.seen(60_000).sort((a, b) => a.id.localeCompare(b.id))).toEqual([
      { id: 'goes', at: t0.toISOString() },
      { id: 'stays', at: '2026-12-07T10:00:05.000Z' },
    ]);
  });
});
