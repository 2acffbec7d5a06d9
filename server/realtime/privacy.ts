// Privacy requests over socket.io (issue 13): the Privacy section for supervisors and the privacy
// line of the customer panel on /agent; the widget's "Your privacy" on /customer, which only ever
// reaches requests about the widget session's own address.
import type { Namespace, Server } from 'socket.io';
import { DeskError } from '../../shared/protocol/errors';
import { NAMESPACES } from '../../shared/protocol/events';
import {
  CustomerRef,
  PrivacyAsk,
  PrivacyAssign,
  PrivacyExtend,
  PrivacyFulfil,
  PrivacyLog,
  PrivacyNoteBody,
  PrivacyRefuse,
  PrivacyVerify,
  RequestRef,
  type PrivacyReceipt,
  type PrivacyRequestView,
} from '../../shared/protocol/privacy';
import { Empty, type StaffUser } from '../../shared/protocol/schemas';
import { auditEvent, staffActor, type AuditActor } from '../audit/record';
import type { StaffAuth, StaffIdentity } from '../auth/staff';
import type { CustomerIdentity, WidgetAuth } from '../auth/widget';
import { customerBinder } from './customerBinder';
import { requireSupervisor, requestSubject, type PrivacyService } from '../privacy/service';
import type { PrivacyRequestRecord } from '../store/privacy';
import type { StoreApi } from '../store/api';
import type { Clock } from '../clock';
import { binder, keyedQueue, room, type Log } from './handle';

export interface PrivacyRealtimeDeps {
  auth: StaffAuth;
  privacy: PrivacyService;
  store: StoreApi;
  clock: Clock;
  log: Log;
  widget: WidgetAuth;
  /** Whether this widget session is already verified for its address (the store's signed identity). */
  sessionVerified?: (identity: CustomerIdentity) => boolean;
}

/** Pushes request changes to supervisors' and admins' sockets. */
export function privacyBroadcaster(io: Server) {
  return (request: PrivacyRequestView) => io.of(NAMESPACES.agent).to(room.privacy).emit('privacy:changed', { request });
}

export function registerPrivacy(io: Server, deps: PrivacyRealtimeDeps) {
  const { auth, privacy, store, clock, log } = deps;
  const agents = io.of(NAMESPACES.agent) as unknown as Namespace<never, never, Record<string, never>, { staff: StaffIdentity; token: string }>;
  const customers = io.of(NAMESPACES.customer) as unknown as Namespace<never, never, Record<string, never>, { identity: CustomerIdentity }>;

  agents.on('connection', (socket) => {
    const b = binder(socket, log, async () => {
      socket.data.staff = await auth.authenticate(socket.data.token);
    });
    const user = (): StaffUser => socket.data.staff.user;
    const actor = (): AuditActor => staffActor(user());
    const supervisor = () => {
      requireSupervisor(user());
      return actor();
    };
    if (user().role !== 'agent') void socket.join(room.privacy);
    const audited = async <T>(action: 'privacy.list' | 'privacy.view' | 'privacy.erase-preview', requestId: string | null, detail: Record<string, unknown>, value: T): Promise<T> => {
      await store.writeCalls((tx) => tx.audit.append(auditEvent(clock, actor(), action, requestId ? requestSubject(requestId) : null, detail)));
      return value;
    };

    b.on('privacy:list', Empty, async () => {
      supervisor();
      const requests = await privacy.list();
      return audited('privacy.list', null, { count: requests.length }, { requests });
    });
    b.on('privacy:get', RequestRef, async (p) => {
      supervisor();
      const d = await privacy.detail(p.requestId);
      return audited('privacy.view', d.request.id, { customerId: d.request.customerId }, d);
    });
    b.on('privacy:log', PrivacyLog, async (p) => {
      const r = await privacy.create({ kind: p.kind, email: p.email, brandId: p.brandId, source: p.source, sourceRef: p.sourceRef, correction: p.correction, actor: actor(), loggedBy: user().id });
      return { request: privacy.view(r) };
    });
    b.on('privacy:assign', PrivacyAssign, async (p) => ({ request: await privacy.assign(supervisor(), p.requestId, p.ownerId) }));
    b.on('privacy:send-code', RequestRef, async (p) => ({ request: await privacy.sendCode(supervisor(), p.requestId) }));
    b.on('privacy:verify', PrivacyVerify, async (p) => ({ request: privacy.view(await privacy.verifyCode(supervisor(), p.requestId, p.code)) }));
    b.on('privacy:send-new-email-code', RequestRef, async (p) => ({ request: await privacy.sendNewEmailCode(supervisor(), p.requestId) }));
    b.on('privacy:verify-new-email', PrivacyVerify, async (p) => ({ request: await privacy.verifyNewEmail(supervisor(), p.requestId, p.code) }));
    b.on('privacy:extend', PrivacyExtend, async (p) => ({ request: await privacy.extend(supervisor(), p.requestId, new Date(p.dueAt), p.reason) }));
    b.on('privacy:note', PrivacyNoteBody, (p) => privacy.note(supervisor(), user(), p.requestId, p.body));
    b.on('privacy:refuse', PrivacyRefuse, async (p) => ({ request: await privacy.refuse(supervisor(), p.requestId, p.reason) }));
    b.on('privacy:preview', RequestRef, async (p) => {
      supervisor();
      const plan = await privacy.preview({ requestId: p.requestId });
      return audited('privacy.erase-preview', p.requestId, { customerId: plan.customerId }, plan);
    });
    b.on('privacy:fulfil', PrivacyFulfil, async (p) => ({
      request: await privacy.fulfil(supervisor(), p.requestId, { user: user(), guardianDocumentsChecked: p.guardianDocumentsChecked }),
    }));
    b.on('privacy:customer', CustomerRef, async (p) => {
      const c = await privacy.customer(p.customerId);
      await store.writeCalls((tx) => tx.audit.append(auditEvent(clock, actor(), 'privacy.view', { kind: 'customer', id: p.customerId }, { customerId: p.customerId })));
      return c;
    });
    b.on('privacy:flag-under13', CustomerRef, (p) => privacy.flagUnder13(actor(), user(), p.customerId));
    b.on('privacy:confirm-under13', CustomerRef, (p) => privacy.confirmUnder13(actor(), user(), p.customerId));
    b.on('privacy:guardian-agreement', CustomerRef, (p) => privacy.guardianAgreement(actor(), user(), p.customerId));
  });

  // One widget session's asks, from any of its sockets, are taken one at a time on this hub: asked
  // twice at once (a double click, a retry racing the first), only the last code sent works. That
  // they find the request the first one stored holds across hubs too (privacy/service.ts create).
  const asks = keyedQueue();

  customers.on('connection', (socket) => {
    const b = customerBinder(socket, log, deps.widget);
    const identity = () => socket.data.identity;
    const actor = (): AuditActor => ({ kind: 'customer', id: identity().customer.id });
    const receipt = (r: PrivacyRequestRecord): PrivacyReceipt => ({
      requestId: r.id,
      reference: r.reference,
      kind: r.kind,
      state: r.state,
      receivedAt: r.receivedAt,
      dueAt: r.extendedDueAt ?? r.dueAt,
      verification: r.verifiedAt ? 'verified' : 'code_sent',
    });
    /** Only a request this widget session made (sourceRef), about its own address; anything else reads as unknown. */
    const own = async (requestId: string): Promise<PrivacyRequestRecord> => {
      const r = await store.privacy.get(requestId);
      const i = identity();
      if (!r || r.source !== 'widget' || r.sourceRef !== i.widgetSessionId || r.email !== i.customer.email) throw new DeskError('not_found', 'No such privacy request.');
      return r;
    };
    // Verified, an opt-out needs nothing more; access waits for the download; the rest go to staff.
    const afterVerified = async (r: PrivacyRequestRecord) => {
      if (r.kind === 'optout') await privacy.fulfil(actor(), r.id);
      return privacy.load(r.id);
    };

    b.on('privacy:request', PrivacyAsk, (p) => asks(identity().widgetSessionId, async () => {
      const i = identity();
      const r = await privacy.create({
        kind: p.kind,
        email: i.customer.email,
        brandId: p.brandId ?? null,
        source: 'widget',
        sourceRef: i.widgetSessionId,
        correction: p.correction,
        wholeGroup: p.wholeGroup,
        actor: actor(),
      });
      if (deps.sessionVerified?.(i)) return receipt(await afterVerified(await privacy.markVerified(actor(), r.id, 'signed_identity')));
      await privacy.sendCode(actor(), r.id, i.widgetSessionId);
      return receipt(await privacy.load(r.id));
    }));
    b.on('privacy:verify', PrivacyVerify, async (p) => {
      const r = await own(p.requestId);
      return receipt(await afterVerified(await privacy.verifyCode(actor(), r.id, p.code, identity().widgetSessionId)));
    });
    b.on('privacy:download', RequestRef, async (p) => {
      const r = await own(p.requestId);
      if (r.kind !== 'access') throw new DeskError('conflict', 'Only an access request has a download.');
      if (!r.verifiedAt) throw new DeskError('conflict', 'Enter the code we emailed you first.');
      const files = await privacy.accessBundleFiles(r);
      await privacy.delivered(actor(), r.id, 'download');
      return files;
    });
  });
}
