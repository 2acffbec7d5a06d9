// Staff accounts as an admin manages them. Each change is sent to the hub and the row replaced by
// the hub's answer, so the table never shows a state the hub did not accept.
import { create } from 'zustand';
import type { Account } from '../../../../shared/protocol/staff';
import { errorMessage } from '../../../common/ack';
import { bridge, type AccountChange, type NewAccount } from '../../bridge';
import { maybeLink } from '../../desk/linkRef';
import { currentSession } from '../../desk/session';
import { withSession } from '../../desk/withSession';

interface AccountsState {
  users: Account[];
  /** The admin the list was loaded for: another one signing in at this console starts empty. */
  loadedFor: string | null;
  loaded: boolean;
  loading: boolean;
  /** Loading or a row action failed. */
  error: string | null;
  /** What was just done, for the status line. */
  notice: string | null;
  /** Accounts with a change under way. */
  busy: Record<string, boolean>;

  load(): Promise<void>;
  /** Throws (for the form to show) when the hub refuses. */
  create(account: NewAccount): Promise<Account>;
  update(change: AccountChange, done: (user: Account) => string): Promise<void>;
  /** Throws (for the form to show) when the hub refuses. */
  resetPassword(userId: string, password: string): Promise<Account>;
  /** Limits the account to these brands (none: every brand); throws (for the form) when refused. */
  setBrands(userId: string, brands: string[], describe: (user: Account) => string): Promise<Account>;
  clearMessages(): void;
}

const byEmail = (a: Account, b: Account) => a.email.localeCompare(b.email);

export const useAccounts = create<AccountsState>()((set, get) => {
  const put = (user: Account) => set((s) => ({ users: [...s.users.filter((u) => u.id !== user.id), user].sort(byEmail) }));
  const setBusy = (userId: string, on: boolean) =>
    set((s) => {
      const busy = { ...s.busy };
      if (on) busy[userId] = true;
      else delete busy[userId];
      return { busy };
    });

  return {
    users: [],
    loadedFor: null,
    loaded: false,
    loading: false,
    error: null,
    notice: null,
    busy: {},

    async load() {
      const me = currentSession()?.user.id ?? null;
      set((s) => (s.loadedFor === me ? { loading: true, error: null, notice: null } : { users: [], loaded: false, loadedFor: null, loading: true, error: null, notice: null }));
      try {
        const users = await withSession((token) => bridge.hub.accounts(token));
        set({ users: [...users].sort(byEmail), loaded: true, loadedFor: me, loading: false });
      } catch (e) {
        set({ loading: false, error: errorMessage(e) });
      }
    },

    async create(account) {
      const user = await withSession((token) => bridge.hub.createAccount(token, account));
      put(user);
      set({ notice: `Added ${user.name} (${user.role}).`, error: null });
      return user;
    },

    async update(change, done) {
      setBusy(change.userId, true);
      set({ error: null, notice: null });
      try {
        const user = await withSession((token) => bridge.hub.updateAccount(token, change));
        put(user);
        set({ notice: done(user) });
      } catch (e) {
        set({ error: errorMessage(e) });
      } finally {
        setBusy(change.userId, false);
      }
    },

    async resetPassword(userId, password) {
      const user = await withSession((token) => bridge.hub.resetPassword(token, userId, password));
      put(user);
      set({ notice: `New password set for ${user.name}. Their other sessions have ended.`, error: null });
      return user;
    },

    // Brands live with routing on the hub, so this goes over the console's socket, not HTTP.
    async setBrands(userId, brands, describe) {
      const link = maybeLink();
      if (!link) throw new Error('Not connected to the desk. Wait for the connection to come back and try again.');
      const stored = await link.routing.setBrands(userId, brands);
      const before = get().users.find((u) => u.id === userId);
      if (!before) throw new Error('That account is no longer listed. Reload the accounts.');
      const user = { ...before, brands: stored };
      put(user);
      set({ notice: describe(user), error: null });
      return user;
    },

    clearMessages: () => set({ error: null, notice: null }),
  };
});
