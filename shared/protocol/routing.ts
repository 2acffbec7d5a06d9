// Routing, brands and hours, offline tickets, private notes, supervisors live and canned replies
// (issue 3): payload schemas the hub validates and the event maps merged into events.ts.
import { z } from 'zod';
import type { Ack } from './errors';
import { ClientId, Email, Id, PersonName, type Conversation, type Message, type Role } from './schemas';

// As in events.ts (lint forbids importing a module named "events" in shared/, taking it for Node's).
type WithAck<P, R> = (payload: P, ack: (reply: Ack<R>) => void) => void;

const Text = (max: number, what: string) => z.string().trim().min(1, `${what} is empty`).max(max);

// ---- brands and hours (widget) ----

/** What GET /api/widget/config?brand=ID adds for the widget: the brand's look and whether it is open. */
export interface WidgetBrand {
  id: string;
  name: string;
  accentColor: string;
  greeting: string;
  /** Open now, by the brand's hours and the hub's clock. */
  open: boolean;
  /** The next opening (ISO) when closed; null while open or when none is within two weeks. */
  nextOpening: string | null;
  timeZone: string;
}

/** A BCP 47 language tag as a browser reports it ("fr", "zh-Hans-CN"). */
export const LocaleTag = z.string().trim().max(35).regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/, 'must be a language tag');
/** An IANA time zone name ("Asia/Tokyo"); one the hub does not know is ignored, not refused. */
export const TimeZoneName = z.string().trim().max(64);

/** Whether the runtime knows the zone (browsers report some the hub's tz database lacks). */
export function knownTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The widget's language and the browser's time zone: the chat's copies and emails use them. */
export const ChatStart = z.object({ brandId: Id.optional(), locale: LocaleTag.optional(), timeZone: TimeZoneName.optional() }).strict().optional();
export type ChatStart = z.infer<typeof ChatStart>;

/** POST /api/widget/offline-message: left outside hours, becomes a ticket (POLICY §4). */
export const OfflineMessageBody = z.object({
  brandId: Id.optional(),
  name: PersonName,
  email: Email,
  // The length limit is configuration (chat.messageMaxChars); the hub checks it after parsing.
  body: z.string().trim().min(1, 'message is empty'),
  /** The customer's language (the widget's), for the emails about this ticket; default en. */
  locale: LocaleTag.optional(),
});
export type OfflineMessageBody = z.infer<typeof OfflineMessageBody>;

// ---- routing ----

export const AgentStatus = z.enum(['available', 'away', 'offline']);
export type AgentStatus = z.infer<typeof AgentStatus>;

/** An agent sets available or away; offline is what the hub says when they have no socket. */
export const SetStatus = z.object({ status: z.enum(['available', 'away']) }).strict();
export type SetStatus = z.infer<typeof SetStatus>;

export const Transfer = z
  .object({
    conversationId: Id,
    toAgentId: Id.optional(),
    toBrandId: Id.optional(),
    note: Text(2000, 'note'),
  })
  .strict()
  .refine((t) => (t.toAgentId === undefined) !== (t.toBrandId === undefined), { message: 'give exactly one of toAgentId or toBrandId' });
export type Transfer = z.infer<typeof Transfer>;

/** Admin: the brands an agent serves; an empty list means every brand. */
export const SetAgentBrands = z.object({ userId: Id, brands: z.array(Id).max(100) }).strict();
export type SetAgentBrands = z.infer<typeof SetAgentBrands>;

export interface MyStatus {
  status: AgentStatus;
  load: number;
  cap: number;
  brands: string[] | null;
}

/**
 * What a chat in the queue is about (issue 9): the customer's first message (also on the offer
 * card) and the last message, whose author and time make the "waiting for a reply" timer.
 */
export interface QueuePreview {
  conversationId: string;
  /** The customer's first message (its first 160 characters); null until they write. */
  first: string | null;
  /** The last message from the customer or an agent (system notices are not counted). */
  last: { body: string; authorKind: 'customer' | 'agent'; createdAt: string } | null;
}

export interface Offer {
  conversation: Conversation;
  brandId: string;
  /** When the offer lapses and the chat goes back to the queue. */
  expiresAt: string;
}

// ---- private notes and whispers ----

export const ChatNote = z.object({ conversationId: Id, clientId: ClientId, body: Text(4000, 'note') }).strict();
export type ChatNote = z.infer<typeof ChatNote>;

/** Never sent to the customer namespace, never in a copy or download. */
export interface Note {
  id: string;
  conversationId: string;
  clientId: string;
  /** note: by the agent; whisper: a supervisor to the agent; transfer: the note given with a transfer. */
  kind: 'note' | 'whisper' | 'transfer';
  author: { id: string | null; name: string };
  body: string;
  createdAt: string;
}

// ---- tickets: shared/protocol/tickets.ts ----

export { TicketAnswer, TicketAssign, TicketsList, TicketStatus, type Ticket } from './tickets';

// ---- supervisors live ----

export interface AgentLive {
  id: string;
  name: string;
  role: Role;
  status: AgentStatus;
  /** Chats assigned or offered to the agent now. */
  load: number;
  /**
   * Offline while holding chats: when they go back to the queue unless the agent reconnects
   * (policy.chat.agentOfflineGraceMs after the disconnect); null otherwise.
   */
  requeueAt: string | null;
}

export interface ActiveChat {
  id: string;
  brandId: string;
  status: 'waiting' | 'active';
  customerName: string;
  agent: { id: string; name: string } | null;
  offeredTo: string | null;
  createdAt: string;
}

export interface SuperviseSnapshot {
  queueLength: number;
  longestWaitMs: number;
  agents: AgentLive[];
  active: ActiveChat[];
  at: string;
}

/** Staff a chat may be transferred to: with a conversation, those who serve its brand. */
export const AgentsList = z.object({ conversationId: Id.optional() }).strict().optional();

export interface BrandListed {
  id: string;
  name: string;
}

export interface AgentsDirectory {
  agents: AgentLive[];
  /** Every brand the desk serves, for a transfer to a brand's queue. */
  brands: BrandListed[];
  /** The conversation's brand when one was given. */
  brandId: string | null;
}

export const Reassign = z.object({ conversationId: Id, toAgentId: Id, note: Text(2000, 'note').optional() }).strict();
export type Reassign = z.infer<typeof Reassign>;

// ---- canned replies ----

export const Shortcut = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'a shortcut is lower-case letters, digits, - and _');

export const CannedList = z.object({ brandId: Id.optional(), query: z.string().trim().max(100).optional() }).strict().optional();
export const CannedSave = z
  .object({ id: Id.optional(), brandId: Id.nullable().optional(), shortcut: Shortcut, title: Text(120, 'title'), body: Text(4000, 'body') })
  .strict();
export type CannedSave = z.infer<typeof CannedSave>;
export const CannedRef = z.object({ id: Id }).strict();

export interface CannedReply {
  id: string;
  /** null: every brand. */
  brandId: string | null;
  shortcut: string;
  title: string;
  body: string;
  updatedAt: string;
}

// ---- event maps ----

export interface RoutingAgentClientEvents {
  'agent:set-status': WithAck<SetStatus, MyStatus>;
  'agent:status': WithAck<Record<string, never>, MyStatus>;
  /** The assigned agent, or a supervisor or admin. */
  'conversation:transfer': WithAck<z.input<typeof Transfer>, { conversation: Conversation }>;
  /** Admin. */
  'routing:set-brands': WithAck<SetAgentBrands, { userId: string; brands: string[] | null }>;
  /** The assigned agent (note) or a supervisor/admin (whisper). */
  'chat:note': WithAck<ChatNote, { note: Note }>;
  'chat:notes': WithAck<{ conversationId: string }, { notes: Note[] }>;
  /** Supervisor or admin; subscribes the socket to supervise:updated. */
  /** Any staff: who is available and how busy, for a transfer. */
  'agents:list': WithAck<z.input<typeof AgentsList>, AgentsDirectory>;
  'supervise:snapshot': WithAck<Record<string, never>, SuperviseSnapshot>;
  'supervise:open': WithAck<{ conversationId: string }, { conversation: Conversation; messages: Message[]; notes: Note[] }>;
  'supervise:reassign': WithAck<z.input<typeof Reassign>, { conversation: Conversation }>;
  'canned:list': WithAck<z.input<typeof CannedList>, { replies: CannedReply[] }>;
  /** Supervisor or admin. */
  'canned:save': WithAck<z.input<typeof CannedSave>, { reply: CannedReply }>;
  'canned:delete': WithAck<z.input<typeof CannedRef>, { id: string }>;
}

export interface RoutingAgentServerEvents {
  /** A waiting chat offered to this agent: conversation:accept before expiresAt, or it goes back. */
  'conversation:offered': (offer: Offer) => void;
  /** The offer lapsed, or the chat was taken, ended or moved. */
  'conversation:offer-withdrawn': (payload: { conversationId: string; reason: 'lapsed' | 'taken' | 'ended' | 'unavailable' }) => void;
  /** A chat given to this agent by a transfer or a supervisor's reassign (with its note). */
  'conversation:assigned': (payload: { conversation: Conversation; note: Note | null }) => void;
  'agent:status-updated': (status: MyStatus) => void;
  'note:new': (note: Note) => void;
  'supervise:updated': (snapshot: SuperviseSnapshot) => void;
  'canned:updated': (payload: { reply: CannedReply | null; deletedId: string | null }) => void;
}

export interface RoutingCustomerServerEvents {
  /** 1-based place in the brand's queue while the chat waits. */
  'queue:position': (payload: { conversationId: string; position: number }) => void;
}
