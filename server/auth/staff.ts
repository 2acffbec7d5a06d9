// Staff accounts and sessions. A session is checked on every request and socket event, so a
// revoked or expired one stops working at once.
import { randomBytes } from 'node:crypto';
import type { Role, StaffUser } from '../../shared/protocol/schemas';
import { DeskError } from '../../shared/protocol/errors';
import type { Clock } from '../clock';
import { DEFAULT_SETTINGS } from '../config';
import { hashToken, newId, newToken } from '../ids';
import type { Store } from '../store/index';
import { publicUser, type SessionRecord } from '../store/users';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords';
import { LoginThrottle, type ThrottleSettings } from './throttle';

export interface StaffIdentity {
  user: StaffUser;
  session: SessionRecord;
}

const TOUCH_EVERY_MS = 60_000;

export function staffAuth(store: Store, clock: Clock, opts: { sessionIdleMs: number; throttle?: ThrottleSettings }) {
  const iso = () => clock.now().toISOString();
  const throttle = new LoginThrottle(
    clock,
    opts.throttle ?? {
      maxFailures: DEFAULT_SETTINGS.loginMaxFailures,
      windowMs: DEFAULT_SETTINGS.loginFailureWindowMs,
      lockMs: DEFAULT_SETTINGS.loginLockMs,
      lockMaxMs: DEFAULT_SETTINGS.loginLockMaxMs,
      perAddress: DEFAULT_SETTINGS.limits.loginPerAddress,
    },
  );

  async function createUser(u: { email: string; name: string; role: Role; password: string }): Promise<StaffUser> {
    if (store.users.byEmail(u.email)) throw new DeskError('conflict', `a user with email ${u.email} already exists`);
    const passwordHash = await hashPassword(u.password);
    return store.write(() => store.users.create({ id: newId('u'), email: u.email, name: u.name, role: u.role, passwordHash, createdAt: iso() }));
  }

  async function openSession(user: StaffUser, userAgent: string | null): Promise<{ token: string; user: StaffUser }> {
    const token = newToken();
    const now = clock.now();
    await store.write(() =>
      store.users.createSession({
        id: newId('s'),
        tokenHash: hashToken(token),
        userId: user.id,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + opts.sessionIdleMs).toISOString(),
        userAgent,
      }),
    );
    return { token, user };
  }

  // Sessions whose console is idle-locked. Kept in memory: it survives a reload of the console (which
  // asks /api/auth/me), not a restart of the hub.
  const locked = new Set<string>();

  return {
    createUser,

    /** `address` is the client's IP: guessing across many accounts from one place is throttled too. */
    async login(email: string, password: string, userAgent: string | null, address = 'unknown'): Promise<{ token: string; user: StaffUser }> {
      throttle.check(email, address);
      const u = store.users.byEmail(email);
      const ok = await verifyPassword(password, u?.passwordHash ?? DUMMY_HASH);
      if (!u || !ok || u.disabled) {
        throttle.failed(email, address);
        throw new DeskError('unauthenticated', 'Wrong email or password.');
      }
      throttle.succeeded(email, address);
      return openSession(publicUser(u), userAgent);
    },

    /**
     * Resolves a bearer token to its user, or throws unauthenticated. A locked session (idle lock)
     * is refused with `locked` unless the caller is one of the few things a locked console may do
     * (unlock, sign out, learn that it is locked): `whileLocked`.
     */
    authenticate(token: string | undefined, how: { whileLocked?: boolean } = {}): StaffIdentity {
      if (!token) throw new DeskError('unauthenticated', 'Sign in first.');
      const session = store.users.sessionByTokenHash(hashToken(token));
      const now = clock.now();
      if (!session || session.revokedAt) throw new DeskError('unauthenticated', 'Your session has ended. Sign in again.');
      if (now.getTime() - Date.parse(session.lastSeenAt) > opts.sessionIdleMs) {
        throw new DeskError('unauthenticated', 'Your session expired. Sign in again.');
      }
      const u = store.users.byId(session.userId);
      if (!u || u.disabled) throw new DeskError('unauthenticated', 'This account is disabled.');
      if (now.getTime() - Date.parse(session.lastSeenAt) > TOUCH_EVERY_MS) {
        void store.write(() => store.users.touchSession(session.id, now.toISOString()));
      }
      if (!how.whileLocked && locked.has(session.id)) throw new DeskError('locked', 'The desk is locked. Unlock it with your password first.');
      return { user: publicUser(u), session };
    },

    async logout(sessionId: string): Promise<void> {
      await store.write(() => store.users.revokeSession(sessionId, iso()));
      locked.delete(sessionId);
    },

    /** The console locked itself after idling (POLICY §3 "Shared computers"). */
    lock(sessionId: string): void {
      locked.add(sessionId);
    },

    isLocked(sessionId: string): boolean {
      return locked.has(sessionId);
    },

    /**
     * Unlocks with the password of the session's own user. Failures count against the same
     * throttle as sign-in, so the lock screen is no side door for guessing. A wrong password is
     * `forbidden`, not `unauthenticated`: the session itself is still good.
     */
    async unlock(identity: StaffIdentity, password: string, address = 'unknown'): Promise<void> {
      throttle.check(identity.user.email, address);
      const u = store.users.byId(identity.user.id);
      const ok = await verifyPassword(password, u?.passwordHash ?? DUMMY_HASH);
      if (!u || !ok) {
        throttle.failed(identity.user.email, address);
        throw new DeskError('forbidden', 'That password is not right.');
      }
      throttle.succeeded(identity.user.email, address);
      locked.delete(identity.session.id);
    },

    sessions(userId: string): SessionRecord[] {
      return store.users.liveSessions(userId, new Date(clock.now().getTime() - opts.sessionIdleMs).toISOString());
    },

    /** Anyone may end their own sessions; an admin may end anyone's. */
    async revoke(actor: StaffUser, sessionId: string): Promise<SessionRecord> {
      const s = store.users.sessionById(sessionId);
      if (!s || (s.userId !== actor.id && actor.role !== 'admin')) throw new DeskError('not_found', 'No such session.');
      await store.write(() => store.users.revokeSession(s.id, iso()));
      locked.delete(s.id);
      return s;
    },

    needsSetup(): boolean {
      return store.users.countActive('admin') === 0;
    },

    openSession,
  };
}
export type StaffAuth = ReturnType<typeof staffAuth>;

/**
 * The one-time code that guards creating the first admin: printed for the hub's operator, so that
 * someone who merely reaches the hub over the network cannot claim the desk.
 */
export class SetupGate {
  private code: string | null = null;

  constructor(private readonly auth: StaffAuth) {}

  /** Issues a fresh code when the desk has no admin yet; returns it for the operator's log. */
  issue(): string | null {
    if (!this.auth.needsSetup()) return (this.code = null);
    const raw = randomBytes(6).toString('hex').toUpperCase();
    this.code = `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
    return this.code;
  }

  async claim(body: { code: string; email: string; name: string; password: string }, userAgent: string | null) {
    if (!this.auth.needsSetup()) throw new DeskError('setup_closed', 'This desk is already set up. Sign in instead.');
    if (!this.code || body.code.toUpperCase() !== this.code) {
      throw new DeskError('setup_closed', 'That setup code is not right. Use the code the hub printed when it started.');
    }
    this.code = null;
    const user = await this.auth.createUser({ email: body.email, name: body.name, role: 'admin', password: body.password });
    return this.auth.openSession(user, userAgent);
  }
}
