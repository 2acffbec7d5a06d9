// Privacy requests, opt-outs, erasure and the retention of everything beyond transcripts on
// PostgreSQL: ../../privacy.ts's twin, statement for statement. What differs: counts come back as
// bigint text (cast to int), SQLite's json_each lists are arrays, MAX(a, b) is GREATEST, UPDATE OR
// IGNORE is spelt out, and where SQLite leans on its single writer (the request number, the audit
// prune) the statement or a lock makes it safe with several hubs writing at once.
import { maskCardNumbers } from '../../../../shared/domain/cardMask';
import type { PrivacyRequestCore } from '../../../../shared/protocol/privacy';
import { FINISHED } from '../../cases';
import { OPEN_CONVERSATION } from '../../conversations';
import {
  LAST_CUSTOMER_MESSAGE,
  PURGE_DUE_NOW,
  SELECT_OPTOUT,
  SELECT_REQUEST,
  SET_REQUEST_STATE_SQL,
  TICKET_GOING,
  ticketGoing,
  UNDATED_CASES,
  UNDATED_TICKETS,
  UNREFERENCED_CUSTOMER,
  requestStateParams,
  toOrphanPage,
  toCustomer,
  toRequest,
  type CustomerRecord,
  type CustomerRow,
  type OptOut,
  type OrphanPage,
  type PrivacyNote,
  type PrivacyRequestRecord,
  type RequestRow,
  type RequestStateChange,
} from '../../privacy';
import type { PgModuleFactory } from '../api';
import { lockUntilCommit } from '../locks';
import { all, one, run, type PgQueryable } from '../query';

/** Serializes audit prunes across hubs (see pruneAudit); any constant of this module's own. */
const AUDIT_PRUNE_LOCK = 0x70727565;
const WIDGET_ASKS_LOCK = 0x61736b73; // 'asks'

async function count(q: PgQueryable, sql: string, params?: Record<string, unknown> | unknown[]): Promise<number> {
  return (await one<{ n: number }>(q, sql, params))!.n;
}

async function ids(q: PgQueryable, sql: string, params?: Record<string, unknown> | unknown[]): Promise<string[]> {
  return (await all<{ id: string }>(q, sql, params)).map((r) => r.id);
}

async function next(q: PgQueryable, sql: string): Promise<{ at: string | null; n: number }> {
  return (await one<{ at: string | null; n: number }>(q, sql))!;
}

export const pgPrivacyStore: PgModuleFactory<'privacy'> = (q) => {
  async function deleteOrderUnlessCase(orderId: string): Promise<boolean> {
    return (await run(q, 'DELETE FROM orders WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM cases WHERE order_id = $1)', [orderId])) > 0;
  }

  return {
    // ---- requests ----
    /**
     * The next number in the year's sequence; call inside the write that inserts the request. The
     * upsert takes the counter row's lock until the write commits, so two hubs numbering at once
     * get one number each (the second waits, then adds one to the first's).
     */
    async nextNumber(year: number): Promise<number> {
      const r = await one<{ last: number }>(
        q,
        `INSERT INTO privacy_counters AS c (prefix, last) VALUES ($1, 1) ON CONFLICT (prefix) DO UPDATE SET last = c.last + 1 RETURNING c.last`,
        [`PR-${year}`],
      );
      return r!.last;
    },
    async insert(r: PrivacyRequestCore & { details: Record<string, unknown>; loggedBy: string | null }): Promise<void> {
      await run(
        q,
        `INSERT INTO privacy_requests (id, reference, kind, email, customer_id, brand_id, source, source_ref, state, received_at, due_at, details, logged_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'received', $9, $10, $11, $12)`,
        [
          r.id,
          r.reference,
          r.kind,
          r.email,
          r.customerId,
          r.brandId,
          r.source,
          r.sourceRef && maskCardNumbers(r.sourceRef),
          r.receivedAt,
          r.dueAt,
          JSON.stringify(r.details),
          r.loggedBy,
        ],
      );
    },
    async get(id: string): Promise<PrivacyRequestRecord | undefined> {
      const r = await one<RequestRow>(q, `${SELECT_REQUEST} WHERE r.id = $1`, [id]);
      return r && toRequest(r);
    },
    async byReference(reference: string): Promise<PrivacyRequestRecord | undefined> {
      const r = await one<RequestRow>(q, `${SELECT_REQUEST} WHERE r.reference = $1`, [reference]);
      return r && toRequest(r);
    },
    async list(): Promise<PrivacyRequestRecord[]> {
      return (await all<RequestRow>(q, `${SELECT_REQUEST} ORDER BY COALESCE(r.extended_due_at, r.due_at), r.reference`)).map(toRequest);
    },
    async forEmail(email: string): Promise<PrivacyRequestRecord[]> {
      return (await all<RequestRow>(q, `${SELECT_REQUEST} WHERE r.email = $1 ORDER BY r.received_at, r.reference`, [email])).map(toRequest);
    },
    // The widget's ask looks here, in its write, before it logs a request. SQLite's single writer
    // makes look-then-insert atomic; here the same session asking on two hubs at once would each miss
    // the other's uncommitted request, so the look-up first takes a lock on the session, held until
    // the write commits.
    async fromWidgetSession(sessionId: string): Promise<PrivacyRequestRecord[]> {
      await lockUntilCommit(q, WIDGET_ASKS_LOCK, sessionId);
      return (await all<RequestRow>(q, `${SELECT_REQUEST} WHERE r.source = 'widget' AND r.source_ref = $1 ORDER BY r.received_at, r.reference`, [sessionId])).map(toRequest);
    },
    async setState(id: string, s: RequestStateChange): Promise<void> {
      await run(q, SET_REQUEST_STATE_SQL, requestStateParams(id, s));
    },
    async setDetails(id: string, details: Record<string, unknown>): Promise<void> {
      await run(q, 'UPDATE privacy_requests SET details = $1 WHERE id = $2', [JSON.stringify(details), id]);
    },
    async setOutcome(id: string, outcome: Record<string, unknown>): Promise<void> {
      await run(q, 'UPDATE privacy_requests SET outcome = $1 WHERE id = $2', [JSON.stringify(outcome), id]);
    },
    async setOwner(id: string, ownerId: string | null): Promise<void> {
      await run(q, 'UPDATE privacy_requests SET owner_id = $1 WHERE id = $2', [ownerId, id]);
    },
    async setVerified(id: string, at: string, by: string, customerId: string | null): Promise<void> {
      await run(q, 'UPDATE privacy_requests SET verified_at = $1, verified_by = $2, customer_id = COALESCE(customer_id, $3) WHERE id = $4', [at, by, customerId, id]);
    },
    async extend(id: string, to: string, reason: string): Promise<boolean> {
      return (
        (await run(q, 'UPDATE privacy_requests SET extended_due_at = $1, extension_reason = $2 WHERE id = $3 AND extended_due_at IS NULL', [to, maskCardNumbers(reason), id])) > 0
      );
    },
    async addNote(n: { id: string; requestId: string; authorId: string | null; authorName: string; body: string; createdAt: string }): Promise<void> {
      await run(q, 'INSERT INTO privacy_request_notes (id, request_id, author_id, author_name, body, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        n.id,
        n.requestId,
        n.authorId,
        n.authorName,
        maskCardNumbers(n.body),
        n.createdAt,
      ]);
    },
    async notes(requestId: string): Promise<PrivacyNote[]> {
      // SQLite breaks a tie in time by rowid; the table has no insertion-order column here, and
      // notes are never updated, so their place in the heap (ctid) is the order they came in.
      const rows = await all<Record<string, string | null>>(q, 'SELECT * FROM privacy_request_notes WHERE request_id = $1 ORDER BY created_at, ctid', [requestId]);
      return rows.map((r) => ({ id: r.id!, authorId: r.author_id ?? null, authorName: r.author_name!, body: r.body!, createdAt: r.created_at! }));
    },
    async openErasures(): Promise<string[]> {
      return ids(q, `SELECT id FROM privacy_requests WHERE kind IN ('erasure', 'guardian_erasure') AND state = 'in_progress' AND outcome IS NOT NULL`);
    },
    async dueRequests(now: string, limit: number): Promise<string[]> {
      return ids(q, 'SELECT id FROM privacy_requests WHERE purge_at IS NOT NULL AND purge_at <= $1 ORDER BY purge_at, id LIMIT $2', [now, limit]);
    },
    async deleteRequest(id: string): Promise<boolean> {
      return (await run(q, 'DELETE FROM privacy_requests WHERE id = $1', [id])) > 0;
    },

    // ---- opt-outs ----
    async addOptOut(o: { id: string; email: string; brandId: string | null; source: string; requestId: string | null; at: string }): Promise<boolean> {
      const n = await run(
        q,
        `INSERT INTO marketing_optouts (id, email, brand_id, source, request_id, at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [o.id, o.email, o.brandId, o.source, o.requestId, o.at],
      );
      return n > 0;
    },
    async optOuts(email?: string): Promise<OptOut[]> {
      const rows = await all<{ email: string; brand_id: string | null; source: string; at: string; reference: string | null }>(
        q,
        // Ties in time come as SQLite gives them: one address's through its scope index (the
        // group first), everyone's in the order written (its rowid, here the row's place: ctid).
        email ? `${SELECT_OPTOUT} WHERE o.email = $1 ORDER BY o.at, COALESCE(o.brand_id, '')` : `${SELECT_OPTOUT} ORDER BY o.at, o.email, o.ctid`,
        email ? [email] : [],
      );
      return rows.map((r) => ({ email: r.email, brandId: r.brand_id, source: r.source, requestReference: r.reference, at: r.at }));
    },
    async deleteOptOuts(email: string): Promise<number> {
      return run(q, 'DELETE FROM marketing_optouts WHERE email = $1', [email]);
    },

    // ---- customers ----
    async customerByEmail(email: string): Promise<CustomerRecord | undefined> {
      return toCustomer(await one<CustomerRow>(q, 'SELECT * FROM customers WHERE email = $1 ORDER BY verified_at IS NULL, created_at DESC, id LIMIT 1', [email]));
    },
    async customersByEmail(email: string): Promise<CustomerRecord[]> {
      return (await all<CustomerRow>(q, 'SELECT * FROM customers WHERE email = $1 ORDER BY verified_at IS NULL, created_at DESC, id', [email])).map((r) => toCustomer(r)!);
    },
    async customerById(id: string): Promise<CustomerRecord | undefined> {
      return toCustomer(await one<CustomerRow>(q, 'SELECT * FROM customers WHERE id = $1', [id]));
    },
    async correct(oldEmail: string, c: { name?: string; email?: string; phone?: string; address?: string }): Promise<void> {
      const mask = (v: string | undefined) => (v === undefined ? null : maskCardNumbers(v));
      await run(
        q,
        'UPDATE customers SET name = COALESCE(@name, name), email = COALESCE(@email, email), phone = COALESCE(@phone, phone), address = COALESCE(@address, address) WHERE email = @old',
        { old: oldEmail, name: mask(c.name), email: c.email ?? null, phone: mask(c.phone), address: mask(c.address) },
      );
      if (c.email) {
        await run(q, `UPDATE cases SET customer_email = $1 WHERE customer_email = $2 AND status NOT IN (${FINISHED})`, [c.email, oldEmail]);
        // SQLite's UPDATE OR IGNORE: an opt-out the new address already has for that scope stays under the old one.
        await run(
          q,
          `UPDATE marketing_optouts o SET email = @to WHERE o.email = @from
             AND NOT EXISTS (SELECT 1 FROM marketing_optouts x WHERE x.email = @to AND COALESCE(x.brand_id, '') = COALESCE(o.brand_id, ''))`,
          { to: c.email, from: oldEmail },
        );
      }
      await run(
        q,
        `UPDATE tickets SET customer_email = COALESCE(@email, customer_email), customer_name = COALESCE(@name, customer_name) WHERE customer_email = @old AND status != 'solved'`,
        { old: oldEmail, email: c.email ?? null, name: mask(c.name) },
      );
    },
    async flagUnder13(customerId: string, by: string | null, at: string | null): Promise<void> {
      await run(q, 'UPDATE customers SET under13_flagged_by = $1, under13_flagged_at = $2 WHERE id = $3', [by, at, customerId]);
    },
    async recordGuardianAgreement(customerId: string, at: string, by: string): Promise<void> {
      await run(q, 'UPDATE customers SET guardian_agreement_at = $1, guardian_agreement_by = $2 WHERE id = $3', [at, by, customerId]);
    },
    async addChildErasure(e: { id: string; flaggedBy: string | null; flaggedAt: string; confirmedBy: string; erasedAt: string; postponed: boolean; purgeAt: string }): Promise<void> {
      await run(q, 'INSERT INTO child_erasures (id, flagged_by, flagged_at, confirmed_by, erased_at, postponed, purge_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        e.id,
        e.flaggedBy,
        e.flaggedAt,
        e.confirmedBy,
        e.erasedAt,
        e.postponed,
        e.purgeAt,
      ]);
    },
    async purgeChildErasures(now: string): Promise<number> {
      return run(q, 'DELETE FROM child_erasures WHERE purge_at <= $1', [now]);
    },

    // ---- erasure ----
    async conversationsOf(email: string): Promise<{ id: string; status: string }[]> {
      return all(q, 'SELECT c.id, c.status FROM conversations c JOIN customers k ON k.id = c.customer_id WHERE k.email = $1 ORDER BY c.created_at, c.id', [email]);
    },
    async ticketsOf(email: string): Promise<string[]> {
      return ids(q, 'SELECT id FROM tickets WHERE customer_email = $1', [email]);
    },
    async casesOf(email: string): Promise<{ id: string; number: string | null; kind: string; status: string }[]> {
      return all(q, 'SELECT id, number, kind, status FROM cases WHERE customer_email = $1', [email]);
    },
    async ordersOf(email: string): Promise<string[]> {
      return ids(q, 'SELECT id FROM orders WHERE customer_email = $1', [email]);
    },
    async sessionCount(email: string): Promise<number> {
      return count(q, 'SELECT COUNT(*)::int AS n FROM widget_sessions WHERE customer_id IN (SELECT id FROM customers WHERE email = $1)', [email]);
    },
    async markErased(email: string, now: string): Promise<void> {
      // An erasure makes every one of the customer's chats due now (an open one ends first).
      await run(
        q,
        `UPDATE conversations SET status = 'ended', ended_at = COALESCE(ended_at, @now), ${PURGE_DUE_NOW},
           widget_session_id = NULL, offered_to = NULL, offered_at = NULL
         WHERE customer_id IN (SELECT id FROM customers WHERE email = @email)`,
        { email, now },
      );
      await run(q, `UPDATE cases SET ${PURGE_DUE_NOW} WHERE customer_email = @email`, { email, now });
      await run(q, `UPDATE tickets SET ${PURGE_DUE_NOW} WHERE customer_email = @email`, { email, now });
    },
    async casesOfConversation(conversationId: string): Promise<string[]> {
      return (await all<{ case_id: string }>(q, 'SELECT case_id FROM case_conversations WHERE conversation_id = $1', [conversationId])).map((r) => r.case_id);
    },
    async caseOrderId(caseId: string): Promise<string | undefined> {
      return (await one<{ order_id: string }>(q, 'SELECT order_id FROM cases WHERE id = $1', [caseId]))?.order_id;
    },
    async messageAndAttachmentCounts(conversationIds: string[]): Promise<{ messages: number; attachments: number }> {
      return {
        messages: await count(q, 'SELECT COUNT(*)::int AS n FROM messages WHERE conversation_id = ANY($1::text[])', [conversationIds]),
        attachments: await count(q, 'SELECT COUNT(*)::int AS n FROM attachments WHERE conversation_id = ANY($1::text[])', [conversationIds]),
      };
    },
    async stripCustomer(email: string): Promise<void> {
      await run(q, 'UPDATE customers SET phone = NULL, address = NULL WHERE email = $1', [email]);
      await run(
        q,
        `UPDATE privacy_requests SET details = (details::jsonb - 'correction')::text
         WHERE details::jsonb -> 'correction' IS NOT NULL AND (email = $1 OR details::jsonb -> 'correction' ->> 'email' = $1)`,
        [email],
      );
    },
    deleteOrderUnlessCase,
    async deleteSessionsOf(email: string): Promise<number> {
      return run(
        q,
        `DELETE FROM widget_sessions WHERE customer_id IN (SELECT id FROM customers WHERE email = $1)
         AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.widget_session_id = widget_sessions.id)`,
        [email],
      );
    },
    async deleteCodesOf(email: string): Promise<number> {
      return run(q, 'DELETE FROM one_time_codes WHERE email = $1', [email]);
    },

    // ---- retention ----
    async ticketsWithoutPurge(limit: number): Promise<{ id: string; closedAt: string }[]> {
      const rows = await all<{ id: string; solved_at: string }>(q, `SELECT id, ${UNDATED_TICKETS.closed} AS solved_at FROM tickets WHERE ${UNDATED_TICKETS.where} LIMIT $1`, [limit]);
      return rows.map((r) => ({ id: r.id, closedAt: r.solved_at }));
    },
    async setTicketPurge(id: string, at: string): Promise<void> {
      await run(q, 'UPDATE tickets SET purge_at = $1 WHERE id = $2', [at, id]);
    },
    async dueTickets(now: string, limit: number): Promise<string[]> {
      return ids(q, 'SELECT id FROM tickets WHERE purge_at IS NOT NULL AND purge_at <= $1 ORDER BY purge_at, id LIMIT $2', [now, limit]);
    },
    async deleteTicket(id: string, now: string): Promise<boolean> {
      if (!(await one(q, 'SELECT 1 FROM tickets WHERE id = $1 AND purge_at <= $2', [id, now]))) return false;
      // A duplicate merged into this ticket keeps its own retention clock (and may be another
      // customer's): it stops pointing here, or the foreign key would refuse the delete.
      await run(q, 'UPDATE tickets SET merged_into = NULL WHERE merged_into = $1', [id]);
      return (await run(q, 'DELETE FROM tickets WHERE id = $1 AND purge_at <= $2', [id, now])) > 0;
    },
    async ticketAttachments(ticketId: string): Promise<string[]> {
      return (await all<{ path: string }>(q, 'SELECT path FROM ticket_attachments WHERE ticket_id = $1', [ticketId])).map((r) => r.path);
    },
    async casesWithoutPurge(limit: number): Promise<{ id: string; closedAt: string }[]> {
      const rows = await all<{ id: string; closed_at: string }>(
        q,
        `SELECT id, closed_at FROM cases WHERE ${UNDATED_CASES} LIMIT $1`,
        [limit],
      );
      return rows.map((r) => ({ id: r.id, closedAt: r.closed_at }));
    },
    async setCasePurge(id: string, at: string): Promise<void> {
      await run(q, 'UPDATE cases SET purge_at = $1 WHERE id = $2', [at, id]);
    },
    async dueCases(now: string, limit: number): Promise<string[]> {
      // An open case is never due, whatever its date: an erasure waits for it to close (§3a).
      return ids(q, `SELECT id FROM cases WHERE purge_at IS NOT NULL AND purge_at <= $1 AND status IN (${FINISHED}) ORDER BY purge_at, id LIMIT $2`, [now, limit]);
    },
    async countDueOpenCases(now: string): Promise<number> {
      return count(q, `SELECT COUNT(*)::int AS n FROM cases WHERE purge_at IS NOT NULL AND purge_at <= $1 AND status NOT IN (${FINISHED})`, [now]);
    },
    async casePhotos(caseId: string): Promise<string[]> {
      return (await all<{ path: string }>(q, 'SELECT path FROM case_evidence WHERE case_id = $1 AND path IS NOT NULL', [caseId])).map((r) => r.path);
    },
    async deleteCase(id: string, now: string): Promise<{ events: number; photos: number; order: boolean } | null> {
      const counts = (await one<{ events: number; photos: number }>(
        q,
        `SELECT (SELECT COUNT(*)::int FROM case_events WHERE case_id = $1) AS events, (SELECT COUNT(*)::int FROM case_evidence WHERE case_id = $1 AND path IS NOT NULL) AS photos`,
        [id],
      ))!;
      const order = (await one<{ order_id: string }>(q, 'SELECT order_id FROM cases WHERE id = $1', [id]))?.order_id;
      if ((await run(q, `DELETE FROM cases WHERE id = $1 AND purge_at <= $2 AND status IN (${FINISHED})`, [id, now])) === 0) return null;
      return { ...counts, order: order ? await deleteOrderUnlessCase(order) : false };
    },
    async expiredSessions(now: string, limit: number): Promise<string[]> {
      return ids(
        q,
        `SELECT id FROM widget_sessions WHERE expires_at <= $1 AND NOT EXISTS (SELECT 1 FROM conversations c WHERE c.widget_session_id = widget_sessions.id AND c.status != 'ended')
         ORDER BY expires_at, id LIMIT $2`,
        [now, limit],
      );
    },
    async deleteSession(id: string): Promise<boolean> {
      await run(q, "UPDATE conversations SET widget_session_id = NULL WHERE widget_session_id = $1 AND status = 'ended'", [id]);
      return (await run(q, 'DELETE FROM widget_sessions WHERE id = $1', [id])) > 0;
    },
    async orphanCustomers(scan: number, after = ''): Promise<OrphanPage> {
      return toOrphanPage(await all<{ id: string; orphan: boolean }>(q, `SELECT k.id, ${UNREFERENCED_CUSTOMER} AS orphan FROM customers k WHERE k.id > $1 ORDER BY k.id LIMIT $2`, [after, scan]), scan);
    },
    async deleteCustomer(id: string): Promise<boolean> {
      const n = await run(
        q,
        `DELETE FROM customers AS k WHERE k.id = $1 AND ${UNREFERENCED_CUSTOMER}`,
        [id],
      );
      return n > 0;
    },
    async nextPurges() {
      return {
        tickets: await next(q, 'SELECT MIN(purge_at) AS at, COUNT(*)::int AS n FROM tickets WHERE purge_at IS NOT NULL'),
        cases: await next(q, 'SELECT MIN(purge_at) AS at, COUNT(*)::int AS n FROM cases WHERE purge_at IS NOT NULL'),
        undatedTickets: await next(q, `SELECT MIN(${UNDATED_TICKETS.closed}) AS at, COUNT(*)::int AS n FROM tickets WHERE ${UNDATED_TICKETS.where}`),
        undatedCases: await next(q, `SELECT MIN(closed_at) AS at, COUNT(*)::int AS n FROM cases WHERE ${UNDATED_CASES}`),
        widgetSessions: await next(q, 'SELECT MIN(expires_at) AS at, COUNT(*)::int AS n FROM widget_sessions'),
        privacyRequests: await next(q, 'SELECT MIN(purge_at) AS at, COUNT(*)::int AS n FROM privacy_requests WHERE purge_at IS NOT NULL'),
        audit: await next(q, 'SELECT MIN(at) AS at, COUNT(*)::int AS n FROM audit_log'),
      };
    },
    async wouldPurge(p: { now: string; ticketCut: string; caseCut: string; going: string[]; sessions: string[]; auditThrough: number | null }) {
      const caseGoing = (x: string) =>
        `${x}status IN (${FINISHED}) AND ((${x}purge_at IS NOT NULL AND ${x}purge_at <= @now) OR (${x}purge_at IS NULL AND ${x}closed_at <= @caseCut))`;
      return {
        tickets: await count(q, `SELECT COUNT(*)::int AS n FROM tickets WHERE ${TICKET_GOING}`, { now: p.now, ticketCut: p.ticketCut }),
        cases: await count(q, `SELECT COUNT(*)::int AS n FROM cases WHERE ${caseGoing('')}`, { now: p.now, caseCut: p.caseCut }),
        messages: await count(q, 'SELECT COUNT(*)::int AS n FROM messages WHERE conversation_id = ANY($1::text[])', [p.going]),
        attachments: await count(q, 'SELECT COUNT(*)::int AS n FROM attachments WHERE conversation_id = ANY($1::text[])', [p.going]),
        childErasureRecords: await count(q, 'SELECT COUNT(*)::int AS n FROM child_erasures WHERE purge_at <= $1', [p.now]),
        auditEvents: p.auditThrough ? await count(q, 'SELECT COUNT(*)::int AS n FROM audit_log WHERE id <= $1', [p.auditThrough]) : 0,
        customers: await count(
          q,
          `SELECT COUNT(*)::int AS n FROM customers k
           WHERE NOT EXISTS (SELECT 1 FROM conversations c WHERE c.customer_id = k.id AND NOT (c.id = ANY(@going::text[])))
             AND NOT EXISTS (SELECT 1 FROM widget_sessions w WHERE w.customer_id = k.id AND NOT (w.id = ANY(@sessions::text[])))
             AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.customer_email = k.email
                   AND NOT (${ticketGoing('t.')}))
             AND NOT EXISTS (SELECT 1 FROM cases x WHERE x.customer_email = k.email AND NOT (${caseGoing('x.')}))`,
          { now: p.now, ticketCut: p.ticketCut, caseCut: p.caseCut, going: p.going, sessions: p.sessions },
        ),
      };
    },
    async markCustomersSeen(seen: { id: string; at: string }[]): Promise<void> {
      if (seen.length === 0) return;
      await run(
        q,
        `UPDATE conversations c SET customer_seen_at = v.at
         FROM unnest($1::text[], $2::text[]) AS v(id, at)
         WHERE c.id = v.id AND c.status != 'ended' AND (c.customer_seen_at IS NULL OR c.customer_seen_at < v.at)`,
        [seen.map((x) => x.id), seen.map((x) => x.at)],
      );
    },
    async openChats(): Promise<{ id: string; lastCustomerActivity: string }[]> {
      // Open chats with the last time the customer was heard from (the start, a message, or seen connected).
      const rows = await all<{ id: string; last: string }>(
        q,
        `SELECT c.id, GREATEST(c.created_at, COALESCE((${LAST_CUSTOMER_MESSAGE}), ''), COALESCE(c.customer_seen_at, '')) AS last
         FROM conversations c WHERE ${OPEN_CONVERSATION}`,
      );
      return rows.map((r) => ({ id: r.id, lastCustomerActivity: r.last }));
    },
    async nextTranscriptPurge(): Promise<{ at: string | null; n: number }> {
      return next(q, 'SELECT MIN(purge_at) AS at, COUNT(purge_at)::int AS n FROM conversations');
    },
    async customerCount(): Promise<number> {
      return count(q, 'SELECT COUNT(*)::int AS n FROM customers');
    },
    async auditCut(cut: string): Promise<number | null> {
      // Only a prefix of the chain may go: the newest row written before the cut, with nothing later before it.
      const r = await one<{ id: string | null }>(
        q,
        'SELECT MAX(id) AS id FROM audit_log WHERE id < COALESCE((SELECT MIN(id) FROM audit_log WHERE at > $1), (SELECT MAX(id) + 1 FROM audit_log))',
        [cut],
      );
      return r!.id === null ? null : Number(r!.id);
    },
    /**
     * Records the anchor, then removes up to `limit` rows of the prefix through `throughId`. Two
     * hubs pruning at once take turns (a transaction lock): otherwise one could anchor at a row
     * whose successors the other had just removed, and the chain would no longer verify from it.
     */
    async pruneAudit(throughId: number, at: string, limit: number): Promise<number> {
      await run(q, 'SELECT pg_advisory_xact_lock($1)', [AUDIT_PRUNE_LOCK]);
      const h = await one<{ hash: string }>(q, 'SELECT hash FROM audit_log WHERE id = $1', [throughId]);
      if (!h) return 0;
      // The key in force at a row: the latest 'audit.keyed' row at or before it, else the anchor's.
      const keyId = (await one<{ key_id: string | null }>(
        q,
        `SELECT COALESCE((SELECT detail::json ->> 'keyId' FROM audit_log WHERE action = 'audit.keyed' AND id <= $1 ORDER BY id DESC LIMIT 1),
                         (SELECT key_id FROM audit_log_anchor WHERE id = 1)) AS key_id`,
        [throughId],
      ))!.key_id;
      await run(
        q,
        `INSERT INTO audit_log_anchor (id, through_id, through_hash, key_id, at) VALUES (1, $1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET through_id = excluded.through_id, through_hash = excluded.through_hash, key_id = excluded.key_id, at = excluded.at`,
        [throughId, h.hash, keyId, at],
      );
      return run(q, 'DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log WHERE id <= $1 ORDER BY id LIMIT $2)', [throughId, limit]);
    },
  };
};
