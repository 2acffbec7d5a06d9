// Account management, shared by the admin routes and the `caredesk users` commands, so both keep
// the same rules: a disabled account loses every session at once, a reset password ends the old
// sessions, and the desk never loses its last active admin (nobody could manage it any more).
import type { Role } from '../../shared/protocol/schemas';
import type { Account, UpdateUserBody } from '../../shared/protocol/staff';
import { DeskError } from '../../shared/protocol/errors';
import type { Clock } from '../clock';
import type { Store } from '../store/index';
import type { StaffAuth } from './staff';
import { auditEvent, userSubject, type AuditActor } from '../audit/record';

/** What changed, and which sessions ended (their live sockets are the caller's to cut). */
export interface AccountChange {
  user: Account;
  revokedSessions: string[];
}

export function accountAdmin(store: Store, clock: Clock, staff: Pick<StaffAuth, 'createUser' | 'hashPassword'>) {
  const iso = () => clock.now().toISOString();

  const find = (userId: string): Account => {
    const a = store.users.account(userId);
    if (!a) throw new DeskError('not_found', 'No such account.');
    return { ...a, brands: store.routing.brandsOf(a.id) };
  };

  const byEmail = (email: string): Account => {
    const u = store.users.byEmail(email);
    if (!u) throw new DeskError('not_found', `No account with email ${email}.`);
    return find(u.id);
  };

  return {
    list(): Account[] {
      const limited = store.routing.allBrandRestrictions();
      return store.users.accounts().map((a) => ({ ...a, brands: limited.get(a.id)?.sort() ?? null }));
    },

    byEmail,

    async create(u: { email: string; name: string; role: Role; password: string }, by: AuditActor): Promise<Account> {
      const created = await staff.createUser(u, { actor: by, action: 'staff.create' });
      return find(created.id);
    },

    /** Checked and applied in one transaction: two admins demoting each other cannot both win. */
    update(change: UpdateUserBody, by: AuditActor): Promise<AccountChange> {
      return store.write(() => {
        const before = find(change.userId);
        const losesAdmin = before.role === 'admin' && !before.disabled && (change.disabled === true || (change.role !== undefined && change.role !== 'admin'));
        if (losesAdmin && store.users.countActive('admin') <= 1) {
          throw new DeskError('conflict', `${before.name} is the last active admin. Make someone else an admin first.`);
        }
        if (change.name !== undefined) store.users.rename(before.id, change.name);
        if (change.role !== undefined) store.users.setRole(before.id, change.role);
        let revokedSessions: string[] = [];
        if (change.disabled === true) {
          if (!before.disabled) store.users.setDisabled(before.id, iso());
          revokedSessions = store.users.revokeUserSessions(before.id, iso());
        } else if (change.disabled === false && before.disabled) {
          store.users.setDisabled(before.id, null);
        }
        const detail: Record<string, unknown> = { sessionsEnded: revokedSessions.length };
        if (change.role !== undefined && change.role !== before.role) detail.role = { from: before.role, to: change.role };
        if (change.disabled !== undefined && change.disabled !== before.disabled) detail.disabled = change.disabled;
        if (change.name !== undefined && change.name !== before.name) detail.renamed = true;
        store.audit.append(auditEvent(clock, by, 'staff.update', userSubject(before.id), detail));
        return { user: find(before.id), revokedSessions };
      });
    },

    /** Limits the account to these brands (ids the caller has checked); none: every brand. */
    setBrands(userId: string, brands: string[], by: AuditActor): Promise<Account> {
      return store.write(() => {
        const unique = [...new Set(brands)];
        store.routing.setBrands(find(userId).id, unique);
        store.audit.append(auditEvent(clock, by, 'staff.brands', userSubject(userId), { brands: unique.length ? unique.sort() : 'all' }));
        return find(userId);
      });
    },

    /** Sets a new password and ends the account's sessions, except `keepSession` (an admin resetting their own). */
    async resetPassword(userId: string, password: string, by: AuditActor, keepSession?: string): Promise<AccountChange> {
      find(userId);
      const hash = await staff.hashPassword(password);
      return store.write(() => {
        store.users.setPasswordHash(find(userId).id, hash);
        const revokedSessions = store.users.revokeUserSessions(userId, iso(), keepSession);
        store.audit.append(auditEvent(clock, by, 'staff.password', userSubject(userId), { sessionsEnded: revokedSessions.length }));
        return { user: find(userId), revokedSessions };
      });
    },
  };
}
export type AccountAdmin = ReturnType<typeof accountAdmin>;
