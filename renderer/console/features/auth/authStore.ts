// Who is signed in, and the way there: first-run setup, sign-in, a kept session after reload,
// and back in through the idle lock.
import { setupI18n, tr } from '../../../common/i18n';
import { create } from 'zustand';
import type { StaffUser } from '../../../../shared/protocol/schemas';
import { errorCode, errorMessage } from '../../../common/ack';
import { bridge, type SetupClaim, type SignedIn } from '../../bridge';
import { startDesk, stopDesk } from '../../desk/deskSession';
import { maybeLink } from '../../desk/linkRef';
import { setSession } from '../../desk/session';
import { browserLocale } from '../../desk/consoleLocale';
import { DeskError, type ErrorCode } from '../../../../shared/protocol/errors';
import { useLock } from '../lock/lockStore';

/**
 * The hub's refusals of a password, in the screen's language (the hub words them in English):
 * `wrong` is the code a wrong password gets where it was typed (sign-in or the lock screen).
 */
function passwordError(e: unknown, wrong: ErrorCode): string {
  if (e instanceof DeskError && e.code === 'rate_limited' && e.retryAfterMs !== undefined) {
    const seconds = Math.max(1, Math.ceil(e.retryAfterMs / 1000));
    return seconds < 90 ? tr('auth.error.tooManySeconds', { seconds }) : tr('auth.error.tooManyMinutes', { minutes: Math.ceil(seconds / 60) });
  }
  if (e instanceof DeskError && e.code === wrong) return wrong === 'forbidden' ? tr('auth.error.wrongPassword') : tr('auth.error.wrongCredentials');
  return errorMessage(e);
}

/** Signed out, the console speaks the computer's language again, not the last account's. */
function signedOutLanguage(): void {
  setupI18n(browserLocale());
}

type Phase = 'starting' | 'unreachable' | 'setup' | 'signedOut' | 'signedIn';

interface AuthState {
  phase: Phase;
  user: StaffUser | null;
  token: string | null;
  busy: boolean;
  error: string | null;
  /** Why the agent is looking at the sign-in form again (session revoked, signed out). */
  notice: string | null;

  init(): Promise<void>;
  signIn(email: string, password: string): Promise<void>;
  claimSetup(claim: SetupClaim): Promise<void>;
  signOut(): Promise<void>;
  revoked(reason: string): void;
  /** Idle: hide the desk until the password is given again. The live link stays up. */
  lock(): void;
  unlock(password: string): Promise<void>;
}

export const useAuth = create<AuthState>()((set, get) => {
  // The hub refuses a locked session's every request (issue 12): a desk started while locked
  // (a reload) loaded nothing, and starts again once unlocked.
  let startedLocked = false;
  const enter = async ({ token, user }: SignedIn, locked = false) => {
    startedLocked = locked;
    await bridge.secrets.set('session-token', token);
    // Before the phase changes, so a locked session never shows the desk for even one frame.
    useLock.getState().setLocked(locked);
    setSession({ token, user, ended: (reason) => get().revoked(reason) });
    set({ phase: 'signedIn', token, user, busy: false, error: null, notice: null });
    // The account's own console language; English if the hub cannot say.
    void bridge.hub.consoleLocale(token).then(setupI18n, () => undefined);
    await startDesk(token, user.id, (reason) => get().revoked(reason));
  };

  const attempt = async (run: () => Promise<void>, describe: (e: unknown) => string = errorMessage) => {
    set({ busy: true, error: null });
    try {
      await run();
    } catch (e) {
      set({ busy: false, error: describe(e) });
    }
  };

  return {
    phase: 'starting',
    user: null,
    token: null,
    busy: false,
    error: null,
    notice: null,

    async init() {
      set({ phase: 'starting', error: null });
      try {
        if ((await bridge.hub.setupStatus()).needsSetup) {
          set({ phase: 'setup' });
          return;
        }
        const token = await bridge.secrets.get('session-token');
        if (!token) {
          set({ phase: 'signedOut' });
          return;
        }
        try {
          const { user, locked } = await bridge.hub.me(token);
          await enter({ token, user }, locked);
        } catch (e) {
          if (errorCode(e) !== 'unauthenticated') throw e;
          await bridge.secrets.delete('session-token');
          set({ phase: 'signedOut', notice: errorMessage(e) });
        }
      } catch (e) {
        set({ phase: 'unreachable', error: errorMessage(e) });
      }
    },

    signIn: (email, password) =>
      attempt(
        async () => enter(await bridge.hub.login(email, password)),
        (e) => passwordError(e, 'unauthenticated'),
      ),

    claimSetup: (claim) =>
      attempt(async () => {
        try {
          await enter(await bridge.hub.claimSetup(claim));
        } catch (e) {
          // Someone else finished setup meanwhile: the way on is the sign-in form.
          if (errorCode(e) === 'setup_closed' && !(await bridge.hub.setupStatus()).needsSetup) {
            set({ phase: 'signedOut', busy: false, notice: errorMessage(e) });
            return;
          }
          throw e;
        }
      }),

    async signOut() {
      const token = get().token;
      stopDesk();
      setSession(null);
      signedOutLanguage();
      // Phase first, lock after: the desk must never render between the two, not even emptied.
      set({ phase: 'signedOut', user: null, token: null, notice: tr('auth.signedOut'), error: null });
      useLock.getState().setLocked(false);
      await bridge.secrets.delete('session-token');
      if (token) await bridge.hub.logout(token).catch(() => {});
    },

    revoked(reason) {
      stopDesk();
      setSession(null);
      signedOutLanguage();
      set({ phase: 'signedOut', user: null, token: null, busy: false, notice: reason, error: null });
      useLock.getState().setLocked(false);
      void bridge.secrets.delete('session-token');
    },

    lock() {
      const token = get().token;
      if (get().phase !== 'signedIn' || !token || useLock.getState().locked) return;
      useLock.getState().setLocked(true);
      set({ error: null, busy: false });
      // Best effort: the hub remembers it so a reload stays locked; the screen is locked either way.
      void bridge.hub.lock(token).catch(() => {});
    },

    async unlock(password) {
      const token = get().token;
      if (!token) return;
      set({ busy: true, error: null });
      try {
        await bridge.hub.unlock(token, password);
        if (startedLocked) {
          startedLocked = false;
          await startDesk(token, get().user!.id, (reason) => get().revoked(reason));
        } else {
          // What the hub refused while locked (a catch-up after a reconnect, the queue) is fetched now.
          await maybeLink()?.resume();
        }
        useLock.getState().setLocked(false);
        set({ busy: false });
      } catch (e) {
        // The session ended meanwhile (revoked, expired, account disabled): back to sign-in.
        if (errorCode(e) === 'unauthenticated') get().revoked(errorMessage(e));
        else set({ busy: false, error: passwordError(e, 'forbidden') });
      }
    },
  };
});
