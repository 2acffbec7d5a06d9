import type { Role, StaffUser } from '../../shared/protocol/schemas';
import type { Account } from '../../shared/protocol/staff';
import type { Db } from './db';
import type { RowCaches } from './rowCache';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  password_hash: string;
  created_at: string;
  disabled_at: string | null;
}

/** An account without its brands (those are routing's: store.routing.brandsOf). */
export type StoredAccount = Omit<Account, 'brands'>;

export interface UserWithSecret extends StaffUser {
  passwordHash: string;
  disabled: boolean;
}

export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  revokedAt: string | null;
  userAgent: string | null;
  /** Since when the console idle-locked it (POLICY §3 "Shared computers"); null: unlocked. */
  lockedAt: string | null;
}

export const toUser = (r: UserRow): UserWithSecret => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  passwordHash: r.password_hash,
  disabled: r.disabled_at !== null,
});

export function publicUser(u: UserWithSecret): StaffUser {
  return { id: u.id, email: u.email, name: u.name, role: u.role };
}

export const toAccount = (r: UserRow): StoredAccount => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  disabled: r.disabled_at !== null,
  createdAt: r.created_at,
});

export type NewUser = { id: string; email: string; name: string; role: Role; passwordHash: string; createdAt: string };
export type NewSession = { id: string; tokenHash: string; userId: string; createdAt: string; expiresAt: string; userAgent: string | null };

export interface SessionRow {
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
  user_agent: string | null;
  locked_at: string | null;
}

export const toSession = (r: SessionRow): SessionRecord => ({
  id: r.id,
  userId: r.user_id,
  createdAt: r.created_at,
  lastSeenAt: r.last_seen_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  userAgent: r.user_agent,
  lockedAt: r.locked_at,
});

/** A staff token's session and the account it belongs to (undefined: the account is gone). */
export interface SignedIn {
  session: SessionRecord;
  user: UserWithSecret | undefined;
}

export function usersStore(db: Db, caches: RowCaches) {
  // Every console event re-checks its session (revoked? idle? account disabled?): copies per token
  // hash and per account, dropped when a session or any account changes (rowCache.ts).
  const sessions = caches.cache<SessionRecord>('staff_session', [{ table: 'staff_sessions', key: 'token_hash' }]);
  const accounts = caches.cache<UserWithSecret>('staff_user', [{ table: 'users', key: 'id' }]);
  const q = {
    insert: db.prepare(
      'INSERT INTO users (id, email, name, role, password_hash, created_at) VALUES (@id, @email, @name, @role, @passwordHash, @createdAt)',
    ),
    byEmail: db.prepare('SELECT * FROM users WHERE email = ?'),
    byId: db.prepare('SELECT * FROM users WHERE id = ?'),
    all: db.prepare('SELECT * FROM users ORDER BY email'),
    countRole: db.prepare('SELECT COUNT(*) AS n FROM users WHERE role = ? AND disabled_at IS NULL'),
    insertSession: db.prepare(
      `INSERT INTO staff_sessions (id, token_hash, user_id, created_at, last_seen_at, expires_at, user_agent)
       VALUES (@id, @tokenHash, @userId, @createdAt, @createdAt, @expiresAt, @userAgent)`,
    ),
    sessionByHash: db.prepare('SELECT * FROM staff_sessions WHERE token_hash = ?'),
    touchSession: db.prepare('UPDATE staff_sessions SET last_seen_at = ? WHERE id = ?'),
    revokeSession: db.prepare('UPDATE staff_sessions SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    lockSession: db.prepare('UPDATE staff_sessions SET locked_at = ? WHERE id = ?'),
    sessionById: db.prepare('SELECT * FROM staff_sessions WHERE id = ?'),
    liveSessions: db.prepare('SELECT * FROM staff_sessions WHERE user_id = ? AND revoked_at IS NULL AND last_seen_at > ? ORDER BY last_seen_at DESC'),
    rename: db.prepare('UPDATE users SET name = ? WHERE id = ?'),
    locale: db.prepare('SELECT locale FROM users WHERE id = ?'),
    setLocale: db.prepare('UPDATE users SET locale = ? WHERE id = ?'),
    setRole: db.prepare('UPDATE users SET role = ? WHERE id = ?'),
    setDisabled: db.prepare('UPDATE users SET disabled_at = ? WHERE id = ?'),
    setPasswordHash: db.prepare('UPDATE users SET password_hash = ? WHERE id = ?'),
    openSessionIds: db.prepare('SELECT id FROM staff_sessions WHERE user_id = ? AND revoked_at IS NULL'),
  };
  const byId = (id: string): UserWithSecret | undefined =>
    accounts.get(id, () => {
      const r = q.byId.get(id) as UserRow | undefined;
      return r && toUser(r);
    });
  const sessionByTokenHash = (hash: string): SessionRecord | undefined =>
    sessions.get(hash, () => {
      const r = q.sessionByHash.get(hash) as SessionRow | undefined;
      return r && toSession(r);
    });
  return {
    /** The console language the account picked (issue 10), or null. */
    locale: (id: string): string | null => (q.locale.get(id) as { locale: string | null } | undefined)?.locale ?? null,
    setLocale: (id: string, locale: string): void => void q.setLocale.run(locale, id),
    create(u: NewUser): StaffUser {
      q.insert.run(u);
      return { id: u.id, email: u.email, name: u.name, role: u.role };
    },
    byEmail(email: string): UserWithSecret | undefined {
      const r = q.byEmail.get(email) as UserRow | undefined;
      return r && toUser(r);
    },
    byId,
    list(): StaffUser[] {
      return (q.all.all() as UserRow[]).map((r) => publicUser(toUser(r)));
    },
    countActive(role: Role): number {
      return (q.countRole.get(role) as { n: number }).n;
    },
    createSession(s: NewSession): void {
      q.insertSession.run(s);
    },
    sessionByTokenHash,
    /** The session behind a token and its account, in one call: the check before every staff event. */
    signedIn(hash: string): SignedIn | undefined {
      const session = sessionByTokenHash(hash);
      return session && { session, user: byId(session.userId) };
    },
    touchSession(id: string, at: string): void {
      q.touchSession.run(at, id);
    },
    revokeSession(id: string, at: string): boolean {
      return q.revokeSession.run(at, id).changes > 0;
    },
    /** `at` locks the session's console from then; null unlocks it. */
    lockSession(id: string, at: string | null): void {
      q.lockSession.run(at, id);
    },
    sessionById(id: string): SessionRecord | undefined {
      const r = q.sessionById.get(id) as SessionRow | undefined;
      return r && toSession(r);
    },
    /** Every account with its state, for admins (list() is the public view). */
    accounts(): StoredAccount[] {
      return (q.all.all() as UserRow[]).map(toAccount);
    },
    account(id: string): StoredAccount | undefined {
      const r = q.byId.get(id) as UserRow | undefined;
      return r && toAccount(r);
    },
    rename(id: string, name: string): void {
      q.rename.run(name, id);
    },
    setRole(id: string, role: Role): void {
      q.setRole.run(role, id);
    },
    /** `at` disables the account from then; null enables it again. */
    setDisabled(id: string, at: string | null): void {
      q.setDisabled.run(at, id);
    },
    setPasswordHash(id: string, hash: string): void {
      q.setPasswordHash.run(hash, id);
    },
    /** Revokes every session of a user still open (but `keep`); returns the ids, so their sockets can be cut. */
    revokeUserSessions(userId: string, at: string, keep?: string): string[] {
      const ids = (q.openSessionIds.all(userId) as { id: string }[]).map((r) => r.id).filter((id) => id !== keep);
      for (const id of ids) q.revokeSession.run(at, id);
      return ids;
    },
    /** Sessions of a user not revoked and seen since `seenAfter` (older ones have expired). */
    liveSessions(userId: string, seenAfter: string): SessionRecord[] {
      return (q.liveSessions.all(userId, seenAfter) as SessionRow[]).map(toSession);
    },
  };
}
export type UsersStore = ReturnType<typeof usersStore>;
