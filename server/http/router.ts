// A deliberately small JSON router: a handful of routes do not need a framework. Bodies are
// size-limited and schema-validated; every error is a typed JSON reply.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DeskError } from '../../shared/protocol/errors';
import { toProtocolError, type Log } from '../realtime/handle';

export interface RouteContext {
  req: IncomingMessage;
  url: URL;
  body: unknown;
  bearer: string | undefined;
  /** The client's address (X-Forwarded-For only from settings.trustedProxies), for limits. */
  address: string;
}

export type RouteHandler = (ctx: RouteContext) => unknown | Promise<unknown>;

const STATUS: Record<string, number> = {
  invalid_payload: 400,
  too_large: 413,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  closed: 409,
  rate_limited: 429,
  locked: 423,
  verification_required: 403,
  code_invalid: 400,
  code_expired: 410,
  setup_closed: 403,
  internal: 500,
};

/** A reply that is a file rather than JSON (a transcript download). */
export class FileReply {
  constructor(
    readonly body: Buffer,
    readonly mime: string,
    readonly fileName: string,
  ) {}
}

/** An ASCII fallback name and, when the name is not plain ASCII, the UTF-8 one (RFC 6266 / 5987). */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  if (ascii === fileName) return `attachment; filename="${fileName}"`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers });
  res.end(text);
}

/** A refusal with its own HTTP status (415), still answered with the typed JSON error. */
export class HttpRefusal extends DeskError {
  constructor(
    readonly status: number,
    code: DeskError['code'],
    message: string,
  ) {
    super(code, message);
  }
}

export interface BodyLimits {
  /** Largest JSON body. */
  maxBytes: number;
  /**
   * A refused body is read to its end (and thrown away) before the reply, so the client is not
   * cut off mid-send and reads the 413; past this many bytes the connection is closed instead.
   */
  drainMaxBytes: number;
}

const tooLarge = (max: number) => new DeskError('too_large', `Request body over ${max} bytes.`);

/** Reads and discards the rest of a refused body (up to `limit` bytes in all), so the reply can be read. */
export async function drain(req: IncomingMessage, already: number, limit: number): Promise<void> {
  let size = already;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) return; // leaving the loop destroys the request; the reply says close
  }
}

/**
 * The content types a state-changing request may carry: JSON (UTF-8) for the API, image bytes for
 * uploads. A cross-site HTML form can only send text/plain, form-urlencoded or multipart without
 * the browser asking first, so none of those reaches a handler.
 */
function contentTypeRefusal(req: IncomingMessage, raw: boolean): HttpRefusal | null {
  const header = req.headers['content-type'];
  const declaredEmpty = req.headers['content-length'] === '0' || (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined);
  if (header === undefined) {
    return declaredEmpty ? null : new HttpRefusal(415, 'invalid_payload', raw ? 'Send the file with its image type as Content-Type.' : 'Send the body as JSON (Content-Type: application/json).');
  }
  const [type = '', ...params] = header.toLowerCase().split(';').map((p) => p.trim());
  const charset = params.find((p) => p.startsWith('charset='))?.slice(8).replace(/"/g, '');
  if (raw) {
    if (type === 'application/octet-stream' || /^image\/[a-z0-9.+-]+$/.test(type)) return null;
    return new HttpRefusal(415, 'invalid_payload', `Content-Type ${type || '(empty)'} is not accepted here: send the image bytes with their image type.`);
  }
  if (type !== 'application/json') return new HttpRefusal(415, 'invalid_payload', `Content-Type ${type || '(empty)'} is not accepted: send the body as JSON (Content-Type: application/json).`);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return new HttpRefusal(415, 'invalid_payload', `charset ${charset} is not accepted: send JSON as UTF-8.`);
  }
  return null;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as JSON, or as raw bytes (a Buffer) for upload routes. */
async function readBody(req: IncomingMessage, limits: BodyLimits, raw = false): Promise<unknown> {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  const { maxBytes, drainMaxBytes } = limits;
  const refusal = contentTypeRefusal(req, raw);
  if (refusal) {
    await drain(req, 0, drainMaxBytes);
    throw refusal;
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    // Too big to take, small enough to drain: read it to the end so the client reads the 413.
    if (declared <= drainMaxBytes) await drain(req, 0, drainMaxBytes);
    throw tooLarge(maxBytes);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      await drain(req, size, drainMaxBytes);
      throw tooLarge(maxBytes);
    }
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  if (raw) return Buffer.concat(chunks);
  let text: string;
  try {
    text = utf8.decode(Buffer.concat(chunks));
  } catch {
    throw new DeskError('invalid_payload', 'The request body is not UTF-8 text.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new DeskError('invalid_payload', 'The request body is not valid JSON.');
  }
}

export class Router {
  private routes = new Map<string, RouteHandler>();
  /** Routes whose body is bytes (uploads), with their own size limit, read when a request comes. */
  private rawLimits = new Map<string, () => number>();

  constructor(
    private readonly log: Log,
    private readonly limits: BodyLimits,
    private readonly addressOf: (req: IncomingMessage) => string = (req) => req.socket.remoteAddress ?? 'unknown',
  ) {}

  get(path: string, h: RouteHandler): this {
    this.routes.set(`GET ${path}`, h);
    return this;
  }

  post(path: string, h: RouteHandler): this {
    this.routes.set(`POST ${path}`, h);
    return this;
  }

  /** A POST whose body is raw bytes up to `maxBytes()`: the handler's body is a Buffer (or undefined). */
  postRaw(path: string, maxBytes: () => number, h: RouteHandler): this {
    this.rawLimits.set(`POST ${path}`, maxBytes);
    return this.post(path, h);
  }

  /** Returns false when no route matches, so the caller can try static files. */
  async handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const url = new URL(req.url ?? '/', 'http://hub.local');
    const handler = this.routes.get(`${req.method} ${url.pathname}`);
    if (!handler) {
      if (url.pathname.startsWith('/api/')) {
        sendJson(res, 404, { ok: false, error: { code: 'not_found', message: `No route ${req.method} ${url.pathname}.` } });
        return true;
      }
      return false;
    }
    try {
      const rawLimit = this.rawLimits.get(`${req.method} ${url.pathname}`);
      const limits = rawLimit ? { ...this.limits, maxBytes: rawLimit() } : this.limits;
      const body = await readBody(req, limits, rawLimit !== undefined);
      const auth = req.headers.authorization;
      // The scheme's name is case-insensitive (RFC 9110 §11.1).
      const bearer = auth && /^bearer /i.test(auth) ? auth.slice(7) : undefined;
      const data = await handler({ req, url, body, bearer, address: this.addressOf(req) });
      if (data instanceof FileReply) {
        res.writeHead(200, {
          'content-type': data.mime,
          'content-length': String(data.body.length),
          'content-disposition': contentDisposition(data.fileName),
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        });
        res.end(data.body);
        return true;
      }
      sendJson(res, 200, { ok: true, data: data ?? null });
    } catch (e) {
      const error = toProtocolError(e, this.log, `${req.method} ${url.pathname}`);
      // A refused body may still be arriving: let it drain, then close, so the client reads the reply.
      const unread = !req.complete;
      if (unread) req.resume();
      const status = e instanceof HttpRefusal ? e.status : (STATUS[error.code] ?? 500);
      const headers: Record<string, string> = unread ? { connection: 'close' } : {};
      // Whole seconds, rounded up: a client that waits exactly this long is not refused again.
      if (error.retryAfterMs !== undefined) headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
      sendJson(res, status, { ok: false, error }, headers);
    }
    return true;
  }
}
