// Whether a chat's customer is still around (POLICY §3b: a chat nobody ended ends by itself once
// the customer has been gone 30 minutes, no connection and no message). The widget's sockets join
// the conversation's room in the customer namespace; a socket leaving marks the time. What the hub
// did not see (before it started) counts from its start, so a restart never ends a chat at once.
// What a hub sees is written to the store every check (`seen`), since in a cluster the customer's
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
     * The chats whose customer this hub sees now (at now) or saw leave since the last call (at that
     * time), for the store (`privacy.markCustomersSeen`): other hubs and the CLI see only that.
     */
    seen(): { id: string; at: string }[] {
      const out = new Map<string, number>(departed);
      departed.clear();
      const now = clock.now().getTime();
      for (const [r, sockets] of customers.adapter.rooms) if (r.startsWith(PREFIX) && sockets.size > 0) out.set(r.slice(PREFIX.length), now);
      return [...out].map(([id, at]) => ({ id, at: new Date(at).toISOString() }));
    },
    /** When the customer's last socket left this chat (or the hub started). */
    lastSeen: (conversationId: string): number => lastSeen.get(conversationId) ?? startedAt,
    forget: (conversationId: string) => lastSeen.delete(conversationId),
  };
}
export type CustomerPresence = ReturnType<typeof customerPresence>;
