// Account management, shared by the admin routes and the `caredesk users` commands, so both keep
// the same rules: a disabled account loses every session at once, a reset password ends the old
// sessions, and the desk never loses its last active admin (nobody could manage it any more).
import type { Role } from '../../shared/protocol/schemas';
import type { Account, UpdateUserBody } from '../../shared/protocol/staff';
import { DeskError } from '../../shared/protocol/errors';
import type { Clock } from '../clock';
import type { StoreApi, StoreModules } from '../store/api';
import type { StaffAuth } from './staff';
import { auditEvent, userSubject, type AuditActor } from '../audit/record';

/** What changed, and which sessions ended (their live sockets are the caller's to cut). */
export interface AccountChange {
  user: Account;
  revokedSessions: string[];
}

export function accountAdmin(store: StoreApi, clock: Clock, staff: Pick<StaffAuth, 'createUser' | 'hashPassword'>) {
  const iso = () => clock.now().toISOString();

  /** `from`: the transaction a write reads in (its checks and its answer see its own changes). */
  const find = async (userId: string, from: StoreModules = store): Promise<Account> => {
    const a = await from.users.account(userId);
    if (!a) throw new DeskError('not_found', 'No such account.');
    return { ...a, brands: await from.routing.brandsOf(a.id) };
  };

  const byEmail = async (email: string): Promise<Account> => {
    const u = await store.users.byEmail(email);
    if (!u) throw new DeskError('not_found', `No account with email ${email}.`);
    return find(u.id);
  };

  return {
    async list(): Promise<Account[]> {
      const limited = await store.routing.allBrandRestrictions();
      return (await store.users.accounts()).map((a) => ({ ...a, brands: limited.get(a.id)?.sort() ?? null }));
    },

    byEmail,

    async create(u: { email: string; name: string; role: Role; password: string }, by: AuditActor): Promise<Account> {
      const created = await staff.createUser(u, { actor: by, action: 'staff.create' });
      return find(created.id);
    },

    /** Checked and applied in one transaction: two admins demoting each other cannot both win. */
    update(change: UpdateUserBody, by: AuditActor): Promise<AccountChange> {
      return store.write(async (tx) => {
        const before = await find(change.userId, tx);
        const losesAdmin = before.role === 'admin' && !before.disabled && (change.disabled === true || (change.role !== undefined && change.role !== 'admin'));
        if (losesAdmin && (await tx.users.countActive('admin')) <= 1) {
          throw new DeskError('conflict', `${before.name} is the last active admin. Make someone else an admin first.`);
        }
        if (change.name !== undefined) await tx.users.rename(before.id, change.name);
        if (change.role !== undefined) await tx.users.setRole(before.id, change.role);
        let revokedSessions: string[] = [];
        if (change.disabled === true) {
          if (!before.disabled) await tx.users.setDisabled(before.id, iso());
          revokedSessions = await tx.users.revokeUserSessions(before.id, iso());
        } else if (change.disabled === false && before.disabled) {
          await tx.users.setDisabled(before.id, null);
        }
        const detail: Record<string, unknown> = { sessionsEnded: revokedSessions.length };
        if (change.role !== undefined && change.role !== before.role) detail.role = { from: before.role, to: change.role };
        if (change.disabled !== undefined && change.disabled !== before.disabled) detail.disabled = change.disabled;
        if (change.name !== undefined && change.name !== before.name) detail.renamed = true;
        await tx.audit.append(auditEvent(clock, by, 'staff.update', userSubject(before.id), detail));
        return { user: await find(before.id, tx), revokedSessions };
      });
    },

    /** Limits the account to these brands (ids the caller has checked); none: every brand. */
    setBrands(userId: string, brands: string[], by: AuditActor): Promise<Account> {
      return store.write(async (tx) => {
        const unique = [...new Set(brands)];
        await tx.routing.setBrands((await find(userId, tx)).id, unique);
        await tx.audit.append(auditEvent(clock, by, 'staff.brands', userSubject(userId), { brands: unique.length ? unique.sort() : 'all' }));
        return find(userId, tx);
      });
    },

    /** Sets a new password and ends the account's sessions, except `keepSession` (an admin resetting their own). */
    async resetPassword(userId: string, password: string, by: AuditActor, keepSession?: string): Promise<AccountChange> {
      await find(userId);
      const hash = await staff.hashPassword(password);
      return store.write(async (tx) => {
        await tx.users.setPasswordHash((await find(userId, tx)).id, hash);
        const revokedSessions = await tx.users.revokeUserSessions(userId, iso(), keepSession);
        await tx.audit.append(auditEvent(clock, by, 'staff.password', userSubject(userId), { sessionsEnded: revokedSessions.length }));
        return { user: await find(userId, tx), revokedSessions };
      });
    },
  };
}
export type AccountAdmin = ReturnType<typeof accountAdmin>;
