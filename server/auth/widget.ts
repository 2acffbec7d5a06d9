// Customer sessions for the chat widget. The token lives in the customer's browser; the hub
// keeps only its hash. A session is a guest's unless the customer is verified (issue 12): by the
// store's signed identity when the session starts, or by a one-time code emailed to the address.
import { maskCardNumbers } from '../../shared/domain/cardMask';
import { DAY_MS } from '../../shared/domain/time';
import { DeskError } from '../../shared/protocol/errors';
import type { Customer } from '../../shared/protocol/schemas';
import type { Clock } from '../clock';
import { hashToken, newId, newToken } from '../ids';
import type { Log } from '../realtime/handle';
import type { StoreApi, StoreModules } from '../store/api';

export interface CustomerIdentity {
  widgetSessionId: string;
  customer: Customer;
}

export function widgetAuth(store: StoreApi, clock: Clock, opts: { ttlMs: number; log?: Log }) {
  const renewAfterMs = Math.min(DAY_MS, opts.ttlMs / 2);
  /** Sessions whose renewal is under way: events arriving together write once. */
  const renewing = new Set<string>();
  async function open(makeCustomer: (tx: StoreModules, now: string) => Promise<Customer>): Promise<{ token: string; customer: Customer }> {
    const token = newToken();
    const now = clock.now();
    const customer = await store.write(async (tx) => {
      const c = await makeCustomer(tx, now.toISOString());
      await tx.conversations.createWidgetSession({
        id: newId('w'),
        tokenHash: hashToken(token),
        customerId: c.id,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + opts.ttlMs).toISOString(),
      });
      return c;
    });
    return { token, customer };
  }

  return {
    /** A guest: typing an email proves nothing, so the record is this session's alone. */
    start(name: string, email: string): Promise<{ token: string; customer: Customer }> {
      // A name field is text like any other: a card number typed into it is masked (POLICY §3).
      return open((tx, createdAt) => tx.conversations.createGuest({ id: newId('k'), email, name: maskCardNumbers(name), createdAt }));
    },

    /** A shopper the store vouched for (an identity token already checked): the verified customer of that email. */
    startVerified(shopper: { sub: string; email: string; name: string }): Promise<{ token: string; customer: Customer }> {
      return open((tx, createdAt) =>
        tx.conversations.upsertVerified({ id: newId('k'), email: shopper.email, name: maskCardNumbers(shopper.name), createdAt, by: 'token', externalId: shopper.sub }),
      );
    },

    /**
     * The session's customer proved their email with a code: from now on the session, and the
     * chats it started, belong to the verified customer of that email.
     */
    async verifiedByCode(identity: CustomerIdentity): Promise<Customer> {
      if (identity.customer.verified) return identity.customer;
      return store.write(async (tx) => {
        const c = await tx.conversations.upsertVerified({
          id: newId('k'),
          email: identity.customer.email,
          name: identity.customer.name,
          createdAt: clock.now().toISOString(),
          by: 'code',
          externalId: null,
        });
        await tx.conversations.rebindWidgetSession(identity.widgetSessionId, c.id);
        return c;
      });
    },

    async authenticate(token: string | undefined): Promise<CustomerIdentity> {
      if (!token) throw new DeskError('unauthenticated', 'Start a chat first.');
      const s = await store.conversations.widgetSessionByTokenHash(hashToken(token));
      const now = clock.now().getTime();
      if (!s || Date.parse(s.expiresAt) < now) {
        throw new DeskError('unauthenticated', 'Your chat session has expired. Start a new chat.');
      }
      // A session lasts its time from when it was last used (POLICY §3b: "30 days unused"), renewed
      // at most once a day, so an event seldom writes.
      if (Date.parse(s.expiresAt) < now + opts.ttlMs - renewAfterMs && !renewing.has(s.id)) {
        renewing.add(s.id);
        // Not waited for: the event is the customer's, valid either way; a renewal that failed is
        // tried again at their next event.
        store
          .writeCalls((tx) => tx.conversations.renewWidgetSession(s.id, new Date(now + opts.ttlMs).toISOString()))
          .catch((e) => opts.log?.('warn', 'renewing a widget session failed', { error: String(e) }))
          .finally(() => renewing.delete(s.id));
      }
      return { widgetSessionId: s.id, customer: s.customer };
    },
  };
}
export type WidgetAuth = ReturnType<typeof widgetAuth>;
