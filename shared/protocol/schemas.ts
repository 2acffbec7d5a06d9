// Payload schemas for everything that crosses the network. Receivers parse with these; senders
// get the same types from z.infer, so the two sides cannot drift apart.
import { z } from 'zod';
import { hasLoneSurrogate } from './text';

export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be an id');
/** Client-generated message id: the hub stores a message once per (conversation, clientId). */
export const ClientId = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, 'must be an id');
export const Email = z.string().trim().toLowerCase().max(254).email();
export const PersonName = z.string().trim().min(1, 'name is required').max(120);
export const Password = z.string().min(10, 'password must be at least 10 characters').max(256);

export const Role = z.enum(['agent', 'supervisor', 'admin']);
export type Role = z.infer<typeof Role>;

export const AuthorKind = z.enum(['customer', 'agent', 'system']);
export type AuthorKind = z.infer<typeof AuthorKind>;

export const ConversationStatus = z.enum(['waiting', 'active', 'ended']);
export type ConversationStatus = z.infer<typeof ConversationStatus>;

export interface Customer {
  id: string;
  name: string;
  email: string;
  /**
   * Whether the email is proven (the store's signed identity, or a one-time code). A guest's
   * customer record is theirs alone: it joins no earlier chats, cases or orders under the email.
   */
  verified: boolean;
}

export interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface Message {
  conversationId: string;
  /** Hub-assigned, 1-based, gapless per conversation. */
  seq: number;
  clientId: string;
  author: { kind: AuthorKind; id: string | null; name: string };
  body: string;
  createdAt: string;
}

export interface Conversation {
  id: string;
  status: ConversationStatus;
  customer: Customer;
  assignedAgent: { id: string; name: string } | null;
  createdAt: string;
  endedAt: string | null;
  lastSeq: number;
  /** Read receipts (issue 3): the last seq the customer / the chat's agent has read; 0 for none. */
  customerReadSeq: number;
  agentReadSeq: number;
}

// ---- socket event payloads (both namespaces) ----

export const ChatSend = z.object({
  conversationId: Id,
  clientId: ClientId,
  // The length limit is configuration; the hub checks it after parsing (too_large).
  body: z
    .string()
    .trim()
    .min(1, 'message is empty')
    .refine((s) => !hasLoneSurrogate(s), 'text must be well-formed Unicode (it holds a lone surrogate)'),
});
export type ChatSend = z.infer<typeof ChatSend>;

export const ChatSync = z.object({
  conversationId: Id,
  /** The last seq the client holds; the hub replies with everything after it. */
  afterSeq: z.number().int().min(0),
});
export type ChatSync = z.infer<typeof ChatSync>;

export const ChatTyping = z.object({ conversationId: Id, typing: z.boolean() });
export type ChatTyping = z.infer<typeof ChatTyping>;

/** Read up to and including `seq`; the hub keeps the highest seq it was told (forward only). */
export const ChatRead = z.object({ conversationId: Id, seq: z.number().int().min(1) }).strict();
export type ChatRead = z.infer<typeof ChatRead>;

export type ReadBy = 'customer' | 'agent';

/** The hub's `read` event and chat:read's ack: how far one side of the chat has read. */
export interface ReadReceipt {
  conversationId: string;
  by: ReadBy;
  seq: number;
}

export const ConversationRef = z.object({ conversationId: Id });
export type ConversationRef = z.infer<typeof ConversationRef>;

/**
 * conversation:open. Without `limit`, the whole chat (up to the sync page); with it, the newest
 * `limit` messages before `beforeSeq` (or the end): a long chat opens on its latest page and the
 * console fetches earlier pages as the agent scrolls up. `limit` is capped by the hub's page size.
 */
export const ConversationOpen = ConversationRef.extend({
  limit: z.number().int().min(1).optional(),
  beforeSeq: z.number().int().min(1).optional(),
});
export type ConversationOpen = z.infer<typeof ConversationOpen>;

export const Empty = z.object({}).strict().optional();

// ---- HTTP bodies ----

export const LoginBody = z.object({ email: Email, password: z.string().min(1).max(256) });
export const SetupBody = z.object({
  code: z.string().trim().min(1).max(64),
  email: Email,
  name: PersonName,
  password: Password,
});
export const NewUserBody = z.object({ email: Email, name: PersonName, role: Role, password: Password });
