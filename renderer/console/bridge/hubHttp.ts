// The hub's HTTP API over fetch, for both bridges (they differ only in where the hub is).
import type { Locale } from '../../../shared/i18n/locales';
import { EVIDENCE_PATH } from '../../../shared/protocol/cases';
import { DeskError } from '../../../shared/protocol/errors';
import type { StaffUser } from '../../../shared/protocol/schemas';
import type { Account, ConsoleConfig, SessionInfo } from '../../../shared/protocol/staff';
import { fromHttpReply } from '../../common/ack';
import type { HubApi, HubSettings, SignedIn } from './types';

export function hubHttp(hubUrl: () => Promise<string>): HubApi {
  async function call<T>(method: 'GET' | 'POST', path: string, opts: { body?: unknown; token?: string } = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (opts.body !== undefined) headers['content-type'] = 'application/json';
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const res = await fetch(`${await hubUrl()}${path}`, {
      method,
      headers,
      body: opts.body === undefined ? null : JSON.stringify(opts.body),
      credentials: 'omit',
      cache: 'no-store',
    });
    let body: unknown = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    return fromHttpReply<T>(res.status, body);
  }

  return {
    setupStatus: () => call<{ needsSetup: boolean }>('GET', '/api/setup'),
    claimSetup: (claim) => call<SignedIn>('POST', '/api/setup', { body: claim }),
    login: (email, password) => call<SignedIn>('POST', '/api/auth/login', { body: { email, password } }),
    logout: async (token) => {
      await call<null>('POST', '/api/auth/logout', { token });
    },
    me: async (token) => {
      const r = await call<{ user: StaffUser; locked?: boolean }>('GET', '/api/auth/me', { token });
      return { user: r.user, locked: r.locked === true };
    },
    settings: () => call<HubSettings>('GET', '/api/widget/config'),
    consoleConfig: (token) => call<ConsoleConfig>('GET', '/api/console/config', { token }),
    consoleLocale: async (token) => (await call<{ locale: Locale }>('GET', '/api/auth/locale', { token })).locale,
    setConsoleLocale: async (token, locale) => (await call<{ locale: Locale }>('POST', '/api/auth/locale', { token, body: { locale } })).locale,
    lock: async (token) => {
      await call<null>('POST', '/api/auth/lock', { token });
    },
    unlock: async (token, password) => {
      await call<null>('POST', '/api/auth/unlock', { token, body: { password } });
    },
    sessions: async (token, userId) => {
      const query = userId ? `?userId=${encodeURIComponent(userId)}` : '';
      return (await call<{ sessions: SessionInfo[] }>('GET', `/api/auth/sessions${query}`, { token })).sessions;
    },
    revokeSession: async (token, sessionId) => {
      await call<null>('POST', '/api/auth/sessions/revoke', { token, body: { sessionId } });
    },
    accounts: async (token) => (await call<{ users: Account[] }>('GET', '/api/users', { token })).users,
    createAccount: async (token, account) => (await call<{ user: Account }>('POST', '/api/users', { token, body: account })).user,
    updateAccount: async (token, change) => (await call<{ user: Account }>('POST', '/api/users/update', { token, body: change })).user,
    resetPassword: async (token, userId, password) =>
      (await call<{ user: Account }>('POST', '/api/users/reset-password', { token, body: { userId, password } })).user,
    async ticketAttachment(token, url) {
      // Only ever the hub's own attachment route: the staff token must not go anywhere else.
      if (!url.startsWith('/api/tickets/attachment?')) throw new DeskError('invalid_payload', 'Not a ticket attachment address.');
      const res = await fetch(`${await hubUrl()}${url}`, { headers: { authorization: `Bearer ${token}` }, credentials: 'omit', cache: 'no-store' });
      if (!res.ok) return fromHttpReply<never>(res.status, await res.json().catch(() => null));
      return res.blob();
    },
    async evidencePhoto(token, url) {
      // Only ever the hub's own evidence route: the staff token must not go anywhere else.
      if (!url.startsWith(`${EVIDENCE_PATH}?`)) throw new DeskError('invalid_payload', 'Not a case photo address.');
      const res = await fetch(`${await hubUrl()}${url}`, { headers: { authorization: `Bearer ${token}` }, credentials: 'omit', cache: 'no-store' });
      if (!res.ok) return fromHttpReply<never>(res.status, await res.json().catch(() => null));
      return res.blob();
    },
  };
}
