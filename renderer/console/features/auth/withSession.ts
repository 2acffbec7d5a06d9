// Runs a hub call with the signed-in session's token. If the hub says the session is over
// (revoked, expired, account disabled), the console goes back to sign-in with the reason.
import { DeskError } from '../../../../shared/protocol/errors';
import { errorCode, errorMessage } from '../../../common/ack';
import { useAuth } from './authStore';

export async function withSession<T>(run: (token: string) => Promise<T>): Promise<T> {
  const token = useAuth.getState().token;
  if (!token) throw new DeskError('unauthenticated', 'Sign in first.');
  try {
    return await run(token);
  } catch (e) {
    if (errorCode(e) === 'unauthenticated') useAuth.getState().revoked(errorMessage(e));
    throw e;
  }
}
