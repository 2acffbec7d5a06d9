// Which address a request comes from. Behind a reverse proxy every request arrives from the proxy,
// so the client is named in X-Forwarded-For, but anyone can write that header: it is believed only
// when the request arrives from a proxy the operator listed in settings.trustedProxies.
import { isIP } from 'node:net';

/** '::ffff:10.0.0.1' and '10.0.0.1' are the same client. */
export function normalizeAddress(a: string): string {
  const v = a.trim().replace(/^\[|\]$/g, '');
  return v.toLowerCase().startsWith('::ffff:') && isIP(v.slice(7)) === 4 ? v.slice(7) : v.toLowerCase();
}

function isTrusted(address: string, trusted: readonly string[]): boolean {
  for (const t of trusted) {
    if (t === 'loopback' ? address === '::1' || address.startsWith('127.') : normalizeAddress(t) === address) return true;
  }
  return false;
}

/**
 * The client's address: the connection's own, unless that is a trusted proxy; then the nearest
 * address in X-Forwarded-For that is not itself a trusted proxy (read from the right: the proxy
 * appends what it saw, anything further left came from the client and may be made up).
 */
export function clientAddress(remote: string | undefined, forwardedFor: string | string[] | undefined, trusted: readonly string[]): string {
  let address = normalizeAddress(remote ?? 'unknown');
  if (!trusted.length || !isTrusted(address, trusted) || forwardedFor === undefined) return address;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map(normalizeAddress)
    .filter((h) => isIP(h) !== 0);
  while (hops.length) {
    address = hops.pop()!;
    if (!isTrusted(address, trusted)) return address;
  }
  return address;
}
