// Staff accounts and sessions. A session is checked on every request and socket event, so a
// revoked or expired one stops working at once.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role, StaffUser } from '../../shared/protocol/schemas';
import { DeskError } from '../../shared/protocol/errors';
import type { Clock } from '../clock';
import { DEFAULT_SETTINGS } from '../config';
import { hashToken, newId, newToken } from '../ids';
import type { StoreApi } from '../store/api';
import { auditEvent, setupActor, systemActor, userSubject, type AuditActor } from '../audit/record';
import { publicUser, type SessionRecord } from '../store/users';
import { dummyHash, hashPassword, isStale, OWASP_SCRYPT, verifyPassword, type ScryptParams } from './passwords';
import { LoginThrottle, type ThrottleBook, type ThrottleSettings } from './throttle';

export interface StaffIdentity {
  user: StaffUser;
  session: SessionRecord;
}

const TOUCH_EVERY_MS = 60_000;

export interface StaffAuthOptions {
  sessionIdleMs: number;
  /** The longest a session lives, however busy (expires_at); default settings.staffSessionMaxMs. */
  sessionMaxMs?: number;
  throttle?: ThrottleSettings;
  /** Where failed sign-ins are counted: shared by the hubs of a cluster; default this hub's memory. */
  throttleBook?: ThrottleBook;
  /** The cost new password hashes get; older hashes are redone at sign-in. */
  password?: ScryptParams;
}

export function staffAuth(store: StoreApi, clock: Clock, opts: StaffAuthOptions) {
  const iso = () => clock.now().toISOString();
  const cost = opts.password ?? OWASP_SCRYPT;
  const DUMMY_HASH = dummyHash(cost);
  const sessionMaxMs = opts.sessionMaxMs ?? DEFAULT_SETTINGS.staffSessionMaxMs;
  const throttle = new LoginThrottle(
    clock,
    opts.throttle ?? {
      maxFailures: DEFAULT_SETTINGS.loginMaxFailures,
      windowMs: DEFAULT_SETTINGS.loginFailureWindowMs,
      lockMs: DEFAULT_SETTINGS.loginLockMs,
      lockMaxMs: DEFAULT_SETTINGS.loginLockMaxMs,
      perAddress: DEFAULT_SETTINGS.limits.loginPerAddress,
    },
    opts.throttleBook,
  );

  /** `by`: who is creating the account, recorded with it in one write (none only for tests' fixtures). */
  async function createUser(u: { email: string; name: string; role: Role; password: string }, by?: { actor: AuditActor; action: 'staff.setup' | 'staff.create' }): Promise<StaffUser> {
    if (await store.users.byEmail(u.email)) throw new DeskError('conflict', `a user with email ${u.email} already exists`);
    const passwordHash = await hashPassword(u.password, cost);
    return store.write(async (tx) => {
      const user = await tx.users.create({ id: newId('u'), email: u.email, name: u.name, role: u.role, passwordHash, createdAt: iso() });
      if (by) await tx.audit.append(auditEvent(clock, by.actor, by.action, userSubject(user.id), { role: user.role }));
      return user;
    });
  }

  /** Sign-in failures and refusals are audited: by account when it exists, never with the typed email. */
  const auditSignIn = (action: 'staff.sign-in-failed' | 'staff.sign-in-refused', userId: string | null, detail: Record<string, unknown>) =>
    store.writeCalls((tx) => tx.audit.append(auditEvent(clock, systemActor, action, userId ? userSubject(userId) : null, detail)));

  async function openSession(user: StaffUser, userAgent: string | null): Promise<{ token: string; user: StaffUser }> {
    const token = newToken();
    const now = clock.now();
    await store.writeCalls((tx) => tx.users.createSession({
        id: newId('s'),
        tokenHash: hashToken(token),
        userId: user.id,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + sessionMaxMs).toISOString(),
        userAgent,
      }),
    );
    return { token, user };
  }

  return {
    createUser,

    /** A hash at the desk's current cost (password resets). */
    hashPassword: (password: string) => hashPassword(password, cost),

    /** `address` is the client's IP: guessing across many accounts from one place is throttled too. */
    async login(email: string, password: string, userAgent: string | null, address = 'unknown'): Promise<{ token: string; user: StaffUser }> {
      try {
        await throttle.check(email, address);
      } catch (e) {
        await auditSignIn('staff.sign-in-refused', (await store.users.byEmail(email))?.id ?? null, { reason: 'locked out', address });
        throw e;
      }
      const u = await store.users.byEmail(email);
      const ok = await verifyPassword(password, u?.passwordHash ?? DUMMY_HASH);
      if (!u || !ok || u.disabled) {
        await throttle.failed(email, address);
        await auditSignIn('staff.sign-in-failed', u?.id ?? null, { reason: !u ? 'unknown account' : !ok ? 'wrong password' : 'account disabled', address });
        throw new DeskError('unauthenticated', 'Wrong email or password.');
      }
      await throttle.succeeded(email, address);
      if (isStale(u.passwordHash, cost)) {
        // Made with older, weaker parameters: the password is at hand now, so bring it up to date.
        const fresh = await hashPassword(password, cost);
        await store.writeCalls((tx) => tx.users.setPasswordHash(u.id, fresh));
      }
      return openSession(publicUser(u), userAgent);
    },

    /**
     * Resolves a bearer token to its user, or throws unauthenticated. A locked session (idle lock)
     * is refused with `locked` unless the caller is one of the few things a locked console may do
     * (unlock, sign out, learn that it is locked): `whileLocked`.
     */
    async authenticate(token: string | undefined, how: { whileLocked?: boolean } = {}): Promise<StaffIdentity> {
      if (!token) throw new DeskError('unauthenticated', 'Sign in first.');
      // One call for both (a round trip to the store's thread or database each, else).
      const signedIn = await store.users.signedIn(hashToken(token));
      const session = signedIn?.session;
      const now = clock.now();
      if (!session || session.revokedAt) throw new DeskError('unauthenticated', 'Your session has ended. Sign in again.');
      if (now.getTime() >= Date.parse(session.expiresAt)) {
        throw new DeskError('unauthenticated', 'Your session reached its time limit. Sign in again.');
      }
      if (now.getTime() - Date.parse(session.lastSeenAt) > opts.sessionIdleMs) {
        throw new DeskError('unauthenticated', 'Your session expired. Sign in again.');
      }
      const u = signedIn.user;
      if (!u || u.disabled) throw new DeskError('unauthenticated', 'This account is disabled.');
      if (now.getTime() - Date.parse(session.lastSeenAt) > TOUCH_EVERY_MS) {
        void store.writeCalls((tx) => tx.users.touchSession(session.id, now.toISOString()));
      }
      if (!how.whileLocked && session.lockedAt) throw new DeskError('locked', 'The desk is locked. Unlock it with your password first.');
      return { user: publicUser(u), session };
    },

    async logout(sessionId: string): Promise<void> {
      await store.writeCalls((tx) => tx.users.revokeSession(sessionId, iso()));
    },

    /**
     * The console locked itself after idling (POLICY §3 "Shared computers"). Kept with the session,
     * so a reload, a restarted hub or another hub of the cluster finds it locked.
     */
    async lock(session: SessionRecord): Promise<void> {
      if (!session.lockedAt) await store.writeCalls((tx) => tx.users.lockSession(session.id, iso()));
    },

    /**
     * Unlocks with the password of the session's own user. Failures count against the same
     * throttle as sign-in, so the lock screen is no side door for guessing. A wrong password is
     * `forbidden`, not `unauthenticated`: the session itself is still good.
     */
    async unlock(identity: StaffIdentity, password: string, address = 'unknown'): Promise<void> {
      await throttle.check(identity.user.email, address);
      const u = await store.users.byId(identity.user.id);
      const ok = await verifyPassword(password, u?.passwordHash ?? DUMMY_HASH);
      if (!u || !ok) {
        await throttle.failed(identity.user.email, address);
        throw new DeskError('forbidden', 'That password is not right.');
      }
      await throttle.succeeded(identity.user.email, address);
      await store.writeCalls((tx) => tx.users.lockSession(identity.session.id, null));
    },

    async sessions(userId: string): Promise<SessionRecord[]> {
      const now = clock.now();
      return (await store.users.liveSessions(userId, new Date(now.getTime() - opts.sessionIdleMs).toISOString())).filter((s) => Date.parse(s.expiresAt) > now.getTime());
    },

    /** Anyone may end their own sessions; an admin may end anyone's. */
    async revoke(actor: StaffUser, sessionId: string): Promise<SessionRecord> {
      const s = await store.users.sessionById(sessionId);
      if (!s || (s.userId !== actor.id && actor.role !== 'admin')) throw new DeskError('not_found', 'No such session.');
      await store.writeCalls((tx) => tx.users.revokeSession(s.id, iso()));
      return s;
    },

    async needsSetup(): Promise<boolean> {
      return (await store.users.countActive('admin')) === 0;
    },

    openSession,
  };
}
export type StaffAuth = ReturnType<typeof staffAuth>;

/**
 * The one-time code that guards creating the first admin: shown to the hub's operator (never
 * logged), so that someone who merely reaches the hub over the network cannot claim the desk.
 * Compared in constant time; after `maxTries` wrong tries the code is used up and a new one is
 * shown to the operator, so guessing gets `maxTries` chances at 48 random bits per code.
 */
export class SetupGate {
  private code: string | null = null;
  private wrongTries = 0;
  private reissued: (code: string) => void = () => {};

  constructor(
    private readonly auth: StaffAuth,
    private readonly maxTries: number = DEFAULT_SETTINGS.setupCodeMaxTries,
  ) {}

  /** Where a replacement code goes (the operator's terminal or window). */
  onReissue(show: (code: string) => void): void {
    this.reissued = show;
  }

  /** Issues a fresh code when the desk has no admin yet; returns it for the operator. */
  async issue(): Promise<string | null> {
    this.wrongTries = 0;
    if (!(await this.auth.needsSetup())) return (this.code = null);
    const raw = randomBytes(6).toString('hex').toUpperCase();
    this.code = `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
    return this.code;
  }

  private matches(given: string): boolean {
    if (!this.code) return false;
    // Hashing first gives equal lengths, so the comparison's time says nothing about the code.
    const digest = (s: string) => createHash('sha256').update(s.trim().toUpperCase()).digest();
    return timingSafeEqual(digest(given), digest(this.code));
  }

  async claim(body: { code: string; email: string; name: string; password: string }, userAgent: string | null) {
    if (!(await this.auth.needsSetup())) throw new DeskError('setup_closed', 'This desk is already set up. Sign in instead.');
    if (!this.matches(body.code)) {
      this.wrongTries += 1;
      if (this.code && this.wrongTries >= this.maxTries) {
        const fresh = await this.issue();
        if (fresh) this.reissued(fresh);
        throw new DeskError('setup_closed', 'That setup code is not right, and it has now been replaced: use the new code shown where the hub runs.');
      }
      throw new DeskError('setup_closed', 'That setup code is not right. Use the code shown where the hub was started.');
    }
    // Taken before the first await, so two claims racing with the same code make one admin; given
    // back if the account is not made (an email already in use), or the desk could not be set up
    // again until the hub restarts and shows a new code.
    const code = this.code;
    this.code = null;
    let user: StaffUser;
    try {
      user = await this.auth.createUser({ email: body.email, name: body.name, role: 'admin', password: body.password }, { actor: setupActor, action: 'staff.setup' });
    } catch (e) {
      this.code ??= code;
      throw e;
    }
    return this.auth.openSession(user, userAgent);
  }
}
