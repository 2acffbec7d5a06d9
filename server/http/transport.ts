// Who may talk to the hub at all, checked before any route or socket.io handshake: the Host must
// be one of the hub's own names (a DNS-rebound name such as evil.example → 127.0.0.1 is refused),
// and a browser's Origin must be the hub's own or one of the stores' origins that embed the widget
// (settings.allowedOrigins). A request without an Origin header comes from no web page (a CLI, a
// server, an outside client): Host still applies to it.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import { DeskError } from '../../shared/protocol/errors';

export interface TransportSettings {
  /** Origins of pages other than the hub's own that may use it, e.g. "https://shop.example". */
  allowedOrigins: string[];
  /** Host names the hub answers to beyond its own address and localhost (a proxy's public name). */
  allowedHosts: string[];
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
const ANY_ADDRESS = new Set(['0.0.0.0', '::', '']);

/** "Host: name:port", "[::1]:port" → the bare, lower-case host name. */
export function hostName(hostHeader: string | undefined): string | null {
  if (!hostHeader) return null;
  try {
    const h = new URL(`http://${hostHeader}`).hostname.toLowerCase();
    return h.startsWith('[') ? h.slice(1, -1) : h;
  } catch {
    return null;
  }
}

/** "https://Shop.Example:443/" → "https://shop.example"; null for anything that is no http(s) origin. */
export function normalOrigin(value: string): string | null {
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return u.origin;
  } catch {
    return null;
  }
}

export interface TransportGuard {
  /** Throws `forbidden` for a Host or Origin the hub does not serve. */
  check(req: IncomingMessage): void;
  /** The Origin when it is an allowed cross-site one (CORS headers go to it), else null. */
  crossOrigin(req: IncomingMessage): string | null;
  /** The list socket.io's CORS answers with. */
  corsOrigins(): string[];
}

export function transportGuard(settings: () => TransportSettings, bound: { host: string }): TransportGuard {
  const boundHost = hostName(bound.host.includes(':') ? `[${bound.host}]` : bound.host) ?? '';
  const hosts = (): Set<string> => {
    const names = new Set<string>(LOOPBACK_NAMES);
    for (const h of settings().allowedHosts) names.add(h.toLowerCase().replace(/^\[|\]$/g, ''));
    if (ANY_ADDRESS.has(boundHost)) {
      // Bound to every interface: each of this machine's addresses is one of its names.
      for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) names.add(a.address.toLowerCase());
    } else {
      names.add(boundHost);
    }
    return names;
  };
  const allowedOrigins = () => new Set(settings().allowedOrigins.map(normalOrigin).filter((o): o is string => o !== null));

  const originOf = (req: IncomingMessage): string | undefined => {
    const o = req.headers.origin;
    return typeof o === 'string' ? o : undefined;
  };

  /**
   * The page is the hub's own: its origin names the host (and port) the request was sent to, or a
   * name the operator listed in settings.allowedHosts (a proxy that rewrites Host still serves its
   * pages from that name). Loopback names count only with the same port: another local server's
   * page is another site.
   */
  const sameOrigin = (origin: string, req: IncomingMessage): boolean => {
    const o = normalOrigin(origin);
    if (!o) return false;
    const u = new URL(o);
    if (u.host === (req.headers.host ?? '').toLowerCase()) return true;
    return settings().allowedHosts.some((h) => h.toLowerCase().replace(/^\[|\]$/g, '') === hostName(u.host));
  };

  return {
    check(req) {
      const host = hostName(req.headers.host);
      if (!host || !hosts().has(host)) {
        const shown = String(req.headers.host ?? '(none)').slice(0, 100);
        throw new DeskError('forbidden', `This hub does not answer to the host name ${shown}. An operator can add it to settings.allowedHosts.`);
      }
      const origin = originOf(req);
      if (origin === undefined) return;
      if (sameOrigin(origin, req)) return;
      const normal = normalOrigin(origin);
      if (normal && allowedOrigins().has(normal)) return;
      throw new DeskError('forbidden', `Pages from ${origin.slice(0, 100)} may not use this hub. An operator can add the origin to settings.allowedOrigins.`);
    },
    crossOrigin(req) {
      const origin = originOf(req);
      if (!origin || sameOrigin(origin, req)) return null;
      const normal = normalOrigin(origin);
      return normal && allowedOrigins().has(normal) ? normal : null;
    },
    corsOrigins: () => [...allowedOrigins()],
  };
}

/** CORS headers for an allowed store page; the API uses bearer tokens, never cookies, so no credentials. */
export function corsHeaders(origin: string): Record<string, string> {
  return {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': 'GET, POST',
    'access-control-allow-headers': 'authorization, content-type, accept',
    'access-control-max-age': '600',
    vary: 'Origin',
  };
}

/** Answers a CORS preflight (OPTIONS) for an allowed origin; true when it did. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, origin: string | null): boolean {
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(origin ? 204 : 403, origin ? corsHeaders(origin) : {});
  res.end();
  return true;
}
