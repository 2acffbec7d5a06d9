// Offline messages (POLICY §4): left in the widget outside hours, each becomes a ticket the next
// shift lists, assigns and answers by email from the brand's care address.
import { maskCardNumbers } from '../../shared/domain/cardMask';
import { DeskError } from '../../shared/protocol/errors';
import type { OfflineMessageBody, Ticket, TicketStatus } from '../../shared/protocol/routing';
import type { StaffUser } from '../../shared/protocol/schemas';
import type { Clock } from '../clock';
import { brandDesk, type HubConfig } from '../config';
import { requireBrand } from '../brands';
import { newId } from '../ids';
import { recordAudit, staffActor } from '../audit/record';
import { mailFailureReason, type Mailer } from '../mail/mailer';
import type { Log } from '../realtime/handle';
import type { Store } from '../store/index';
import { escapeHtml } from '../transcripts/render';
import { isReviewer } from '../transcripts/access';

export interface TicketEvents {
  ticketChanged(ticket: Ticket): void;
}

/** An agent limited to some brands sees and works only their tickets (the list, the pushes, the actions). */
export function mayWorkTicket(store: Store, user: StaffUser, t: Ticket): boolean {
  return isReviewer(user) || store.routing.serves(user.id, t.brandId);
}

export function ticketsService(deps: { store: Store; clock: Clock; config: HubConfig; mailer: Mailer; log: Log; events: TicketEvents }) {
  const { store, clock, config, mailer, events } = deps;
  const iso = () => clock.now().toISOString();
  const get = (id: string): Ticket => {
    const t = store.routing.ticket(id);
    if (!t) throw new DeskError('not_found', 'No such ticket.');
    return t;
  };
  const mayWork = (user: StaffUser, t: Ticket) => mayWorkTicket(store, user, t);

  return {
    async create(p: OfflineMessageBody): Promise<Ticket> {
      const brandId = requireBrand(config, p.brandId);
      const max = config.policy.chat.messageMaxChars;
      if (p.body.length > max) throw new DeskError('too_large', `A message can be at most ${max} characters.`);
      const t = await store.write(() =>
        // Card numbers are masked before anything is stored (POLICY §3).
        store.routing.createTicket({ id: newId('t'), brandId, name: p.name, email: p.email, body: maskCardNumbers(p.body), createdAt: iso() }),
      );
      events.ticketChanged(t);
      return t;
    },

    async list(user: StaffUser, p: { status?: TicketStatus; limit?: number } | undefined): Promise<Ticket[]> {
      const list = store.routing.tickets(p?.status ?? null, p?.limit ?? config.settings.ticketPageDefault).filter((t) => mayWork(user, t));
      // Tickets carry customers' names, addresses and words: a staff read is recorded (POLICY §3).
      await recordAudit(store, clock, staffActor(user), 'tickets.list', null, { status: p?.status ?? null, count: list.length });
      return list;
    },

    async assign(user: StaffUser, p: { ticketId: string; agentId?: string }): Promise<Ticket> {
      const t = get(p.ticketId);
      if (!mayWork(user, t)) throw new DeskError('not_found', 'No such ticket.');
      const to = p.agentId ?? user.id;
      if (to !== user.id && !isReviewer(user)) throw new DeskError('forbidden', 'Only a supervisor or an admin may give a ticket to someone else.');
      const target = store.users.account(to);
      if (!target || target.disabled) throw new DeskError('not_found', 'No such agent.');
      if (t.status === 'answered') throw new DeskError('conflict', 'This ticket has been answered.');
      await store.write(() => store.routing.assignTicket(t.id, to));
      const after = get(t.id);
      events.ticketChanged(after);
      return after;
    },

    /** Mails the answer first; the ticket is answered only once the mail server accepted it. */
    async answer(user: StaffUser, p: { ticketId: string; body: string }): Promise<Ticket> {
      const t = get(p.ticketId);
      if (!mayWork(user, t)) throw new DeskError('not_found', 'No such ticket.');
      if (t.status === 'answered') throw new DeskError('conflict', 'This ticket has been answered.');
      if (t.assignedTo && t.assignedTo.id !== user.id && !isReviewer(user)) {
        throw new DeskError('forbidden', `${t.assignedTo.name} is handling this ticket.`);
      }
      const body = maskCardNumbers(p.body);
      const desk = brandDesk(config.settings, t.brandId);
      try {
        await mailer.send({
          from: { name: desk.deskName, address: desk.from },
          to: t.customer.email,
          subject: `${desk.deskName}: your message`,
          text: `${body}\n\n---\nYou wrote:\n${t.body}\n`,
          html: `<p style="white-space:pre-wrap">${escapeHtml(body)}</p><hr><p style="color:#666">You wrote:</p><p style="white-space:pre-wrap;color:#666">${escapeHtml(t.body)}</p>`,
          attachments: [],
        });
      } catch (e) {
        const reason = mailFailureReason(e);
        await store.write(() => store.routing.setTicketMailError(t.id, reason));
        events.ticketChanged(get(t.id));
        throw new DeskError('conflict', `The answer could not be sent (${reason}); the ticket stays open.`);
      }
      await store.write(() => store.routing.answerTicket({ id: t.id, at: iso(), by: user.id, answer: body }));
      const after = get(t.id);
      events.ticketChanged(after);
      return after;
    },
  };
}
export type TicketsService = ReturnType<typeof ticketsService>;
