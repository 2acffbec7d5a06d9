// Privacy requests (POLICY §3a): references, due dates, the one extension, and how close a request
// is to its due time. Pure: the clock and the policy numbers are the caller's.
import type { PrivacyPolicy } from './config';
import { purgeAt as addCalendarMonths } from './retention';

export const PRIVACY_KINDS = ['access', 'correction', 'erasure', 'optout', 'guardian_erasure'] as const;
export type PrivacyKind = (typeof PRIVACY_KINDS)[number];

/** received → verifying → in_progress → done | refused (refused may come from any open state). */
export const PRIVACY_STATES = ['received', 'verifying', 'in_progress', 'done', 'refused'] as const;
export type PrivacyState = (typeof PRIVACY_STATES)[number];
export const CLOSED_PRIVACY_STATES: readonly PrivacyState[] = ['done', 'refused'];

/** Where a request came in: the widget form, or staff logging it from a chat, a ticket, a call, an email, the CLI. */
export const PRIVACY_SOURCES = ['widget', 'chat', 'ticket', 'phone', 'email', 'operator'] as const;
export type PrivacySource = (typeof PRIVACY_SOURCES)[number];

const NEXT: Record<PrivacyState, readonly PrivacyState[]> = {
  received: ['verifying', 'in_progress', 'refused'],
  verifying: ['in_progress', 'refused'],
  in_progress: ['done', 'refused'],
  done: [],
  refused: [],
};

export function mayMove(from: PrivacyState, to: PrivacyState): boolean {
  return NEXT[from].includes(to);
}

/** Received + the policy's months (1 by default), UTC, the day clamped to the end of a shorter month. */
export function privacyDueAt(receivedAt: Date, policy: Pick<PrivacyPolicy, 'dueMonths'>): Date {
  return addCalendarMonths(receivedAt, policy.dueMonths);
}

/** The latest an extension may move the due time to: the original due time + the policy's further months. */
export function latestExtendedDueAt(dueAt: Date, policy: Pick<PrivacyPolicy, 'maxExtensionMonths'>): Date {
  return addCalendarMonths(dueAt, policy.maxExtensionMonths);
}

export type ExtensionCheck = { ok: true } | { ok: false; reason: string };

/**
 * One extension, decided before the original due time (the customer must be told before it
 * passes), to a time after it and no later than the latest allowed, with a reason.
 */
export function checkExtension(
  r: { dueAt: Date; extendedDueAt: Date | null },
  to: Date,
  reason: string,
  now: Date,
  policy: Pick<PrivacyPolicy, 'maxExtensionMonths'>,
): ExtensionCheck {
  if (r.extendedDueAt) return { ok: false, reason: 'This request has already been extended once.' };
  if (now.getTime() >= r.dueAt.getTime()) return { ok: false, reason: 'The original due time has passed: the customer must be told of an extension before it.' };
  if (to.getTime() <= r.dueAt.getTime()) return { ok: false, reason: 'The new due time must be later than the original one.' };
  const latest = latestExtendedDueAt(r.dueAt, policy);
  if (to.getTime() > latest.getTime()) return { ok: false, reason: `An extension may go no later than ${latest.toISOString()}.` };
  if (reason.trim() === '') return { ok: false, reason: 'An extension needs a reason the customer is told.' };
  return { ok: true };
}

/** The due time in force: the extended one when there is one. */
export const effectiveDueAt = (r: { dueAt: string; extendedDueAt: string | null }): string => r.extendedDueAt ?? r.dueAt;

export type DueStatus = 'closed' | 'overdue' | 'due_soon' | 'on_time';

export function dueStatus(r: { state: PrivacyState; dueAt: string; extendedDueAt: string | null }, now: Date, policy: Pick<PrivacyPolicy, 'dueSoonMs'>): DueStatus {
  if (CLOSED_PRIVACY_STATES.includes(r.state)) return 'closed';
  const due = Date.parse(effectiveDueAt(r));
  if (now.getTime() >= due) return 'overdue';
  return due - now.getTime() <= policy.dueSoonMs ? 'due_soon' : 'on_time';
}

/** `PR-YYYY-NNNNNN`: the year it was received (UTC) and a number gapless within that year. */
export function privacyReference(receivedAt: Date, n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 999_999) throw new RangeError(`request number out of range: ${n}`);
  return `PR-${receivedAt.getUTCFullYear()}-${String(n).padStart(6, '0')}`;
}

export const PRIVACY_REFERENCE = /^PR-\d{4}-\d{6}$/;
