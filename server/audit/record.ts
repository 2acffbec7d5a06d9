// Writing audit events: who did what to which record, and when (POLICY §3: every staff view or
// export of a transcript is recorded). The chain itself lives in store/audit.ts.
import { userInfo } from 'node:os';
import type { StaffUser } from '../../shared/protocol/schemas';
import type { Clock } from '../clock';
import type { StoreApi } from '../store/api';
import type { Store } from '../store/index';
import type { AuditActorKind, AuditEvent, AuditRow } from '../store/audit';

export type AuditAction =
  | 'conversation.view'
  | 'conversation.sync'
  | 'transcript.view'
  | 'transcript.export'
  | 'transcript.copy'
  | 'transcript.copy-retry'
  | 'transcript.tag'
  | 'transcript.untag'
  | 'transcript.comment'
  | 'transcript.hold'
  | 'transcript.release'
  | 'transcripts.search'
  | 'transcripts.list'
  | 'transcripts.import'
  | 'retention.purge'
  | 'retention.run'
  | 'privacy.request'
  | 'privacy.verify-sent'
  | 'privacy.verify-failed'
  | 'privacy.verified'
  | 'privacy.assign'
  | 'privacy.note'
  | 'privacy.extend'
  | 'privacy.extension-notice'
  | 'privacy.refuse'
  | 'privacy.access'
  | 'privacy.download'
  | 'privacy.correct'
  | 'privacy.erase'
  | 'privacy.erase-preview'
  | 'privacy.erase-completed'
  | 'privacy.optout'
  | 'privacy.optouts-list'
  | 'privacy.list'
  | 'privacy.view'
  | 'privacy.export'
  | 'privacy.under13-flag'
  | 'privacy.under13-erase'
  | 'privacy.guardian-agreement'
  | 'case.view'
  | 'case.photo-view'
  | 'cases.list'
  | 'order.view'
  | 'orders.search'
  | 'tickets.list'
  | 'tickets.read'
  | 'tickets.attachment'
  // Staff accounts (issue 12): who changed which account, and sign-ins that failed or were refused.
  | 'staff.setup'
  | 'staff.create'
  | 'staff.update'
  | 'staff.password'
  | 'staff.brands'
  | 'staff.sign-in-failed'
  | 'staff.sign-in-refused'
  | 'settings.update'
  | 'case.waive';

export interface AuditActor {
  kind: AuditActorKind;
  id: string | null;
}

export const staffActor = (user: StaffUser): AuditActor => ({ kind: 'staff', id: user.id });
export const systemActor: AuditActor = { kind: 'system', id: 'hub' };
/** Whoever ran a `caredesk` command: the OS account is the best identity the CLI has. */
export const operatorActor = (): AuditActor => {
  let name: string | null = null;
  try {
    name = userInfo().username;
  } catch {
    // No passwd entry (some containers): still recorded, as an unnamed operator.
  }
  return { kind: 'operator', id: name };
};

/** The event to append; use it inside a write that makes the change it records, so both or neither land. */
export function auditEvent(
  clock: Clock,
  actor: AuditActor,
  action: AuditAction,
  subject: { kind: string; id: string } | null,
  detail: Record<string, unknown> = {},
): AuditEvent {
  return {
    at: clock.now().toISOString(),
    actorKind: actor.kind,
    actorId: actor.id,
    action,
    subjectKind: subject?.kind ?? null,
    subjectId: subject?.id ?? null,
    detail,
  };
}

/** Records a read (a view, a search, an export) durably, before its data is handed out. */
export function recordAudit(
  store: Store | StoreApi,
  clock: Clock,
  actor: AuditActor,
  action: AuditAction,
  subject: { kind: string; id: string } | null,
  detail: Record<string, unknown> = {},
): Promise<AuditRow> {
  const event = auditEvent(clock, actor, action, subject, detail);
  // Services move to the async interface one by one (server/store/api.ts); both are served meanwhile.
  if ('backend' in store) return store.writeCalls((tx) => tx.audit.append(event));
  return store.write(() => store.audit.append(event));
}

export const conversationSubject = (id: string) => ({ kind: 'conversation', id });
export const userSubject = (id: string) => ({ kind: 'user', id });
/** Creating the first admin with the setup code: nobody is signed in yet. */
export const setupActor: AuditActor = { kind: 'system', id: 'setup-code' };
