// Identity events (issue 12): in the widget, a code to the customer's own email and entering a
// code (their email's, or an order's the agent asked for); for the agent on a chat, a code to an
// order's email. Pushes: identity:code-requested and identity:updated to the widget,
// orders:proved to the staff following the chat.
import type { Namespace, Server, Socket } from 'socket.io';
import { ConfirmCode, RequestEmailCode, RequestOrderCode } from '../../shared/protocol/identity';
import { NAMESPACES, type AgentClientEvents, type AgentServerEvents, type CustomerClientEvents, type CustomerServerEvents } from '../../shared/protocol/events';
import type { StaffAuth, StaffIdentity } from '../auth/staff';
import type { CustomerIdentity, WidgetAuth } from '../auth/widget';
import type { ChatService } from '../chat/chatService';
import type { CustomerIdentityService, IdentityEvents } from '../identity/service';
import { clientAddress } from '../limits/address';
import type { StoreApi } from '../store/api';
import { customerBinder } from './customerBinder';
import { binder, room, type Log } from './handle';

type AgentNs = Namespace<AgentClientEvents, AgentServerEvents, Record<string, never>, { staff: StaffIdentity; token: string }>;
type CustomerNs = Namespace<CustomerClientEvents, CustomerServerEvents, Record<string, never>, { identity: CustomerIdentity }>;

/** The client's address for a socket (X-Forwarded-For only from a trusted proxy). */
export function socketAddress(socket: Socket, trustedProxies: readonly string[]): string {
  return clientAddress(socket.handshake.address, socket.handshake.headers['x-forwarded-for'], trustedProxies);
}

export function registerIdentity(
  io: Server,
  deps: { staff: StaffAuth; widget: WidgetAuth; identity: () => CustomerIdentityService; store: StoreApi; trustedProxies: () => string[]; log: Log },
) {
  const { staff, widget, store, log } = deps;
  const agents = io.of(NAMESPACES.agent) as unknown as AgentNs;
  const customers = io.of(NAMESPACES.customer) as unknown as CustomerNs;

  customers.on('connection', (socket) => {
    // Re-read per event (customerBinder): a code entered on another tab verifies this one too.
    const b = customerBinder(socket, log, widget);
    const address = () => socketAddress(socket, deps.trustedProxies());
    b.on('identity:request-code', RequestEmailCode, (p) => deps.identity().requestEmailCode(socket.data.identity, p?.brandId, address()));
    b.on('identity:confirm-code', ConfirmCode, (p) => deps.identity().confirmCode(socket.data.identity, p, address()));
  });

  agents.on('connection', (socket) => {
    const b = binder(socket, log, async () => {
      socket.data.staff = await staff.authenticate(socket.data.token);
    });
    b.on('orders:request-code', RequestOrderCode, async (p) => deps.identity().requestOrderCode(socket.data.staff.user, p, await store.orders.get(p.orderId)));
  });
}

export function identityBroadcast(io: Server, chat: () => ChatService): IdentityEvents {
  const agents = io.of(NAMESPACES.agent) as unknown as AgentNs;
  const customers = io.of(NAMESPACES.customer) as unknown as CustomerNs;
  return {
    sessionVerified(_widgetSessionId, customer, conversationIds) {
      // The console's Verified badge and the agent's view of the customer change at once.
      // Announcing is best effort: the verification itself is stored; a reload shows the badge.
      for (const id of conversationIds) chat().changed(id).catch(() => undefined);
      if (conversationIds.length) customers.to(conversationIds.map(room.conversation)).emit('identity:updated', { customer });
    },
    orderCodeRequested(conversationId, challenge) {
      customers.to(room.conversation(conversationId)).emit('identity:code-requested', challenge);
    },
    orderProved(conversationIds, orderId) {
      for (const conversationId of conversationIds) agents.to(room.conversation(conversationId)).emit('orders:proved', { conversationId, orderId });
    },
  };
}
