// Cases and orders over socket.io (issue 5). Agents: list, read, open and move cases, search
// orders. Customers: their own cases (those linked to this widget session's chats). Handlers
// share each socket's binder set with chat (handle.ts), and re-check the staff session per event.
import type { Namespace, Server } from 'socket.io';
import { CaseLink, CaseListQuery, CaseNote, CaseRef, CaseTransition, OpenClaim, OpenRma, OrderRef, OrdersSearch } from '../../shared/protocol/cases';
import { NAMESPACES, type AgentClientEvents, type AgentServerEvents, type CustomerClientEvents, type CustomerServerEvents } from '../../shared/protocol/events';
import { Empty } from '../../shared/protocol/schemas';
import type { StaffAuth, StaffIdentity } from '../auth/staff';
import type { CustomerIdentity, WidgetAuth } from '../auth/widget';
import { customerBinder } from './customerBinder';
import type { CaseEvents, CasesService } from '../cases/service';
import { binder, room, type Log } from './handle';

type AgentNs = Namespace<AgentClientEvents, AgentServerEvents, Record<string, never>, { staff: StaffIdentity; token: string }>;
type CustomerNs = Namespace<CustomerClientEvents, CustomerServerEvents, Record<string, never>, { identity: CustomerIdentity }>;

/** Bound after registerAgent / registerCustomer, whose middleware authenticates the sockets. */
export function registerCases(io: Server, deps: { auth: StaffAuth; widget: WidgetAuth; cases: CasesService; log: Log }) {
  const { auth, cases, log } = deps;
  const agents = io.of(NAMESPACES.agent) as unknown as AgentNs;
  const customers = io.of(NAMESPACES.customer) as unknown as CustomerNs;

  agents.on('connection', (socket) => {
    const b = binder(socket, log, async () => {
      socket.data.staff = await auth.authenticate(socket.data.token);
    });
    // Read per event: the guard refreshes it, so a changed role counts at once.
    const user = () => socket.data.staff.user;

    b.on('cases:list', CaseListQuery, async (p) => ({ cases: await cases.list(user(), p) }));
    b.on('cases:get', CaseRef, async (p) => ({ case: await cases.get(user(), p.caseId) }));
    b.on('cases:open-rma', OpenRma, async (p) => ({ case: await cases.openRma(user(), p) }));
    b.on('cases:open-claim', OpenClaim, async (p) => ({ case: await cases.openClaim(user(), p) }));
    b.on('cases:transition', CaseTransition, async (p) => ({ case: await cases.transitionAs(user(), p) }));
    b.on('cases:note', CaseNote, async (p) => ({ case: await cases.note(user(), p) }));
    b.on('cases:link', CaseLink, async (p) => ({ case: await cases.link(user(), p) }));
    b.on('orders:search', OrdersSearch, async (p) => ({ orders: await cases.searchOrders(user(), p.query, p.limit) }));
    b.on('orders:get', OrderRef, (p) => cases.order(user(), p.orderId));
  });

  customers.on('connection', (socket) => {
    const b = customerBinder(socket, log, deps.widget);
    b.on('cases:mine', Empty, async () => ({ cases: await cases.mine(socket.data.identity) }));
  });
}

/** Case changes to every agent (lists, escalations), and to the customer's linked chats. */
export function caseBroadcast(io: Server): CaseEvents {
  const agents = io.of(NAMESPACES.agent) as unknown as AgentNs;
  const customers = io.of(NAMESPACES.customer) as unknown as CustomerNs;
  return {
    caseChanged(summary, customer, conversationIds) {
      agents.to(room.agents).emit('case:updated', summary);
      // One emit over all the rooms: a socket in several of them gets it once.
      if (conversationIds.length) customers.to(conversationIds.map(room.conversation)).emit('case:updated', customer);
    },
    labelDecided(agentId, decision) {
      agents.to(room.user(agentId)).emit('case:label-decided', decision);
    },
  };
}
