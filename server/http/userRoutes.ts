// Account management for admins: list, create, change role or name, disable/enable, reset a
// password. Disabling or resetting ends the account's sessions and cuts their live sockets at once.
import { NewUserBody } from '../../shared/protocol/schemas';
import { ResetPasswordBody, UpdateUserBody } from '../../shared/protocol/staff';
import { DeskError } from '../../shared/protocol/errors';
import { accountAdmin } from '../auth/accounts';
import { staffActor } from '../audit/record';
import type { StaffAuth, StaffIdentity } from '../auth/staff';
import type { Clock } from '../clock';
import { parsePayload } from '../realtime/handle';
import type { StoreApi } from '../store/api';
import type { Router } from './router';

/** Why a cut-off console is back at sign-in (shown to that person). */
export const REVOKE_REASON = {
  disabled: 'Your account has been disabled by an admin.',
  password: 'Your password was changed by an admin. Sign in with the new one.',
} as const;

export function registerUserRoutes(
  router: Router,
  deps: { store: StoreApi; clock: Clock; staff: StaffAuth; revokeSession(sessionId: string, reason: string): void; demoted(userId: string): void },
) {
  const { staff } = deps;
  const accounts = accountAdmin(deps.store, deps.clock, staff);
  const cut = (sessionIds: string[], reason: string) => sessionIds.forEach((id) => deps.revokeSession(id, reason));

  const admin = async (bearer: string | undefined): Promise<StaffIdentity> => {
    const identity = await staff.authenticate(bearer);
    if (identity.user.role !== 'admin') throw new DeskError('forbidden', 'Only an admin can manage accounts.');
    return identity;
  };

  router
    .get('/api/users', async ({ bearer }) => {
      await admin(bearer);
      return { users: await accounts.list() };
    })
    .post('/api/users', async ({ bearer, body }) => {
      const { user } = await admin(bearer);
      return { user: await accounts.create(parsePayload(NewUserBody, body), staffActor(user)) };
    })
    .post('/api/users/update', async ({ bearer, body }) => {
      const { user } = await admin(bearer);
      const change = await accounts.update(parsePayload(UpdateUserBody, body), staffActor(user));
      cut(change.revokedSessions, REVOKE_REASON.disabled);
      if (change.user.role === 'agent') deps.demoted(change.user.id);
      return { user: change.user };
    })
    .post('/api/users/reset-password', async ({ bearer, body }) => {
      const { session, user } = await admin(bearer);
      const b = parsePayload(ResetPasswordBody, body);
      const change = await accounts.resetPassword(b.userId, b.password, staffActor(user), session.id);
      cut(change.revokedSessions, REVOKE_REASON.password);
      return { user: change.user };
    });
}
