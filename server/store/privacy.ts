// Privacy requests (POLICY §3a) and the rows retention and erasure reach beyond transcripts
// (§3b): tickets, cases with their photos, orders, customer records, widget sessions, opt-outs,
// request records and the oldest audit events. Only SQL here; the rules are in server/privacy/
// and server/retention/.
import { maskCardNumbers } from '../../shared/domain/cardMask';
import type { PrivacyKind, PrivacySource, PrivacyState } from '../../shared/domain/privacy';
import type { PrivacyRequestCore } from '../../shared/protocol/privacy';
import { FINISHED } from './cases';
import { OPEN_CONVERSATION } from './conversations';
import type { Db } from './db';
import { isSet, type Flag } from './rowValues';

/**
 * When the customer of the open chat `c` last wrote: their newest message, read backwards along the
 * chat's (conversation_id, seq) index. MAX(created_at) over the chat read every message of it, and
 * ran once a minute (policy.retention.chatIdleCheckMs) for every open chat in the store's one writer:
 * 68 ms with 200 long chats, holding every commit that long.
 */
export const LAST_CUSTOMER_MESSAGE = `SELECT m.created_at FROM messages m WHERE m.conversation_id = c.id AND m.author_kind = 'customer' ORDER BY m.seq DESC LIMIT 1`;

/** Nothing refers to the customer `k` any more: no chat, session, ticket, case or order under their address. */
export const UNREFERENCED_CUSTOMER = `(NOT EXISTS (SELECT 1 FROM conversations c WHERE c.customer_id = k.id)
  AND NOT EXISTS (SELECT 1 FROM widget_sessions w WHERE w.customer_id = k.id)
  AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.customer_email = k.email)
  AND NOT EXISTS (SELECT 1 FROM cases x WHERE x.customer_email = k.email))`;

/**
 * One page of the customers after `after` (id order): which of them nothing refers to, and where
 * the next page starts (null: none left). In pages because the check reads four tables per
 * customer: over every customer at once it held the store's one writer for 130 ms at 100,000.
 */
type Earliest = { at: string | null; n: number };
/** `retention list`'s figures per kind (store.privacy.nextPurges). */
export type NextPurges = Record<'tickets' | 'cases' | 'undatedTickets' | 'undatedCases' | 'widgetSessions' | 'privacyRequests' | 'audit', Earliest>;

export interface OrphanPage {
  orphans: string[];
  next: string | null;
}

export function toOrphanPage(rows: { id: string; orphan: Flag }[], scan: number): OrphanPage {
  return { orphans: rows.filter((r) => isSet(r.orphan)).map((r) => r.id), next: rows.length < scan ? null : rows.at(-1)!.id };
}

export interface PrivacyRequestRecord extends PrivacyRequestCore {
  state: PrivacyState;
  extendedDueAt: string | null;
  extensionReason: string | null;
  ownerId: string | null;
  ownerName: string | null;
  verifiedAt: string | null;
  verifiedBy: string | null;
  details: Record<string, unknown>;
  outcome: Record<string, unknown> | null;
  refusalReason: string | null;
  loggedBy: string | null;
  closedAt: string | null;
  purgeAt: string | null;
}

export interface PrivacyNote {
  id: string;
  authorId: string | null;
  authorName: string;
  body: string;
  createdAt: string;
}

export interface OptOut {
  email: string;
  /** null: the whole group. */
  brandId: string | null;
  source: string;
  requestReference: string | null;
  at: string;
}

export interface CustomerRecord {
  id: string;
  email: string;
  name: string;
  phone: string | null;
  address: string | null;
  createdAt: string;
  under13FlaggedAt: string | null;
  under13FlaggedBy: string | null;
  guardianAgreementAt: string | null;
  /** The store's signed identity or a code proved the address (migration 0006). */
  verified: boolean;
}

export interface RequestRow {
  id: string;
  reference: string;
  kind: PrivacyKind;
  email: string;
  customer_id: string | null;
  brand_id: string | null;
  source: PrivacySource;
  source_ref: string | null;
  state: PrivacyState;
  received_at: string;
  due_at: string;
  extended_due_at: string | null;
  extension_reason: string | null;
  owner_id: string | null;
  owner_name: string | null;
  verified_at: string | null;
  verified_by: string | null;
  details: string;
  outcome: string | null;
  refusal_reason: string | null;
  logged_by: string | null;
  closed_at: string | null;
  purge_at: string | null;
}

export const toRequest = (r: RequestRow): PrivacyRequestRecord => ({
  id: r.id,
  reference: r.reference,
  kind: r.kind,
  email: r.email,
  customerId: r.customer_id,
  brandId: r.brand_id,
  source: r.source,
  sourceRef: r.source_ref,
  state: r.state,
  receivedAt: r.received_at,
  dueAt: r.due_at,
  extendedDueAt: r.extended_due_at,
  extensionReason: r.extension_reason,
  ownerId: r.owner_id,
  ownerName: r.owner_name,
  verifiedAt: r.verified_at,
  verifiedBy: r.verified_by,
  details: JSON.parse(r.details) as Record<string, unknown>,
  outcome: r.outcome ? (JSON.parse(r.outcome) as Record<string, unknown>) : null,
  refusalReason: r.refusal_reason,
  loggedBy: r.logged_by,
  closedAt: r.closed_at,
  purgeAt: r.purge_at,
});

export type CustomerRow = Record<string, string | null>;
export const toCustomer = (r: CustomerRow | undefined): CustomerRecord | undefined =>
  r && {
    id: r.id!,
    email: r.email!,
    name: r.name!,
    phone: r.phone ?? null,
    address: r.address ?? null,
    createdAt: r.created_at!,
    under13FlaggedAt: r.under13_flagged_at ?? null,
    under13FlaggedBy: r.under13_flagged_by ?? null,
    guardianAgreementAt: r.guardian_agreement_at ?? null,
    verified: (r.verified_at ?? null) !== null,
  };

export const SELECT_REQUEST = `SELECT r.*, u.name AS owner_name FROM privacy_requests r LEFT JOIN users u ON u.id = r.owner_id`;
export interface RequestStateChange {
  state: PrivacyState;
  closedAt: string | null;
  purgeAt: string | null;
  refusalReason?: string;
  outcome?: Record<string, unknown>;
}
/** Named parameters: those of requestStateParams. */
export const SET_REQUEST_STATE_SQL = `UPDATE privacy_requests SET state = @state, closed_at = @closedAt, purge_at = @purgeAt,
  refusal_reason = COALESCE(@refusalReason, refusal_reason), outcome = COALESCE(@outcome, outcome) WHERE id = @id`;
/** A refusal reason is stored with card numbers masked; what a change leaves out stays as it was. */
export const requestStateParams = (id: string, s: RequestStateChange): Record<string, unknown> => ({
  id,
  state: s.state,
  closedAt: s.closedAt,
  purgeAt: s.purgeAt,
  refusalReason: s.refusalReason === undefined ? null : maskCardNumbers(s.refusalReason),
  outcome: s.outcome === undefined ? null : JSON.stringify(s.outcome),
});
export const SELECT_OPTOUT = `SELECT o.email, o.brand_id, o.source, o.at, r.reference FROM marketing_optouts o LEFT JOIN privacy_requests r ON r.id = o.request_id`;
/** Makes a row due now, unless it is due already. */
export const PURGE_DUE_NOW = `purge_at = CASE WHEN purge_at IS NULL OR purge_at > @now THEN @now ELSE purge_at END`;
/** Solved tickets and finished cases a retention run has not dated yet, and when each closed (tickets solved by an older hub: updated_at). */
export const UNDATED_TICKETS = { where: "status = 'solved' AND purge_at IS NULL", closed: 'COALESCE(solved_at, updated_at)' };
export const UNDATED_CASES = `status IN (${FINISHED}) AND closed_at IS NOT NULL AND purge_at IS NULL`;

/**
 * The tickets a retention run at @now deletes, with @ticketCut the end of the solved tickets' keep;
 * `x` names the tickets table (`'t.'`) in a query that joins it.
 */
export const ticketGoing = (x = '') =>
  `(${x}purge_at IS NOT NULL AND ${x}purge_at <= @now) OR (${x}purge_at IS NULL AND ${x}status = 'solved' AND COALESCE(${x}solved_at, ${x}updated_at) <= @ticketCut)`;
export const TICKET_GOING = ticketGoing();

export function privacyStore(db: Db) {
  const q = {
    nextNumber: db.prepare(
      `INSERT INTO privacy_counters (prefix, last) VALUES (?, 1) ON CONFLICT (prefix) DO UPDATE SET last = last + 1 RETURNING last`,
    ),
    insert: db.prepare(
      `INSERT INTO privacy_requests (id, reference, kind, email, customer_id, brand_id, source, source_ref, state, received_at, due_at, details, logged_by)
       VALUES (@id, @reference, @kind, @email, @customerId, @brandId, @source, @sourceRef, 'received', @receivedAt, @dueAt, @details, @loggedBy)`,
    ),
    byId: db.prepare(`${SELECT_REQUEST} WHERE r.id = ?`),
    byReference: db.prepare(`${SELECT_REQUEST} WHERE r.reference = ?`),
    list: db.prepare(`${SELECT_REQUEST} ORDER BY COALESCE(r.extended_due_at, r.due_at), r.reference`),
    forEmail: db.prepare(`${SELECT_REQUEST} WHERE r.email = ? ORDER BY r.received_at, r.reference`),
    fromWidgetSession: db.prepare(`${SELECT_REQUEST} WHERE r.source = 'widget' AND r.source_ref = ? ORDER BY r.received_at, r.reference`),
    setState: db.prepare(SET_REQUEST_STATE_SQL),
    setOwner: db.prepare('UPDATE privacy_requests SET owner_id = ? WHERE id = ?'),
    setVerified: db.prepare('UPDATE privacy_requests SET verified_at = ?, verified_by = ?, customer_id = COALESCE(customer_id, ?) WHERE id = ?'),
    extend: db.prepare('UPDATE privacy_requests SET extended_due_at = ?, extension_reason = ? WHERE id = ? AND extended_due_at IS NULL'),
    setDetails: db.prepare('UPDATE privacy_requests SET details = ? WHERE id = ?'),
    setOutcome: db.prepare('UPDATE privacy_requests SET outcome = ? WHERE id = ?'),
    addNote: db.prepare('INSERT INTO privacy_request_notes (id, request_id, author_id, author_name, body, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
    notes: db.prepare('SELECT * FROM privacy_request_notes WHERE request_id = ? ORDER BY created_at, rowid'),
    // Erasures with a part still postponed: rechecked by retention until nothing is left.
    openErasures: db.prepare(`SELECT id FROM privacy_requests WHERE kind IN ('erasure', 'guardian_erasure') AND state = 'in_progress' AND outcome IS NOT NULL`),
    duePurge: db.prepare('SELECT id FROM privacy_requests WHERE purge_at IS NOT NULL AND purge_at <= ? ORDER BY purge_at LIMIT ?'),
    nextPurge: db.prepare('SELECT MIN(purge_at) AS at, COUNT(*) AS n FROM privacy_requests WHERE purge_at IS NOT NULL'),
    deleteRequest: db.prepare('DELETE FROM privacy_requests WHERE id = ?'),

    addOptOut: db.prepare(
      `INSERT INTO marketing_optouts (id, email, brand_id, source, request_id, at) VALUES (@id, @email, @brandId, @source, @requestId, @at)
       ON CONFLICT DO NOTHING`,
    ),
    optOuts: db.prepare(
      `${SELECT_OPTOUT}
       ORDER BY o.at, o.email`,
    ),
    optOutsFor: db.prepare(
      `${SELECT_OPTOUT}
       WHERE o.email = ? ORDER BY o.at`,
    ),
    deleteOptOuts: db.prepare('DELETE FROM marketing_optouts WHERE email = ?'),
    moveOptOuts: db.prepare('UPDATE OR IGNORE marketing_optouts SET email = ? WHERE email = ?'),

    // Since migration 0006 an address may have several records (guests, and at most one verified): the verified one first.
    customersByEmail: db.prepare('SELECT * FROM customers WHERE email = ? ORDER BY verified_at IS NULL, created_at DESC, id'),
    customerById: db.prepare('SELECT * FROM customers WHERE id = ?'),
    correctCustomer: db.prepare(
      'UPDATE customers SET name = COALESCE(@name, name), email = COALESCE(@email, email), phone = COALESCE(@phone, phone), address = COALESCE(@address, address) WHERE email = @old',
    ),
    correctOpenCases: db.prepare(`UPDATE cases SET customer_email = ? WHERE customer_email = ? AND status NOT IN (${FINISHED})`),
    correctOpenTickets: db.prepare(
      `UPDATE tickets SET customer_email = COALESCE(@email, customer_email), customer_name = COALESCE(@name, customer_name) WHERE customer_email = @old AND status != 'solved'`,
    ),
    flagUnder13: db.prepare('UPDATE customers SET under13_flagged_by = ?, under13_flagged_at = ? WHERE id = ?'),
    guardian: db.prepare('UPDATE customers SET guardian_agreement_at = ?, guardian_agreement_by = ? WHERE id = ?'),
    addChildErasure: db.prepare(
      'INSERT INTO child_erasures (id, flagged_by, flagged_at, confirmed_by, erased_at, postponed, purge_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),

    // ---- what an erasure reaches ----
    conversationsOf: db.prepare('SELECT c.id, c.status FROM conversations c JOIN customers k ON k.id = c.customer_id WHERE k.email = ? ORDER BY c.created_at, c.id'),
    // An erasure makes every one of the customer's chats due now (an open one ends first).
    eraseConversations: db.prepare(
      `UPDATE conversations SET status = 'ended', ended_at = COALESCE(ended_at, @now),
         ${PURGE_DUE_NOW},
         widget_session_id = NULL, offered_to = NULL, offered_at = NULL
       WHERE customer_id IN (SELECT id FROM customers WHERE email = @email)`,
    ),
    ticketsOf: db.prepare('SELECT id FROM tickets WHERE customer_email = ?'),
    casesOf: db.prepare('SELECT id, number, kind, status FROM cases WHERE customer_email = ?'),
    eraseCases: db.prepare(
      `UPDATE cases SET ${PURGE_DUE_NOW} WHERE customer_email = @email`,
    ),
    eraseTickets: db.prepare(
      `UPDATE tickets SET ${PURGE_DUE_NOW} WHERE customer_email = @email`,
    ),
    ordersOf: db.prepare('SELECT id FROM orders WHERE customer_email = ?'),
    deleteOrderUnlessCase: db.prepare('DELETE FROM orders WHERE id = ? AND NOT EXISTS (SELECT 1 FROM cases WHERE order_id = ?)'),
    sessionsOf: db.prepare('SELECT COUNT(*) AS n FROM widget_sessions WHERE customer_id IN (SELECT id FROM customers WHERE email = ?)'),
    deleteSessionsOf: db.prepare(
      `DELETE FROM widget_sessions WHERE customer_id IN (SELECT id FROM customers WHERE email = ?)
       AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.widget_session_id = widget_sessions.id)`,
    ),
    // One-time codes sent to the address (issue 12): personal data like the rest.
    deleteCodesOf: db.prepare('DELETE FROM one_time_codes WHERE email = ?'),

    // ---- retention of tickets ----
    ticketsWithoutPurge: db.prepare(`SELECT id, ${UNDATED_TICKETS.closed} AS solved_at FROM tickets WHERE ${UNDATED_TICKETS.where} LIMIT ?`),
    setTicketPurge: db.prepare('UPDATE tickets SET purge_at = ? WHERE id = ?'),
    dueTickets: db.prepare('SELECT id FROM tickets WHERE purge_at IS NOT NULL AND purge_at <= ? ORDER BY purge_at, id LIMIT ?'),
    deleteTicket: db.prepare('DELETE FROM tickets WHERE id = ? AND purge_at <= ?'),
    ticketAttachments: db.prepare('SELECT path FROM ticket_attachments WHERE ticket_id = ?'),
    ticketDue: db.prepare('SELECT 1 FROM tickets WHERE id = ? AND purge_at <= ?'),
    detachMerged: db.prepare('UPDATE tickets SET merged_into = NULL WHERE merged_into = ?'),
    nextTicket: db.prepare('SELECT MIN(purge_at) AS at, COUNT(*) AS n FROM tickets WHERE purge_at IS NOT NULL'),

    // ---- retention of cases ----
    casesWithoutPurge: db.prepare(`SELECT id, closed_at FROM cases WHERE ${UNDATED_CASES} LIMIT ?`),
    setCasePurge: db.prepare('UPDATE cases SET purge_at = ? WHERE id = ?'),
    // An open case is never due, whatever its date: an erasure waits for it to close (§3a).
    dueCases: db.prepare(`SELECT id FROM cases WHERE purge_at IS NOT NULL AND purge_at <= ? AND status IN (${FINISHED}) ORDER BY purge_at, id LIMIT ?`),
    dueOpenCases: db.prepare(`SELECT COUNT(*) AS n FROM cases WHERE purge_at IS NOT NULL AND purge_at <= ? AND status NOT IN (${FINISHED})`),
    casePhotos: db.prepare('SELECT path FROM case_evidence WHERE case_id = ? AND path IS NOT NULL'),
    deleteCase: db.prepare(`DELETE FROM cases WHERE id = ? AND purge_at <= ? AND status IN (${FINISHED})`),
    caseOrder: db.prepare('SELECT order_id FROM cases WHERE id = ?'),
    caseCounts: db.prepare(
      `SELECT (SELECT COUNT(*) FROM case_events WHERE case_id = @id) AS events, (SELECT COUNT(*) FROM case_evidence WHERE case_id = @id AND path IS NOT NULL) AS photos`,
    ),
    nextCase: db.prepare(`SELECT MIN(purge_at) AS at, COUNT(*) AS n FROM cases WHERE purge_at IS NOT NULL`),
    undatedTickets: db.prepare(`SELECT MIN(${UNDATED_TICKETS.closed}) AS at, COUNT(*) AS n FROM tickets WHERE ${UNDATED_TICKETS.where}`),
    undatedCases: db.prepare(`SELECT MIN(closed_at) AS at, COUNT(*) AS n FROM cases WHERE ${UNDATED_CASES}`),

    // ---- widget sessions and customer records ----
    expiredSessions: db.prepare(
      `SELECT id FROM widget_sessions WHERE expires_at <= ? AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.widget_session_id = widget_sessions.id AND c.status != 'ended')
       ORDER BY expires_at LIMIT ?`,
    ),
    detachSession: db.prepare("UPDATE conversations SET widget_session_id = NULL WHERE widget_session_id = ? AND status = 'ended'"),
    deleteSession: db.prepare('DELETE FROM widget_sessions WHERE id = ?'),
    nextSession: db.prepare('SELECT MIN(expires_at) AS at, COUNT(*) AS n FROM widget_sessions'),
    orphanCustomers: db.prepare(`SELECT k.id, ${UNREFERENCED_CUSTOMER} AS orphan FROM customers k WHERE k.id > ? ORDER BY k.id LIMIT ?`),
    deleteCustomer: db.prepare(`DELETE FROM customers AS k WHERE k.id = ? AND ${UNREFERENCED_CUSTOMER}`),
    customerCount: db.prepare('SELECT COUNT(*) AS n FROM customers'),

    // ---- audit ----
    auditFirst: db.prepare('SELECT MIN(at) AS at, COUNT(*) AS n FROM audit_log'),
    auditMaxDueId: db.prepare(
      // Only a prefix of the chain may go: the newest row written before the cut, with nothing later before it.
      'SELECT MAX(id) AS id FROM audit_log WHERE id < COALESCE((SELECT MIN(id) FROM audit_log WHERE at > ?), (SELECT MAX(id) + 1 FROM audit_log))',
    ),
    auditHash: db.prepare('SELECT hash FROM audit_log WHERE id = ?'),
    setAnchor: db.prepare(
      `INSERT INTO audit_log_anchor (id, through_id, through_hash, key_id, at) VALUES (1, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET through_id = excluded.through_id, through_hash = excluded.through_hash, key_id = excluded.key_id, at = excluded.at`,
    ),
    // The key in force at a row: the latest 'audit.keyed' row at or before it, else the anchor's.
    keyAt: db.prepare(
      `SELECT COALESCE((SELECT json_extract(detail, '$.keyId') FROM audit_log WHERE action = 'audit.keyed' AND id <= ? ORDER BY id DESC LIMIT 1),
                       (SELECT key_id FROM audit_log_anchor WHERE id = 1)) AS keyId`,
    ),
    deleteAudit: db.prepare('DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE id <= ? ORDER BY id LIMIT ?)'),
    // Open chats with the last time the customer was heard from (a message, or the start).
    openChats: db.prepare(
      `SELECT c.id, MAX(c.created_at, COALESCE((${LAST_CUSTOMER_MESSAGE}), ''), COALESCE(c.customer_seen_at, '')) AS last
       FROM conversations c WHERE ${OPEN_CONVERSATION}`,
    ),
    customerSeen: db.prepare(
      `UPDATE conversations SET customer_seen_at = @at
       WHERE id = @id AND status != 'ended' AND (customer_seen_at IS NULL OR customer_seen_at < @at)`,
    ),
    // ---- a dry run: what a run at @now would delete ----
    dryTickets: db.prepare(
      `SELECT COUNT(*) AS n FROM tickets WHERE ${TICKET_GOING}`,
    ),
    dryCases: db.prepare(
      `SELECT COUNT(*) AS n FROM cases WHERE status IN (${FINISHED}) AND ((purge_at IS NOT NULL AND purge_at <= @now) OR (purge_at IS NULL AND closed_at <= @caseCut))`,
    ),
    dryMessages: db.prepare('SELECT COUNT(*) AS n FROM messages WHERE conversation_id IN (SELECT value FROM json_each(@going))'),
    dryAttachments: db.prepare('SELECT COUNT(*) AS n FROM attachments WHERE conversation_id IN (SELECT value FROM json_each(@going))'),
    dryChild: db.prepare('SELECT COUNT(*) AS n FROM child_erasures WHERE purge_at <= @now'),
    dryAudit: db.prepare('SELECT COUNT(*) AS n FROM audit_log WHERE id <= @through'),
    dryCustomers: db.prepare(
      `SELECT COUNT(*) AS n FROM customers k
       WHERE NOT EXISTS (SELECT 1 FROM conversations c WHERE c.customer_id = k.id AND c.id NOT IN (SELECT value FROM json_each(@going)))
         AND NOT EXISTS (SELECT 1 FROM widget_sessions w WHERE w.customer_id = k.id AND w.id NOT IN (SELECT value FROM json_each(@sessions)))
         AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.customer_email = k.email
               AND NOT (${ticketGoing('t.')}))
         AND NOT EXISTS (SELECT 1 FROM cases x WHERE x.customer_email = k.email
               AND NOT (x.status IN (${FINISHED}) AND ((x.purge_at IS NOT NULL AND x.purge_at <= @now) OR (x.purge_at IS NULL AND x.closed_at <= @caseCut))))`,
    ),
    casesOfConversation: db.prepare('SELECT case_id FROM case_conversations WHERE conversation_id = ?'),
    caseOrderId: db.prepare('SELECT order_id FROM cases WHERE id = ?'),
    countMessages: db.prepare('SELECT COUNT(*) AS n FROM messages WHERE conversation_id IN (SELECT value FROM json_each(?))'),
    countAttachments: db.prepare('SELECT COUNT(*) AS n FROM attachments WHERE conversation_id IN (SELECT value FROM json_each(?))'),
    stripCustomer: db.prepare('UPDATE customers SET phone = NULL, address = NULL WHERE email = ?'),
    // A correction's details name the customer (name, phone, address, the new email): an erased
    // customer's requests keep only their own record (POLICY §3a).
    stripCorrections: db.prepare(
      `UPDATE privacy_requests SET details = json_remove(details, '$.correction')
       WHERE json_extract(details, '$.correction') IS NOT NULL AND (email = ? OR json_extract(details, '$.correction.email') = ?)`,
    ),
    nextTranscript: db.prepare('SELECT MIN(purge_at) AS at, COUNT(purge_at) AS n FROM conversations'),
    childDue: db.prepare('DELETE FROM child_erasures WHERE purge_at <= ?'),
  };

  const next = (r: unknown) => r as { at: string | null; n: number };

  return {
    // ---- requests ----
    /** The next number in the year's sequence; call inside the write that inserts the request. */
    nextNumber(year: number): number {
      return (q.nextNumber.get(`PR-${year}`) as { last: number }).last;
    },
    insert(r: PrivacyRequestCore & {
      details: Record<string, unknown>;
      loggedBy: string | null;
    }): void {
      q.insert.run({ ...r, sourceRef: r.sourceRef && maskCardNumbers(r.sourceRef), details: JSON.stringify(r.details) });
    },
    get(id: string): PrivacyRequestRecord | undefined {
      const r = q.byId.get(id) as RequestRow | undefined;
      return r && toRequest(r);
    },
    byReference(reference: string): PrivacyRequestRecord | undefined {
      const r = q.byReference.get(reference) as RequestRow | undefined;
      return r && toRequest(r);
    },
    list(): PrivacyRequestRecord[] {
      return (q.list.all() as RequestRow[]).map(toRequest);
    },
    forEmail(email: string): PrivacyRequestRecord[] {
      return (q.forEmail.all(email) as RequestRow[]).map(toRequest);
    },
    /** The requests one widget session asked for (source_ref), looked at before it asks again. */
    fromWidgetSession(sessionId: string): PrivacyRequestRecord[] {
      return (q.fromWidgetSession.all(sessionId) as RequestRow[]).map(toRequest);
    },
    setState(id: string, s: RequestStateChange): void {
      q.setState.run(requestStateParams(id, s));
    },
    setDetails(id: string, details: Record<string, unknown>): void {
      q.setDetails.run(JSON.stringify(details), id);
    },
    setOutcome(id: string, outcome: Record<string, unknown>): void {
      q.setOutcome.run(JSON.stringify(outcome), id);
    },
    setOwner(id: string, ownerId: string | null): void {
      q.setOwner.run(ownerId, id);
    },
    setVerified(id: string, at: string, by: string, customerId: string | null): void {
      q.setVerified.run(at, by, customerId, id);
    },
    extend(id: string, to: string, reason: string): boolean {
      return q.extend.run(to, maskCardNumbers(reason), id).changes > 0;
    },
    addNote(n: { id: string; requestId: string; authorId: string | null; authorName: string; body: string; createdAt: string }): void {
      q.addNote.run(n.id, n.requestId, n.authorId, n.authorName, maskCardNumbers(n.body), n.createdAt);
    },
    notes(requestId: string): PrivacyNote[] {
      return (q.notes.all(requestId) as Record<string, string | null>[]).map((r) => ({
        id: r.id!,
        authorId: r.author_id ?? null,
        authorName: r.author_name!,
        body: r.body!,
        createdAt: r.created_at!,
      }));
    },
    openErasures(): string[] {
      return (q.openErasures.all() as { id: string }[]).map((r) => r.id);
    },
    dueRequests(now: string, limit: number): string[] {
      return (q.duePurge.all(now, limit) as { id: string }[]).map((r) => r.id);
    },
    deleteRequest(id: string): boolean {
      return q.deleteRequest.run(id).changes > 0;
    },

    // ---- opt-outs ----
    addOptOut(o: { id: string; email: string; brandId: string | null; source: string; requestId: string | null; at: string }): boolean {
      return q.addOptOut.run(o).changes > 0;
    },
    optOuts(email?: string): OptOut[] {
      const rows = (email ? q.optOutsFor.all(email) : q.optOuts.all()) as { email: string; brand_id: string | null; source: string; at: string; reference: string | null }[];
      return rows.map((r) => ({ email: r.email, brandId: r.brand_id, source: r.source, requestReference: r.reference, at: r.at }));
    },
    deleteOptOuts(email: string): number {
      return q.deleteOptOuts.run(email).changes;
    },

    // ---- customers ----
    /** The address's record: its verified one, else the newest guest's. */
    customerByEmail(email: string): CustomerRecord | undefined {
      return toCustomer(q.customersByEmail.get(email) as CustomerRow | undefined);
    },
    /** Every record under the address (guests and the verified one). */
    customersByEmail(email: string): CustomerRecord[] {
      return (q.customersByEmail.all(email) as CustomerRow[]).map((r) => toCustomer(r)!);
    },
    customerById(id: string): CustomerRecord | undefined {
      return toCustomer(q.customerById.get(id) as CustomerRow | undefined);
    },
    /** Corrects the record, the open cases and the unanswered tickets under the old address. */
    correct(oldEmail: string, c: { name?: string; email?: string; phone?: string; address?: string }): void {
      const mask = (v: string | undefined) => (v === undefined ? null : maskCardNumbers(v));
      q.correctCustomer.run({ old: oldEmail, name: mask(c.name), email: c.email ?? null, phone: mask(c.phone), address: mask(c.address) });
      if (c.email) {
        q.correctOpenCases.run(c.email, oldEmail);
        q.moveOptOuts.run(c.email, oldEmail);
      }
      q.correctOpenTickets.run({ old: oldEmail, email: c.email ?? null, name: mask(c.name) });
    },
    flagUnder13(customerId: string, by: string | null, at: string | null): void {
      q.flagUnder13.run(by, at, customerId);
    },
    recordGuardianAgreement(customerId: string, at: string, by: string): void {
      q.guardian.run(at, by, customerId);
    },
    addChildErasure(e: { id: string; flaggedBy: string | null; flaggedAt: string; confirmedBy: string; erasedAt: string; postponed: boolean; purgeAt: string }): void {
      q.addChildErasure.run(e.id, e.flaggedBy, e.flaggedAt, e.confirmedBy, e.erasedAt, e.postponed ? 1 : 0, e.purgeAt);
    },
    purgeChildErasures(now: string): number {
      return q.childDue.run(now).changes;
    },

    // ---- erasure ----
    /** The chats of every record under the address. */
    conversationsOf(email: string): { id: string; status: string }[] {
      return q.conversationsOf.all(email) as { id: string; status: string }[];
    },
    ticketsOf(email: string): string[] {
      return (q.ticketsOf.all(email) as { id: string }[]).map((r) => r.id);
    },
    casesOf(email: string): { id: string; number: string | null; kind: string; status: string }[] {
      return q.casesOf.all(email) as { id: string; number: string | null; kind: string; status: string }[];
    },
    ordersOf(email: string): string[] {
      return (q.ordersOf.all(email) as { id: string }[]).map((r) => r.id);
    },
    sessionCount(email: string): number {
      return (q.sessionsOf.get(email) as { n: number }).n;
    },
    /** Makes everything under the address due now; the purge (with its holds) does the deleting. */
    markErased(email: string, now: string): void {
      q.eraseConversations.run({ email, now });
      q.eraseCases.run({ email, now });
      q.eraseTickets.run({ email, now });
    },
    casesOfConversation(conversationId: string): string[] {
      return (q.casesOfConversation.all(conversationId) as { case_id: string }[]).map((r) => r.case_id);
    },
    caseOrderId(caseId: string): string | undefined {
      return (q.caseOrderId.get(caseId) as { order_id: string } | undefined)?.order_id;
    },
    messageAndAttachmentCounts(conversationIds: string[]): { messages: number; attachments: number } {
      const ids = JSON.stringify(conversationIds);
      return { messages: (q.countMessages.get(ids) as { n: number }).n, attachments: (q.countAttachments.get(ids) as { n: number }).n };
    },
    /** A record a postponed part still needs keeps only the name its transcript shows. */
    /** What stays of the address's records and requests: what a postponed part or the request's own record needs. */
    stripCustomer(email: string): void {
      q.stripCustomer.run(email);
      q.stripCorrections.run(email, email);
    },
    deleteOrderUnlessCase(orderId: string): boolean {
      return q.deleteOrderUnlessCase.run(orderId, orderId).changes > 0;
    },
    deleteSessionsOf(email: string): number {
      return q.deleteSessionsOf.run(email).changes;
    },
    deleteCodesOf(email: string): number {
      return q.deleteCodesOf.run(email).changes;
    },

    // ---- retention ----
    ticketsWithoutPurge(limit: number): { id: string; closedAt: string }[] {
      return (q.ticketsWithoutPurge.all(limit) as { id: string; solved_at: string }[]).map((r) => ({ id: r.id, closedAt: r.solved_at }));
    },
    setTicketPurge(id: string, at: string): void {
      q.setTicketPurge.run(at, id);
    },
    dueTickets(now: string, limit: number): string[] {
      return (q.dueTickets.all(now, limit) as { id: string }[]).map((r) => r.id);
    },
    /** Deletes a due ticket; its messages and attachment rows go with it by cascade (their files first: ticketAttachments). */
    deleteTicket(id: string, now: string): boolean {
      if (!q.ticketDue.get(id, now)) return false;
      // A duplicate merged into this ticket keeps its own retention clock (and may be another
      // customer's): it stops pointing here, or the foreign key would refuse the delete.
      q.detachMerged.run(id);
      return q.deleteTicket.run(id, now).changes > 0;
    },
    /** The stored files of a ticket's attachments (paths relative to the data folder), merged-in ones included. */
    ticketAttachments(ticketId: string): string[] {
      return (q.ticketAttachments.all(ticketId) as { path: string }[]).map((r) => r.path);
    },
    casesWithoutPurge(limit: number): { id: string; closedAt: string }[] {
      return (q.casesWithoutPurge.all(limit) as { id: string; closed_at: string }[]).map((r) => ({ id: r.id, closedAt: r.closed_at }));
    },
    setCasePurge(id: string, at: string): void {
      q.setCasePurge.run(at, id);
    },
    dueCases(now: string, limit: number): string[] {
      return (q.dueCases.all(now, limit) as { id: string }[]).map((r) => r.id);
    },
    countDueOpenCases(now: string): number {
      return (q.dueOpenCases.get(now) as { n: number }).n;
    },
    casePhotos(caseId: string): string[] {
      return (q.casePhotos.all(caseId) as { path: string }[]).map((r) => r.path);
    },
    /** Deletes a closed case that is due (events, items, links and evidence rows by cascade), then its order if nothing else needs it. */
    deleteCase(id: string, now: string): { events: number; photos: number; order: boolean } | null {
      const counts = q.caseCounts.get({ id }) as { events: number; photos: number };
      const order = (q.caseOrder.get(id) as { order_id: string } | undefined)?.order_id;
      if (q.deleteCase.run(id, now).changes === 0) return null;
      return { ...counts, order: order ? q.deleteOrderUnlessCase.run(order, order).changes > 0 : false };
    },
    expiredSessions(now: string, limit: number): string[] {
      return (q.expiredSessions.all(now, limit) as { id: string }[]).map((r) => r.id);
    },
    deleteSession(id: string): boolean {
      q.detachSession.run(id);
      return q.deleteSession.run(id).changes > 0;
    },
    orphanCustomers(scan: number, after = ''): OrphanPage {
      return toOrphanPage(q.orphanCustomers.all(after, scan) as { id: string; orphan: number }[], scan);
    },
    deleteCustomer(id: string): boolean {
      return q.deleteCustomer.run(id).changes > 0;
    },
    /**
     * The earliest purge time and the number of rows that have one, per kind, for `retention list`;
     * for solved tickets and finished cases not dated yet, the earliest closing time and their number.
     */
    nextPurges(): NextPurges {
      return {
        tickets: next(q.nextTicket.get()),
        cases: next(q.nextCase.get()),
        undatedTickets: next(q.undatedTickets.get()),
        undatedCases: next(q.undatedCases.get()),
        widgetSessions: next(q.nextSession.get()),
        privacyRequests: next(q.nextPurge.get()),
        audit: next(q.auditFirst.get()),
      };
    },
    /**
     * What a retention run at `now` would delete, counted (tickets and cases closed before their
     * cut that have no purge date yet are counted as the run would date them).
     */
    wouldPurge(p: { now: string; ticketCut: string; caseCut: string; going: string[]; sessions: string[]; auditThrough: number | null }) {
      const a = { now: p.now, ticketCut: p.ticketCut, caseCut: p.caseCut, going: JSON.stringify(p.going), sessions: JSON.stringify(p.sessions) };
      const n = (st: { get(x: unknown): unknown }, x: unknown) => (st.get(x) as { n: number }).n;
      return {
        tickets: n(q.dryTickets, { now: a.now, ticketCut: a.ticketCut }),
        cases: n(q.dryCases, { now: a.now, caseCut: a.caseCut }),
        messages: n(q.dryMessages, { going: a.going }),
        attachments: n(q.dryAttachments, { going: a.going }),
        childErasureRecords: n(q.dryChild, { now: a.now }),
        auditEvents: p.auditThrough ? n(q.dryAudit, { through: p.auditThrough }) : 0,
        customers: n(q.dryCustomers, a),
      };
    },
    /** Chats nobody ended, with when the customer last wrote (or started them). */
    /** When each chat's customer was last seen connected (a hub's sockets); never moved back. */
    markCustomersSeen(seen: { id: string; at: string }[]): void {
      for (const x of seen) q.customerSeen.run(x);
    },
    /** Open chats with the last time the customer was heard from: the start, a message, or seen connected. */
    openChats(): { id: string; lastCustomerActivity: string }[] {
      return (q.openChats.all() as { id: string; last: string }[]).map((r) => ({ id: r.id, lastCustomerActivity: r.last }));
    },
    nextTranscriptPurge(): { at: string | null; n: number } {
      return next(q.nextTranscript.get());
    },
    customerCount(): number {
      return (q.customerCount.get() as { n: number }).n;
    },
    /** The id of the newest audit row written at or before `cut` such that every earlier row is too. */
    auditCut(cut: string): number | null {
      return (q.auditMaxDueId.get(cut) as { id: number | null }).id;
    },
    /** Records the anchor, then removes up to `limit` rows of the prefix through `throughId`. */
    pruneAudit(throughId: number, at: string, limit: number): number {
      const h = q.auditHash.get(throughId) as { hash: string } | undefined;
      if (!h) return 0;
      const keyId = (q.keyAt.get(throughId) as { keyId: string | null }).keyId;
      q.setAnchor.run(throughId, h.hash, keyId, at);
      return q.deleteAudit.run(throughId, limit).changes;
    },
  };
}
export type PrivacyStore = ReturnType<typeof privacyStore>;
