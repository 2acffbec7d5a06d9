// Mail to a brand's care address becomes tickets (issue 10). A new message opens a ticket and the
// customer is acknowledged with its reference; a reply joins its ticket by In-Reply-To/References
// (any Message-ID the desk sent or received on it) or by the reference in the subject (from the
// ticket's own customer only); an automatic reply is shown on its ticket and never answered; a
// bounce is shown on the ticket whose mail it reports. Mail from the desk's own addresses is a
// loop and is dropped; a sender over the flood limit is told to try later (SMTP) or is not
// acknowledged (IMAP). Card numbers are masked in everything stored.
import { join } from 'node:path';
import { maskCardNumbers } from '../../shared/domain/cardMask';
import { pickLocale } from '../../shared/i18n/locales';
import { t as msg } from '../../shared/i18n/messages';
import { findTicketRef, formatTicketRef, type Ticket, type TicketMessage } from '../../shared/protocol/tickets';
import { brandDesk, careAddresses } from '../config';
import { removeQuietly, writeDurably } from '../cases/uploads';
import { newId } from '../ids';
import { composeMail } from '../mail/compose';
import { parseInbound, stripQuoted, type InboundMail } from '../mail/inbound';
import type { TicketAttachmentRecord, TicketRecord } from '../store/tickets';
import { attachmentLabel, attachmentPath, detectAttachmentType, storedBytes } from './attachments';
import { ticketLocale, ticketViews, type TicketDeps } from './tickets';

export type InboxOutcome =
  | { kind: 'created' | 'threaded' | 'autoreply' | 'bounce'; ticketId: string; ref: string }
  | { kind: 'duplicate'; ticketId: string; ref: string }
  | { kind: 'dropped'; reason: string };

/** Messages per sender within a sliding window, on the hub's clock. */
export function floodLimiter(deps: Pick<TicketDeps, 'clock' | 'config'>) {
  const seen = new Map<string, number[]>();
  return {
    /** Counts one message from `sender`; false when it is over the limit (and is then not counted). */
    admit(sender: string): boolean {
      const { perSenderMax, perSenderWindowMs } = deps.config.settings.inboundMail;
      const now = deps.clock.now().getTime();
      const key = sender.toLowerCase();
      const recent = (seen.get(key) ?? []).filter((at) => at > now - perSenderWindowMs);
      if (recent.length >= perSenderMax) {
        seen.set(key, recent);
        return false;
      }
      recent.push(now);
      seen.set(key, recent);
      // Keep the map from growing without bound under a spray of one-off senders.
      if (seen.size > 10_000) for (const [k, v] of seen) if (!v.some((at) => at > now - perSenderWindowMs)) seen.delete(k);
      return true;
    },
  };
}
export type FloodLimiter = ReturnType<typeof floodLimiter>;

export function ticketInbox(deps: TicketDeps) {
  const { store, clock, config, mailer, log, events } = deps;
  const v = ticketViews(deps);
  const settings = () => config.settings.inboundMail;

  const push = async (ticketId: string, messageId: string) => {
    const ticket = await v.view((await store.tickets.get(ticketId))!);
    events.ticketChanged(ticket);
    const m = await store.tickets.message(messageId);
    if (m) events.ticketMessage(ticket, await v.messageView(m));
  };

  /** The live ticket this mail continues, or null: headers first, then the reference in the subject. */
  async function threadOf(brandId: string, mail: InboundMail, ids: string[]): Promise<TicketRecord | null> {
    for (const id of [...ids].reverse()) {
      const ticketId = await store.tickets.ticketIdByMailId(id);
      const t = ticketId ? await store.tickets.live(ticketId) : undefined;
      if (t && t.brandId === brandId) return t;
    }
    const ref = findTicketRef(mail.subject);
    const byRef = ref === null ? undefined : await store.tickets.byRef(ref);
    const t = byRef && (await store.tickets.live(byRef.id));
    // A guessed reference must not let a stranger write into someone else's ticket.
    if (t && t.brandId === brandId && mail.from && t.customer.email.toLowerCase() === mail.from.address) return t;
    return null;
  }

  /** Stores the files that may be kept; the rest are listed in a note for staff. Returns what to record. */
  async function keepAttachments(ticketId: string, messageId: string, mail: InboundMail, at: string) {
    const s = settings();
    const kept: TicketAttachmentRecord[] = [];
    const refused: string[] = [];
    for (const a of mail.attachments) {
      const shownName = maskCardNumbers(a.filename ?? 'attachment');
      if (kept.length >= s.attachmentsMaxPerMessage) {
        refused.push(`${shownName}: more than ${s.attachmentsMaxPerMessage} files`);
        continue;
      }
      if (a.content.length > s.attachmentMaxBytes) {
        refused.push(`${shownName}: larger than ${Math.round(s.attachmentMaxBytes / 1024 / 1024)} MB`);
        continue;
      }
      const type = detectAttachmentType(a.content);
      if (!type || !s.attachmentTypes.includes(type)) {
        refused.push(`${shownName}: a type the desk does not keep`);
        continue;
      }
      const id = newId('ta');
      const bytes = storedBytes(type, a.content);
      const path = attachmentPath(ticketId, id, type);
      await writeDurably(join(deps.dataDir, path), bytes);
      kept.push({ id, ticketId, messageId, name: attachmentLabel(a.filename, type), mime: type, size: bytes.length, path, createdAt: at });
    }
    return { kept, refused };
  }

  async function acknowledge(t: TicketRecord, customerMailId: string | null): Promise<void> {
    const locale = ticketLocale(t);
    const look = v.look(t.brandId);
    const ref = formatTicketRef(t.ref);
    const desk = brandDesk(config.settings, t.brandId);
    const id = newId('tm');
    const mailId = v.mailId(id, t.ref);
    const body = msg(locale, 'mail.ack.body', { deskName: look.deskName, ref });
    try {
      const content = await composeMail({ locale, look, customerName: t.customer.name, paragraphs: [body], reference: ref });
      await mailer.send({
        from: { name: desk.deskName, address: desk.from },
        to: t.customer.email,
        subject: msg(locale, 'mail.ack.subject', { ref }),
        ...content,
        attachments: [],
        messageId: mailId,
        inReplyTo: customerMailId ?? undefined,
        references: customerMailId ? [customerMailId] : undefined,
        // RFC 3834: an automatic answer, so the customer's own auto-responder does not answer it.
        headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
      });
    } catch (e) {
      log('warn', 'acknowledgement not sent', { ticket: t.id, error: String(e) });
      return;
    }
    await store.writeCalls((tx) => tx.tickets.addMessage({ id, ticketId: t.id, kind: 'ack', authorId: null, authorName: look.deskName, body, createdAt: clock.now().toISOString(), mailMessageId: mailId }));
    await push(t.id, id);
  }

  return {
    /**
     * One mail for `brandId`. Resolves once what it carries is on disk (the SMTP listener answers
     * 250 only then). `acknowledge`: false when the sender is over the flood limit.
     */
    async receive(brandId: string, raw: Buffer, envelopeFrom: string | null, opts: { acknowledge: boolean } = { acknowledge: true }): Promise<InboxOutcome> {
      const mail = await parseInbound(raw, envelopeFrom);
      const at = clock.now().toISOString();
      const sender = mail.from?.address ?? envelopeFrom ?? '';
      if (mail.kind !== 'bounce' && careAddresses(config.settings).has(sender.toLowerCase())) {
        log('warn', 'mail from the desk’s own address dropped (a loop)', { sender });
        return { kind: 'dropped', reason: 'from the desk’s own address' };
      }
      if (mail.messageId) {
        const seen = await store.tickets.ticketIdByMailId(mail.messageId);
        if (seen) return { kind: 'duplicate', ticketId: seen, ref: formatTicketRef((await store.tickets.get(seen))!.ref) };
      }

      if (mail.kind === 'bounce') {
        const t = await threadOf(brandId, mail, [...mail.threadIds, ...(mail.bounce?.originalIds ?? [])]);
        if (!t) {
          log('warn', 'a bounce for no ticket was dropped', { subject: mail.subject });
          return { kind: 'dropped', reason: 'bounce for no known mail' };
        }
        const b = mail.bounce;
        const summary = [
          `Delivery failed${b?.recipient ? ` to ${b.recipient}` : ''}${b?.status ? ` (status ${b.status})` : ''}.`,
          b?.diagnostic ?? '',
          // The report's human part; the machine-readable fields below it are summed up above.
          mail.text.split(/\n\s*(?:Reporting-MTA|Final-Recipient|Original-Recipient|Arrival-Date):/i)[0]!.trim().slice(0, 2000),
        ]
          .filter(Boolean)
          .join('\n');
        const id = newId('tm');
        await store.write(async (tx) => {
          await tx.tickets.addMessage({ id, ticketId: t.id, kind: 'bounce', authorId: null, authorName: mail.from?.address ?? 'Mail delivery system', body: maskCardNumbers(summary), createdAt: at, mailMessageId: mail.messageId });
          await tx.tickets.setMailError(t.id, maskCardNumbers(b?.diagnostic ?? `Delivery failed${b?.recipient ? ` to ${b.recipient}` : ''}`));
        });
        await push(t.id, id);
        return { kind: 'bounce', ticketId: t.id, ref: formatTicketRef(t.ref) };
      }

      const existing = await threadOf(brandId, mail, mail.threadIds);
      const body = maskCardNumbers(existing ? stripQuoted(mail.text) : mail.text) || '(no text)';
      if (mail.kind === 'autoreply') {
        if (!existing) {
          log('info', 'an automatic reply for no ticket was dropped', { sender });
          return { kind: 'dropped', reason: 'automatic reply for no ticket' };
        }
        const id = newId('tm');
        await store.writeCalls((tx) => tx.tickets.addMessage({ id, ticketId: existing.id, kind: 'autoreply', authorId: null, authorName: mail.from?.name || sender, body, createdAt: at, mailMessageId: mail.messageId }));
        await push(existing.id, id);
        return { kind: 'autoreply', ticketId: existing.id, ref: formatTicketRef(existing.ref) };
      }

      if (!mail.from) return { kind: 'dropped', reason: 'no sender address' };
      const ticketId = existing?.id ?? newId('t');
      const messageId = newId('tm');
      const { kept, refused } = await keepAttachments(ticketId, messageId, mail, at);
      try {
        await store.write(async (tx) => {
          if (!existing) {
            await tx.tickets.create({
              id: ticketId,
              brandId,
              name: mail.from!.name.trim() || mail.from!.address.split('@')[0]!,
              email: mail.from!.address,
              subject: maskCardNumbers(mail.subject).slice(0, 300),
              locale: pickLocale([mail.language]),
              channel: 'email',
              createdAt: at,
              dueAt: v.dueFrom(brandId, clock.now()),
            });
          }
          await tx.tickets.addMessage({ id: messageId, ticketId, kind: 'customer', authorId: null, authorName: mail.from!.name || mail.from!.address, body, createdAt: at, mailMessageId: mail.messageId });
          for (const a of kept) await tx.tickets.addAttachment(a);
          if (refused.length) {
            await tx.tickets.addMessage({ id: newId('tm'), ticketId, kind: 'note', authorId: null, authorName: 'Mail', body: `Attachments not kept:\n${refused.join('\n')}`, createdAt: at });
          }
          // The customer wrote again: an answer is owed (again), counted from now unless already due.
          if (existing && (existing.status !== 'open' || !existing.dueAt)) await tx.tickets.setStatus(ticketId, 'open', v.dueFrom(brandId, clock.now()), at);
        });
      } catch (e) {
        for (const a of kept) await removeQuietly(join(deps.dataDir, a.path));
        throw e;
      }
      await push(ticketId, messageId);
      const t = (await store.tickets.get(ticketId))!;
      // Never acknowledge the null sender, and acknowledge a ticket once (a reply is not a new ticket).
      if (!existing && opts.acknowledge && envelopeFrom !== '') await acknowledge(t, mail.messageId);
      return { kind: existing ? 'threaded' : 'created', ticketId, ref: formatTicketRef(t.ref) };
    },
  };
}
export type TicketInbox = ReturnType<typeof ticketInbox>;
export type { Ticket, TicketMessage };
