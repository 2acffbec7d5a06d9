// Who the customer is on PostgreSQL: ../../identity.ts's twin (one-time codes, identity tokens
// already used, proofs that a chat's customer owns an order).
import { REPLACED_LOOKBACK, toCode, type CodeRecord, type CodeRow } from '../../identity';
import type { PgModuleFactory } from '../api';
import { lockUntilCommit } from '../locks';
import { all, one, run } from '../query';

/** The advisory-lock class of one-time codes (the other key is a hash of purpose and address). */
const CODE_LOCK = 0x6f746331; // 'otc1'

export const pgIdentityStore: PgModuleFactory<'identity'> = (q) => ({
  async addCode(c: Omit<CodeRecord, 'tries' | 'usedAt'>): Promise<void> {
    // A newer code replaces the older ones still open. SQLite's single writer makes supersede-then-
    // insert atomic; here two hubs sending codes to one address at once would each miss the other's
    // uncommitted code and leave both open, so they queue on a lock per purpose and address (held
    // until the write commits).
    await lockUntilCommit(q, CODE_LOCK, JSON.stringify([c.purpose, c.email]));
    await run(
      q,
      `UPDATE one_time_codes SET used_at = @at WHERE used_at IS NULL AND purpose = @purpose AND email = @email
       AND widget_session_id IS NOT DISTINCT FROM @widgetSessionId AND subject IS NOT DISTINCT FROM @subject`,
      { at: c.createdAt, purpose: c.purpose, email: c.email, widgetSessionId: c.widgetSessionId, subject: c.subject },
    );
    await run(
      q,
      `INSERT INTO one_time_codes (id, purpose, email, brand_id, subject, widget_session_id, salt, code_hash, created_at, expires_at)
       VALUES (@id, @purpose, @email, @brandId, @subject, @widgetSessionId, @salt, @codeHash, @createdAt, @expiresAt)`,
      c,
    );
  },
  async code(id: string): Promise<CodeRecord | undefined> {
    const r = await one<CodeRow>(
      q,
      'SELECT id, purpose, email, brand_id, subject, widget_session_id, salt, code_hash, created_at, expires_at, tries, used_at FROM one_time_codes WHERE id = $1',
      [id],
    );
    return r && toCode(r);
  },
  async replacedBy(c: Pick<CodeRecord, 'id' | 'purpose' | 'email' | 'widgetSessionId' | 'subject' | 'createdAt'>): Promise<CodeRecord[]> {
    const rows = await all<CodeRow>(
      q,
      `SELECT id, purpose, email, brand_id, subject, widget_session_id, salt, code_hash, created_at, expires_at, tries, used_at FROM one_time_codes
       WHERE purpose = @purpose AND email = @email AND widget_session_id IS NOT DISTINCT FROM @widgetSessionId
       AND subject IS NOT DISTINCT FROM @subject AND created_at <= @createdAt AND id != @id AND used_at IS NOT NULL
       ORDER BY created_at DESC LIMIT ${REPLACED_LOOKBACK}`,
      { id: c.id, purpose: c.purpose, email: c.email, widgetSessionId: c.widgetSessionId, subject: c.subject, createdAt: c.createdAt },
    );
    return rows.map(toCode);
  },
  async countTry(id: string): Promise<number | null> {
    // One statement: tries from two hubs both count (the row lock queues them).
    const r = await one<{ tries: number }>(q, 'UPDATE one_time_codes SET tries = tries + 1 WHERE id = $1 AND used_at IS NULL RETURNING tries', [id]);
    return r ? r.tries : null;
  },
  async useCode(id: string, at: string): Promise<boolean> {
    // The second of two racing uses waits on the row, re-reads it used and changes nothing.
    return (await run(q, 'UPDATE one_time_codes SET used_at = $1 WHERE id = $2 AND used_at IS NULL', [at, id])) > 0;
  },
  async prune(now: string): Promise<void> {
    await run(q, 'DELETE FROM one_time_codes WHERE expires_at < $1', [now]);
    await run(q, 'DELETE FROM identity_token_uses WHERE expires_at < $1', [now]);
  },
  async useToken(key: string, brandId: string, expiresAt: string): Promise<boolean> {
    return (await run(q, 'INSERT INTO identity_token_uses (key, brand_id, expires_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO NOTHING', [key, brandId, expiresAt])) > 0;
  },
  async addOrderProof(widgetSessionId: string, orderId: string, at: string): Promise<void> {
    await run(q, 'INSERT INTO order_proofs (widget_session_id, order_id, proved_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [widgetSessionId, orderId, at]);
  },
  async hasOrderProof(widgetSessionId: string, orderId: string): Promise<boolean> {
    return (await one(q, 'SELECT 1 FROM order_proofs WHERE widget_session_id = $1 AND order_id = $2', [widgetSessionId, orderId])) !== undefined;
  },
});
