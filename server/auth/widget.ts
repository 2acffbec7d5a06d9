// Customer sessions for the chat widget. The token lives in the customer's browser; the hub
// keeps only its hash.
import { maskCardNumbers } from '../../shared/domain/cardMask';
import { DeskError } from '../../shared/protocol/errors';
import type { Customer } from '../../shared/protocol/schemas';
import type { Clock } from '../clock';
import { hashToken, newId, newToken } from '../ids';
import type { Store } from '../store/index';

export interface CustomerIdentity {
  widgetSessionId: string;
  customer: Customer;
}

export function widgetAuth(store: Store, clock: Clock, opts: { ttlMs: number }) {
  return {
    async start(name: string, email: string): Promise<{ token: string; customer: Customer }> {
      const token = newToken();
      const now = clock.now();
      const customer = await store.write(() => {
        // A name field is text like any other: a card number typed into it is masked (POLICY §3).
        // A guest: typing an email proves nothing, so the record is this session's alone (issue 12).
        const c = store.conversations.createGuest({ id: newId('k'), email, name: maskCardNumbers(name), createdAt: now.toISOString() });
        store.conversations.createWidgetSession({
          id: newId('w'),
          tokenHash: hashToken(token),
          customerId: c.id,
          createdAt: now.toISOString(),
          expiresAt: new Date(now.getTime() + opts.ttlMs).toISOString(),
        });
        return c;
      });
      return { token, customer };
    },

    authenticate(token: string | undefined): CustomerIdentity {
      if (!token) throw new DeskError('unauthenticated', 'Start a chat first.');
      const s = store.conversations.widgetSessionByTokenHash(hashToken(token));
      if (!s || Date.parse(s.expiresAt) < clock.now().getTime()) {
        throw new DeskError('unauthenticated', 'Your chat session has expired. Start a new chat.');
      }
      return { widgetSessionId: s.id, customer: s.customer };
    },
  };
}
export type WidgetAuth = ReturnType<typeof widgetAuth>;
