// Fan-out of hub events to the right rooms in both namespaces.
import type { Namespace, Server } from 'socket.io';
import type { Conversation, Message, ReadReceipt, StaffUser } from '../../shared/protocol/schemas';
import type { TypingEvent } from '../../shared/protocol/events';
import { NAMESPACES } from '../../shared/protocol/events';
import { DeskError } from '../../shared/protocol/errors';
import type { StaffIdentity } from '../auth/staff';
import type { ChatEvents, ChatService } from '../chat/chatService';
import { room } from './handle';

export interface Broadcast extends ChatEvents {
  typing(event: TypingEvent, exceptSocketId?: string): void;
  /** This hub's sockets of the session are told, then closed (the other hubs' through the cluster). */
  revokeSession(sessionId: string, reason: string): void;
  /** The account is an agent now: its consoles stop getting supervisors' pushes. */
  demoted(userId: string): void;
  /**
   * This hub heard nothing from the other hubs for a while (its LISTEN connection was cut). What
   * they sent meanwhile never came: each console here has its session checked again (a sign-out,
   * a demotion) and its chats' rooms too (a transfer); then every chat with a socket here gets its
   * conversation again, whose lastSeq makes a client that missed a message sync, and every queue
   * is sent again. `authenticate` is the staff session check of a console's events.
   */
  resumed(authenticate: (token: string) => Promise<StaffIdentity>): Promise<void>;
}

/**
 * Staff sockets in a room on every hub (through the adapter). A hub that just died does not answer
 * until the adapter stops counting it (seconds): this hub's own sockets then, at least.
 */
export async function staffSocketsIn(agents: Namespace, r: string) {
  try {
    return await agents.in(r).fetchSockets();
  } catch {
    return agents.local.in(r).fetchSockets();
  }
}

export function broadcaster(io: Server, chat: () => ChatService): Broadcast {
  const customers = io.of(NAMESPACES.customer);
  const agents = io.of(NAMESPACES.agent);
  let queueScheduled = false;

  const toConversation = (c: { id: string; assignedAgent?: { id: string } | null }) => {
    const r = room.conversation(c.id);
    return c.assignedAgent ? agents.to(r).to(room.user(c.assignedAgent.id)) : agents.to(r);
  };

  const evict = async (conversationId: string, onlyHere = false) => {
    const r = room.conversation(conversationId);
    for (const s of onlyHere ? await agents.local.in(r).fetchSockets() : await staffSocketsIn(agents, r)) {
      const user = (s.data as { staff?: { user: StaffUser } }).staff?.user;
      if (user && !(await chat().mayFollow(user, conversationId))) s.leave(r);
    }
  };

  const fanOut: Broadcast = {
    messageStored(m: Message) {
      customers.to(room.conversation(m.conversationId)).emit('message:new', m);
      agents.to(room.conversation(m.conversationId)).emit('message:new', m);
    },
    conversationChanged(c: Conversation) {
      // However the chat came to its agent (an offer accepted, a waiting chat answered, a transfer),
      // all that agent's consoles, on every hub, follow it: its messages and typing reach them.
      if (c.status === 'active' && c.assignedAgent) agents.in(room.user(c.assignedAgent.id)).socketsJoin(room.conversation(c.id));
      customers.to(room.conversation(c.id)).emit('conversation:updated', c);
      toConversation(c).emit('conversation:updated', c);
      // Taken, transferred or reassigned (issue 12): staff who may no longer see the chat stop
      // receiving it. They got this last update, which tells their console the chat went elsewhere.
      if (c.status !== 'ended') void evict(c.id).catch(() => undefined);
    },
    readChanged(r: ReadReceipt) {
      const c = room.conversation(r.conversationId);
      customers.to(c).emit('read', r);
      agents.to(c).emit('read', r);
    },
    // Coalesced: a burst of changes sends each agent one fresh queue.
    queueChanged() {
      if (queueScheduled) return;
      queueScheduled = true;
      setImmediate(async () => {
        queueScheduled = false;
        try {
          for (const s of await staffSocketsIn(agents, room.agents)) {
            const user = (s.data as { staff?: { user: { id: string; name: string; email: string; role: 'agent' } } }).staff?.user;
            if (user) s.emit('queue:updated', await chat().queueWithPreviews(user));
          }
        } catch {
          // The store could not be read: the next change sends every queue again (and queue:list asks).
        }
      });
    },
    typing(event, exceptSocketId) {
      const r = room.conversation(event.conversationId);
      if (event.author.kind === 'agent') customers.to(r).emit('typing', event);
      (exceptSocketId ? agents.to(r).except(exceptSocketId) : agents.to(r)).emit('typing', event);
    },
    revokeSession(sessionId, reason) {
      agents.local.to(room.session(sessionId)).emit('session:revoked', { reason });
      agents.local.in(room.session(sessionId)).disconnectSockets(true);
    },
    async resumed(authenticate) {
      for (const s of await agents.local.fetchSockets()) {
        const data = s.data as { staff?: StaffIdentity; token?: string };
        if (!data.staff) continue;
        try {
          data.staff = await authenticate(data.token ?? '');
        } catch (e) {
          fanOut.revokeSession(data.staff.session.id, e instanceof DeskError ? e.message : 'Your session has ended. Sign in again.');
          continue;
        }
        if (data.staff.user.role === 'agent') {
          s.leave(room.supervisors);
          s.leave(room.privacy);
        }
      }
      const ids = new Set<string>();
      for (const ns of [customers, agents]) {
        for (const r of ns.adapter.rooms.keys()) {
          const id = room.conversationOf(r);
          if (id) ids.add(id);
        }
      }
      for (const id of ids) {
        // One chat that cannot be read now must not keep the others from being caught up.
        try {
          await evict(id, true);
          const c = await chat().view(id);
          if (!c) continue;
          const r = room.conversation(id);
          customers.local.to(r).emit('conversation:updated', c);
          (c.assignedAgent ? agents.local.to(r).to(room.user(c.assignedAgent.id)) : agents.local.to(r)).emit('conversation:updated', c);
        } catch {
          // A client whose chat was skipped still syncs at its next message or reconnect.
        }
      }
      fanOut.queueChanged();
    },
    demoted(userId) {
      // At once, on every hub (through the adapter): the live view and privacy requests are for
      // supervisors and admins, and a demoted one's open console may not send an event for hours.
      agents.in(room.user(userId)).socketsLeave([room.supervisors, room.privacy]);
    },
  };
  return fanOut;
}
