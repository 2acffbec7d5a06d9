// The audit log on PostgreSQL: ../../audit.ts's twin. The chain's rules (canonical JSON, the keyed
// hash, the verify walk, checkpoints) are that file's own functions, so a row hashes byte for byte
// as on SQLite. What differs is concurrency: SQLite has one writer, a cluster has several hubs
// appending at once, and each append reads the last row then inserts after it. So every append
// (and the seal) first takes CHAIN_LOCK, a transaction-scoped advisory lock held until its write
// commits: appends queue there and each sees the row the one before it committed (READ COMMITTED
// takes a fresh snapshot per statement). The primary key on id would refuse a fork anyway.
import {
  chainedRow,
  chainVerifier,
  keyedDetail,
  keyIdOf,
  KEYED_ACTION,
  assertContinuesUnder,
  signCheckpoint,
  auditDigest,
  toEvent,
  type AuditAnchor,
  type AuditCheckpoint,
  type AuditEvent,
  type AuditKey,
  type AuditLogRow,
  type AuditRow,
  type VerifyResult,
} from '../../audit';
import type { PgContext, PgModuleFactory } from '../api';
import { PgStoreError } from '../db';
import { all, inTransaction, one, run, type PgQueryable } from '../query';

/** pg_advisory_xact_lock key of the chain's tail ('audt'; the migration lock is 'care'). */
const CHAIN_LOCK = 0x61756474;

/** Rows read per statement while verify walks the log (memory stays flat on a long log). */
const VERIFY_PAGE = 1000;

type PgRow = Omit<AuditLogRow, 'id'> & { id: string };
// bigint comes back as text from pg; the hash covers the id as a JSON number, as SQLite's does.
const fromPg = (r: PgRow): AuditLogRow => ({ ...r, id: Number(r.id) });

const lockChain = (c: PgQueryable) => c.query('SELECT pg_advisory_xact_lock($1)', [CHAIN_LOCK]);

async function lastRow(c: PgQueryable): Promise<AuditLogRow | undefined> {
  const r = await one<PgRow>(c, 'SELECT * FROM audit_log ORDER BY id DESC LIMIT 1');
  return r && fromPg(r);
}

async function anchorRow(c: PgQueryable): Promise<AuditAnchor | undefined> {
  const r = await one<{ id: string; hash: string; keyId: string | null }>(c, 'SELECT through_id AS id, through_hash AS hash, key_id AS "keyId" FROM audit_log_anchor WHERE id = 1');
  return r && { id: Number(r.id), hash: r.hash, keyId: r.keyId };
}

/** The key id of the stretch the log ends in, or null when it was never keyed. */
async function lastKeyId(c: PgQueryable): Promise<string | null> {
  const r = await one<{ detail: string }>(c, `SELECT detail FROM audit_log WHERE action = '${KEYED_ACTION}' ORDER BY id DESC LIMIT 1`);
  return r ? keyIdOf(r.detail) : null;
}

const rowCount = async (c: PgQueryable) => (await one<{ n: number }>(c, 'SELECT COUNT(*)::int AS n FROM audit_log'))!.n;

/** Appends after the last row (or the retention anchor); the caller holds CHAIN_LOCK. */
async function insertLocked(c: PgQueryable, e: AuditEvent, key: AuditKey, opts: { seal?: boolean } = {}): Promise<AuditRow> {
  const last = await lastRow(c);
  const anchor = last ? undefined : await anchorRow(c);
  // A seal row starts the stretch: what comes before it, another key wrote (or none).
  if (!opts.seal) assertContinuesUnder(key, last, anchor);
  const row = chainedRow(e, last ?? anchor, key);
  await run(
    c,
    `INSERT INTO audit_log (id, at, actor_kind, actor_id, action, subject_kind, subject_id, detail, prev_hash, hash)
     VALUES (@id, @at, @actor_kind, @actor_id, @action, @subject_kind, @subject_id, @detail, @prev_hash, @hash)`,
    { ...row },
  );
  return toEvent(row);
}

async function sealLocked(c: PgQueryable, keys: AuditKey[], at: string, reason: 'new desk' | 'first key' | 'new key'): Promise<AuditRow | null> {
  const key = keys[0]!;
  const previousKeyId = await lastKeyId(c);
  if (previousKeyId === key.id) return null;
  if (previousKeyId && !keys.some((k) => k.id === previousKeyId)) {
    // A rotation lists the old key after the new one; a key the log has never seen beside it is a
    // hub given another desk's key, or a typo: its stretch would leave the other hubs unable to append.
    throw new PgStoreError(
      `the audit log is keyed with audit key ${previousKeyId}, which this hub does not have (its key is ${key.id}): every hub of a cluster needs the same audit key; to move to a new key, list the current one after it in the key file (docs/OPERATIONS.md, "Running a cluster")`,
    );
  }
  const plainRows = await rowCount(c);
  return insertLocked(c, { at, actorKind: 'system', actorId: 'hub', action: KEYED_ACTION, subjectKind: null, subjectId: null, detail: keyedDetail(key, reason, previousKeyId, plainRows) }, key, { seal: true });
}

export const pgAuditStore: PgModuleFactory<'audit'> = (q, ctx) => {
  const keys = ctx.auditKeys;
  const current = keys[0];
  const needKey = (what: string): AuditKey => {
    if (!current) throw new Error(what);
    return current;
  };
  return {
    keyId: current?.id ?? null,

    digest(text: string): string {
      return auditDigest(needKey('a digest needs the audit key'), text);
    },

    async sealed(): Promise<boolean> {
      return current !== undefined && (await lastKeyId(q)) === current.id;
    },

    async seal(at, reason) {
      needKey('the audit log cannot be written without the audit key');
      return inTransaction(q, async (c) => {
        await lockChain(c);
        return sealLocked(c, keys, at, reason);
      });
    },

    async append(e) {
      const key = needKey('the audit log cannot be written without the audit key');
      return inTransaction(q, async (c) => {
        await lockChain(c);
        return insertLocked(c, e, key);
      });
    },

    async checkpoint(at: string): Promise<AuditCheckpoint> {
      const key = needKey('a checkpoint needs the audit key');
      return signCheckpoint(key, await lastRow(q), at);
    },

    async recent(limit: number) {
      // SQLite reads a negative LIMIT as "no limit"; PostgreSQL's LIMIT NULL is that.
      const rows = await all<PgRow>(q, 'SELECT * FROM audit_log ORDER BY id DESC LIMIT $1', [limit < 0 ? null : limit]);
      return rows.map((r) => toEvent(fromPg(r)));
    },

    async forSubject(kind: string, id: string) {
      const rows = await all<PgRow>(q, 'SELECT * FROM audit_log WHERE subject_kind = $1 AND subject_id = $2 ORDER BY id', [kind, id]);
      return rows.map((r) => toEvent(fromPg(r)));
    },

    // One snapshot for the anchor and every page (REPEATABLE READ): rows other hubs append or
    // retention removes meanwhile do not show half-way through the walk.
    async verify(checkpoint?: AuditCheckpoint): Promise<VerifyResult> {
      return inTransaction(
        q,
        async (c) => {
          const walk = chainVerifier(keys, await anchorRow(c), checkpoint);
          if (walk.start) return walk.start;
          let after: string | null = null;
          for (;;) {
            const page: PgRow[] = await all<PgRow>(c, 'SELECT * FROM audit_log WHERE $1::bigint IS NULL OR id > $1::bigint ORDER BY id LIMIT $2', [after, VERIFY_PAGE]);
            for (const r of page) {
              const bad = walk.step(fromPg(r));
              if (bad) return bad;
            }
            if (page.length < VERIFY_PAGE) return walk.end();
            after = page.at(-1)!.id;
          }
        },
        'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
      );
    },
  };
};

/**
 * openStore's seal on open (../../index.ts) for PostgreSQL: the log must end in a stretch keyed with
 * the current key before anything appends. An empty log (a new database) is always sealed ('new
 * desk'); an existing one only when `sealExisting` (not for `audit verify`, which must report a log
 * whose keyed rows are gone). Under CHAIN_LOCK, so hubs starting together seal once.
 */
export async function sealPgAuditLog(q: PgQueryable, ctx: PgContext, at: string, sealExisting: boolean): Promise<AuditRow | null> {
  const key = ctx.auditKeys[0];
  return inTransaction(q, async (c) => {
    await lockChain(c);
    const hasRows = (await rowCount(c)) > 0;
    if (hasRows && !sealExisting) return null;
    if (!key) throw new PgStoreError('the audit log cannot be sealed without the audit key (CAREDESK_AUDIT_KEY or settings.auditKeyFile; docs/OPERATIONS.md, "Secrets and keys")');
    const everKeyed = (await one(c, `SELECT 1 FROM audit_log WHERE action = '${KEYED_ACTION}' LIMIT 1`)) !== undefined;
    return sealLocked(c, ctx.auditKeys, at, !hasRows ? 'new desk' : everKeyed ? 'new key' : 'first key');
  });
}
