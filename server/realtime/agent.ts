// Namespace /agent: the console. Every event re-checks the staff session, so revoking a session
// cuts off its live sockets at their next event (and at once, through broadcast.revokeSession).
import type { Namespace } from 'socket.io';
import { ChatRead, ChatSend, ChatSync, ChatTyping, ConversationOpen, ConversationRef, Empty } from '../../shared/protocol/schemas';
import type { AgentClientEvents, AgentServerEvents } from '../../shared/protocol/events';
import type { StaffAuth, StaffIdentity } from '../auth/staff';
import type { ChatService } from '../chat/chatService';
import { binder, conversationKey, keyedQueue, room, toProtocolError, type Log } from './handle';
import type { Broadcast } from './broadcast';
import { bindAgentTranscripts, type TranscriptDeps } from './transcripts';

type AgentNs = Namespace<AgentClientEvents, AgentServerEvents, Record<string, never>, { staff: StaffIdentity; token: string }>;

export function registerAgent(ns: AgentNs, deps: { auth: StaffAuth; chat: ChatService; broadcast: Broadcast; log: Log; transcripts: TranscriptDeps }) {
  const { auth, chat, broadcast, log } = deps;
  // As for customers (customer.ts): one queue per chat on this hub, across the console's sockets.
  const sendsInOrder = chat.sendsNeedQueue ? { queue: { by: conversationKey, queue: keyedQueue() } } : {};

  ns.use(async (socket, next) => {
    try {
      const token = socket.handshake.auth?.token as string | undefined;
      // A locked console keeps its live link (it counts arrivals on the lock screen); each event is refused while locked.
      socket.data.staff = await auth.authenticate(token, { whileLocked: true });
      socket.data.token = token!;
      next();
    } catch (e) {
      const err = new Error(toProtocolError(e, log, 'agent connect').message) as Error & { data: unknown };
      err.data = { code: 'unauthenticated' };
      next(err);
    }
  });

  ns.on('connection', (socket) => {
    const { user, session } = socket.data.staff;
    void socket.join([room.agents, room.user(user.id), room.session(session.id)]);
    const actor = { kind: 'staff' as const, user };
    const b = binder(socket, log, async () => {
      socket.data.staff = await auth.authenticate(socket.data.token);
    });
    // The chats this socket asked for (opened, synced, answered, …): kept when assignments change.
    const asked = new Set<string>();
    const follow = (conversationId: string) => {
      asked.add(conversationId);
      void socket.join(room.conversation(conversationId));
    };
    void followAssigned();
    /**
     * A console that connects (or reconnects) follows the chats assigned to its agent at once, as a
     * transfer makes every console of theirs do: their messages reach it without an open. Read
     * twice: a chat released (transferred, requeued) while the first read was under way left the
     * room before this socket joined it, so one the second read no longer returns is left again.
     */
    async function followAssigned(): Promise<void> {
      try {
        const first = await chat.assignedTo(user);
        if (!socket.connected) return;
        for (const id of first) void socket.join(room.conversation(id));
        const still = new Set(await chat.assignedTo(user));
        for (const id of first) if (!still.has(id) && !asked.has(id)) void socket.leave(room.conversation(id));
      } catch (e) {
        log('warn', 'could not read the chats assigned to a console that connected', { error: String(e) });
      }
    }
    bindAgentTranscripts(b, () => socket.data.staff.user, deps.transcripts);

    b.on('queue:list', Empty, () => chat.queueWithPreviews(user));
    b.on('conversation:open', ConversationOpen, async ({ conversationId, ...page }) => {
      const t = await chat.open(user, conversationId, page);
      follow(conversationId);
      return t;
    });
    b.on('conversation:accept', ConversationRef, async (p) => {
      // The agent's other consoles (another window, another hub) follow it too: broadcast.conversationChanged.
      const conversation = await chat.accept(user, p.conversationId);
      follow(p.conversationId);
      return { conversation };
    });
    b.on('conversation:end', ConversationRef, async (p) => ({ conversation: await chat.end(actor, p.conversationId) }));
    b.on(
      'chat:send',
      ChatSend,
      async (p, guarded) => {
        const message = await chat.send(guarded.then(() => actor), p);
        follow(p.conversationId);
        return { message };
      },
      { ...sendsInOrder, guardAlongside: true },
    );
    b.on('chat:sync', ChatSync, async (p) => {
      const t = await chat.syncForStaff(socket.data.staff.user, p);
      follow(p.conversationId);
      return t;
    });
    b.on('chat:read', ChatRead, async (p) => {
      const receipt = await chat.read(actor, p);
      follow(p.conversationId);
      return receipt;
    });
    b.on('chat:typing', ChatTyping, async (p) => {
      await chat.workable(actor, p.conversationId);
      broadcast.typing({ conversationId: p.conversationId, author: { kind: 'agent', name: user.name }, typing: p.typing }, socket.id);
      return null;
    });
  });
}
