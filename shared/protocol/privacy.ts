// Privacy requests (issue 13, POLICY §3a): payload schemas the hub validates, the views it sends,
// and the event maps merged into events.ts. docs/PROTOCOL.md "Privacy" documents each.
import { z } from 'zod';
import { PRIVACY_KINDS, PRIVACY_SOURCES, type DueStatus, type PrivacyKind, type PrivacySource, type PrivacyState } from '../domain/privacy';
import type { Ack } from './errors';
import { Email, Id, PersonName } from './schemas';

// As in events.ts (lint forbids importing a module named "events" in shared/).
type WithAck<P, R> = (payload: P, ack: (reply: Ack<R>) => void) => void;

const Text = (max: number, what: string) => z.string().trim().min(1, `${what} is empty`).max(max);
const IsoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not an ISO date and time');

export const PrivacyKindSchema = z.enum(PRIVACY_KINDS);
export const RequestRef = z.object({ requestId: Id }).strict();
export type RequestRef = z.infer<typeof RequestRef>;
export const CustomerRef = z.object({ customerId: Id }).strict();
export type CustomerRef = z.infer<typeof CustomerRef>;

/** What a correction changes; each field optional, at least one. */
export const Correction = z
  .object({
    name: PersonName.optional(),
    email: Email.optional(),
    phone: z.string().trim().min(3).max(40).optional(),
    address: z.string().trim().min(3).max(500).optional(),
  })
  .strict()
  .refine((c) => Object.values(c).some((v) => v !== undefined), 'a correction names at least one field');
export type Correction = z.infer<typeof Correction>;

/** An opt-out for one brand, or (brandId absent) for the whole group. */
export const OptOutScope = z.object({ brandId: Id.optional() }).strict();

/** Staff log a request on the customer's behalf (privacy:log). */
export const PrivacyLog = z
  .object({
    kind: PrivacyKindSchema,
    email: Email,
    brandId: Id.optional(),
    source: z.enum(PRIVACY_SOURCES).exclude(['widget']),
    /** The chat or ticket it came from, or a note on the call or email. */
    sourceRef: z.string().trim().max(200).optional(),
    correction: Correction.optional(),
  })
  .strict();
export type PrivacyLog = z.infer<typeof PrivacyLog>;

/** The widget's "Your privacy" form (privacy:request on /customer): about the session's own address. */
export const PrivacyAsk = z
  .object({
    kind: z.enum(['access', 'correction', 'erasure', 'optout']),
    brandId: Id.optional(),
    correction: Correction.optional(),
    /** Opt out of every brand of the group (default: only this brand). */
    wholeGroup: z.boolean().optional(),
  })
  .strict();
export type PrivacyAsk = z.infer<typeof PrivacyAsk>;

export const PrivacyVerify = z.object({ requestId: Id, code: z.string().trim().regex(/^\d{6}$/, 'the code is 6 digits') }).strict();
export type PrivacyVerify = z.infer<typeof PrivacyVerify>;
export const PrivacyAssign = z.object({ requestId: Id, ownerId: Id.nullable() }).strict();
export const PrivacyExtend = z.object({ requestId: Id, dueAt: IsoTime, reason: Text(1000, 'reason') }).strict();
export type PrivacyExtend = z.infer<typeof PrivacyExtend>;
export const PrivacyNoteBody = z.object({ requestId: Id, body: Text(4000, 'note') }).strict();
export const PrivacyRefuse = z.object({ requestId: Id, reason: Text(1000, 'reason') }).strict();
/** A guardian's erasure needs a supervisor's word that the documents were checked. */
export const PrivacyFulfil = z.object({ requestId: Id, guardianDocumentsChecked: z.boolean().optional() }).strict();
export type PrivacyFulfil = z.infer<typeof PrivacyFulfil>;

export interface ErasureCounts {
  conversations: number;
  messages: number;
  attachments: number;
  tickets: number;
  cases: number;
  casePhotos: number;
  orders: number;
  widgetSessions: number;
  optOuts: number;
  customerRecord: number;
}

/** Something an erasure could not take yet, and why. */
export interface PostponedPart {
  kind: 'conversation' | 'case';
  id: string;
  reason: 'legal_hold' | 'open_case';
  detail: string;
}

export interface ErasurePlan {
  email: string;
  customerId: string | null;
  /** Anything at all is held under this address. */
  found: boolean;
  going: ErasureCounts;
  postponed: PostponedPart[];
}

/** What a request is from the moment it is logged: the store's record and staff's view share it. */
export interface PrivacyRequestCore {
  id: string;
  reference: string;
  kind: PrivacyKind;
  email: string;
  customerId: string | null;
  brandId: string | null;
  source: PrivacySource;
  sourceRef: string | null;
  receivedAt: string;
  dueAt: string;
}

/** A request as staff see it (privacy:list, privacy:get). The email is the request's own record. */
export interface PrivacyRequestView extends PrivacyRequestCore {
  state: PrivacyState;
  extendedDueAt: string | null;
  extensionReason: string | null;
  /** The due time in force, and how close it is (from the hub's clock). */
  effectiveDueAt: string;
  due: DueStatus;
  owner: { id: string; name: string } | null;
  verifiedAt: string | null;
  verifiedBy: string | null;
  correction: Correction | null;
  optOutScope: { brandId: string | null } | null;
  outcome: Record<string, unknown> | null;
  refusalReason: string | null;
  closedAt: string | null;
}

export interface PrivacyNoteView {
  id: string;
  author: { id: string | null; name: string };
  body: string;
  createdAt: string;
}

export interface PrivacyDetail {
  request: PrivacyRequestView;
  notes: PrivacyNoteView[];
}

/** The customer panel's privacy line (privacy:customer). */
export interface CustomerPrivacy {
  customerId: string;
  optOuts: { brandId: string | null; source: string; at: string }[];
  under13FlaggedAt: string | null;
  guardianAgreementAt: string | null;
}

/** What the widget is told about its own request: never another customer's data. */
export interface PrivacyReceipt {
  requestId: string;
  reference: string;
  kind: PrivacyKind;
  state: PrivacyState;
  receivedAt: string;
  dueAt: string;
  /** code_sent: enter the code emailed to the address; verified: nothing more to do. */
  verification: 'code_sent' | 'verified';
}

/** The access bundle as files: JSON (machine-readable) and HTML (readable). */
export interface AccessFiles {
  reference: string;
  json: { fileName: string; content: string };
  html: { fileName: string; content: string };
}

export interface PrivacyAgentClientEvents {
  'privacy:list': WithAck<Record<string, never>, { requests: PrivacyRequestView[] }>;
  'privacy:get': WithAck<RequestRef, PrivacyDetail>;
  'privacy:log': WithAck<PrivacyLog, { request: PrivacyRequestView }>;
  'privacy:assign': WithAck<z.infer<typeof PrivacyAssign>, { request: PrivacyRequestView }>;
  'privacy:send-code': WithAck<RequestRef, { request: PrivacyRequestView }>;
  'privacy:verify': WithAck<PrivacyVerify, { request: PrivacyRequestView }>;
  'privacy:extend': WithAck<PrivacyExtend, { request: PrivacyRequestView }>;
  /** A correction of the email: a code to the new address, and entering it. */
  'privacy:send-new-email-code': WithAck<RequestRef, { request: PrivacyRequestView }>;
  'privacy:verify-new-email': WithAck<PrivacyVerify, { request: PrivacyRequestView }>;
  'privacy:note': WithAck<z.infer<typeof PrivacyNoteBody>, PrivacyDetail>;
  'privacy:refuse': WithAck<z.infer<typeof PrivacyRefuse>, { request: PrivacyRequestView }>;
  'privacy:preview': WithAck<RequestRef, ErasurePlan>;
  'privacy:fulfil': WithAck<PrivacyFulfil, { request: PrivacyRequestView }>;
  'privacy:customer': WithAck<CustomerRef, CustomerPrivacy>;
  'privacy:flag-under13': WithAck<CustomerRef, CustomerPrivacy>;
  'privacy:confirm-under13': WithAck<CustomerRef, { erased: true; postponed: PostponedPart[] }>;
  'privacy:guardian-agreement': WithAck<CustomerRef, CustomerPrivacy>;
}
export interface PrivacyAgentServerEvents {
  /** To supervisors and admins: a request was logged or changed. */
  'privacy:changed': (payload: { request: PrivacyRequestView }) => void;
}

export interface PrivacyCustomerClientEvents {
  'privacy:request': WithAck<PrivacyAsk, PrivacyReceipt>;
  'privacy:verify': WithAck<PrivacyVerify, PrivacyReceipt>;
  'privacy:download': WithAck<RequestRef, AccessFiles>;
}
