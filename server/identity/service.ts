// Who the customer is (issue 12), over the widget session: starting one as a guest or as a
// shopper the store vouched for, proving the session's email with a code, proving an order with a
// code to the order's email, and the rule cases follow: a case on an order needs the chat's
// customer verified with the order's email, or the order proved in that widget session.
import { DeskError } from '../../shared/protocol/errors';
import type { Order } from '../../shared/domain/orders';
import type { CodeChallenge, CodeConfirmed, ConfirmCode, RequestOrderCode, WidgetSessionBody } from '../../shared/protocol/identity';
import type { Customer, StaffUser } from '../../shared/protocol/schemas';
import type { CustomerIdentity, WidgetAuth } from '../auth/widget';
import { requireBrand } from '../brands';
import type { ChatService } from '../chat/chatService';
import type { Clock } from '../clock';
import type { HubConfig } from '../config';
import type { Limits } from '../limits/limits';
import type { ConversationRecord } from '../store/conversations';
import type { StoreApi } from '../store/api';
import type { OneTimeCodes } from './codes';
import type { IdentityTokens } from './tokens';

export interface IdentityEvents {
  /** The widget session now belongs to another (verified) customer. */
  sessionVerified(widgetSessionId: string, customer: Customer, conversationIds: string[]): void;
  /** A code to an order's email is on its way: the chat's widget asks for it. */
  orderCodeRequested(conversationId: string, challenge: CodeChallenge): void;
  orderProved(conversationIds: string[], orderId: string): void;
}

export function customerIdentity(deps: {
  store: StoreApi;
  clock: Clock;
  config: HubConfig;
  widget: WidgetAuth;
  codes: OneTimeCodes;
  tokens: IdentityTokens;
  limits: Limits;
  chat: ChatService;
  events: IdentityEvents;
}) {
  const { store, clock, config, widget, codes, tokens, limits, chat, events } = deps;
  const sessionChats = async (widgetSessionId: string) => (await store.conversations.forWidgetSession(widgetSessionId)).map((c) => c.id);

  return {
    /** POST /api/widget/session. */
    async startSession(b: WidgetSessionBody, address: string): Promise<{ token: string; customer: Customer }> {
      const brandId = requireBrand(config, b.brandId);
      if (b.identityToken !== undefined) {
        await limits.consume('identityToken', { address, brand: brandId });
        const shopper = await tokens.accept(b.identityToken, brandId);
        await limits.consume('widgetSession', { address, email: shopper.email, brand: brandId });
        return widget.startVerified({ sub: shopper.sub, email: shopper.email, name: shopper.name ?? b.name ?? shopper.email.split('@')[0]! });
      }
      await limits.consume('widgetSession', { address, email: b.email, brand: brandId });
      return widget.start(b.name!, b.email!);
    },

    /** identity:request-code: a code to the session's own email. */
    async requestEmailCode(identity: CustomerIdentity, brandId: string | undefined, address: string): Promise<CodeChallenge> {
      if (identity.customer.verified) throw new DeskError('conflict', 'Your email is already confirmed.');
      const brand = requireBrand(config, brandId ?? (await store.conversations.latestForWidget(identity.widgetSessionId))?.brandId);
      const issued = await codes.request({ purpose: 'verify_email', email: identity.customer.email, brandId: brand, widgetSessionId: identity.widgetSessionId, address });
      return { challengeId: issued.challengeId, purpose: 'verify_email', sentTo: issued.sentTo, expiresAt: issued.expiresAt, orderId: null };
    },

    /** identity:confirm-code: a verify_email code verifies the session; an order code proves the order. */
    async confirmCode(identity: CustomerIdentity, p: ConfirmCode, address: string): Promise<CodeConfirmed> {
      const purpose = (await store.identity.code(p.challengeId))?.purpose;
      if (purpose !== 'verify_email' && purpose !== 'order') throw new DeskError('not_found', 'No such code request. Ask for a new code.');
      const record = await codes.verify(p.challengeId, p.code, { purpose, widgetSessionId: identity.widgetSessionId, address });
      if (purpose === 'verify_email') {
        const customer = await widget.verifiedByCode(identity);
        events.sessionVerified(identity.widgetSessionId, customer, await sessionChats(identity.widgetSessionId));
        return { purpose, customer, orderId: null };
      }
      const orderId = record.subject!;
      await store.writeCalls((tx) => tx.identity.addOrderProof(identity.widgetSessionId, orderId, clock.now().toISOString()));
      events.orderProved(await sessionChats(identity.widgetSessionId), orderId);
      return { purpose, customer: identity.customer, orderId };
    },

    /** orders:request-code: the agent on the chat asks for proof that the order is the chat's customer's. */
    async requestOrderCode(user: StaffUser, p: RequestOrderCode, order: Order | undefined): Promise<{ sentTo: string; expiresAt: string }> {
      const c = await chat.workable({ kind: 'staff', user }, p.conversationId);
      if (c.status === 'ended') throw new DeskError('conflict', 'This conversation has ended.');
      if (!order) throw new DeskError('not_found', `No order ${p.orderId} on record.`);
      if (!c.widgetSessionId) throw new DeskError('conflict', 'This chat has no widget to enter a code in.');
      const issued = await codes.request({
        purpose: 'order',
        email: order.customerEmail,
        brandId: order.brandId,
        subject: order.id,
        widgetSessionId: c.widgetSessionId,
        context: `Someone chatting with customer care asked for help with order ${order.id}, placed with this email address.`,
      });
      events.orderCodeRequested(c.id, { challengeId: issued.challengeId, purpose: 'order', sentTo: issued.sentTo, expiresAt: issued.expiresAt, orderId: order.id });
      return { sentTo: issued.sentTo, expiresAt: issued.expiresAt };
    },

    /** Whether the customer of this chat has shown the order is theirs. */
    async ownsOrder(c: ConversationRecord, order: Order): Promise<boolean> {
      if (c.customer.verified && c.customer.email.toLowerCase() === order.customerEmail.toLowerCase()) return true;
      return c.widgetSessionId !== null && (await store.identity.hasOrderProof(c.widgetSessionId, order.id));
    },

    async requireOrderOwner(c: ConversationRecord, order: Order): Promise<void> {
      if (await this.ownsOrder(c, order)) return;
      throw new DeskError(
        'verification_required',
        `The customer in this chat has not shown that order ${order.id} is theirs. Send a code to the order's email (Verify order) and ask them to enter it in the chat.`,
      );
    },
  };
}
export type CustomerIdentityService = ReturnType<typeof customerIdentity>;
