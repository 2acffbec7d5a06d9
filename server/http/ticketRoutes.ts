// HTTP for tickets (issue 10): a mail attachment fetched by staff. Everything else about tickets
// goes over socket.io (server/realtime/routing.ts).
import { DeskError } from '../../shared/protocol/errors';
import type { StaffAuth } from '../auth/staff';
import { ATTACHMENT_ROUTE, type TicketsService } from '../tickets/tickets';
import { FileReply, type Router } from './router';

export function registerTicketRoutes(router: Router, deps: { staff: StaffAuth; tickets: TicketsService }) {
  router.get(ATTACHMENT_ROUTE, async ({ url, bearer }) => {
    const { user } = await deps.staff.authenticate(bearer);
    const id = url.searchParams.get('id')?.slice(0, 64);
    if (!id) throw new DeskError('invalid_payload', 'Say which attachment: ?id=…');
    const a = await deps.tickets.attachment(user, id);
    return new FileReply(a.bytes, a.mime, a.name);
  });
}
