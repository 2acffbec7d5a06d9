// Whether a chat's customer is still around (POLICY §3b: a chat nobody ended ends by itself once
// the customer has been gone 30 minutes, no connection and no message). The widget's sockets join
// the conversation's room in the customer namespace; a socket leaving marks the time. What the hub
// did not see (before it started) counts from its start, so a restart never ends a chat at once.
import type { Namespace } from 'socket.io';
import type { Clock } from '../clock';
import { room } from '../realtime/handle';

const PREFIX = room.conversation('');

export function customerPresence(customers: Namespace, clock: Clock) {
  const startedAt = clock.now().getTime();
  const lastSeen = new Map<string, number>();
  customers.on('connection', (socket) => {
    socket.on('disconnecting', () => {
      const at = clock.now().getTime();
      for (const r of socket.rooms) if (r.startsWith(PREFIX)) lastSeen.set(r.slice(PREFIX.length), at);
    });
  });
  return {
    present: (conversationId: string): boolean => (customers.adapter.rooms.get(room.conversation(conversationId))?.size ?? 0) > 0,
    /** When the customer's last socket left this chat (or the hub started). */
    lastSeen: (conversationId: string): number => lastSeen.get(conversationId) ?? startedAt,
    forget: (conversationId: string) => lastSeen.delete(conversationId),
  };
}
export type CustomerPresence = ReturnType<typeof customerPresence>;
