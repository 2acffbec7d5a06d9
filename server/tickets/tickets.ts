// Tickets (issues 3 and 10): offline messages from the widget and mail to a brand's care address,
// one queue. Staff read the thread, answer by email (threaded by Message-ID, in the customer's
// language), write internal notes, assign, set open / pending / solved and merge duplicates. An
// answer is due within the brand's opening hours (policy.tickets.responseDueBusinessMinutes).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addBusinessMinutes } from '../../shared/domain/hours';
import { maskCardNumbers } from '../../shared/domain/cardMask';
import { DEFAULT_LOCALE, isLocale, pickLocale, type Locale } from '../../shared/i18n/locales';
import { t as msg } from '../../shared/i18n/messages';
import { DeskError } from '../../shared/protocol/errors';
import type { OfflineMessageBody } from '../../shared/protocol/routing';
import { formatTicketRef, type Ticket, type TicketMessage, type TicketStatus, type TicketThread, type TicketAnswer, type TicketMerge, type TicketNote } from '../../shared/protocol/tickets';
import type { StaffUser } from '../../shared/protocol/schemas';
import type { z } from 'zod';
import type { Clock } from '../clock';
import { brandDesk, type HubConfig } from '../config';
import { brandPolicy, requireBrand, widgetBrand } from '../brands';
import { newId } from '../ids';
import { recordAudit, staffActor } from '../audit/record';
import { composeMail, type BrandLook } from '../mail/compose';
import { mailFailureReason, type Mailer } from '../mail/mailer';
import type { Log } from '../realtime/handle';
import type { StoreApi } from '../store/api';
import type { TicketMessageRecord, TicketRecord } from '../store/tickets';
import { isReviewer } from '../transcripts/access';

export interface TicketEvents {
  ticketChanged(ticket: Ticket): void;
  ticketMessage(ticket: Ticket, message: TicketMessage): void;
}

/**
 * An agent limited to some brands sees and works only their tickets (the list, the pushes, the
 * actions). Either store: the async interface answers with a promise; the synchronous SQLite store
 * with a boolean, for the pushes, which are filtered per socket as they go (server/realtime/routing.ts).
 */
export function mayWorkTicket<R extends boolean | Promise<boolean>>(store: { routing: { serves(userId: string, brandId: string): R } }, user: StaffUser, t: Pick<Ticket, 'brandId'>): true | R {
  return isReviewer(user) || store.routing.serves(user.id, t.brandId);
}

export const ATTACHMENT_ROUTE = '/api/tickets/attachment';

export interface TicketDeps {
  store: StoreApi;
  /** Mail attachments live under the data folder. */
  dataDir: string;
  clock: Clock;
  config: HubConfig;
  mailer: Mailer;
  log: Log;
  events: TicketEvents;
}

export function ticketLocale(t: Pick<TicketRecord, 'locale'>): Locale {
  return isLocale(t.locale) ? t.locale : DEFAULT_LOCALE;
}

/** The views staff see, and the mail the desk sends for a ticket: shared by the service and the inbox. */
export function ticketViews(deps: Pick<TicketDeps, 'store' | 'config' | 'clock'>) {
  const { store, config, clock } = deps;
  const view = async (r: TicketRecord): Promise<Ticket> => ({
    id: r.id,
    ref: formatTicketRef(r.ref),
    brandId: r.brandId,
    customer: r.customer,
    subject: r.subject,
    locale: ticketLocale(r),
    channel: r.channel,
    status: r.status,
    assignedTo: r.assignedTo,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    dueAt: r.dueAt,
    mergedInto: r.mergedInto ? formatTicketRef((await store.tickets.get(r.mergedInto))?.ref ?? 0) : null,
    body: r.firstBody,
    lastMessageAt: r.lastMessageAt,
    mailError: r.mailError,
  });
  const messageView = async (m: TicketMessageRecord): Promise<TicketMessage> => ({
    id: m.id,
    ticketId: m.ticketId,
    kind: m.kind,
    author: m.author,
    body: m.body,
    createdAt: m.createdAt,
    attachments: (await store.tickets.attachments(m.ticketId))
      .filter((a) => a.messageId === m.id)
      .map((a) => ({ id: a.id, name: a.name, mime: a.mime, size: a.size, url: `${ATTACHMENT_ROUTE}?id=${a.id}` })),
  });
  const look = (brandId: string): BrandLook => {
    const b = widgetBrand(config, brandId, clock.now());
    return { deskName: b.name, accentColor: b.accentColor, logoUrl: config.settings.brands[brandId]?.logoUrl };
  };
  /** When an answer to a message arriving now is due, in the brand's hours. */
  const dueFrom = (brandId: string, at: Date): string | null => {
    const p = brandPolicy(config, brandId);
    return addBusinessMinutes(at, p.tickets.responseDueBusinessMinutes, p.hours)?.toISOString() ?? null;
  };
  /** A Message-ID for the desk's mail: unique, and carrying the reference for people reading raw headers. */
  const mailId = (messageId: string, ref: number) => `<${messageId}.${formatTicketRef(ref)}@${config.settings.inboundMail.hostname}>`;
  /** The thread's Message-IDs, oldest first: References for the next mail (RFC 5322 keeps the last ones). */
  const threadIds = async (ticketId: string) =>
    (await store.tickets.messages(ticketId))
      .map((m) => m.mailMessageId)
      .filter((x): x is string => !!x)
      .slice(-10);
  const lastCustomerMailId = async (ticketId: string) =>
    (await store.tickets.messages(ticketId)).filter((m) => m.kind === 'customer' && m.mailMessageId).at(-1)?.mailMessageId ?? undefined;
  return { view, messageView, look, dueFrom, mailId, threadIds, lastCustomerMailId };
}

export function ticketsService(deps: TicketDeps) {
  const { store, clock, config, mailer, log, events } = deps;
  const iso = () => clock.now().toISOString();
  const v = ticketViews(deps);
  const get = async (id: string): Promise<TicketRecord> => {
    const t = await store.tickets.get(id);
    if (!t) throw new DeskError('not_found', 'No such ticket.');
    return t;
  };
  const mayWork = async (user: StaffUser, t: TicketRecord) => mayWorkTicket(store, user, t);
  const workable = async (user: StaffUser, id: string): Promise<TicketRecord> => {
    const t = await get(id);
    if (!(await mayWork(user, t))) throw new DeskError('not_found', 'No such ticket.');
    return t;
  };
  const changed = async (id: string): Promise<Ticket> => {
    const t = await v.view(await get(id));
    events.ticketChanged(t);
    return t;
  };
  const thread = async (t: TicketRecord): Promise<TicketThread> => ({ ticket: await v.view(t), messages: await Promise.all((await store.tickets.messages(t.id)).map(v.messageView)) });

  return {
    views: v,

    /** An offline message from the widget (POLICY §4): a ticket in the customer's language. */
    async create(p: OfflineMessageBody): Promise<Ticket> {
      const brandId = requireBrand(config, p.brandId);
      const max = config.policy.chat.messageMaxChars;
      if (p.body.length > max) throw new DeskError('too_large', `A message can be at most ${max} characters.`);
      const now = clock.now();
      const id = newId('t');
      const { message } = await store.write(async (tx) => {
        await tx.tickets.create({
          id,
          brandId,
          name: p.name,
          email: p.email,
          subject: '',
          locale: pickLocale([p.locale]),
          channel: 'widget',
          createdAt: now.toISOString(),
          dueAt: v.dueFrom(brandId, now),
        });
        // Card numbers are masked before anything is stored (POLICY §3).
        return tx.tickets.addMessage({ id: newId('tm'), ticketId: id, kind: 'customer', authorId: null, authorName: p.name, body: maskCardNumbers(p.body), createdAt: now.toISOString() });
      });
      const ticket = await v.view(await get(id));
      events.ticketChanged(ticket);
      events.ticketMessage(ticket, await v.messageView(message));
      return ticket;
    },

    async list(user: StaffUser, p: { status?: TicketStatus; assignee?: 'me' | 'none'; limit?: number } | undefined): Promise<Ticket[]> {
      const assignee = p?.assignee === 'me' ? user.id : p?.assignee === 'none' ? '' : null;
      const rows = await store.tickets.list({ status: p?.status ?? null, assignee, limit: p?.limit ?? config.settings.ticketPageDefault });
      const theirs = await Promise.all(rows.map((t) => mayWork(user, t)));
      const list = await Promise.all(rows.filter((_, i) => theirs[i]).map(v.view));
      // Tickets carry customers' names, addresses and words: a staff read is recorded (POLICY §3).
      await recordAudit(store, clock, staffActor(user), 'tickets.list', null, { status: p?.status ?? null, count: list.length });
      return list;
    },

    async thread(user: StaffUser, ticketId: string): Promise<TicketThread> {
      const t = await workable(user, ticketId);
      await recordAudit(store, clock, staffActor(user), 'tickets.read', { kind: 'ticket', id: t.id });
      return thread(t);
    },

    /** For `caredesk tickets show`: no staff user, no audit row of its own (the CLI is the operator's). */
    async threadByRef(ref: number): Promise<TicketThread | null> {
      const t = await store.tickets.byRef(ref);
      return t ? thread(t) : null;
    },

    async assign(user: StaffUser, p: { ticketId: string; agentId?: string }): Promise<Ticket> {
      const t = await workable(user, p.ticketId);
      const to = p.agentId ?? user.id;
      if (to !== user.id && !isReviewer(user)) throw new DeskError('forbidden', 'Only a supervisor or an admin may give a ticket to someone else.');
      const target = await store.users.account(to);
      if (!target || target.disabled) throw new DeskError('not_found', 'No such agent.');
      if (t.mergedInto) throw new DeskError('conflict', 'This ticket was merged into another.');
      await store.writeCalls((tx) => tx.tickets.assign(t.id, to, iso()));
      return changed(t.id);
    },

    /** Mails the answer first; it joins the thread only once the mail server accepted it. */
    async answer(user: StaffUser, p: z.infer<typeof TicketAnswer>): Promise<{ ticket: Ticket; message: TicketMessage }> {
      const t = await workable(user, p.ticketId);
      if (t.mergedInto) throw new DeskError('conflict', 'This ticket was merged into another; answer that one.');
      if (t.assignedTo && t.assignedTo.id !== user.id && !isReviewer(user)) {
        throw new DeskError('forbidden', `${t.assignedTo.name} is handling this ticket.`);
      }
      // A resend (same clientId) after a lost ack: the answer was mailed once; it is not mailed again.
      const sent = p.clientId ? await store.tickets.messageByClientId(t.id, p.clientId) : undefined;
      if (sent) return { ticket: await v.view(await get(t.id)), message: await v.messageView(sent) };
      const body = maskCardNumbers(p.body);
      const messageId = newId('tm');
      const locale = ticketLocale(t);
      const look = v.look(t.brandId);
      const ref = formatTicketRef(t.ref);
      const lastCustomer = (await store.tickets.messages(t.id)).filter((m) => m.kind === 'customer').at(-1);
      const mailId = v.mailId(messageId, t.ref);
      const inReplyTo = await v.lastCustomerMailId(t.id);
      const references = await v.threadIds(t.id);
      const desk = brandDesk(config.settings, t.brandId);
      try {
        const content = await composeMail({ locale, look, customerName: t.customer.name, paragraphs: [body], reference: ref, quoted: lastCustomer?.body });
        await mailer.send({
          from: { name: desk.deskName, address: desk.from },
          to: t.customer.email,
          subject: t.subject ? msg(locale, 'mail.answer.subject', { subject: t.subject.replace(/\s*\[T-\d{6,}\]\s*/gi, ' ').replace(/^(re|aw|sv|rif|回复|رد)\s*[:：]\s*/i, '').trim(), ref }) : msg(locale, 'mail.answer.subjectNone', { deskName: look.deskName, ref }),
          ...content,
          attachments: [],
          messageId: mailId,
          inReplyTo,
          references,
        });
      } catch (e) {
        const reason = mailFailureReason(e);
        await store.writeCalls((tx) => tx.tickets.setMailError(t.id, reason));
        await changed(t.id);
        throw new DeskError('conflict', `The answer could not be sent (${reason}); the ticket stays open.`);
      }
      const status = p.status ?? 'pending';
      const { message } = await store.write(async (tx) => {
        const added = await tx.tickets.addMessage({ id: messageId, ticketId: t.id, kind: 'agent', authorId: user.id, authorName: user.name, body, createdAt: iso(), mailMessageId: mailId, clientId: p.clientId ?? null });
        await tx.tickets.setStatus(t.id, status, null, iso());
        await tx.tickets.setMailError(t.id, null);
        if (!t.assignedTo) await tx.tickets.assign(t.id, user.id, iso());
        return added;
      });
      const ticket = await changed(t.id);
      const m = await v.messageView(message);
      events.ticketMessage(ticket, m);
      return { ticket, message: m };
    },

    /** Internal: never mailed, never shown to the customer. */
    async note(user: StaffUser, p: z.infer<typeof TicketNote>): Promise<{ ticket: Ticket; message: TicketMessage }> {
      const t = await workable(user, p.ticketId);
      const { message, duplicate } = await store.writeCalls((tx) =>
        tx.tickets.addMessage({ id: newId('tm'), ticketId: t.id, kind: 'note', authorId: user.id, authorName: user.name, body: maskCardNumbers(p.body), createdAt: iso(), clientId: p.clientId ?? null }),
      );
      const ticket = duplicate ? await v.view(await get(t.id)) : await changed(t.id);
      const m = await v.messageView(message);
      if (!duplicate) events.ticketMessage(ticket, m);
      return { ticket, message: m };
    },

    async setStatus(user: StaffUser, p: { ticketId: string; status: TicketStatus }): Promise<Ticket> {
      const t = await workable(user, p.ticketId);
      if (t.mergedInto) throw new DeskError('conflict', 'This ticket was merged into another.');
      if (t.status === p.status) return v.view(t);
      // Reopened: an answer is owed again, counted from now.
      const due = p.status === 'open' ? v.dueFrom(t.brandId, clock.now()) : null;
      await store.writeCalls((tx) => tx.tickets.setStatus(t.id, p.status, due, iso()));
      return changed(t.id);
    },

    /** Folds a duplicate into another ticket of the same brand: its messages move there, it is solved. */
    async merge(user: StaffUser, p: z.infer<typeof TicketMerge>): Promise<{ ticket: Ticket; merged: Ticket }> {
      const from = await workable(user, p.ticketId);
      const into = await workable(user, p.intoTicketId);
      if (from.mergedInto) throw new DeskError('conflict', `${formatTicketRef(from.ref)} was already merged.`);
      if (into.mergedInto) throw new DeskError('conflict', `${formatTicketRef(into.ref)} was merged into another ticket; merge into that one.`);
      if (from.brandId !== into.brandId) throw new DeskError('conflict', 'Only tickets of the same brand can be merged.');
      await store.write(async (tx) => {
        await tx.tickets.merge(from.id, into.id, iso());
        await tx.tickets.addMessage({
          id: newId('tm'),
          ticketId: into.id,
          kind: 'note',
          authorId: user.id,
          authorName: user.name,
          body: `Merged ${formatTicketRef(from.ref)} (${from.customer.email}) into this ticket.`,
          createdAt: iso(),
        });
        if (from.status === 'open' && into.status !== 'open') await tx.tickets.setStatus(into.id, 'open', from.dueAt ?? v.dueFrom(into.brandId, clock.now()), iso());
      });
      log('info', 'tickets merged', { from: from.id, into: into.id });
      const merged = await changed(from.id);
      return { merged, ticket: await changed(into.id) };
    },

    /** An attachment's bytes for staff who may work its ticket (recorded: it is the customer's data). */
    async attachment(user: StaffUser, id: string): Promise<{ bytes: Buffer; mime: string; name: string }> {
      const a = await store.tickets.attachment(id);
      const t = a && (await store.tickets.get(a.ticketId));
      if (!a || !t || !(await mayWork(user, t))) throw new DeskError('not_found', 'No such attachment.');
      let bytes: Buffer;
      try {
        bytes = await readFile(join(deps.dataDir, a.path));
      } catch {
        throw new DeskError('not_found', 'The attachment file is missing from the data folder.');
      }
      await recordAudit(store, clock, staffActor(user), 'tickets.attachment', { kind: 'ticket', id: t.id }, { attachmentId: a.id });
      return { bytes, mime: a.mime, name: a.name };
    },
  };
}
export type TicketsService = ReturnType<typeof ticketsService>;
