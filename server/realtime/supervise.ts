// Supervisors live (issue 3): the queue, each agent's status and load, every active chat; open any
// live chat read-only (audited as a view), whisper (chat:note), reassign. Supervisors and admins
// only: agents are refused with forbidden.
import type { Namespace, Server } from 'socket.io';
import { Reassign } from '../../shared/protocol/routing';
import { NAMESPACES, type AgentClientEvents, type AgentServerEvents } from '../../shared/protocol/events';
import { ConversationRef, Empty } from '../../shared/protocol/schemas';
import type { StaffAuth, StaffIdentity } from '../auth/staff';
import type { ChatService } from '../chat/chatService';
import type { ChatNotes } from '../routing/notes';
import type { Router } from '../routing/router';
import { requireReviewer } from '../transcripts/access';
import { binder, room, type Log } from './handle';

type AgentNs = Namespace<AgentClientEvents, AgentServerEvents, Record<string, never>, { staff: StaffIdentity; token: string }>;


export function registerSupervise(io: Server, deps: { auth: StaffAuth; router: () => Router; chat: ChatService; notes: ChatNotes; log: Log }) {
  const { auth, chat, notes, log } = deps;
  const agents = io.of(NAMESPACES.agent) as unknown as AgentNs;

  agents.on('connection', (socket) => {
    const b = binder(socket, log, async () => {
      socket.data.staff = await auth.authenticate(socket.data.token);
      // A supervisor demoted mid-session stops getting the live view at their next event.
      if (socket.data.staff.user.role === 'agent') void socket.leave(room.supervisors);
    });
    const user = () => socket.data.staff.user;

    b.on('supervise:snapshot', Empty, () => {
      requireReviewer(user());
      void socket.join(room.supervisors);
      return deps.router().snapshot();
    });
    b.on('supervise:open', ConversationRef, async (p) => {
      requireReviewer(user());
      // chat.open records the view in the audit log, as conversation:open does. Read-only: the
      // supervisor follows the chat without taking it.
      const { conversation, messages } = await chat.open(user(), p.conversationId);
      void socket.join(room.conversation(p.conversationId));
      return { conversation, messages, notes: await notes.list(user(), p.conversationId) };
    });
    b.on('supervise:reassign', Reassign, async (p) => {
      const u = user();
      requireReviewer(u);
      const conversation = await deps.router().reassign(p.conversationId, p.toAgentId, async () =>
        p.note ? notes.transferNote(u, p.conversationId, p.note, p.toAgentId) : null,
      );
      return { conversation };
    });
  });

  // Coalesced: at most one push per superviseUpdateMs, carrying the latest numbers.
  let timer: NodeJS.Timeout | null = null;
  let closed = false;
  return {
    changed(intervalMs: number): void {
      if (timer || closed) return;
      timer = setTimeout(() => {
        timer = null;
        if (closed) return;
        void deps.router().snapshot().then((s) => agents.to(room.supervisors).emit('supervise:updated', s), () => undefined);
      }, intervalMs);
      timer.unref();
    },
    close(): void {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
