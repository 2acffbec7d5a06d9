// socket.io event maps (the generics of Server/Socket on both sides). Every client→server event
// takes one payload and an ack callback; the hub validates the payload with schemas.ts.
import type { CasesAgentClientEvents, CasesAgentServerEvents, CasesCustomerClientEvents, CasesCustomerServerEvents } from './cases';
import type { Ack } from './errors';
import type { IdentityAgentClientEvents, IdentityAgentServerEvents, IdentityCustomerClientEvents, IdentityCustomerServerEvents } from './identity';
import type { PrivacyAgentClientEvents, PrivacyAgentServerEvents, PrivacyCustomerClientEvents } from './privacy';
import type { ChatStart, QueuePreview, RoutingAgentClientEvents, RoutingAgentServerEvents, RoutingCustomerServerEvents } from './routing';
import type { ReportsAgentClientEvents, ReportsCustomerClientEvents } from './reports';
import type { TicketsAgentClientEvents, TicketsAgentServerEvents } from './tickets';
import type { ChatRead, ChatSend, ChatSync, ChatTyping, Conversation, ConversationOpen, ConversationRef, Message, ReadReceipt } from './schemas';
import type { SettingsAgentClientEvents, SettingsAgentServerEvents } from './settings';
import type {
  TranscriptAgentClientEvents,
  TranscriptAgentServerEvents,
  TranscriptCustomerClientEvents,
  TranscriptCustomerServerEvents,
} from './transcripts';

export type WithAck<P, R> = (payload: P, ack: (reply: Ack<R>) => void) => void;

export interface Transcript {
  conversation: Conversation;
  messages: Message[];
}

/** conversation:open's reply: `hasEarlier` when messages before the first one here were left out (a page). */
export interface OpenedTranscript extends Transcript {
  hasEarlier: boolean;
}

export interface TypingEvent {
  conversationId: string;
  author: { kind: 'customer' | 'agent'; name: string };
  typing: boolean;
}

/** Events both namespaces share. */
interface ChatClientEvents {
  'chat:send': WithAck<ChatSend, { message: Message }>;
  'chat:sync': WithAck<ChatSync, Transcript>;
  'chat:typing': WithAck<ChatTyping, null>;
  /**
   * The caller's side has read the chat up to `seq` (customer on /customer; on /agent only the
   * chat's assigned agent: a supervisor watching does not mark it read). Acks the side's read
   * state after the change (lower seqs leave it as it was); `read` goes to the chat's room.
   */
  'chat:read': WithAck<ChatRead, ReadReceipt>;
}

interface ChatServerEvents {
  'message:new': (message: Message) => void;
  'conversation:updated': (conversation: Conversation) => void;
  typing: (event: TypingEvent) => void;
  /** One side of the chat read further (chat:read); both sides get it. */
  read: (receipt: ReadReceipt) => void;
}

/** Namespace /customer: the widget. */
export interface CustomerClientEvents extends ChatClientEvents, TranscriptCustomerClientEvents, CasesCustomerClientEvents, IdentityCustomerClientEvents, PrivacyCustomerClientEvents, ReportsCustomerClientEvents {
  /** The customer's latest conversation (open or ended) with its history, or null. */
  'chat:current': WithAck<Record<string, never>, Transcript | null>;
  /** Starts a conversation (brand 'default' unless given), or returns the open one; `closed` outside hours. */
  'chat:start': WithAck<ChatStart, Transcript>;
}
export type CustomerServerEvents = ChatServerEvents & TranscriptCustomerServerEvents & CasesCustomerServerEvents & RoutingCustomerServerEvents & IdentityCustomerServerEvents;

/** Namespace /agent: the console (staff). */
export interface AgentClientEvents extends ChatClientEvents, TranscriptAgentClientEvents, CasesAgentClientEvents, RoutingAgentClientEvents, ReportsAgentClientEvents, SettingsAgentClientEvents, IdentityAgentClientEvents, PrivacyAgentClientEvents, TicketsAgentClientEvents {
  /** `previews` (issue 9): first and last message of each listed chat. */
  'queue:list': WithAck<Record<string, never>, { conversations: Conversation[]; previews: QueuePreview[] }>;
  'conversation:open': WithAck<ConversationOpen, OpenedTranscript>;
  'conversation:accept': WithAck<ConversationRef, { conversation: Conversation }>;
  'conversation:end': WithAck<ConversationRef, { conversation: Conversation }>;
}
export interface AgentServerEvents extends ChatServerEvents, TranscriptAgentServerEvents, CasesAgentServerEvents, RoutingAgentServerEvents, SettingsAgentServerEvents, IdentityAgentServerEvents, PrivacyAgentServerEvents, TicketsAgentServerEvents {
  'queue:updated': (payload: { conversations: Conversation[]; previews: QueuePreview[] }) => void;
  /** The session behind this socket was revoked or expired; the socket is closed after this. */
  'session:revoked': (payload: { reason: string }) => void;
}

export const NAMESPACES = { customer: '/customer', agent: '/agent' } as const;
