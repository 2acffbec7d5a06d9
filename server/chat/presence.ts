// Whether a chat's customer is still around (POLICY §3b: a chat nobody ended ends by itself once
// the customer has been gone 30 minutes, no connection and no message). The widget's sockets join
// the conversation's room in the customer namespace; a socket leaving marks the time. What the hub
// did not see (before it started) counts from its start, so a restart never ends a chat at once.
// What a hub sees goes to the store (`seen`, at its checks), since in a cluster the customer's
// socket may be on another hub, and `caredesk retention run` sees no socket at all.
import type { Namespace } from 'socket.io';
import type { Clock } from '../clock';
import { room } from '../realtime/handle';

const PREFIX = room.conversation('');

export function customerPresence(customers: Namespace, clock: Clock) {
  const startedAt = clock.now().getTime();
  const lastSeen = new Map<string, number>();
  /** Left since the last `seen()`: their time goes to the store once. */
  const departed = new Map<string, number>();
  /** When each chat's customer was last written as seen here: a connected one is written again only after `refreshMs`. */
  const written = new Map<string, number>();
  customers.on('connection', (socket) => {
    socket.on('disconnecting', () => {
      const at = clock.now().getTime();
      for (const r of socket.rooms) {
        if (!r.startsWith(PREFIX)) continue;
        lastSeen.set(r.slice(PREFIX.length), at);
        departed.set(r.slice(PREFIX.length), at);
      }
    });
  });
  return {
    present: (conversationId: string): boolean => (customers.adapter.rooms.get(room.conversation(conversationId))?.size ?? 0) > 0,
    /**
     * What the store (`privacy.markCustomersSeen`) should learn, since other hubs and the CLI see
     * only that: the chats whose customer left since the last call (at that time), and those whose
     * customer this hub sees now and were last written more than `refreshMs` ago (at now). A write
     * that failed is handed back with `unseen`.
     */
    seen(refreshMs: number): { id: string; at: string }[] {
      const out = new Map<string, number>(departed);
      departed.clear();
      const now = clock.now().getTime();
      const here = new Set<string>();
      for (const [r, sockets] of customers.adapter.rooms) {
        if (!r.startsWith(PREFIX) || sockets.size === 0) continue;
        const id = r.slice(PREFIX.length);
        here.add(id);
        if (now - (written.get(id) ?? -Infinity) >= refreshMs) out.set(id, now);
      }
      // Only chats with a customer here are remembered: one who comes back is written at once.
      for (const id of written.keys()) if (!here.has(id)) written.delete(id);
      for (const [id, at] of out) if (here.has(id)) written.set(id, at);
      return [...out].map(([id, at]) => ({ id, at: new Date(at).toISOString() }));
    },
    /** A `seen()` the store did not take: the departures wait for the next call, the rest is written again then. */
    unseen(entries: { id: string; at: string }[]) {
      for (const e of entries) {
        written.delete(e.id);
        if (lastSeen.get(e.id) === Date.parse(e.at) && !departed.has(e.id)) departed.set(e.id, Date.parse(e.at));
      }
    },
    /** When the customer's last socket left this chat (or the hub started). */
    lastSeen: (conversationId: string): number => lastSeen.get(conversationId) ?? startedAt,
    forget: (conversationId: string) => {
      lastSeen.delete(conversationId);
      written.delete(conversationId);
    },
  };
}
export type CustomerPresence = ReturnType<typeof customerPresence>;
