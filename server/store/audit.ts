// The audit log: append-only and hash-chained. Each row's hash covers the previous row's hash
// and the row itself, so altering, removing or reordering any row breaks the chain from there on.
import { createHash } from 'node:crypto';
import type { Db } from './db';

export type AuditActorKind = 'staff' | 'customer' | 'system' | 'operator';

export interface AuditEvent {
  at: string;
  actorKind: AuditActorKind;
  actorId: string | null;
  action: string;
  subjectKind: string | null;
  subjectId: string | null;
  detail: Record<string, unknown>;
}

export interface AuditRow extends AuditEvent {
  id: number;
  prevHash: string;
  hash: string;
}

interface Row {
  id: number;
  at: string;
  actor_kind: string;
  actor_id: string | null;
  action: string;
  subject_kind: string | null;
  subject_id: string | null;
  detail: string;
  prev_hash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level: one text per value, whoever wrote it. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** sha256(prev_hash + canonical JSON of every column but hash). */
export function rowHash(r: Omit<Row, 'hash'>): string {
  const { id, at, actor_kind, actor_id, action, subject_kind, subject_id, detail, prev_hash } = r;
  const body = canonicalJson({ id, at, actor_kind, actor_id, action, subject_kind, subject_id, detail, prev_hash });
  return createHash('sha256').update(prev_hash + body).digest('hex');
}

const toEvent = (r: Row): AuditRow => ({
  id: r.id,
  at: r.at,
  actorKind: r.actor_kind as AuditActorKind,
  actorId: r.actor_id,
  action: r.action,
  subjectKind: r.subject_kind,
  subjectId: r.subject_id,
  detail: JSON.parse(r.detail) as Record<string, unknown>,
  prevHash: r.prev_hash,
  hash: r.hash,
});

export type VerifyResult = { ok: true; count: number } | { ok: false; count: number; badId: number; reason: string };

export function auditStore(db: Db) {
  const q = {
    last: db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1'),
    // Retention removes the oldest rows (§3b, migration 0008); the anchor is where the chain now starts.
    anchor: db.prepare('SELECT through_id AS id, through_hash AS hash FROM audit_log_anchor WHERE id = 1'),
    insert: db.prepare(
      `INSERT INTO audit_log (id, at, actor_kind, actor_id, action, subject_kind, subject_id, detail, prev_hash, hash)
       VALUES (@id, @at, @actor_kind, @actor_id, @action, @subject_kind, @subject_id, @detail, @prev_hash, @hash)`,
    ),
    all: db.prepare('SELECT * FROM audit_log ORDER BY id'),
    recent: db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?'),
    forSubject: db.prepare('SELECT * FROM audit_log WHERE subject_kind = ? AND subject_id = ? ORDER BY id'),
  };

  return {
    /**
     * Appends one event. Call it inside a write transaction (store.write): reading the last hash
     * and inserting after it must not interleave with another append.
     */
    append(e: AuditEvent): AuditRow {
      const last = (q.last.get() ?? q.anchor.get()) as { id: number; hash: string } | undefined;
      const row = {
        id: (last?.id ?? 0) + 1,
        at: e.at,
        actor_kind: e.actorKind,
        actor_id: e.actorId,
        action: e.action,
        subject_kind: e.subjectKind,
        subject_id: e.subjectId,
        detail: canonicalJson(e.detail),
        prev_hash: last?.hash ?? GENESIS_HASH,
      };
      const hash = rowHash(row);
      q.insert.run({ ...row, hash });
      return toEvent({ ...row, hash });
    },

    recent(limit: number): AuditRow[] {
      return (q.recent.all(limit) as Row[]).map(toEvent);
    },

    forSubject(kind: string, id: string): AuditRow[] {
      return (q.forSubject.all(kind, id) as Row[]).map(toEvent);
    },

    /** Walks the whole chain; names the first row whose link or hash does not hold. */
    verify(): VerifyResult {
      const anchor = q.anchor.get() as { id: number; hash: string } | undefined;
      let prev = anchor?.hash ?? GENESIS_HASH;
      let count = 0;
      let expectedId = (anchor?.id ?? 0) + 1;
      for (const r of q.all.iterate() as IterableIterator<Row>) {
        count += 1;
        if (r.id !== expectedId) return { ok: false, count, badId: r.id, reason: `row ${expectedId} is missing` };
        if (r.prev_hash !== prev) return { ok: false, count, badId: r.id, reason: 'does not follow the previous row' };
        if (rowHash(r) !== r.hash) return { ok: false, count, badId: r.id, reason: 'its content does not match its hash' };
        prev = r.hash;
        expectedId += 1;
      }
      return { ok: true, count };
    },
  };
}
export type AuditStore = ReturnType<typeof auditStore>;
