// Cases (returns and shipping claims) on PostgreSQL: ../../cases.ts's twin.
//
// Several hubs create cases at once: a case number comes from one upsert of its prefix's counter
// row (INSERT … ON CONFLICT DO UPDATE … RETURNING). PostgreSQL holds that row locked until the
// write commits, so a second hub's bump waits and then counts on from the first's: numbers stay
// unique, and gapless as on SQLite (a write that rolls back takes its bump with it).
//
// SQLite breaks ties in time by rowid (insertion order); these tables have no such column here.
// Cases fall back on when they were created, then on ctid, the row's place in the table: that is
// insertion order for rows only ever inserted (items, evidence), the last change's for cases.
import type { CaseKind } from '../../../../shared/domain/cases';
import type { CaseEvent } from '../../../../shared/protocol/cases';
import {
  CASE_INSERT_SQL,
  CASE_LINK_SQL,
  FINISHED,
  caseFilterWhere,
  toCaseRecord,
  toEvent,
  toEvidence,
  type CaseFilter,
  type CaseRecord,
  type CaseRow,
  type CaseUpdate,
  type EventRow,
  type EvidenceRecord,
  type EvidenceRow,
  type NewCase,
  type NewCaseEvent,
  type NewEvidence,
} from '../../cases';
import type { PgModuleFactory } from '../api';
import { lockUntilCommit } from '../locks';
import { all, one, run, type PgQueryable } from '../query';

/** The advisory-lock class of an order's cases (the other key is a hash of the order id). */
const ORDER_CASES_LOCK = 0x63617365; // 'case'

interface ItemRow {
  sku: string;
  name: string;
  price_cents: number;
  final_sale: boolean;
  return_window_days: number | null;
  serial_required: boolean;
}

// bigint columns come back as strings from node-postgres; these fit a JavaScript number.
const CASE_COLUMNS = 'id, number, kind, brand_id, order_id, status, customer_email, created_by, created_at, updated_at, closed_at, data';
const EVIDENCE_COLUMNS = 'id, case_id, kind, sku, value, path, mime, size::float8 AS size, name, added_by_kind, added_by_id, created_at';

async function toCases(q: PgQueryable, rows: CaseRow[]): Promise<CaseRecord[]> {
  if (rows.length === 0) return [];
  const items = await all<ItemRow & { case_id: string }>(
    q,
    `SELECT case_id, sku, name, price_cents::float8 AS price_cents, final_sale, return_window_days, serial_required
     FROM case_items WHERE case_id = ANY($1::text[]) ORDER BY ctid`,
    [rows.map((r) => r.id)],
  );
  return rows.map((r) =>
    toCaseRecord(
      r,
      items
        .filter((i) => i.case_id === r.id)
        .map((i) => ({ sku: i.sku, name: i.name, priceCents: i.price_cents, finalSale: i.final_sale, returnWindowDays: i.return_window_days, serialRequired: i.serial_required })),
    ),
  );
}

export const pgCasesStore: PgModuleFactory<'cases'> = (q) => ({
  async nextNumber(prefix: string): Promise<string> {
    const row = await one<{ last: number }>(
      q,
      `INSERT INTO case_counters (prefix, last) VALUES ($1, 1)
       ON CONFLICT (prefix) DO UPDATE SET last = case_counters.last + 1 RETURNING last`,
      [prefix],
    );
    return `${prefix}-${String(row!.last).padStart(6, '0')}`;
  },
  async create(c: NewCase): Promise<void> {
    await run(
      q,
      CASE_INSERT_SQL.case,
      { ...c, data: JSON.stringify(c.data) },
    );
    for (const i of c.items) {
      await run(
        q,
        CASE_INSERT_SQL.item,
        { ...i, caseId: c.id },
      );
    }
  },
  async update(u: CaseUpdate): Promise<boolean> {
    // The WHERE is checked again on the row as committed by a concurrent mover: one of two wins.
    const changed = await run(
      q,
      `UPDATE cases SET status = @status, data = @data, number = COALESCE(@number::text, number), updated_at = @at,
         closed_at = CASE WHEN @finished::boolean THEN @at ELSE NULL END,
         purge_at = CASE WHEN @finished::boolean THEN purge_at ELSE NULL END
       WHERE id = @id AND status = @fromStatus`,
      { ...u, data: JSON.stringify(u.data) },
    );
    return changed > 0;
  },
  async touch(id: string, at: string): Promise<void> {
    await run(q, 'UPDATE cases SET updated_at = $1 WHERE id = $2', [at, id]);
  },
  async get(id: string): Promise<CaseRecord | undefined> {
    const rows = await all<CaseRow>(q, `SELECT ${CASE_COLUMNS} FROM cases WHERE id = $1`, [id]);
    return (await toCases(q, rows))[0];
  },
  async list(f: CaseFilter): Promise<CaseRecord[]> {
    const { where, params } = caseFilterWhere(f);
    const sql = `SELECT ${CASE_COLUMNS} FROM cases ${where} ORDER BY updated_at DESC, created_at DESC, ctid DESC LIMIT @limit`;
    return toCases(q, await all<CaseRow>(q, sql, params));
  },
  async addEvent(e: NewCaseEvent): Promise<number> {
    const row = await one<{ id: number }>(
      q,
      `${CASE_INSERT_SQL.event} RETURNING id::float8 AS id`,
      { ...e, detail: JSON.stringify(e.detail) },
    );
    return row!.id;
  },
  async events(caseId: string): Promise<CaseEvent[]> {
    const rows = await all<EventRow>(
      q,
      'SELECT id::float8 AS id, at, actor_kind, actor_id, actor_name, action, summary, detail FROM case_events WHERE case_id = $1 ORDER BY case_events.id',
      [caseId],
    );
    return rows.map(toEvent);
  },
  async link(caseId: string, conversationId: string, at: string, by: string | null): Promise<boolean> {
    const changed = await run(
      q,
      `INSERT INTO case_conversations (case_id, conversation_id, linked_at, linked_by) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [caseId, conversationId, at, by],
    );
    return changed > 0;
  },
  async conversations(caseId: string): Promise<{ id: string; linkedAt: string }[]> {
    const rows = await all<{ conversation_id: string; linked_at: string }>(
      q,
      'SELECT conversation_id, linked_at FROM case_conversations WHERE case_id = $1 ORDER BY linked_at, conversation_id',
      [caseId],
    );
    return rows.map((r) => ({ id: r.conversation_id, linkedAt: r.linked_at }));
  },
  async forWidgetSession(widgetSessionId: string): Promise<CaseRecord[]> {
    const rows = await all<CaseRow>(
      q,
      `SELECT ${CASE_COLUMNS} FROM cases k WHERE EXISTS (
         SELECT 1 FROM case_conversations cc JOIN conversations c ON c.id = cc.conversation_id
         WHERE cc.case_id = k.id AND c.widget_session_id = $1)
       ORDER BY k.created_at DESC, k.ctid DESC`,
      [widgetSessionId],
    );
    return toCases(q, rows);
  },
  async forConversation(conversationId: string): Promise<CaseRecord[]> {
    const rows = await all<CaseRow>(
      q,
      `SELECT ${CASE_COLUMNS.split(', ').map((c) => `k.${c}`).join(', ')} FROM cases k JOIN case_conversations cc ON cc.case_id = k.id
       WHERE cc.conversation_id = $1 ORDER BY k.created_at, k.ctid`,
      [conversationId],
    );
    return toCases(q, rows);
  },
  async isConversationHeld(conversationId: string): Promise<boolean> {
    return (await one(q, `SELECT 1 FROM conversations c WHERE c.id = $1 AND ${CASE_LINK_SQL.openCase}`, [conversationId])) !== undefined;
  },
  // The opening write looks here before it creates a case. SQLite's single writer makes look-then-
  // create atomic; here two hubs opening the same item at once would each miss the other's
  // uncommitted case, so the look-up first takes a lock on the order, held until the write commits.
  // Every other check of that write on the order's cases (the case service's refusePaidTwice) comes
  // after it, under the same lock.
  async openCasesCovering(orderId: string, kind: CaseKind, skus: string[]): Promise<{ id: string; number: string | null; sku: string }[]> {
    await lockUntilCommit(q, ORDER_CASES_LOCK, orderId);
    return all<{ id: string; number: string | null; sku: string }>(
      q,
      `SELECT k.number, k.id, i.sku FROM cases k JOIN case_items i ON i.case_id = k.id
       WHERE k.order_id = $1 AND k.kind = $2 AND k.status NOT IN (${FINISHED}) AND i.sku = ANY($3::text[])
       ORDER BY k.created_at, k.ctid, i.sku`,
      [orderId, kind, skus],
    );
  },
  async addEvidence(e: NewEvidence): Promise<void> {
    await run(
      q,
      CASE_INSERT_SQL.evidence,
      e,
    );
  },
  async evidence(caseId: string): Promise<EvidenceRecord[]> {
    return (await all<EvidenceRow>(q, `SELECT ${EVIDENCE_COLUMNS} FROM case_evidence WHERE case_id = $1 ORDER BY created_at, ctid`, [caseId])).map(toEvidence);
  },
  async evidenceById(id: string): Promise<EvidenceRecord | undefined> {
    const r = await one<EvidenceRow>(q, `SELECT ${EVIDENCE_COLUMNS} FROM case_evidence WHERE id = $1`, [id]);
    return r && toEvidence(r);
  },
});
