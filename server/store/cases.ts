// Cases: returns (RMA) and shipping claims, their items, timeline, linked chats and evidence.
// The rules live in shared/domain/cases.ts and server/cases/service.ts; this module only reads
// and writes rows. Writes run inside store.write, so one step is one transaction.
import { FINISHED_STATUSES, type CaseItemFacts, type CaseKind, type CaseStatus, type ClaimData, type RmaData } from '../../shared/domain/cases';
import type { CaseEvent, CaseEvidence } from '../../shared/protocol/cases';
import type { Db } from './db';

export interface CaseRecord {
  id: string;
  number: string | null;
  kind: CaseKind;
  brandId: string;
  orderId: string;
  status: CaseStatus;
  customerEmail: string;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  data: RmaData | ClaimData;
  items: CaseItemFacts[];
}

export interface CaseRow {
  id: string;
  number: string | null;
  kind: CaseKind;
  brand_id: string;
  order_id: string;
  status: CaseStatus;
  customer_email: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  data: string;
}

export interface EvidenceRow {
  id: string;
  case_id: string;
  kind: CaseEvidence['kind'];
  sku: string | null;
  value: string | null;
  path: string | null;
  mime: string | null;
  size: number | null;
  name: string | null;
  added_by_kind: 'staff' | 'customer';
  added_by_id: string | null;
  created_at: string;
}

export interface EvidenceRecord extends Omit<CaseEvidence, 'url'> {
  caseId: string;
  /** Relative to the data folder; photos only. */
  path: string | null;
}

/** The finished statuses as an SQL list, for `status IN (…)`. */
export const FINISHED = FINISHED_STATUSES.map((s) => `'${s}'`).join(', ');

/**
 * SQL conditions over a conversation aliased `c`, for the transcripts store (issue 4): "linked to
 * any case", and "held by an open case" (its transcript must not be purged yet).
 */
export const CASE_LINK_SQL = {
  anyCase: 'EXISTS (SELECT 1 FROM case_conversations cc WHERE cc.conversation_id = c.id)',
  openCase: `EXISTS (SELECT 1 FROM case_conversations cc JOIN cases k ON k.id = cc.case_id
             WHERE cc.conversation_id = c.id AND k.status NOT IN (${FINISHED}))`,
};

/** Inserts with named parameters, the same on both backends. */
export const CASE_INSERT_SQL = {
  case: `INSERT INTO cases (id, number, kind, brand_id, order_id, status, customer_email, created_by, created_at, updated_at, data)
    VALUES (@id, @number, @kind, @brandId, @orderId, @status, @customerEmail, @createdBy, @createdAt, @createdAt, @data)`,
  item: `INSERT INTO case_items (case_id, sku, name, price_cents, final_sale, return_window_days, serial_required)
    VALUES (@caseId, @sku, @name, @priceCents, @finalSale, @returnWindowDays, @serialRequired)`,
  event: `INSERT INTO case_events (case_id, at, actor_kind, actor_id, actor_name, action, summary, detail)
    VALUES (@caseId, @at, @actorKind, @actorId, @actorName, @action, @summary, @detail)`,
  evidence: `INSERT INTO case_evidence (id, case_id, kind, sku, value, path, mime, size, name, added_by_kind, added_by_id, created_at)
    VALUES (@id, @caseId, @kind, @sku, @value, @path, @mime, @size, @name, @addedByKind, @addedById, @createdAt)`,
};

export type NewCase = Omit<CaseRecord, 'updatedAt' | 'closedAt'>;

export interface CaseUpdate {
  id: string;
  fromStatus: CaseStatus;
  status: CaseStatus;
  data: RmaData | ClaimData;
  number: string | null;
  at: string;
  finished: boolean;
}

export interface EventRow {
  id: number;
  at: string;
  actor_kind: CaseEvent['actor']['kind'];
  actor_id: string | null;
  actor_name: string;
  action: string;
  summary: string;
  detail: string;
}

export interface NewCaseEvent {
  caseId: string;
  at: string;
  actorKind: CaseEvent['actor']['kind'];
  actorId: string | null;
  actorName: string;
  action: string;
  summary: string;
  detail: Record<string, unknown>;
}

export type NewEvidence = Omit<EvidenceRecord, 'addedBy'> & { addedByKind: 'staff' | 'customer'; addedById: string | null };

/** A case row and its items (each backend reads items its own way) as a record. */
export const toCaseRecord = (r: CaseRow, items: CaseItemFacts[]): CaseRecord => ({
  id: r.id,
  number: r.number,
  kind: r.kind,
  brandId: r.brand_id,
  orderId: r.order_id,
  status: r.status,
  customerEmail: r.customer_email,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  closedAt: r.closed_at,
  data: JSON.parse(r.data) as RmaData | ClaimData,
  items,
});

export const toEvidence = (r: EvidenceRow): EvidenceRecord => ({
  id: r.id,
  caseId: r.case_id,
  kind: r.kind,
  sku: r.sku,
  value: r.value,
  path: r.path,
  mime: r.mime,
  size: r.size,
  name: r.name,
  addedBy: { kind: r.added_by_kind, id: r.added_by_id },
  createdAt: r.created_at,
});

export const toEvent = (r: EventRow): CaseEvent => ({
  id: r.id,
  at: r.at,
  actor: { kind: r.actor_kind, id: r.actor_id, name: r.actor_name },
  action: r.action,
  summary: r.summary,
  detail: JSON.parse(r.detail) as Record<string, unknown>,
});

export interface CaseFilter {
  statuses?: CaseStatus[];
  kind?: CaseKind;
  open?: boolean;
  orderId?: string;
  limit: number;
}

/** A filter's WHERE clause (empty when it has none) and its named parameters, `limit` among them. */
export function caseFilterWhere(f: CaseFilter): { where: string; params: Record<string, unknown> } {
  const where: string[] = [];
  const params: Record<string, unknown> = { limit: f.limit };
  if (f.statuses?.length) {
    where.push(`status IN (${f.statuses.map((_, i) => `@s${i}`).join(', ')})`);
    f.statuses.forEach((s, i) => (params[`s${i}`] = s));
  }
  if (f.kind) {
    where.push('kind = @kind');
    params.kind = f.kind;
  }
  if (f.open !== undefined) where.push(`status ${f.open ? 'NOT IN' : 'IN'} (${FINISHED})`);
  if (f.orderId) {
    where.push('order_id = @orderId');
    params.orderId = f.orderId;
  }
  return { where: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

export function casesStore(db: Db) {
  const q = {
    bumpCounter: db.prepare(
      `INSERT INTO case_counters (prefix, last) VALUES (?, 1)
       ON CONFLICT (prefix) DO UPDATE SET last = last + 1 RETURNING last`,
    ),
    insert: db.prepare(CASE_INSERT_SQL.case),
    insertItem: db.prepare(CASE_INSERT_SQL.item),
    update: db.prepare(
      `UPDATE cases SET status = @status, data = @data, number = COALESCE(@number, number), updated_at = @at,
         closed_at = CASE WHEN @finished THEN @at ELSE NULL END,
         -- A case taken up again (a parcel for an expired return) loses the purge date its end gave it.
         purge_at = CASE WHEN @finished THEN purge_at ELSE NULL END
       WHERE id = @id AND status = @fromStatus`,
    ),
    touch: db.prepare('UPDATE cases SET updated_at = ? WHERE id = ?'),
    byId: db.prepare('SELECT * FROM cases WHERE id = ?'),
    items: db.prepare('SELECT * FROM case_items WHERE case_id = ? ORDER BY rowid'),
    events: db.prepare('SELECT * FROM case_events WHERE case_id = ? ORDER BY id'),
    addEvent: db.prepare(CASE_INSERT_SQL.event),
    link: db.prepare(
      `INSERT INTO case_conversations (case_id, conversation_id, linked_at, linked_by) VALUES (?, ?, ?, ?)
       ON CONFLICT DO NOTHING`,
    ),
    conversations: db.prepare('SELECT conversation_id, linked_at FROM case_conversations WHERE case_id = ? ORDER BY linked_at, conversation_id'),
    forWidgetSession: db.prepare(
      `SELECT DISTINCT k.* FROM cases k
       JOIN case_conversations cc ON cc.case_id = k.id
       JOIN conversations c ON c.id = cc.conversation_id
       WHERE c.widget_session_id = ? ORDER BY k.created_at DESC`,
    ),
    forConversation: db.prepare(
      `SELECT k.* FROM cases k JOIN case_conversations cc ON cc.case_id = k.id WHERE cc.conversation_id = ? ORDER BY k.created_at`,
    ),
    conversationHeld: db.prepare(`SELECT 1 FROM conversations c WHERE c.id = ? AND ${CASE_LINK_SQL.openCase}`),
    openWithItems: db.prepare(
      `SELECT k.number, k.id, i.sku FROM cases k JOIN case_items i ON i.case_id = k.id
       WHERE k.order_id = ? AND k.kind = ? AND k.status NOT IN (${FINISHED})`,
    ),
    addEvidence: db.prepare(CASE_INSERT_SQL.evidence),
    evidence: db.prepare('SELECT * FROM case_evidence WHERE case_id = ? ORDER BY created_at, rowid'),
    evidenceById: db.prepare('SELECT * FROM case_evidence WHERE id = ?'),
  };

  const toCase = (r: CaseRow): CaseRecord =>
    toCaseRecord(
      r,
      (q.items.all(r.id) as Record<string, unknown>[]).map((i) => ({
        sku: i.sku as string,
        name: i.name as string,
        priceCents: i.price_cents as number,
        finalSale: i.final_sale === 1,
        returnWindowDays: i.return_window_days as number | null,
        serialRequired: i.serial_required === 1,
      })),
    );

  return {
    /** The next readable number for `prefix` (e.g. RMA-2026 → RMA-2026-000001), gapless per prefix. */
    nextNumber(prefix: string): string {
      const { last } = q.bumpCounter.get(prefix) as { last: number };
      return `${prefix}-${String(last).padStart(6, '0')}`;
    },
    create(c: NewCase): void {
      q.insert.run({ ...c, data: JSON.stringify(c.data) });
      for (const i of c.items) {
        q.insertItem.run({ ...i, caseId: c.id, finalSale: i.finalSale ? 1 : 0, serialRequired: i.serialRequired ? 1 : 0 });
      }
    },
    /**
     * Moves a case on, only if it is still in `fromStatus`: two staff pressing buttons at once
     * cannot both move it. Returns false when someone else got there first.
     */
    update(u: CaseUpdate): boolean {
      return q.update.run({ ...u, data: JSON.stringify(u.data), finished: u.finished ? 1 : 0 }).changes > 0;
    },
    touch(id: string, at: string): void {
      q.touch.run(at, id);
    },
    get(id: string): CaseRecord | undefined {
      const r = q.byId.get(id) as CaseRow | undefined;
      return r && toCase(r);
    },
    list(f: CaseFilter): CaseRecord[] {
      const { where, params } = caseFilterWhere(f);
      const sql = `SELECT * FROM cases ${where} ORDER BY updated_at DESC, rowid DESC LIMIT @limit`;
      return (db.prepare(sql).all(params) as CaseRow[]).map(toCase);
    },
    /** Appends to the timeline; returns the event's id. */
    addEvent(e: NewCaseEvent): number {
      return Number(q.addEvent.run({ ...e, detail: JSON.stringify(e.detail) }).lastInsertRowid);
    },
    events(caseId: string): CaseEvent[] {
      return (q.events.all(caseId) as EventRow[]).map(toEvent);
    },
    /** Returns false when the chat was already linked. */
    link(caseId: string, conversationId: string, at: string, by: string | null): boolean {
      return q.link.run(caseId, conversationId, at, by).changes > 0;
    },
    conversations(caseId: string): { id: string; linkedAt: string }[] {
      return (q.conversations.all(caseId) as { conversation_id: string; linked_at: string }[]).map((r) => ({ id: r.conversation_id, linkedAt: r.linked_at }));
    },
    forWidgetSession(widgetSessionId: string): CaseRecord[] {
      return (q.forWidgetSession.all(widgetSessionId) as CaseRow[]).map(toCase);
    },
    /** The cases a chat is linked to (the transcript viewer shows their claim photos). */
    forConversation(conversationId: string): CaseRecord[] {
      return (q.forConversation.all(conversationId) as CaseRow[]).map(toCase);
    },
    isConversationHeld(conversationId: string): boolean {
      return q.conversationHeld.get(conversationId) !== undefined;
    },
    /** Open cases of this kind on the order that already cover one of `skus`. */
    openCasesCovering(orderId: string, kind: CaseKind, skus: string[]): { id: string; number: string | null; sku: string }[] {
      const rows = q.openWithItems.all(orderId, kind) as { id: string; number: string | null; sku: string }[];
      return rows.filter((r) => skus.includes(r.sku));
    },
    addEvidence(e: NewEvidence): void {
      q.addEvidence.run(e);
    },
    evidence(caseId: string): EvidenceRecord[] {
      return (q.evidence.all(caseId) as EvidenceRow[]).map(toEvidence);
    },
    evidenceById(id: string): EvidenceRecord | undefined {
      const r = q.evidenceById.get(id) as EvidenceRow | undefined;
      return r && toEvidence(r);
    },
  };
}
export type CasesStore = ReturnType<typeof casesStore>;
