// Routing, notes, offline tickets and canned replies over socket.io (issue 3), on /agent only:
// nothing here is ever sent to the customer namespace except queue:position. Handlers share each
// socket's binder set (handle.ts) and re-check the staff session per event.
import type { Namespace, Server } from 'socket.io';
import { AgentsList, CannedList, CannedRef, CannedSave, ChatNote, SetAgentBrands, SetStatus, Transfer } from '../../shared/protocol/routing';
import { TicketAnswer, TicketAssign, TicketGet, TicketMerge, TicketNote, TicketSetStatus, TicketsList, type Ticket } from '../../shared/protocol/tickets';
import { DeskError } from '../../shared/protocol/errors';
import { NAMESPACES, type AgentClientEvents, type AgentServerEvents, type CustomerClientEvents, type CustomerServerEvents } from '../../shared/protocol/events';
import { ConversationRef, Empty, type StaffUser } from '../../shared/protocol/schemas';
import type { StaffAuth, StaffIdentity } from '../auth/staff';
import type { CustomerIdentity } from '../auth/widget';
import { deskBrands, requireBrand } from '../brands';
import type { HubConfig } from '../config';
import type { CannedEvents, CannedReplies } from '../routing/canned';
import type { ChatNotes, NoteEvents } from '../routing/notes';
import type { Router, RoutingEvents } from '../routing/router';
import type { StoreApi } from '../store/api';
import type { TicketEvents, TicketsService } from '../tickets/tickets';
import { isReviewer } from '../transcripts/access';
import { staffSocketsIn } from './broadcast';
import { binder, room, type Log } from './handle';
import { auditEvent, staffActor, userSubject } from '../audit/record';
import type { ChatService } from '../chat/chatService';
import { systemClock, type Clock } from '../clock';

type AgentNs = Namespace<AgentClientEvents, AgentServerEvents, Record<string, never>, { staff: StaffIdentity; token: string }>;
type CustomerNs = Namespace<CustomerClientEvents, CustomerServerEvents, Record<string, never>, { identity: CustomerIdentity }>;

export interface RoutingDeps {
  auth: StaffAuth;
  router: Router;
  notes: ChatNotes;
  tickets: TicketsService;
  canned: CannedReplies;
  store: StoreApi;
  /** Who may see a chat (agents:list answers only them). */
  chat: Pick<ChatService, 'mayFollow'>;
  config: HubConfig;
  log: Log;
  /** For the audit events of brand changes; default the system clock. */
  clock?: Clock;
}

/** Bound after registerAgent, whose middleware authenticates the sockets. */
export function registerRouting(io: Server, deps: RoutingDeps) {
  const { auth, router, notes, tickets, canned, store, config, log } = deps;
  const agents = io.of(NAMESPACES.agent) as unknown as AgentNs;

  agents.on('connection', (socket) => {
    const b = binder(socket, log, async () => {
      socket.data.staff = await auth.authenticate(socket.data.token);
    });
    const user = () => socket.data.staff.user;
    const userId = user().id;
    router.connected(user());
    socket.on('disconnect', () => router.disconnected(userId));

    b.on('agent:status', Empty, () => router.myStatus(user().id));
    b.on('agent:set-status', SetStatus, (p) => router.setStatus(user(), p.status));
    b.on('routing:set-brands', SetAgentBrands, async (p) => {
      if (user().role !== 'admin') throw new DeskError('forbidden', 'Only an admin may set the brands an agent serves.');
      if (!await store.users.account(p.userId)) throw new DeskError('not_found', 'No such account.');
      const brands = [...new Set(p.brands.map((id) => requireBrand(config, id)))];
      await store.write(async (tx) => {
        await tx.routing.setBrands(p.userId, brands);
        await tx.audit.append(auditEvent(deps.clock ?? systemClock, staffActor(user()), 'staff.brands', userSubject(p.userId), { brands: brands.length ? [...brands].sort() : 'all' }));
      });
      router.schedule();
      return { userId: p.userId, brands: await store.routing.brandsOf(p.userId) };
    });

    // Agents may not read the supervisors' live view, but a transfer needs to know who can take it.
    b.on('agents:list', AgentsList, async (p) => {
      const c = p?.conversationId ? await store.conversations.get(p.conversationId) : null;
      // Only for a chat the caller may see (the live-chat rule: its agent, supervisors and admins, a
      // waiting chat's brand): anyone else learns nothing of it, not even that it exists.
      if (p?.conversationId && (!c || !(await deps.chat.mayFollow(user(), c.id)))) throw new DeskError('not_found', 'No such conversation.');
      const brandId = c?.brandId ?? null;
      const all = (await router.snapshot()).agents;
      const serving = await Promise.all(all.map((a) => !brandId || store.routing.serves(a.id, brandId)));
      const agents = all.filter((_, i) => serving[i]);
      return { agents, brands: deskBrands(config), brandId };
    });

    b.on('conversation:transfer', Transfer, async (p) => {
      const u = user();
      const c = await store.conversations.get(p.conversationId);
      if (!c) throw new DeskError('not_found', 'No such conversation.');
      if (c.assignedAgent?.id !== u.id && !isReviewer(u)) throw new DeskError('forbidden', 'Only the agent on this chat, or a supervisor, may transfer it.');
      if (p.toAgentId) {
        const to = p.toAgentId;
        const conversation = await router.reassign(c.id, to, () => notes.transferNote(u, c.id, p.note, to));
        return { conversation };
      }
      const brandId = requireBrand(config, p.toBrandId);
      return { conversation: await router.requeue(c.id, brandId, () => notes.transferNote(u, c.id, p.note, null)) };
    });

    b.on('chat:note', ChatNote, async (p) => {
      const note = await notes.add(user(), p);
      void socket.join(room.conversation(p.conversationId));
      return { note };
    });
    b.on('chat:notes', ConversationRef, async (p) => ({ notes: await notes.list(user(), p.conversationId) }));

    b.on('tickets:list', TicketsList, async (p) => ({ tickets: await tickets.list(user(), p) }));
    b.on('tickets:assign', TicketAssign, async (p) => ({ ticket: await tickets.assign(user(), p) }));
    b.on('tickets:get', TicketGet, (p) => tickets.thread(user(), p.ticketId));
    b.on('tickets:answer', TicketAnswer, (p) => tickets.answer(user(), p));
    b.on('tickets:note', TicketNote, (p) => tickets.note(user(), p));
    b.on('tickets:set-status', TicketSetStatus, async (p) => ({ ticket: await tickets.setStatus(user(), p) }));
    b.on('tickets:merge', TicketMerge, (p) => tickets.merge(user(), p));

    b.on('canned:list', CannedList, async (p) => ({ replies: await canned.list(p) }));
    b.on('canned:save', CannedSave, async (p) => ({ reply: await canned.save(user(), p) }));
    b.on('canned:delete', CannedRef, async (p) => canned.remove(user(), p.id));
  });
}

/**
 * Where routing, notes, tickets and canned replies are pushed. `mayWorkTicket` decides, per staff
 * socket at push time, whether a ticket is theirs: the brands an agent serves may change at any time.
 */
export function routingBroadcast(
  io: Server,
  onLive: () => void,
  mayWorkTicket: (user: StaffUser, ticket: Ticket) => boolean | Promise<boolean>,
): RoutingEvents & NoteEvents & TicketEvents & CannedEvents {
  const agents = io.of(NAMESPACES.agent) as unknown as AgentNs;
  const customers = io.of(NAMESPACES.customer) as unknown as CustomerNs;
  // Every staff socket in the agents' room (on every hub) that may work the ticket gets the push.
  // Best effort: a console that misses one reloads the list on reconnect.
  const eachWorker = async (ticket: Ticket, push: (s: { emit: AgentNs['emit'] }) => void): Promise<void> => {
    try {
      for (const s of await staffSocketsIn(io.of(NAMESPACES.agent), room.agents)) {
        const user = (s.data as { staff?: { user: StaffUser } }).staff?.user;
        if (user && (await mayWorkTicket(user, ticket))) push(s as unknown as { emit: AgentNs['emit'] });
      }
    } catch {
      // A store read that failed: the next change pushes again.
    }
  };
  return {
    offered: (agentId, offer) => agents.to(room.user(agentId)).emit('conversation:offered', offer),
    offerWithdrawn: (agentId, conversationId, reason) => agents.to(room.user(agentId)).emit('conversation:offer-withdrawn', { conversationId, reason }),
    // The new agent's consoles already follow the chat: the reassignment's conversationChanged,
    // sent before this, joined them (broadcast.ts).
    assigned: (agentId, conversation, note) => agents.to(room.user(agentId)).emit('conversation:assigned', { conversation, note }),
    released: (agentId, conversationId) => agents.in(room.user(agentId)).socketsLeave(room.conversation(conversationId)),
    position: (conversationId, position) => customers.to(room.conversation(conversationId)).emit('queue:position', { conversationId, position }),
    statusChanged: (agentId, status) => agents.to(room.user(agentId)).emit('agent:status-updated', status),
    liveChanged: onLive,
    noteAdded(note, assigned) {
      const to = agents.to(room.conversation(note.conversationId));
      (assigned ? to.to(room.user(assigned)) : to).emit('note:new', note);
    },
    ticketChanged(ticket) {
      // Per socket rather than to room.agents: tickets:list hides other brands' tickets, so must the pushes.
      void eachWorker(ticket, (s) => s.emit('tickets:updated', { ticket }));
      onLive();
    },
    ticketMessage(ticket, message) {
      void eachWorker(ticket, (s) => s.emit('tickets:message', { ticket, message }));
    },
    cannedChanged: (reply, deletedId) => agents.to(room.agents).emit('canned:updated', { reply, deletedId }),
  };
}
