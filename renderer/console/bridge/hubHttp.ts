// The hub's HTTP API over fetch, for both bridges (they differ only in where the hub is).
import type { StaffUser } from '../../../shared/protocol/schemas';
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
    me: (token) => call<{ user: StaffUser }>('GET', '/api/auth/me', { token }),
    settings: () => call<HubSettings>('GET', '/api/widget/config'),
  };
}
