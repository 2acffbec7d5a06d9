// The signed-in session as the feature stores see it: the token for hub calls, who is signed in,
// and what to do when the hub says the session is over. The auth store fills it in; features read
// it from here, so they depend on the desk session and never on the auth feature (which starts
// the desk, which starts the features: the cycle issue 9 broke).
import type { StaffUser } from '../../../shared/protocol/schemas';

interface Current {
  token: string;
  user: StaffUser;
  /** The hub refused the token (revoked, expired, disabled): back to sign-in with the reason. */
  ended(reason: string): void;
}

let current: Current | null = null;

export function setSession(session: Current | null): void {
  current = session;
}

export function currentSession(): Current | null {
  return current;
}
