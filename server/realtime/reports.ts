// The customer's end of a chat and its rating (on /customer), and the reports (on /agent, for
// supervisors and admins) — issue 9. Each namespace's middleware has authenticated the socket;
// these handlers share its binder set (handle.ts).
import type { Namespace, Server } from 'socket.io';
import { ChatRate, ReportQuery } from '../../shared/protocol/reports';
import { NAMESPACES, type AgentClientEvents, type AgentServerEvents, type CustomerClientEvents, type CustomerServerEvents } from '../../shared/protocol/events';
import { ConversationRef } from '../../shared/protocol/schemas';
import type { StaffAuth, StaffIdentity } from '../auth/staff';
import type { CustomerIdentity, WidgetAuth } from '../auth/widget';
import { customerBinder } from './customerBinder';
import type { ChatService } from '../chat/chatService';
import type { ReportsService } from '../reports/reports';
import { binder, type Log } from './handle';

type AgentNs = Namespace<AgentClientEvents, AgentServerEvents, Record<string, never>, { staff: StaffIdentity; token: string }>;
type CustomerNs = Namespace<CustomerClientEvents, CustomerServerEvents, Record<string, never>, { identity: CustomerIdentity }>;

export function registerReports(io: Server, deps: { auth: StaffAuth; widget: WidgetAuth; chat: ChatService; reports: ReportsService; log: Log }) {
  const { auth, widget, chat, reports, log } = deps;
  const customers = io.of(NAMESPACES.customer) as unknown as CustomerNs;
  const agents = io.of(NAMESPACES.agent) as unknown as AgentNs;

  customers.on('connection', (socket) => {
    const b = customerBinder(socket, log, widget);
    b.on('chat:end', ConversationRef, async (p) => ({ conversation: await chat.end({ kind: 'customer', identity: socket.data.identity }, p.conversationId) }));
    b.on('chat:rate', ChatRate, async (p) => ({ rating: await reports.rate(socket.data.identity, p) }));
  });

  agents.on('connection', (socket) => {
    const b = binder(socket, log, async () => {
      socket.data.staff = await auth.authenticate(socket.data.token);
    });
    b.on('reports:summary', ReportQuery, (p) => reports.summary(socket.data.staff.user, p));
  });
}
