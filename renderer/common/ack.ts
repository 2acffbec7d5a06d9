// Turns the hub's replies (socket acks and HTTP bodies share the Ack shape) into values or typed
// errors, so callers handle one kind of failure whatever the transport.
import { DeskError, ERROR_CODES, type Ack, type ErrorCode } from '../../shared/protocol/errors';
import { currentLocale, tr } from './i18n';

export function unwrap<T>(reply: Ack<T>): T {
  if (reply.ok) return reply.data;
  throw new DeskError(reply.error.code, reply.error.message, reply.error.issues, reply.error.retryAfterMs);
}

function isErrorCode(x: unknown): x is ErrorCode {
  return typeof x === 'string' && (ERROR_CODES as readonly string[]).includes(x);
}

/** Reads an HTTP reply from the hub; anything that is not its JSON envelope becomes a DeskError. */
export function fromHttpReply<T>(status: number, body: unknown): T {
  if (body && typeof body === 'object' && 'ok' in body) {
    const b = body as { ok: unknown; data?: unknown; error?: { code?: unknown; message?: unknown; issues?: unknown; retryAfterMs?: unknown } };
    if (b.ok === true) return b.data as T;
    const code = isErrorCode(b.error?.code) ? b.error.code : 'internal';
    const message = typeof b.error?.message === 'string' ? b.error.message : tr('connection.hubStatus', { status });
    const issues = Array.isArray(b.error?.issues) ? (b.error.issues as { path: string; message: string }[]) : undefined;
    const retryAfterMs = typeof b.error?.retryAfterMs === 'number' ? b.error.retryAfterMs : undefined;
    throw new DeskError(code, message, issues, retryAfterMs);
  }
  throw new DeskError('internal', tr('connection.hubUnexpected', { status }));
}

/** A sentence to show a person, for any thrown value. */
export function errorMessage(e: unknown): string {
  // The hub words its refusals in English; in another language the code's own sentence is shown.
  if (e instanceof DeskError && currentLocale() !== 'en') {
    return tr(`error.${e.code}`, { minutes: Math.max(1, Math.ceil((e.retryAfterMs ?? 0) / 60_000)) });
  }
  // "email: Invalid email address" reads better than the hub's "Invalid request: …" summary.
  if (e instanceof DeskError && e.code === 'invalid_payload' && e.issues?.length) {
    return e.issues.map((i) => (i.path ? `${i.path.charAt(0).toUpperCase()}${i.path.slice(1)}: ${i.message}` : i.message)).join('. ');
  }
  if (e instanceof DeskError) return e.message;
  if (e instanceof TypeError) return tr('connection.unreachable');
  if (e instanceof Error && /timed out/i.test(e.message)) return tr('connection.timeout');
  return e instanceof Error && e.message ? e.message : tr('connection.failed');
}

export function errorCode(e: unknown): ErrorCode | null {
  return e instanceof DeskError ? e.code : null;
}
