// Runs a hub call with the signed-in session's token. If the hub says the session is over
// (revoked, expired, account disabled), the console goes back to sign-in with the reason.
import { DeskError } from '../../../shared/protocol/errors';
import { errorCode, errorMessage } from '../../common/ack';
import { currentSession } from './session';
import { tr } from '../../common/i18n';

export async function withSession<T>(run: (token: string) => Promise<T>): Promise<T> {
  const session = currentSession();
  if (!session) throw new DeskError('unauthenticated', tr('auth.signInFirst'));
  try {
    return await run(session.token);
  } catch (e) {
    if (errorCode(e) === 'unauthenticated') session.ended(errorMessage(e));
    throw e;
  }
}
