// The customer's end of a chat and its rating, and the supervisors' reports (issue 9): payload
// schemas the hub validates and the event maps merged into events.ts.
import { z } from 'zod';
import type { Ack } from './errors';
import { Id, type Conversation } from './schemas';

// As in events.ts (lint forbids importing a module named "events" in shared/, taking it for Node's).
type WithAck<P, R> = (payload: P, ack: (reply: Ack<R>) => void) => void;

// ---- the customer's end ----

export const RATING_MIN = 1;
export const RATING_MAX = 5;

/** 1–5 ("very poor" to "excellent") with an optional comment; card numbers in it are masked. */
export const ChatRate = z
  .object({
    conversationId: Id,
    score: z.number().int().min(RATING_MIN).max(RATING_MAX),
    comment: z.string().trim().max(1000, 'a comment can be at most 1000 characters').optional(),
  })
  .strict();
export type ChatRate = z.infer<typeof ChatRate>;

export interface Rating {
  conversationId: string;
  score: number;
  comment: string | null;
  createdAt: string;
}

// ---- reports ----

/** A calendar day that exists: 2026-02-31 is refused, not read as 3 March. */
const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a day is YYYY-MM-DD')
  .refine((d) => {
    const at = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(at.getTime()) && at.toISOString().slice(0, 10) === d;
  }, 'no such day');

/** Chats started from `from` to `to` (days in the desk's time zone, both included). */
export const ReportQuery = z
  .object({ from: Day, to: Day, brandId: Id.optional() })
  .strict()
  .refine((q) => q.from <= q.to, { message: 'from must not be after to' });
export type ReportQuery = z.infer<typeof ReportQuery>;

/**
 * One row of a report. Times are averages in seconds over the chats that have them, null when
 * none does: wait = start to the first agent taking it; first response = the customer's first
 * message (or the start) to the first agent message; handling = taken to ended.
 */
export interface ReportRow {
  /** The day (YYYY-MM-DD), the agent's id or the brand's id. */
  key: string;
  label: string;
  chats: number;
  /** Chats that ended without an agent ever taking them. */
  unanswered: number;
  avgWaitSec: number | null;
  avgFirstResponseSec: number | null;
  avgHandlingSec: number | null;
  ratings: number;
  avgRating: number | null;
}

export interface LowRating {
  conversationId: string;
  customerName: string;
  agentName: string | null;
  brandId: string;
  score: number;
  comment: string | null;
  ratedAt: string;
}

export interface ReportSummary {
  from: string;
  to: string;
  timeZone: string;
  brandId: string | null;
  totals: ReportRow;
  /** Every day of the range, empty days included (a chart needs them). */
  byDay: ReportRow[];
  byAgent: ReportRow[];
  byBrand: ReportRow[];
  /** Ratings at or below settings.reportLowRatingMax, newest first (at most settings.reportLowRatingsMax). */
  lowRatings: LowRating[];
}

// ---- event maps ----

export interface ReportsCustomerClientEvents {
  /** The customer ends their own chat; acks the ended conversation (ending an ended one is a no-op). */
  'chat:end': WithAck<{ conversationId: string }, { conversation: Conversation }>;
  /** Rates an ended chat of theirs; a second rating replaces the first. */
  'chat:rate': WithAck<z.input<typeof ChatRate>, { rating: Rating }>;
}

export interface ReportsAgentClientEvents {
  /** Supervisor or admin. */
  'reports:summary': WithAck<z.input<typeof ReportQuery>, ReportSummary>;
}
