// Privacy requests end to end (POLICY §3a): intake (widget, staff on the customer's behalf, the
// CLI), verification, the Privacy section's work (owner, notes, one extension, refusal), and
// carrying each kind out — access bundle, correction, erasure, opt-out, a guardian's erasure —
// plus children under 13. Every action is an audit event that names the customer by id only.
import { maskCardNumbers } from '../../shared/domain/cardMask';
import type { DeskPolicy } from '../../shared/domain/config';
import {
  checkExtension,
  dueStatus,
  effectiveDueAt,
  mayMove,
  privacyDueAt,
  privacyReference,
  type PrivacyKind,
  type PrivacySource,
  type PrivacyState,
} from '../../shared/domain/privacy';
import { purgeAt as addMonths } from '../../shared/domain/retention';
import { knownBrand } from '../brands';
import { DeskError } from '../../shared/protocol/errors';
import type { AccessFiles, Correction, CustomerPrivacy, ErasurePlan, PostponedPart, PrivacyDetail, PrivacyRequestView } from '../../shared/protocol/privacy';
import type { StaffUser } from '../../shared/protocol/schemas';
import { auditEvent, type AuditAction, type AuditActor } from '../audit/record';
import type { Clock } from '../clock';
import { brandDesk, type HubSettings } from '../config';
import { brandPrivacy } from '../brands';
import { newId } from '../ids';
import type { Mailer } from '../mail/mailer';
import type { Log } from '../realtime/handle';
import type { OpenCaseCheck } from '../retention/purge';
import type { StoreApi, StoreModules } from '../store/api';
import type { PrivacyRequestRecord } from '../store/privacy';
import { accessFiles, buildAccessBundle } from './bundle';
import { anythingLeft, eraseCustomer, previewErasure, type ErasureResult } from './erasure';
import type { PrivacyVerifier } from './verification';

export interface PrivacyDeps {
  store: StoreApi;
  /** The data folder stored files' paths are relative to (erasure, the access bundle's photos). */
  dataDir: string;
  /** The WAL checkpoint after an erasure, where the backend has one (server/retention/purge.ts PurgeDeps). */
  checkpoint?: () => Promise<boolean>;
  clock: Clock;
  policy: () => DeskPolicy;
  settings: () => HubSettings;
  mailer: Mailer | null;
  verifier: PrivacyVerifier | null;
  log?: Log;
  openCase?: OpenCaseCheck;
  /** Told of every change, for the Privacy section's live list. */
  changed?: (r: PrivacyRequestView) => void;
}

export const requestSubject = (id: string) => ({ kind: 'privacy_request', id });
const customerSubject = (id: string) => ({ kind: 'customer', id });
const isSupervisor = (u: StaffUser) => u.role === 'supervisor' || u.role === 'admin';

export function requireSupervisor(user: StaffUser): void {
  if (!isSupervisor(user)) throw new DeskError('forbidden', 'Only a supervisor or an admin may do this.');
}

/** Counts only: an erasure's outcome never repeats what it erased. */
function outcomeOf(r: ErasureResult): Record<string, unknown> {
  return { erasedAt: r.erasedAt, erased: r.erased, postponed: r.postponed.map((p) => ({ kind: p.kind, id: p.id, reason: p.reason, detail: p.detail })) };
}

export function privacyService(deps: PrivacyDeps) {
  const { store, clock } = deps;
  const log = deps.log ?? (() => {});
  const iso = () => clock.now().toISOString();
  const p = store.privacy;
  const erasureDeps = () => ({ store, dataDir: deps.dataDir, checkpoint: deps.checkpoint, clock, policy: () => deps.policy().retention, openCase: deps.openCase });

  const privacyTerms = (brandId: string | null) => brandPrivacy(deps.policy(), deps.settings(), brandId);

  /** By id or reference; inside a write, pass its `tx` to read what the write has changed so far. */
  async function load(id: string, from: StoreModules = store): Promise<PrivacyRequestRecord> {
    const r = (await from.privacy.get(id)) ?? (await from.privacy.byReference(id));
    if (!r) throw new DeskError('not_found', 'No such privacy request.');
    return r;
  }

  function view(r: PrivacyRequestRecord): PrivacyRequestView {
    return {
      id: r.id,
      reference: r.reference,
      kind: r.kind,
      email: r.email,
      customerId: r.customerId,
      brandId: r.brandId,
      source: r.source,
      sourceRef: r.sourceRef,
      state: r.state,
      receivedAt: r.receivedAt,
      dueAt: r.dueAt,
      extendedDueAt: r.extendedDueAt,
      extensionReason: r.extensionReason,
      effectiveDueAt: effectiveDueAt(r),
      due: dueStatus(r, clock.now(), privacyTerms(r.brandId)),
      owner: r.ownerId ? { id: r.ownerId, name: r.ownerName ?? '' } : null,
      verifiedAt: r.verifiedAt,
      verifiedBy: r.verifiedBy,
      correction: (r.details.correction as Correction | undefined) ?? null,
      // A stored null is the whole group; only a request that named no scope falls back to its brand.
      optOutScope: r.kind === 'optout' ? { brandId: 'brandId' in r.details ? (r.details.brandId as string | null) : r.brandId } : null,
      outcome: r.outcome,
      refusalReason: r.refusalReason,
      closedAt: r.closedAt,
    };
  }

  const emit = async (id: string): Promise<PrivacyRequestView> => {
    const v = view(await load(id));
    deps.changed?.(v);
    return v;
  };

  /** One write: the change and its audit event land together. */
  function act<T>(
    actor: AuditActor,
    action: AuditAction,
    requestId: string | null,
    detail: Record<string, unknown>,
    change: (tx: StoreModules) => Promise<T>,
    subject = requestId ? requestSubject(requestId) : null,
  ): Promise<T> {
    return store.write(async (tx) => {
      const out = await change(tx);
      await tx.audit.append(auditEvent(clock, actor, action, subject, detail));
      return out;
    });
  }
  const nothing = async () => undefined;
  /** Requests whose extension is being made (the customer is being told): one at a time. */
  const extending = new Set<string>();

  async function mail(r: { email: string; brandId: string | null; reference: string }, subject: string, text: string, attachments: { filename: string; content: Buffer; contentType: string }[] = []) {
    if (!deps.mailer) return false;
    const desk = brandDesk(deps.settings(), r.brandId ?? 'default');
    try {
      await deps.mailer.send({
        from: { name: desk.deskName, address: desk.from },
        to: r.email,
        subject: `${subject} (${r.reference})`,
        text,
        html: `<p>${text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!).replace(/\n/g, '<br>')}</p>`,
        attachments,
      });
      return true;
    } catch (e) {
      log('error', 'privacy mail could not be sent', { reference: r.reference, error: String(e) });
      return false;
    }
  }

  async function close(tx: StoreModules, r: PrivacyRequestRecord, state: 'done' | 'refused', extra: { outcome?: Record<string, unknown>; refusalReason?: string }) {
    const at = clock.now();
    await tx.privacy.setState(r.id, { state, closedAt: at.toISOString(), purgeAt: addMonths(at, deps.policy().retention.privacyRequestMonths).toISOString(), ...extra });
  }

  /** The extension, once the customer is told (POLICY §3a: the reason before the original due time); an extension they could not be told of is not made. */
  async function extendTold(actor: AuditActor, r: PrivacyRequestRecord, to: Date, reason: string): Promise<PrivacyRequestView> {
    const told = await mail(
      r,
      'We need more time for your privacy request',
      `We need more time to complete your request. It will be completed by ${to.toISOString().slice(0, 16).replace('T', ' ')} UTC.\nWhy: ${maskCardNumbers(reason)}`,
    );
    await act(actor, 'privacy.extension-notice', r.id, { sent: told }, nothing);
    if (!told) throw new DeskError('internal', 'The customer could not be emailed, so the request was not extended. Try again once mail works, before the due time.');
    await act(actor, 'privacy.extend', r.id, { dueAt: to.toISOString() }, async (tx) => {
      if (!(await tx.privacy.extend(r.id, to.toISOString(), reason))) throw new DeskError('conflict', 'This request has already been extended once.');
    });
    return emit(r.id);
  }

  async function move(tx: StoreModules, r: PrivacyRequestRecord, to: PrivacyState) {
    if (r.state === to) return;
    if (!mayMove(r.state, to)) throw new DeskError('conflict', `The request is ${r.state.replace('_', ' ')}; it cannot go to ${to.replace('_', ' ')}.`);
    await tx.privacy.setState(r.id, { state: to, closedAt: null, purgeAt: null });
  }

  async function create(o: {
    kind: PrivacyKind;
    email: string;
    brandId?: string | null;
    source: PrivacySource;
    sourceRef?: string | null;
    receivedAt?: Date;
    correction?: Correction;
    wholeGroup?: boolean;
    actor: AuditActor;
    loggedBy?: string | null;
  }): Promise<PrivacyRequestRecord> {
    // A correction with nothing to correct could never be carried out (nothing adds it later).
    if (o.kind === 'correction' && !o.correction) throw new DeskError('invalid_payload', 'A correction says what to correct: a name, email, phone or address.', [{ path: 'correction', message: 'required for a correction' }]);
    const receivedAt = o.receivedAt ?? clock.now();
    if (Number.isNaN(receivedAt.getTime())) throw new DeskError('invalid_payload', 'The received time is not a date.');
    // An opt-out or request for a brand the desk does not have would apply to nothing.
    if (o.brandId && !knownBrand({ settings: deps.settings() }, o.brandId)) throw new DeskError('not_found', `No brand ${o.brandId} on this desk.`);
    const details: Record<string, unknown> = {};
    if (o.correction) details.correction = o.correction;
    if (o.kind === 'optout') details.brandId = o.wholeGroup ? null : (o.brandId ?? null);
    // The widget asks again when its code could not be sent (mail down, too many codes) or never
    // came: the same session's same request, still unverified, is that request, not a second one.
    // Looked for inside the write, which on PostgreSQL holds the session's asks until it commits,
    // so the same ask reaching two hubs at once is one request.
    const same = (r: PrivacyRequestRecord) => {
      const { challengeId: _sent, ...asked } = r.details;
      return r.email === o.email && r.kind === o.kind && r.brandId === (o.brandId ?? null) && !r.verifiedAt && (r.state === 'received' || r.state === 'verifying') && JSON.stringify(asked) === JSON.stringify(details);
    };
    const widgetSession = o.source === 'widget' ? o.sourceRef : null;
    const id = newId('pr');
    const customer = await p.customerByEmail(o.email);
    const waiting = await store.write(async (tx) => {
      const earlier = widgetSession ? (await tx.privacy.fromWidgetSession(widgetSession)).find(same) : undefined;
      if (earlier) return earlier;
      const reference = privacyReference(receivedAt, await tx.privacy.nextNumber(receivedAt.getUTCFullYear()));
      await tx.privacy.insert({
        id,
        reference,
        kind: o.kind,
        email: o.email,
        customerId: customer?.id ?? null,
        brandId: o.brandId ?? null,
        source: o.source,
        sourceRef: o.sourceRef ?? null,
        receivedAt: receivedAt.toISOString(),
        dueAt: privacyDueAt(receivedAt, privacyTerms(o.brandId ?? null)).toISOString(),
        details,
        loggedBy: o.loggedBy ?? null,
      });
      await tx.audit.append(auditEvent(clock, o.actor, 'privacy.request', requestSubject(id), { kind: o.kind, source: o.source, customerId: customer?.id ?? null, brandId: o.brandId ?? null }));
      return null;
    });
    if (waiting) return waiting;
    await emit(id);
    return load(id);
  }

  /** A code to the address on file; from the widget, only that widget session may enter it. */
  async function sendCode(actor: AuditActor, requestId: string, widgetSessionId: string | null = null): Promise<PrivacyRequestView> {
    const r = await load(requestId);
    if (!deps.verifier) throw new DeskError('conflict', 'This hub cannot send verification codes (no verifier configured).');
    if (r.verifiedAt) throw new DeskError('conflict', 'This request is already verified.');
    if (r.state === 'done' || r.state === 'refused') throw new DeskError('conflict', 'This request is closed.');
    const { challengeId } = await deps.verifier.send({ email: r.email, brandId: r.brandId, subject: r.reference, widgetSessionId });
    await act(actor, 'privacy.verify-sent', r.id, { customerId: r.customerId }, async (tx) => {
      await tx.privacy.setDetails(r.id, { ...(await load(r.id, tx)).details, challengeId });
      await move(tx, await load(r.id, tx), 'verifying');
    });
    return emit(r.id);
  }

  async function markVerified(actor: AuditActor, requestId: string, how: string): Promise<PrivacyRequestRecord> {
    const r = await load(requestId);
    if (r.state === 'done' || r.state === 'refused') throw new DeskError('conflict', 'This request is closed.');
    const customer = await p.customerByEmail(r.email);
    await act(actor, 'privacy.verified', r.id, { how, customerId: customer?.id ?? null }, async (tx) => {
      await tx.privacy.setVerified(r.id, iso(), how, customer?.id ?? null);
      await move(tx, await load(r.id, tx), 'in_progress');
    });
    await emit(r.id);
    return load(r.id);
  }

  async function verifyCode(actor: AuditActor, requestId: string, code: string, widgetSessionId: string | null = null): Promise<PrivacyRequestRecord> {
    const r = await load(requestId);
    if (r.verifiedAt) return r;
    if (!deps.verifier) throw new DeskError('conflict', 'This hub cannot check verification codes (no verifier configured).');
    const challengeId = r.details.challengeId as string | undefined;
    if (!challengeId) throw new DeskError('conflict', 'No code was sent for this request yet.');
    try {
      await deps.verifier.check(challengeId, code, widgetSessionId);
    } catch (e) {
      await act(actor, 'privacy.verify-failed', r.id, { customerId: r.customerId, code: e instanceof DeskError ? e.code : 'internal' }, nothing);
      throw e;
    }
    return markVerified(actor, r.id, 'code');
  }

  function requireVerified(r: PrivacyRequestRecord) {
    if (!r.verifiedAt) throw new DeskError('conflict', 'The requester is not verified yet: send a code to the address on file first.');
    if (r.state === 'done' || r.state === 'refused') throw new DeskError('conflict', 'This request is closed.');
  }

  async function erase(actor: AuditActor, r: PrivacyRequestRecord): Promise<ErasureResult> {
    const result = await eraseCustomer(erasureDeps(), r.email);
    const outcome = outcomeOf(result);
    await act(actor, 'privacy.erase', r.id, { customerId: result.customerId, erased: result.erased, postponed: result.postponed.length }, async (tx) => {
      if (result.postponed.length === 0) await close(tx, await load(r.id, tx), 'done', { outcome });
      else {
        await move(tx, await load(r.id, tx), 'in_progress');
        await tx.privacy.setOutcome(r.id, outcome);
      }
    });
    await mail(r, 'Your data has been erased', erasureLetter(result.postponed));
    return result;
  }

  /** Carries a verified request out. */
  async function fulfil(actor: AuditActor, requestId: string, opts: { user?: StaffUser; guardianDocumentsChecked?: boolean } = {}): Promise<PrivacyRequestView> {
    const r = await load(requestId);
    if (r.kind === 'guardian_erasure') {
      // A parent or guardian is not the customer: a supervisor checks their documents instead of a code.
      if (!opts.user || !isSupervisor(opts.user)) throw new DeskError('forbidden', 'A supervisor carries out a guardian’s erasure, after checking their documents.');
      if (!opts.guardianDocumentsChecked) throw new DeskError('conflict', 'Confirm that the documents establishing parental or guardian status were checked.');
      if (!r.verifiedAt) await markVerified(actor, r.id, 'guardian_documents_checked');
    }
    requireVerified(await load(r.id));
    switch (r.kind) {
      case 'access': {
        const files = await accessBundleFiles(r);
        await act(actor, 'privacy.access', r.id, { customerId: r.customerId, delivered: 'email' }, async (tx) =>
          close(tx, await load(r.id, tx), 'done', { outcome: { deliveredAt: iso(), by: 'email' } }),
        );
        const sent = await mail(r, 'The personal data we hold about you', 'Attached: everything we hold about you, as a readable page (HTML) and as a machine-readable file (JSON).', [
          { filename: files.json.fileName, content: Buffer.from(files.json.content), contentType: 'application/json' },
          { filename: files.html.fileName, content: Buffer.from(files.html.content), contentType: 'text/html' },
        ]);
        if (!sent) log('warn', 'access bundle email not sent; the customer may download it in the widget', { reference: r.reference });
        break;
      }
      case 'correction':
        await correct(actor, r);
        break;
      case 'erasure':
      case 'guardian_erasure':
        await erase(actor, r);
        break;
      case 'optout': {
        const brandId = (r.details.brandId as string | null | undefined) ?? null;
        await act(actor, 'privacy.optout', r.id, { customerId: r.customerId, brandId }, async (tx) => {
          await tx.privacy.addOptOut({ id: newId('oo'), email: r.email, brandId, source: r.source, requestId: r.id, at: iso() });
          await close(tx, await load(r.id, tx), 'done', { outcome: { optedOut: brandId ?? 'group' } });
        });
        break;
      }
    }
    return emit(r.id);
  }

  async function correct(actor: AuditActor, r: PrivacyRequestRecord): Promise<void> {
    const c = r.details.correction as Correction | undefined;
    if (!c) throw new DeskError('conflict', 'This request does not say what to correct yet (name, email, phone or address).');
    const customer = await p.customerByEmail(r.email);
    if (!customer) throw new DeskError('not_found', 'There is no customer record under this address to correct.');
    if (c.email && c.email !== r.email) {
      if ((await p.customersByEmail(c.email)).some((k) => k.verified)) throw new DeskError('conflict', 'Another verified customer already uses the new address.');
      // The new address is verified like the old one: the code goes to it and the correction waits for it.
      if (r.details.newEmailVerifiedAt === undefined) throw new DeskError('conflict', 'The new address must be verified first: send it a code and enter it.');
    }
    // The audit keeps the history: which fields changed, from what to what, by customer id only —
    // the values are personal data, so the event says which fields, never their text.
    await act(actor, 'privacy.correct', r.id, { customerId: customer.id, fields: Object.keys(c).filter((k) => c[k as keyof Correction] !== undefined) }, async (tx) => {
      await tx.privacy.correct(r.email, c);
      await close(tx, await load(r.id, tx), 'done', { outcome: { corrected: Object.keys(c) } });
    });
  }

  async function accessBundleFiles(r: PrivacyRequestRecord): Promise<AccessFiles> {
    const bundle = await buildAccessBundle(store, deps.dataDir, r.email, r.reference, clock.now());
    return accessFiles(bundle, brandDesk(deps.settings(), r.brandId ?? 'default').deskName);
  }

  function erasureLetter(postponed: PostponedPart[]): string {
    if (postponed.length === 0) return 'We have erased everything we held about you. We keep only the record of your request (its reference, dates and outcome, with your email address) for 3 years as proof, then delete it.';
    return [
      'We have erased what we held about you, except the following, which we must keep for now:',
      ...postponed.map((x) => `- ${x.kind === 'case' ? 'a return or claim' : 'a chat transcript'}: ${x.detail}`),
      'These will be erased as soon as the hold is lifted or the case is closed, without anything more from you. We keep the record of your request for 3 years as proof.',
    ].join('\n');
  }

  return {
    view,
    load,
    create,
    sendCode,
    verifyCode,
    markVerified,
    fulfil,
    accessBundleFiles,

    /** Correcting an email verifies the new address the same way: a code to it. */
    async sendNewEmailCode(actor: AuditActor, requestId: string, widgetSessionId: string | null = null): Promise<PrivacyRequestView> {
      const r = await load(requestId);
      const to = (r.details.correction as Correction | undefined)?.email;
      if (!to) throw new DeskError('conflict', 'This request does not change the email address.');
      if (!deps.verifier) throw new DeskError('conflict', 'This hub cannot send verification codes (no verifier configured).');
      const { challengeId } = await deps.verifier.send({ email: to, brandId: r.brandId, subject: r.reference, widgetSessionId });
      await act(actor, 'privacy.verify-sent', r.id, { customerId: r.customerId, newAddress: true }, async (tx) =>
        tx.privacy.setDetails(r.id, { ...(await load(r.id, tx)).details, newEmailChallengeId: challengeId }),
      );
      return emit(r.id);
    },

    async verifyNewEmail(actor: AuditActor, requestId: string, code: string, widgetSessionId: string | null = null): Promise<PrivacyRequestView> {
      const r = await load(requestId);
      const challengeId = r.details.newEmailChallengeId as string | undefined;
      if (!challengeId) throw new DeskError('conflict', 'No code was sent to the new address yet.');
      if (!deps.verifier) throw new DeskError('conflict', 'This hub cannot check verification codes (no verifier configured).');
      await deps.verifier.check(challengeId, code, widgetSessionId);
      await act(actor, 'privacy.verified', r.id, { how: 'code', newAddress: true, customerId: r.customerId }, async (tx) =>
        tx.privacy.setDetails(r.id, { ...(await load(r.id, tx)).details, newEmailVerifiedAt: iso() }),
      );
      return emit(r.id);
    },

    /** An access bundle was handed over (downloaded in the widget): the request is done. */
    async delivered(actor: AuditActor, requestId: string, how: 'download'): Promise<void> {
      const r = await load(requestId);
      await act(actor, 'privacy.download', r.id, { customerId: r.customerId, how }, async (tx) => {
        if (r.state !== 'done') await close(tx, await load(r.id, tx), 'done', { outcome: { deliveredAt: iso(), by: how } });
      });
      await emit(r.id);
    },

    async list(): Promise<PrivacyRequestView[]> {
      return (await p.list()).map(view);
    },

    async detail(id: string): Promise<PrivacyDetail> {
      const r = await load(id);
      return { request: view(r), notes: (await p.notes(r.id)).map((n) => ({ id: n.id, author: { id: n.authorId, name: n.authorName }, body: n.body, createdAt: n.createdAt })) };
    },

    async assign(actor: AuditActor, requestId: string, ownerId: string | null): Promise<PrivacyRequestView> {
      const r = await load(requestId);
      if (ownerId && !(await store.users.account(ownerId))) throw new DeskError('not_found', 'No such account.');
      await act(actor, 'privacy.assign', r.id, { ownerId }, (tx) => tx.privacy.setOwner(r.id, ownerId));
      return emit(r.id);
    },

    async note(actor: AuditActor, user: StaffUser, requestId: string, body: string): Promise<PrivacyDetail> {
      const r = await load(requestId);
      const noteId = newId('pn');
      // The note is in the request; the audit records that it was written, not what it says.
      await act(actor, 'privacy.note', r.id, { noteId }, (tx) => tx.privacy.addNote({ id: noteId, requestId: r.id, authorId: user.id, authorName: user.name, body, createdAt: iso() }));
      return this.detail(r.id);
    },

    async extend(actor: AuditActor, requestId: string, to: Date, reason: string): Promise<PrivacyRequestView> {
      const r = await load(requestId);
      if (r.state === 'done' || r.state === 'refused') throw new DeskError('conflict', 'This request is closed.');
      const check = checkExtension({ dueAt: new Date(r.dueAt), extendedDueAt: r.extendedDueAt ? new Date(r.extendedDueAt) : null }, to, reason, clock.now(), privacyTerms(r.brandId));
      if (!check.ok) throw new DeskError('conflict', check.reason);
      // One at a time per request (a double click): the customer is told of one extension only.
      if (extending.has(r.id)) throw new DeskError('conflict', 'This request is being extended right now.');
      extending.add(r.id);
      try {
        return await extendTold(actor, r, to, reason);
      } finally {
        extending.delete(r.id);
      }
    },

    async refuse(actor: AuditActor, requestId: string, reason: string): Promise<PrivacyRequestView> {
      const r = await load(requestId);
      if (!mayMove(r.state, 'refused')) throw new DeskError('conflict', 'This request is closed.');
      await act(actor, 'privacy.refuse', r.id, {}, (tx) => close(tx, r, 'refused', { refusalReason: reason }));
      await mail(r, 'About your privacy request', `We could not carry out your request.\nWhy: ${maskCardNumbers(reason)}`);
      return emit(r.id);
    },

    async preview(requestIdOrEmail: { requestId?: string; email?: string }): Promise<ErasurePlan> {
      const email = requestIdOrEmail.email ?? (await load(requestIdOrEmail.requestId!)).email;
      return previewErasure(store, email, deps.openCase);
    },

    /** Erasure now, as an operator ordered it (`caredesk privacy erase`): logged as a request, done at once. */
    async eraseNow(actor: AuditActor, email: string): Promise<{ request: PrivacyRequestView; result: ErasureResult }> {
      const r = await create({ kind: 'erasure', email, source: 'operator', actor });
      await markVerified(actor, r.id, 'operator');
      const result = await erase(actor, await load(r.id));
      return { request: await emit(r.id), result };
    },

    async customer(customerId: string): Promise<CustomerPrivacy> {
      const c = await p.customerById(customerId);
      if (!c) throw new DeskError('not_found', 'No such customer.');
      return {
        customerId,
        optOuts: (await p.optOuts(c.email)).map((o) => ({ brandId: o.brandId, source: o.source, at: o.at })),
        under13FlaggedAt: c.under13FlaggedAt,
        guardianAgreementAt: c.guardianAgreementAt,
      };
    },

    async flagUnder13(actor: AuditActor, user: StaffUser, customerId: string): Promise<CustomerPrivacy> {
      const c = await p.customerById(customerId);
      if (!c) throw new DeskError('not_found', 'No such customer.');
      await act(actor, 'privacy.under13-flag', null, { customerId }, (tx) => tx.privacy.flagUnder13(customerId, user.id, iso()), customerSubject(customerId));
      return this.customer(customerId);
    },

    /** A supervisor confirms: everything is erased at once, no request, no verification; only the fact stays. */
    async confirmUnder13(actor: AuditActor, user: StaffUser, customerId: string): Promise<{ erased: true; postponed: PostponedPart[] }> {
      requireSupervisor(user);
      const c = await p.customerById(customerId);
      if (!c) throw new DeskError('not_found', 'No such customer.');
      if (!c.under13FlaggedAt) throw new DeskError('conflict', 'An agent flags the customer as under 13 first; a supervisor then confirms.');
      const flaggedBy = c.under13FlaggedBy;
      const flaggedAt = c.under13FlaggedAt;
      const result = await eraseCustomer(erasureDeps(), c.email);
      const at = clock.now();
      await act(actor, 'privacy.under13-erase', null, { customerId, erased: result.erased, postponed: result.postponed.length }, (tx) =>
        tx.privacy.addChildErasure({
          id: newId('ce'),
          flaggedBy,
          flaggedAt,
          confirmedBy: user.id,
          erasedAt: at.toISOString(),
          postponed: result.postponed.length > 0,
          purgeAt: addMonths(at, deps.policy().retention.privacyRequestMonths).toISOString(),
        }),
        customerSubject(customerId),
      );
      return { erased: true, postponed: result.postponed };
    },

    async guardianAgreement(actor: AuditActor, user: StaffUser, customerId: string): Promise<CustomerPrivacy> {
      if (!(await p.customerById(customerId))) throw new DeskError('not_found', 'No such customer.');
      await act(actor, 'privacy.guardian-agreement', null, { customerId }, (tx) => tx.privacy.recordGuardianAgreement(customerId, iso(), user.id), customerSubject(customerId));
      return this.customer(customerId);
    },

    /** Erasures with postponed parts: done once nothing of the customer is left; the customer is told. */
    async settleErasures(): Promise<string[]> {
      const done: string[] = [];
      for (const id of await p.openErasures()) {
        const r = await load(id);
        if (await anythingLeft(store, r.email)) continue;
        // Closed by whichever run gets here first (a hub's, or the CLI's beside it): the others
        // find it done inside their write, and neither close nor email it again.
        const closedHere = await store.write(async (tx) => {
          const now = await load(id, tx);
          if (now.state !== 'in_progress') return false;
          await close(tx, now, 'done', { outcome: { ...(r.outcome ?? {}), completedAt: iso() } });
          await tx.audit.append(auditEvent(clock, { kind: 'system', id: 'hub' }, 'privacy.erase-completed', requestSubject(id), { customerId: r.customerId }));
          return true;
        });
        if (!closedHere) continue;
        await mail(r, 'The rest of your data has been erased', 'What we had to keep for a while (see our earlier email) has now been erased too. We keep only the record of your request, for 3 years, as proof.');
        await emit(id);
        done.push(r.reference);
      }
      return done;
    },
  };
}
export type PrivacyService = ReturnType<typeof privacyService>;
