// The audit log: append-only and hash-chained. Each row's hash covers the previous row's hash
// and the row itself, so altering, removing or reordering any row breaks the chain from there on.
//
// The chain is keyed (issue 12): from its first 'audit.keyed' row on, each hash is an HMAC-SHA-256
// under the audit key, which lives outside the database (a 0600 key file, CAREDESK_AUDIT_KEY, or
// the OS key store in the desktop app). Someone who can write the file but lacks the key cannot
// recompute the chain after an edit or a deletion. Rows from before a desk had a key keep their
// plain SHA-256 hashes; the first keyed row seals them (it links to their last hash). A new key
// (rotation) starts with another 'audit.keyed' row under the new key; older keys stay in the key
// file (newest first) so the older part can still be verified. Removing rows from the end cannot
// be seen from inside the log: a checkpoint (the signed head) kept elsewhere shows it.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
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

/** An audit_log row as stored (both backends: PostgreSQL's bigint id read back as a number). */
export interface AuditLogRow {
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

type Row = AuditLogRow;

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

/** sha256(prev_hash + canonical JSON of every column but hash); HMAC-SHA-256 under `key` once keyed. */
export function rowHash(r: Omit<Row, 'hash'>, key?: Buffer): string {
  const { id, at, actor_kind, actor_id, action, subject_kind, subject_id, detail, prev_hash } = r;
  const body = canonicalJson({ id, at, actor_kind, actor_id, action, subject_kind, subject_id, detail, prev_hash });
  return (key ? createHmac('sha256', key) : createHash('sha256')).update(prev_hash + body).digest('hex');
}

/** The row that starts a keyed stretch of the chain (first key, or a new one). */
export const KEYED_ACTION = 'audit.keyed';

export interface AuditKey {
  /** A fingerprint that names the key without revealing it (stored in 'audit.keyed' rows). */
  id: string;
  key: Buffer;
}

export function auditKey(key: Buffer): AuditKey {
  return { id: createHmac('sha256', key).update('caredesk audit key id').digest('hex').slice(0, 16), key };
}

/** The signed head of the log, to keep somewhere else: `audit verify --checkpoint` shows the log still extends it. */
export interface AuditCheckpoint {
  v: 1;
  seq: number;
  hash: string;
  at: string;
  keyId: string;
  mac: string;
}

const checkpointMac = (key: Buffer, c: Pick<AuditCheckpoint, 'seq' | 'hash' | 'at' | 'keyId'>) =>
  createHmac('sha256', key).update(`caredesk audit checkpoint|${c.seq}|${c.hash}|${c.at}|${c.keyId}`).digest('hex');

/** The signed head after `last` (the newest row, or none), under `key`. */
export function signCheckpoint(key: AuditKey, last: { id: number; hash: string } | undefined, at: string): AuditCheckpoint {
  const head = { seq: last?.id ?? 0, hash: last?.hash ?? GENESIS_HASH, at, keyId: key.id };
  return { v: 1, ...head, mac: checkpointMac(key.key, head) };
}

/** The keyed digest that stands in for free text in an event (see `digest` below). */
export function auditDigest(key: AuditKey, text: string): string {
  return createHmac('sha256', key.key).update(`caredesk audit text|${text.trim().toLowerCase()}`).digest('hex').slice(0, 32);
}

const sameHex = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** The key id an 'audit.keyed' row's detail names, or null. */
export function keyIdOf(detail: string): string | null {
  const id = (JSON.parse(detail) as { keyId?: unknown }).keyId;
  return typeof id === 'string' ? id : null;
}

/** The row an append writes after `last` (the newest row, else the retention anchor), hashed under `key`. */
export function chainedRow(e: AuditEvent, last: { id: number; hash: string } | undefined, key: AuditKey): Row {
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
  return { ...row, hash: rowHash(row, key.key) };
}

/**
 * Refuses to append under `key` after a row another key wrote (`last`, else the retention anchor).
 * The log ends under the current key once a store has opened (the seal), so this only happens when
 * another hub or a tool started a new key's stretch meanwhile (a rotation half done, or a wrong key
 * given to one of them): rows written under the old key after it would break the chain for good,
 * so every audited action fails instead until this one has the new key.
 */
export function assertContinuesUnder(key: AuditKey, last: AuditLogRow | undefined, anchor: AuditAnchor | undefined): void {
  const ours = last ? sameHex(rowHash(last, key.key), last.hash) : !anchor?.keyId || anchor.keyId === key.id;
  if (!ours) {
    throw new Error(
      `the audit log now continues under another audit key than this one (${key.id}): a hub or tool started a new key's stretch. Give this one the same key file as the others (the new key first) and start it again`,
    );
  }
}

/** The detail of the 'audit.keyed' row that starts a stretch under `key`. */
export const keyedDetail = (key: AuditKey, reason: 'new desk' | 'first key' | 'new key', previousKeyId: string | null, rowsBefore: number) => ({
  keyId: key.id,
  scheme: 'hmac-sha256',
  reason,
  previousKeyId,
  rowsBefore,
});

export const toEvent = (r: Row): AuditRow => ({
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

export type VerifyResult =
  | { ok: true; count: number; keyedFrom: number; checkpoint?: { seq: number } }
  | { ok: false; count: number; badId: number; reason: string };

/** Where retention left the chain's start (audit_log_anchor): the last removed row and its stretch's key. */
export interface AuditAnchor {
  id: number;
  hash: string;
  keyId: string | null;
}

/**
 * `verify`'s walk, the same on both backends: feed it the rows in id order (`step` names the first
 * that does not hold), then `end`. It remembers the hash at the checkpoint's row as it passes it.
 */
export function chainVerifier(keys: AuditKey[], anchor: AuditAnchor | undefined, checkpoint?: AuditCheckpoint) {
  const keyById = new Map(keys.map((k) => [k.id, k]));
  // After retention removed the oldest rows, the chain is checked from the anchor on: the last
  // removed row's hash, and the key its stretch was under.
  let prev = anchor?.hash ?? GENESIS_HASH;
  let count = 0;
  let expectedId = (anchor?.id ?? 0) + 1;
  let key: AuditKey | undefined = anchor?.keyId ? keyById.get(anchor.keyId) : undefined;
  let keyedFrom = key ? anchor!.id : 0;
  let hashAtCheckpoint: string | undefined;
  const start: VerifyResult | null =
    anchor?.keyId && !key ? { ok: false, count, badId: expectedId, reason: `the retained log continues a stretch keyed with audit key ${anchor.keyId}, which is not among the audit keys given` } : null;
  return {
    /** A failure before any row is read (the anchor's key is missing), else null. */
    start,
    step(r: Row): VerifyResult | null {
      count += 1;
      if (r.id !== expectedId) return { ok: false, count, badId: r.id, reason: `row ${expectedId} is missing` };
      if (r.prev_hash !== prev) return { ok: false, count, badId: r.id, reason: 'does not follow the previous row' };
      if (r.action === KEYED_ACTION) {
        const id = (JSON.parse(r.detail) as { keyId?: unknown }).keyId;
        key = typeof id === 'string' ? keyById.get(id) : undefined;
        if (!key) {
          return { ok: false, count, badId: r.id, reason: `it starts a stretch keyed with audit key ${String(id)}, which is not among the audit keys given (forged, or an old key left out of the key file)` };
        }
        keyedFrom ||= r.id;
      }
      if (!sameHex(rowHash(r, key?.key), r.hash)) {
        return { ok: false, count, badId: r.id, reason: key ? 'its content does not match its keyed hash (edited, or rewritten without the audit key)' : 'its content does not match its hash' };
      }
      if (r.id === checkpoint?.seq) hashAtCheckpoint = r.hash;
      prev = r.hash;
      expectedId += 1;
      return null;
    },
    end(): VerifyResult {
      if (!keyedFrom) {
        return { ok: false, count, badId: count + 1, reason: 'the log is not sealed with the audit key (no audit.keyed row): it was never keyed, or its keyed rows were removed' };
      }
      if (checkpoint) {
        const k = keyById.get(checkpoint.keyId);
        if (!k || !sameHex(checkpointMac(k.key, checkpoint), checkpoint.mac)) {
          return { ok: false, count, badId: checkpoint.seq, reason: 'the checkpoint is not signed with any of the audit keys given' };
        }
        const lastId = expectedId - 1;
        if (checkpoint.seq > lastId) {
          return { ok: false, count, badId: checkpoint.seq, reason: `the log was cut short: the checkpoint of ${checkpoint.at} names row ${checkpoint.seq}, but the log ends at row ${lastId}` };
        }
        // A row retention has since removed: the anchor vouches for the chain up to it.
        if (anchor && checkpoint.seq < anchor.id) return { ok: true, count, keyedFrom, checkpoint: { seq: checkpoint.seq } };
        const hash = checkpoint.seq === 0 ? GENESIS_HASH : checkpoint.seq === anchor?.id ? anchor.hash : hashAtCheckpoint;
        if (hash === undefined || !sameHex(hash, checkpoint.hash)) {
          return { ok: false, count, badId: checkpoint.seq, reason: `row ${checkpoint.seq} is not the one the checkpoint of ${checkpoint.at} saw (the log was rewritten)` };
        }
        return { ok: true, count, keyedFrom, checkpoint: { seq: checkpoint.seq } };
      }
      return { ok: true, count, keyedFrom };
    },
  };
}

/**
 * `keys`: the audit keys, current first. With none (a store opened only to read, e.g. by old
 * tests) appends are refused; verify then reports the log unverifiable.
 */
export function auditStore(db: Db, keys: AuditKey[] = []) {
  const current = keys[0];
  const q = {
    last: db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT 1'),
    // Retention removes the oldest rows (§3b, migration 0008); the anchor is where the chain now starts.
    anchor: db.prepare('SELECT through_id AS id, through_hash AS hash, key_id AS keyId FROM audit_log_anchor WHERE id = 1'),
    // The action written into the statement, not bound: only then can SQLite use audit_log_keyed (a partial index).
    lastKeyed: db.prepare(`SELECT detail FROM audit_log WHERE action = '${KEYED_ACTION}' ORDER BY id DESC LIMIT 1`),
    count: db.prepare('SELECT COUNT(*) AS n FROM audit_log'),
    insert: db.prepare(
      `INSERT INTO audit_log (id, at, actor_kind, actor_id, action, subject_kind, subject_id, detail, prev_hash, hash)
       VALUES (@id, @at, @actor_kind, @actor_id, @action, @subject_kind, @subject_id, @detail, @prev_hash, @hash)`,
    ),
    all: db.prepare('SELECT * FROM audit_log ORDER BY id'),
    recent: db.prepare('SELECT * FROM audit_log ORDER BY id DESC LIMIT ?'),
    forSubject: db.prepare('SELECT * FROM audit_log WHERE subject_kind = ? AND subject_id = ? ORDER BY id'),
  };

  /** The key id of the stretch the log ends in, or null when it was never keyed. */
  const lastKeyId = (): string | null => {
    const r = q.lastKeyed.get() as { detail: string } | undefined;
    return r ? keyIdOf(r.detail) : null;
  };

  const sealed = (): boolean => current !== undefined && lastKeyId() === current.id;

  /** `seal`: the row that starts the current key's stretch (what is before it, another key wrote). */
  function insert(e: AuditEvent, seal = false): AuditRow {
    if (!current) throw new Error('the audit log cannot be written without the audit key');
    const last = q.last.get() as Row | undefined;
    const anchor = last ? undefined : (q.anchor.get() as AuditAnchor | undefined);
    if (!seal) assertContinuesUnder(current, last, anchor);
    const row = chainedRow(e, last ?? anchor, current);
    q.insert.run(row);
    return toEvent(row);
  }

  return {
    /** The current key's id (null without a key). */
    keyId: current?.id ?? null,

    /**
     * Stands in for free text in an event (a search query, a tag, a hold reason), which may name a
     * customer: the audit log is kept for good, so it holds ids and this keyed digest, never the
     * text. An investigator with the key finds who searched for "X" with `caredesk audit digest X`.
     */
    digest(text: string): string {
      if (!current) throw new Error('a digest needs the audit key');
      return auditDigest(current, text);
    },

    /** True when the log ends in a stretch keyed with the current key (appends may go ahead). */
    sealed,

    /**
     * Starts a stretch keyed with the current key: the first time (sealing the plain rows before
     * it) or after a new key. Call inside a write; a no-op when already sealed.
     */
    seal(at: string, reason: 'new desk' | 'first key' | 'new key'): AuditRow | null {
      if (!current) throw new Error('the audit log cannot be written without the audit key');
      if (sealed()) return null;
      const plainRows = (q.count.get() as { n: number }).n;
      return insert({
        at,
        actorKind: 'system',
        actorId: 'hub',
        action: KEYED_ACTION,
        subjectKind: null,
        subjectId: null,
        detail: keyedDetail(current, reason, lastKeyId(), plainRows),
      }, true);
    },

    /**
     * Appends one event. Inside a write (store.write) it is part of that transaction; outside one it
     * takes the write lock for itself, so reading the last hash and inserting after it cannot
     * interleave with another connection's append (another hub thread, a CLI tool).
     */
    append(e: AuditEvent): AuditRow {
      return db.inTransaction ? insert(e) : db.transaction(() => insert(e)).immediate();
    },

    /** The signed head of the log now. */
    checkpoint(at: string): AuditCheckpoint {
      if (!current) throw new Error('a checkpoint needs the audit key');
      return signCheckpoint(current, q.last.get() as { id: number; hash: string } | undefined, at);
    },

    recent(limit: number): AuditRow[] {
      return (q.recent.all(limit) as Row[]).map(toEvent);
    },

    forSubject(kind: string, id: string): AuditRow[] {
      return (q.forSubject.all(kind, id) as Row[]).map(toEvent);
    },

    /**
     * Walks the whole chain; names the first row whose link or hash does not hold. The log must
     * be keyed (rows after the first 'audit.keyed' row are HMACs under a key given here). With a
     * checkpoint, the row it names must still be there with the same hash (no truncation).
     */
    verify(checkpoint?: AuditCheckpoint): VerifyResult {
      const walk = chainVerifier(keys, q.anchor.get() as AuditAnchor | undefined, checkpoint);
      if (walk.start) return walk.start;
      for (const r of q.all.iterate() as IterableIterator<Row>) {
        const bad = walk.step(r);
        if (bad) return bad;
      }
      return walk.end();
    },
  };
}
export type AuditStore = ReturnType<typeof auditStore>;
