// Transcripts (issue 4): review and search for staff, copies for customers, and the JSONL import
// format. Schemas validate on the receiving side; the event maps extend those in events.ts.
import { z } from 'zod';
import type { Ack } from './errors';
import type { Note } from './routing';
import { AuthorKind, Email, Id, PersonName, type Conversation, type ConversationRef, type Customer, type Message } from './schemas';

export const IsoDateTime = z.iso.datetime({ offset: true });

/**
 * One spelling per tag (issue 9): lowercase, and every run of spaces, underscores and dashes a
 * single dash, so "Damage claim", "damage_claim" and "damage-claim" are one tag. Migration 0010
 * folds the tags stored before this the same way.
 */
export const normalizeTag = (tag: string) => tag.trim().toLowerCase().replace(/[\s_-]+/gu, '-');

/** Tags are short labels a supervisor files transcripts under; stored in their normal form. */
export const Tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, 'tag is empty')
  .max(40)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u, 'a tag is letters, digits, spaces, dots, dashes and underscores')
  .transform(normalizeTag);

export const TranscriptFilters = z
  .object({
    brandId: Id.optional(),
    agentId: Id.optional(),
    /** Conversations started within [from, to]. */
    from: IsoDateTime.optional(),
    to: IsoDateTime.optional(),
    customerEmail: Email.optional(),
    /** One customer record: a verified customer's chats, or one guest session's (issue 12). */
    customerId: Id.optional(),
    tag: Tag.optional(),
    /** Linked to a case (issue 5). */
    hasCase: z.boolean().optional(),
  })
  .strict();
export type TranscriptFilters = z.infer<typeof TranscriptFilters>;

export const TranscriptSearch = z.object({
  /** Words to find (all of them); a trailing * matches a prefix. Empty: filters only, newest first. */
  query: z.string().max(200).default(''),
  filters: TranscriptFilters.default({}),
  page: z.number().int().min(1).default(1),
});
export type TranscriptSearch = z.infer<typeof TranscriptSearch>;

export const TranscriptGet = z.object({
  conversationId: Id,
  /** Page backwards: messages with seq < beforeSeq. Without it, the last page. */
  beforeSeq: z.number().int().min(1).optional(),
  /** Capped by the hub's configured page size. */
  limit: z.number().int().min(1).optional(),
});
export type TranscriptGet = z.infer<typeof TranscriptGet>;

export const TranscriptTag = z.object({ conversationId: Id, tag: Tag });
export const TranscriptComment = z.object({ conversationId: Id, body: z.string().trim().min(1, 'comment is empty').max(2000) });
export const TranscriptHold = z.object({ conversationId: Id, reason: z.string().trim().min(3, 'give a reason for the hold').max(500) });

export const SendCopy = z.object({
  conversationId: Id,
  /** Another address than the one on file; needs a reason, which is recorded. */
  to: Email.optional(),
  reason: z.string().trim().min(3).max(500).optional(),
});
export type SendCopy = z.infer<typeof SendCopy>;
export const RetryCopy = z.object({ copyId: Id });

export const ExportFormat = z.enum(['json', 'html', 'txt', 'pdf']);
export type ExportFormat = z.infer<typeof ExportFormat>;
export const TranscriptExport = z.object({ conversationId: Id, format: ExportFormat });
/** GET /api/widget/transcript: the customer's own transcript (default: their latest chat). */
export const CustomerDownloadQuery = z.object({ format: z.enum(['pdf', 'txt']), conversationId: Id.optional() });

// ---- replies ----

export interface HoldInfo {
  id: string;
  reason: string;
  placedBy: { id: string; name: string };
  placedAt: string;
}

export interface ReviewComment {
  id: string;
  author: { id: string | null; name: string };
  body: string;
  createdAt: string;
}

/** What the viewer shows beside a transcript: when it will be purged, and what keeps it. */
export interface TranscriptMeta {
  conversation: Conversation;
  brandId: string;
  /** null while the conversation is open (it is set when the conversation ends). */
  purgeAt: string | null;
  hold: HoldInfo | null;
  tags: string[];
  comments: ReviewComment[];
  messageCount: number;
  externalId: string | null;
}

/** A photo a customer uploaded to a claim opened from this chat, for reviewers (issue 9). */
export interface TranscriptPhoto {
  id: string;
  caseId: string;
  /** The claim's number (CLM-…). */
  caseNumber: string | null;
  name: string | null;
  mime: string | null;
  /** Fetched with the staff bearer token (GET /api/cases/evidence); each view is audited. */
  url: string;
  createdAt: string;
}

export interface TranscriptPage {
  meta: TranscriptMeta;
  /** Ascending by seq. */
  messages: Message[];
  /** More messages before the first one here. */
  hasMore: boolean;
  /** Every private note, supervisor whisper and handover (transfer) note of the chat, oldest first. */
  notes: Note[];
  /** Claim photos of the cases linked to the chat, oldest first. */
  photos: TranscriptPhoto[];
}

/** A snippet as text runs; `hit` runs are the matched words, to highlight. */
export type Snippet = { text: string; hit: boolean }[];

export interface TranscriptSearchResult {
  conversationId: string;
  customer: Customer;
  brandId: string;
  assignedAgent: { id: string; name: string } | null;
  createdAt: string;
  endedAt: string | null;
  purgeAt: string | null;
  held: boolean;
  tags: string[];
  /** Messages that matched (0 for a filters-only search). */
  hits: number;
  /** The best-matching message and its highlighted snippet. */
  snippet: Snippet | null;
  snippetSeq: number | null;
}

export interface TranscriptSearchPage {
  results: TranscriptSearchResult[];
  total: number;
  page: number;
  pageSize: number;
  /**
   * The words matched more messages than the hub ranks (settings.searchCandidateCap): results come
   * from the newest of them; filters or more words reach further back.
   */
  capped: boolean;
}

export type EmailCopyStatus = 'queued' | 'sent' | 'failed';

export interface EmailCopy {
  id: string;
  conversationId: string;
  to: string;
  reason: string | null;
  requestedBy: { kind: 'staff' | 'customer'; id: string | null };
  status: EmailCopyStatus;
  /** The SMTP server's reason when the last attempt failed. */
  error: string | null;
  attempts: number;
  createdAt: string;
  updatedAt: string;
}

/** What the widget learns about its copy: no addresses or server replies. */
export type CustomerCopy = Pick<EmailCopy, 'id' | 'conversationId' | 'status' | 'attempts' | 'updatedAt'>;

export interface ExportFile {
  fileName: string;
  mime: string;
  encoding: 'utf8' | 'base64';
  content: string;
}

// ---- event maps (added to the namespaces' maps in events.ts) ----

// As in events.ts (lint forbids importing a module named "events" in shared/, taking it for Node's).
type WithAck<P, R> = (payload: P, ack: (reply: Ack<R>) => void) => void;

export interface TranscriptAgentClientEvents {
  /** Supervisors and admins search everything; agents their own chats and their current customers'. */
  'transcripts:search': WithAck<z.input<typeof TranscriptSearch>, TranscriptSearchPage>;
  'transcripts:get': WithAck<TranscriptGet, TranscriptPage>;
  /** Supervisor or admin. */
  'transcripts:tag': WithAck<z.input<typeof TranscriptTag>, TranscriptMeta>;
  'transcripts:untag': WithAck<z.input<typeof TranscriptTag>, TranscriptMeta>;
  'transcripts:comment': WithAck<z.input<typeof TranscriptComment>, TranscriptMeta>;
  'transcripts:hold': WithAck<z.input<typeof TranscriptHold>, TranscriptMeta>;
  'transcripts:release': WithAck<ConversationRef, TranscriptMeta>;
  /** Acks once the copy is queued; its delivery arrives as transcripts:copy-updated. */
  'transcripts:send-copy': WithAck<SendCopy, { copy: EmailCopy }>;
  'transcripts:retry-copy': WithAck<z.input<typeof RetryCopy>, { copy: EmailCopy }>;
  'transcripts:copies': WithAck<ConversationRef, { copies: EmailCopy[] }>;
  'transcripts:export': WithAck<z.input<typeof TranscriptExport>, ExportFile>;
  /** Any staff: the tags in use with their counts, most used first (suggestions when tagging). */
  'transcripts:tags': WithAck<Record<string, never>, { tags: { tag: string; count: number }[] }>;
}
export interface TranscriptAgentServerEvents {
  'transcripts:copy-updated': (copy: EmailCopy) => void;
}

export interface TranscriptCustomerClientEvents {
  /** A copy to the address on file; acks once queued, then transcript:copy-updated. */
  'transcript:email-copy': WithAck<ConversationRef, { copy: CustomerCopy }>;
}
export interface TranscriptCustomerServerEvents {
  'transcript:copy-updated': (copy: CustomerCopy) => void;
}

// ---- import: one conversation per JSONL line (docs/TRANSCRIPT-IMPORT.md) ----

export const ImportAuthorKind = z.enum([...AuthorKind.options, 'note']);

export const ImportMessage = z.object({
  at: IsoDateTime,
  author: z.object({ kind: ImportAuthorKind, name: z.string().trim().min(1).max(120) }),
  body: z.string().trim().min(1, 'message is empty'),
});

export const ImportRecord = z
  .object({
    externalId: z.string().trim().min(1).max(200),
    brand: Id.optional(),
    customer: z.object({ name: PersonName, email: Email }),
    startedAt: IsoDateTime,
    endedAt: IsoDateTime,
    messages: z.array(ImportMessage),
  })
  .refine((r) => Date.parse(r.endedAt) >= Date.parse(r.startedAt), { message: 'endedAt is before startedAt', path: ['endedAt'] })
  // A message outside its chat would sort outside it in every transcript, and could outlive the
  // purge date reckoned from endedAt. The first such message is named.
  .superRefine((r, ctx) => {
    const start = Date.parse(r.startedAt);
    const end = Date.parse(r.endedAt);
    if (end < start) return;
    const i = r.messages.findIndex((m) => Date.parse(m.at) < start || Date.parse(m.at) > end);
    if (i >= 0) ctx.addIssue({ code: 'custom', message: Date.parse(r.messages[i]!.at) < start ? 'is before startedAt' : 'is after endedAt', path: ['messages', i, 'at'] });
  });
export type ImportRecord = z.infer<typeof ImportRecord>;
