// Who the customer is (issue 12, migration 0006): one-time codes, identity tokens already used,
// and proofs that a chat's customer owns an order.
import type { Db } from './db';

export interface CodeRecord {
  id: string;
  purpose: string;
  email: string;
  brandId: string;
  subject: string | null;
  widgetSessionId: string | null;
  salt: string;
  codeHash: string;
  createdAt: string;
  expiresAt: string;
  tries: number;
  usedAt: string | null;
}

export interface CodeRow {
  id: string;
  purpose: string;
  email: string;
  brand_id: string;
  subject: string | null;
  widget_session_id: string | null;
  salt: string;
  code_hash: string;
  created_at: string;
  expires_at: string;
  tries: number;
  used_at: string | null;
}

export const toCode = (r: CodeRow): CodeRecord => ({
  id: r.id,
  purpose: r.purpose,
  email: r.email,
  brandId: r.brand_id,
  subject: r.subject,
  widgetSessionId: r.widget_session_id,
  salt: r.salt,
  codeHash: r.code_hash,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  tries: r.tries,
  usedAt: r.used_at,
});

/** How many earlier codes a wrong one is compared with, to say "replaced" rather than "wrong". */
export const REPLACED_LOOKBACK = 5;

export function identityStore(db: Db) {
  const q = {
    insertCode: db.prepare(
      `INSERT INTO one_time_codes (id, purpose, email, brand_id, subject, widget_session_id, salt, code_hash, created_at, expires_at)
       VALUES (@id, @purpose, @email, @brandId, @subject, @widgetSessionId, @salt, @codeHash, @createdAt, @expiresAt)`,
    ),
    code: db.prepare('SELECT * FROM one_time_codes WHERE id = ?'),
    countTry: db.prepare('UPDATE one_time_codes SET tries = tries + 1 WHERE id = ? AND used_at IS NULL RETURNING tries'),
    useCode: db.prepare('UPDATE one_time_codes SET used_at = ? WHERE id = ? AND used_at IS NULL'),
    // A newer code for the same purpose and address replaces the older ones still open.
    supersede: db.prepare(
      `UPDATE one_time_codes SET used_at = @at WHERE used_at IS NULL AND purpose = @purpose AND email = @email
       AND widget_session_id IS @widgetSessionId AND subject IS @subject`,
    ),
    replaced: db.prepare(
      `SELECT * FROM one_time_codes WHERE purpose = @purpose AND email = @email AND widget_session_id IS @widgetSessionId
       AND subject IS @subject AND created_at <= @createdAt AND id != @id AND used_at IS NOT NULL ORDER BY created_at DESC LIMIT ${REPLACED_LOOKBACK}`,
    ),
    pruneCodes: db.prepare('DELETE FROM one_time_codes WHERE expires_at < ?'),
    useToken: db.prepare('INSERT INTO identity_token_uses (key, brand_id, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING'),
    pruneTokens: db.prepare('DELETE FROM identity_token_uses WHERE expires_at < ?'),
    addProof: db.prepare('INSERT INTO order_proofs (widget_session_id, order_id, proved_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
    hasProof: db.prepare('SELECT 1 FROM order_proofs WHERE widget_session_id = ? AND order_id = ?'),
  };

  return {
    addCode(c: Omit<CodeRecord, 'tries' | 'usedAt'>): void {
      q.supersede.run({ at: c.createdAt, purpose: c.purpose, email: c.email, widgetSessionId: c.widgetSessionId, subject: c.subject });
      q.insertCode.run(c);
    },
    code(id: string): CodeRecord | undefined {
      const r = q.code.get(id) as CodeRow | undefined;
      return r && toCode(r);
    },
    /** The codes `c` replaced (same purpose, address, session and subject, sent before it), newest first. */
    replacedBy(c: Pick<CodeRecord, 'id' | 'purpose' | 'email' | 'widgetSessionId' | 'subject' | 'createdAt'>): CodeRecord[] {
      return (q.replaced.all({ id: c.id, purpose: c.purpose, email: c.email, widgetSessionId: c.widgetSessionId, subject: c.subject, createdAt: c.createdAt }) as CodeRow[]).map(toCode);
    },
    /** Counts one try; the tries after it, or null when the code is already used. */
    countTry(id: string): number | null {
      const r = q.countTry.get(id) as { tries: number } | undefined;
      return r ? r.tries : null;
    },
    /** Marks the code used; false if it already was (two tries raced). */
    useCode(id: string, at: string): boolean {
      return q.useCode.run(at, id).changes > 0;
    },
    /** Drops codes and remembered tokens that expired before `now`. */
    prune(now: string): void {
      q.pruneCodes.run(now);
      q.pruneTokens.run(now);
    },
    /** Remembers an identity token until it expires; false if it was already used. */
    useToken(key: string, brandId: string, expiresAt: string): boolean {
      return q.useToken.run(key, brandId, expiresAt).changes > 0;
    },
    addOrderProof(widgetSessionId: string, orderId: string, at: string): void {
      q.addProof.run(widgetSessionId, orderId, at);
    },
    hasOrderProof(widgetSessionId: string, orderId: string): boolean {
      return q.hasProof.get(widgetSessionId, orderId) !== undefined;
    },
  };
}
export type IdentityStore = ReturnType<typeof identityStore>;
