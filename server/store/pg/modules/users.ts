// Staff accounts and their sessions on PostgreSQL: ../../users.ts's twin. No row cache here:
// several hubs share the database, so every check reads the row (a revoke on one hub holds on all).
// The two reads a staff event's check makes are functions here, for signedIn to make both.
import type { Role, StaffUser } from '../../../../shared/protocol/schemas';
import { publicUser, toAccount, toSession, toUser, type NewSession, type NewUser, type SessionRecord, type SessionRow, type SignedIn, type StoredAccount, type UserRow, type UserWithSecret } from '../../users';
import type { PgModuleFactory } from '../api';
import { all, one, prepared, run, type PgQueryable } from '../query';

const USER_COLUMNS = 'id, email, name, role, password_hash, created_at, disabled_at';
const SESSION_COLUMNS = 'id, user_id, created_at, last_seen_at, expires_at, revoked_at, user_agent, locked_at';

// Every console event checks its session and account: prepared (../query.ts).
const USER_BY_ID = prepared(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`);
const SESSION_BY_TOKEN_HASH = prepared(`SELECT ${SESSION_COLUMNS} FROM staff_sessions WHERE token_hash = $1`);

async function byId(q: PgQueryable, id: string): Promise<UserWithSecret | undefined> {
  const r = await one<UserRow>(q, USER_BY_ID, [id]);
  return r && toUser(r);
}

async function sessionByTokenHash(q: PgQueryable, hash: string): Promise<SessionRecord | undefined> {
  const r = await one<SessionRow>(q, SESSION_BY_TOKEN_HASH, [hash]);
  return r && toSession(r);
}

export const pgUsersStore: PgModuleFactory<'users'> = (q) => ({
  async locale(id: string): Promise<string | null> {
    return (await one<{ locale: string | null }>(q, 'SELECT locale FROM users WHERE id = $1', [id]))?.locale ?? null;
  },
  async setLocale(id: string, locale: string): Promise<void> {
    await run(q, 'UPDATE users SET locale = $1 WHERE id = $2', [locale, id]);
  },
  async create(u: NewUser): Promise<StaffUser> {
    await run(
      q,
      'INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES (@id, @email, @name, @role, @passwordHash, @createdAt)',
      u,
    );
    return { id: u.id, email: u.email, name: u.name, role: u.role };
  },
  async byEmail(email: string): Promise<UserWithSecret | undefined> {
    const r = await one<UserRow>(q, `SELECT ${USER_COLUMNS} FROM users WHERE email = $1`, [email]);
    return r && toUser(r);
  },
  byId: (id: string) => byId(q, id),
  async list(): Promise<StaffUser[]> {
    return (await all<UserRow>(q, `SELECT ${USER_COLUMNS} FROM users ORDER BY email`)).map((r) => publicUser(toUser(r)));
  },
  async countActive(role: Role): Promise<number> {
    return (await one<{ n: number }>(q, 'SELECT COUNT(*)::int AS n FROM users WHERE role = $1 AND disabled_at IS NULL', [role]))!.n;
  },
  async createSession(s: NewSession): Promise<void> {
    await run(
      q,
      `INSERT INTO staff_sessions (id, token_hash, user_id, created_at, last_seen_at, expires_at, user_agent)
       VALUES (@id, @tokenHash, @userId, @createdAt, @createdAt, @expiresAt, @userAgent)`,
      s,
    );
  },
  sessionByTokenHash: (hash: string) => sessionByTokenHash(q, hash),
  async signedIn(hash: string): Promise<SignedIn | undefined> {
    const session = await sessionByTokenHash(q, hash);
    return session && { session, user: await byId(q, session.userId) };
  },
  async touchSession(id: string, at: string): Promise<void> {
    await run(q, 'UPDATE staff_sessions SET last_seen_at = $1 WHERE id = $2', [at, id]);
  },
  async revokeSession(id: string, at: string): Promise<boolean> {
    // The row lock makes a second hub's revoke wait, then find it revoked: one of them reports it.
    return (await run(q, 'UPDATE staff_sessions SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL', [at, id])) > 0;
  },
  async lockSession(id: string, at: string | null): Promise<void> {
    await run(q, 'UPDATE staff_sessions SET locked_at = $1 WHERE id = $2', [at, id]);
  },
  async sessionById(id: string): Promise<SessionRecord | undefined> {
    const r = await one<SessionRow>(q, `SELECT ${SESSION_COLUMNS} FROM staff_sessions WHERE id = $1`, [id]);
    return r && toSession(r);
  },
  async accounts(): Promise<StoredAccount[]> {
    return (await all<UserRow>(q, `SELECT ${USER_COLUMNS} FROM users ORDER BY email`)).map(toAccount);
  },
  async account(id: string): Promise<StoredAccount | undefined> {
    const r = await one<UserRow>(q, `SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
    return r && toAccount(r);
  },
  async rename(id: string, name: string): Promise<void> {
    await run(q, 'UPDATE users SET name = $1 WHERE id = $2', [name, id]);
  },
  async setRole(id: string, role: Role): Promise<void> {
    await run(q, 'UPDATE users SET role = $1 WHERE id = $2', [role, id]);
  },
  async setDisabled(id: string, at: string | null): Promise<void> {
    await run(q, 'UPDATE users SET disabled_at = $1 WHERE id = $2', [at, id]);
  },
  async setPasswordHash(id: string, hash: string): Promise<void> {
    await run(q, 'UPDATE users SET password_hash = $1 WHERE id = $2', [hash, id]);
  },
  async revokeUserSessions(userId: string, at: string, keep?: string): Promise<string[]> {
    // One UPDATE … RETURNING instead of SQLite's read-then-revoke: a session another hub opens or
    // revokes meanwhile is either in it or not, never revoked twice or reported by both hubs.
    // RETURNING has no order: the ids come in the order the sessions were opened.
    const rows = await all<{ id: string }>(
      q,
      `WITH revoked AS (
         UPDATE staff_sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL AND id IS DISTINCT FROM $3 RETURNING id, created_at
       )
       SELECT id FROM revoked ORDER BY created_at, id`,
      [at, userId, keep ?? null],
    );
    return rows.map((r) => r.id);
  },
  async liveSessions(userId: string, seenAfter: string): Promise<SessionRecord[]> {
    return (
      await all<SessionRow>(
        q,
        `SELECT ${SESSION_COLUMNS} FROM staff_sessions WHERE user_id = $1 AND revoked_at IS NULL AND last_seen_at > $2 ORDER BY last_seen_at DESC`,
        [userId, seenAfter],
      )
    ).map(toSession);
  },
});
