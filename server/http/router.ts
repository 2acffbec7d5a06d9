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

/** The body as JSON, or as raw bytes (a Buffer) for upload routes. */
async function readBody(req: IncomingMessage, maxBytes: number, raw = false): Promise<unknown> {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined;
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw new DeskError('too_large', `Request body over ${maxBytes} bytes.`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new DeskError('too_large', `Request body over ${maxBytes} bytes.`);
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  if (raw) return Buffer.concat(chunks);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
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
    private readonly maxBodyBytes: number,
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
      const body = await readBody(req, rawLimit ? rawLimit() : this.maxBodyBytes, rawLimit !== undefined);
      const auth = req.headers.authorization;
      const bearer = auth?.startsWith('Bearer ') ? auth.slice(7) : undefined;
      const data = await handler({ req, url, body, bearer });
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
      sendJson(res, STATUS[error.code] ?? 500, { ok: false, error }, unread ? { connection: 'close' } : {});
    }
    return true;
  }
}
