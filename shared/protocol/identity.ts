// Who the customer is (issue 12): the widget session's body, one-time codes in the widget, and an
// order's code requested by the agent. Schemas validate on the receiving side.
import { z } from 'zod';
import { OrderId } from '../domain/orders';
import type { WithAck } from './events';
import { Email, Id, PersonName, type Customer } from './schemas';

/**
 * POST /api/widget/session. A guest gives `name` and `email`; a shopper signed in to the shop
 * gives the `identityToken` its server signed (name and email then come from the token, `name`
 * filling in when the token has none). `brandId` names the brand whose secret signed the token.
 */
export const WidgetSessionBody = z
  .object({
    name: PersonName.optional(),
    email: Email.optional(),
    identityToken: z.string().min(16).max(4096).optional(),
    brandId: Id.optional(),
  })
  .strict()
  .refine((b) => b.identityToken !== undefined || (b.name !== undefined && b.email !== undefined), {
    message: 'give a name and an email, or an identityToken',
    path: ['email'],
  });
export type WidgetSessionBody = z.infer<typeof WidgetSessionBody>;

export const CODE_LENGTH_MAX = 12;

/** identity:request-code — a code to the session's own email (the brand's care address sends it). */
export const RequestEmailCode = z.object({ brandId: Id.optional() }).strict().optional();

/** identity:confirm-code — the code from the email, for the challenge the request returned or pushed. */
export const ConfirmCode = z.object({ challengeId: Id, code: z.string().trim().regex(/^\d{4,12}$/, 'the code is digits only') }).strict();
export type ConfirmCode = z.infer<typeof ConfirmCode>;

/** orders:request-code (agent) — a code to the order's email, entered by the customer of this chat. */
export const RequestOrderCode = z.object({ conversationId: Id, orderId: OrderId }).strict();
export type RequestOrderCode = z.infer<typeof RequestOrderCode>;

export type CodePurposeName = 'verify_email' | 'order';

/** A code on its way: what the widget shows and sends back. */
export interface CodeChallenge {
  challengeId: string;
  purpose: CodePurposeName;
  /** The address, mostly hidden ("a•••@example.com"). */
  sentTo: string;
  expiresAt: string;
  /** purpose 'order': the order the code confirms. */
  orderId: string | null;
}

export interface CodeConfirmed {
  purpose: CodePurposeName;
  /** The session's customer afterwards (verified after a verify_email code). */
  customer: Customer;
  orderId: string | null;
}

export interface IdentityCustomerClientEvents {
  'identity:request-code': WithAck<z.infer<typeof RequestEmailCode>, CodeChallenge>;
  'identity:confirm-code': WithAck<ConfirmCode, CodeConfirmed>;
}

export interface IdentityCustomerServerEvents {
  /** The agent asked for a code to an order's email: the widget asks the customer to enter it. */
  'identity:code-requested': (challenge: CodeChallenge) => void;
  /** The session's customer changed (verified): the widget shows it. */
  'identity:updated': (payload: { customer: Customer }) => void;
}

export interface IdentityAgentClientEvents {
  'orders:request-code': WithAck<RequestOrderCode, { sentTo: string; expiresAt: string }>;
}

export interface IdentityAgentServerEvents {
  /** The customer of a chat entered the code of an order: cases on it may be opened now. */
  'orders:proved': (payload: { conversationId: string; orderId: string }) => void;
}
