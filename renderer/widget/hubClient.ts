// Everything the widget asks of the hub: its public settings, a customer session, the /customer socket.
import { io, type Socket } from 'socket.io-client';
import { NAMESPACES, type CustomerClientEvents, type CustomerServerEvents } from '../../shared/protocol/events';
import { UPLOAD_PATH, type UploadReply } from '../../shared/protocol/cases';
import { DeskError } from '../../shared/protocol/errors';
import type { OfflineMessageBody, WidgetBrand } from '../../shared/protocol/routing';
import type { Customer } from '../../shared/protocol/schemas';
import { fromHttpReply } from '../common/ack';
import { tr } from '../common/i18n';

export type CustomerSocket = Socket<CustomerServerEvents, CustomerClientEvents>;

export interface WidgetConfig {
  deskName: string;
  retentionMonths: number;
  messageMaxChars: number;
  ackTimeoutMs: number;
  /** The brand the page asked for (?brand=ID), with whether its desk is open now. */
  brand: WidgetBrand;
}

// The hub serves the widget, so it is always the page's own origin (also inside a store's iframe).
const hubUrl = () => location.origin;

async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(hubUrl() + path, {
    method,
    headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
    credentials: 'omit',
    cache: 'no-store',
  });
  return fromHttpReply<T>(res.status, await res.json().catch(() => null));
}

/** The brand the embedding page asked for with ?brand=ID; the hub's default brand otherwise. */
export function pageBrand(): string | null {
  return new URLSearchParams(location.search).get('brand') || null;
}

export const getConfig = (brandId: string | null) =>
  request<WidgetConfig>('GET', `/api/widget/config${brandId ? `?brand=${encodeURIComponent(brandId)}` : ''}`);

/** Outside hours: the message becomes a ticket the desk answers by email. */
export const sendOfflineMessage = (message: OfflineMessageBody) =>
  request<{ ticket: { id: string; ref?: string; createdAt: string } }>('POST', '/api/widget/offline-message', message);

export const createSession = (name: string, email: string) =>
  request<{ token: string; customer: Customer }>('POST', '/api/widget/session', { name, email });

/** A shopper signed in at the shop: the identity token its server signed (issue 12). */
export const createVerifiedSession = (identityToken: string, brandId: string | null) =>
  request<{ token: string; customer: Customer }>('POST', '/api/widget/session', { identityToken, ...(brandId ? { brandId } : {}) });

/**
 * The identity token the embedding page gave (docs/PROTOCOL.md, "Verified customers"): in the
 * fragment of the widget's address, `#identityToken=…` (never sent to any server in a request
 * line or a Referer), taken off the address at once so it is not left in the history.
 */
export function takePageIdentityToken(): string | null {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  const token = params.get('identityToken');
  if (!token) return null;
  params.delete('identityToken');
  const rest = params.toString();
  history.replaceState(null, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  return token;
}

/** The email an identity token names (unverified: only to tell whether it is the person already here). */
export function identityTokenEmail(token: string): string | null {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { email?: unknown };
    return typeof payload.email === 'string' ? payload.email.trim().toLowerCase() : null;
  } catch {
    return null;
  }
}

/** Not yet connected, so the caller can attach its handlers first. */
export function customerSocket(token: string, ackTimeoutMs: number): CustomerSocket {
  // retries: 0: resending is the Outbox's job (same clientId, deduped by the hub).
  return io(hubUrl() + NAMESPACES.customer, { auth: { token }, ackTimeout: ackTimeoutMs, retries: 0, autoConnect: false });
}

/**
 * POSTs one claim photo to the path the hub gave for the case (CustomerCase.photos.uploadPath),
 * as the raw body with the widget token. XMLHttpRequest rather than fetch: it reports upload
 * progress. The hub checks type and size from the bytes and answers with its own message.
 */
export function uploadPhoto(token: string, uploadPath: string, file: File, onProgress: (fraction: number) => void): Promise<UploadReply> {
  return new Promise((resolve, reject) => {
    const url = new URL(uploadPath, hubUrl());
    // Only the hub's own upload route: the widget token goes nowhere else.
    if (url.origin !== hubUrl() || url.pathname !== UPLOAD_PATH) {
      reject(new DeskError('invalid_payload', tr('widget.photo.badAddress')));
      return;
    }
    url.searchParams.set('name', file.name.slice(0, 255));
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url.toString());
    xhr.setRequestHeader('authorization', `Bearer ${token}`);
    xhr.setRequestHeader('content-type', file.type || 'application/octet-stream');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      try {
        resolve(fromHttpReply<UploadReply>(xhr.status, body));
      } catch (e) {
        reject(e);
      }
    };
    // A TypeError reads as "cannot reach the desk" (common/ack errorMessage).
    xhr.onerror = () => reject(new TypeError('The upload did not reach the desk.'));
    xhr.send(file);
  });
}

/**
 * The customer's own transcript as a file (GET /api/widget/transcript with the widget token): a
 * Blob, since the token cannot ride on a plain link. The name comes from the hub's
 * content-disposition when it gives one.
 */
export async function downloadTranscript(token: string, conversationId: string, format: 'pdf' | 'txt'): Promise<{ blob: Blob; fileName: string }> {
  const url = new URL('/api/widget/transcript', hubUrl());
  url.searchParams.set('format', format);
  url.searchParams.set('conversationId', conversationId);
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, credentials: 'omit', cache: 'no-store' });
  if (!res.ok) return fromHttpReply<never>(res.status, await res.json().catch(() => null));
  const disposition = res.headers.get('content-disposition') ?? '';
  // The UTF-8 name (RFC 5987) when the hub gives one (a Japanese brand name), else the plain one.
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const named = utf8 ? decodeURIComponent(utf8) : /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  return { blob: await res.blob(), fileName: named ?? `chat.${format}` };
}
