// Copies of a transcript for the customer, by email: HTML body with the PDF attached, sent from
// the brand's care address. A request is stored as queued first (durable), then delivered in the
// background; each attempt's outcome is recorded (sent, or failed with the server's reason) and
// pushed to whoever is watching. A failed copy can be retried; attempts are counted.
import { maskCardNumbers } from '../../shared/domain/cardMask';
import { DeskError } from '../../shared/protocol/errors';
import type { StaffUser } from '../../shared/protocol/schemas';
import type { CustomerCopy, EmailCopy, SendCopy } from '../../shared/protocol/transcripts';
import { auditEvent, conversationSubject, staffActor, type AuditActor } from '../audit/record';
import type { CustomerIdentity } from '../auth/widget';
import type { Clock } from '../clock';
import { brandDesk, type HubSettings } from '../config';
import { newId } from '../ids';
import { mailFailureReason, type Mailer } from '../mail/mailer';
import type { Limits } from '../limits/limits';
import type { Log } from '../realtime/handle';
import type { StoreApi } from '../store/api';
import { requireTranscriptAccess } from './access';
import { copyFileName, loadTranscriptDoc, renderPdf, renderText } from './render';
import { composeMail } from '../mail/compose';
import { t } from '../../shared/i18n/messages';

export interface CopyEvents {
  copyUpdated(copy: EmailCopy): void;
}

export const customerCopy = (c: EmailCopy): CustomerCopy => ({
  id: c.id,
  conversationId: c.conversationId,
  status: c.status,
  attempts: c.attempts,
  updatedAt: c.updatedAt,
});

export function transcriptCopies(deps: { store: StoreApi; clock: Clock; settings: () => HubSettings; mailer: Mailer; events: CopyEvents; log: Log; limits: Limits }) {
  const { store, clock, settings, mailer, events, log } = deps;
  const iso = () => clock.now().toISOString();
  const inFlight = new Set<Promise<void>>();

  async function attempt(copy: EmailCopy): Promise<void> {
    const s = settings();
    let outcome: { status: 'sent' | 'failed'; error: string | null };
    try {
      const doc = await loadTranscriptDoc(store, s, copy.conversationId, clock.now());
      const { deskName, from } = brandDesk(s, doc.brandId);
      // In the customer's language, in the brand's look: a greeting, the chat itself, a sign-off.
      const content = await composeMail({
        locale: doc.locale,
        look: { deskName, accentColor: doc.accentColor, logoUrl: s.brands[doc.brandId]?.logoUrl },
        customerName: doc.customer.name,
        paragraphs: [t(doc.locale, 'mail.copy.body'), renderText(doc).trimEnd()],
      });
      await mailer.send({
        from: { name: deskName, address: from },
        to: copy.to,
        subject: t(doc.locale, 'mail.copy.subject', { deskName }),
        ...content,
        attachments: [{ filename: copyFileName(doc, 'pdf'), content: await renderPdf(doc, { fontFile: s.pdfFontFile }), contentType: 'application/pdf' }],
      });
      outcome = { status: 'sent', error: null };
    } catch (e) {
      outcome = { status: 'failed', error: maskCardNumbers(mailFailureReason(e)) };
      // The id and the reason only: never the transcript or the address.
      log('warn', 'transcript copy failed', { copyId: copy.id, reason: outcome.error });
    }
    const settled = await store.write(async (tx) => {
      // The transcript may have been purged while the mail was on its way: nothing to record then.
      if (!(await tx.emailCopies.get(copy.id))) return undefined;
      return tx.emailCopies.settle(copy.id, { ...outcome, at: iso() });
    });
    if (settled) events.copyUpdated(settled);
  }

  /** Delivery runs after the request is acked; close() waits for it. */
  function deliver(copy: EmailCopy): void {
    const p = attempt(copy)
      .catch((e) => log('error', 'transcript copy could not be recorded', { copyId: copy.id, error: String(e) }))
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
  }

  async function create(conversationId: string, to: string, reason: string | null, actor: AuditActor): Promise<EmailCopy> {
    const id = newId('ec');
    const copy = await store.write(async (tx) => {
      const created = await tx.emailCopies.create({ id, conversationId, to, reason, requestedByKind: actor.kind, requestedById: actor.id, at: iso() });
      await tx.audit.append(auditEvent(clock, actor, 'transcript.copy', conversationSubject(conversationId), { copyId: id }));
      return created;
    });
    deliver(copy);
    return copy;
  }

  return {
    /** The customer's own chat, to the address on file. The caller has checked it is theirs. */
    async requestByCustomer(identity: CustomerIdentity, conversationId: string, from: { address: string; brandId: string }): Promise<CustomerCopy> {
      // The desk is no relay (issue 12): email goes only to an address its owner has proven.
      if (!identity.customer.verified) {
        throw new DeskError('verification_required', 'We email copies only to a confirmed address. Confirm your email with a code first, or download the PDF.');
      }
      await deps.limits.consume('copy', { address: from.address, email: identity.customer.email, brand: from.brandId });
      const max = settings().customerCopiesMax;
      if ((await store.emailCopies.countRequestedBy(conversationId, 'customer')) >= max) {
        throw new DeskError('rate_limited', `At most ${max} copies of one chat can be sent. Ask customer care for another.`);
      }
      return customerCopy(await create(conversationId, identity.customer.email, null, { kind: 'customer', id: identity.customer.id }));
    },

    /** On the customer's request: to the address on file, or another one with a recorded reason. */
    async requestByStaff(user: StaffUser, p: SendCopy): Promise<EmailCopy> {
      await requireTranscriptAccess(store, user, p.conversationId);
      const onFile = (await store.conversations.get(p.conversationId))!.customer.email;
      const to = p.to ?? onFile;
      if (to !== onFile && !p.reason) {
        throw new DeskError('invalid_payload', 'Sending a copy to an address other than the one on file needs a reason.', [
          { path: 'reason', message: 'required when "to" is not the address on file' },
        ]);
      }
      return create(p.conversationId, to, p.reason ?? null, staffActor(user));
    },

    async retry(user: StaffUser, copyId: string): Promise<EmailCopy> {
      const copy = await store.emailCopies.get(copyId);
      if (!copy) throw new DeskError('not_found', 'No such copy.');
      await requireTranscriptAccess(store, user, copy.conversationId);
      const requeued = await store.write(async (tx) => {
        if (!(await tx.emailCopies.requeue(copyId, iso()))) return undefined;
        await tx.audit.append(auditEvent(clock, staffActor(user), 'transcript.copy-retry', conversationSubject(copy.conversationId), { copyId }));
        return (await tx.emailCopies.get(copyId))!;
      });
      if (!requeued) throw new DeskError('conflict', `This copy is ${copy.status}; only a failed copy can be retried.`);
      events.copyUpdated(requeued);
      deliver(requeued);
      return requeued;
    },

    async list(user: StaffUser, conversationId: string): Promise<EmailCopy[]> {
      await requireTranscriptAccess(store, user, conversationId);
      return store.emailCopies.forConversation(conversationId);
    },

    /** Resolves when no delivery is under way (the hub waits for this before closing the store). */
    async idle(): Promise<void> {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
export type TranscriptCopies = ReturnType<typeof transcriptCopies>;
