// Staff accounts as an admin manages them. Each change is sent to the hub and the row replaced by
// the hub's answer, so the table never shows a state the hub did not accept.
import { create } from 'zustand';
import type { Account } from '../../../../shared/protocol/staff';
import { errorMessage } from '../../../common/ack';
import { tr } from '../../../common/i18n';
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
  /** Reads the list again without disturbing the screen (accounts added from the command line, issue 9). */
  refresh(): Promise<void>;
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

/** "Added Bruno Costa (agent)." is news for a moment, not for the rest of the visit (issue 9). */
export const NOTICE_MS = 6000;
let noticeTimer: ReturnType<typeof setTimeout> | null = null;

export const useAccounts = create<AccountsState>()((set, get) => {
  const put = (user: Account) => set((s) => ({ users: [...s.users.filter((u) => u.id !== user.id), user].sort(byEmail) }));
  const setBusy = (userId: string, on: boolean) =>
    set((s) => {
      const busy = { ...s.busy };
      if (on) busy[userId] = true;
      else delete busy[userId];
      return { busy };
    });

  const say = (notice: string) => {
    if (noticeTimer) clearTimeout(noticeTimer);
    set({ notice, error: null });
    noticeTimer = setTimeout(() => {
      if (get().notice === notice) set({ notice: null });
    }, NOTICE_MS);
  };

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

    async refresh() {
      const me = currentSession()?.user.id ?? null;
      if (!get().loaded || get().loading || get().loadedFor !== me) return;
      try {
        const users = await withSession((token) => bridge.hub.accounts(token));
        // Rows with a change under way keep what the change will answer.
        const busy = get().busy;
        set((s) => ({ users: [...users.filter((u) => !busy[u.id]), ...s.users.filter((u) => busy[u.id])].sort(byEmail) }));
      } catch {
        // A missed poll is harmless: the next one, or a reload, brings the list.
      }
    },

    async create(account) {
      const user = await withSession((token) => bridge.hub.createAccount(token, account));
      put(user);
      say(tr('accounts.added', { name: user.name, role: user.role }));
      return user;
    },

    async update(change, done) {
      setBusy(change.userId, true);
      set({ error: null, notice: null });
      try {
        const user = await withSession((token) => bridge.hub.updateAccount(token, change));
        put(user);
        say(done(user));
      } catch (e) {
        set({ error: errorMessage(e) });
      } finally {
        setBusy(change.userId, false);
      }
    },

    async resetPassword(userId, password) {
      const user = await withSession((token) => bridge.hub.resetPassword(token, userId, password));
      put(user);
      say(tr('accounts.passwordSet', { name: user.name }));
      return user;
    },

    // Brands live with routing on the hub, so this goes over the console's socket, not HTTP.
    async setBrands(userId, brands, describe) {
      const link = maybeLink();
      if (!link) throw new Error(tr('accounts.notConnected'));
      const stored = await link.routing.setBrands(userId, brands);
      const before = get().users.find((u) => u.id === userId);
      if (!before) throw new Error(tr('accounts.gone'));
      const user = { ...before, brands: stored };
      put(user);
      say(describe(user));
      return user;
    },

    clearMessages: () => set({ error: null, notice: null }),
  };
});
