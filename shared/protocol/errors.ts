// Every refusal the hub sends has one of these codes, so clients can react without parsing text.
export const ERROR_CODES = [
  'invalid_payload', // failed schema validation, wrong types, non-JSON
  'too_large', // a message or body over its configured limit
  'unauthenticated', // no session, or the session was revoked or expired
  'forbidden', // signed in, but this role or this customer may not do it
  'not_found', // unknown id, or an id that belongs to someone else (never says which)
  'conflict', // the state does not allow it (e.g. sending into an ended conversation)
  'closed', // outside the brand's customer-care hours: leave an offline message instead
  'rate_limited', // too many requests or attempts; `retryAfterMs` says when to try again (HTTP 429 + Retry-After)
  'locked', // the staff session is idle-locked: only unlock and sign-out are allowed until it is unlocked
  'verification_required', // the customer must prove their email first (identity token or one-time code)
  'code_invalid', // a one-time code that is not right (more tries may be left: see the message)
  'code_expired', // a one-time code that expired, was used, or ran out of tries: request a new one
  'setup_closed', // the first admin already exists, or the setup code is wrong
  'internal', // the hub failed; the request changed nothing
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ProtocolError {
  code: ErrorCode;
  message: string;
  /** Which fields were wrong, for invalid_payload. */
  issues?: { path: string; message: string }[];
  /** rate_limited: how long until the same request can succeed, in milliseconds. */
  retryAfterMs?: number;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: ProtocolError };

export class DeskError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ProtocolError['issues'],
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
  toJSON(): ProtocolError {
    const e: ProtocolError = { code: this.code, message: this.message };
    if (this.issues) e.issues = this.issues;
    if (this.retryAfterMs !== undefined) e.retryAfterMs = this.retryAfterMs;
    return e;
  }
}
