// Origin comparisons are the basis of every trust decision in the shell (navigation, IPC,
// permissions), so they go through one parser instead of string prefixes, which
// `http://127.0.0.1:80@evil.example` style URLs defeat.

/** The URL's origin, or null for anything unparsable or opaque (file:, data:, about:blank). */
export function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

export function isHttpsUrl(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The team hub named by CAREDESK_HUB_URL, normalised without a trailing slash, or null when unset.
 * Throws on anything that is not a plain http(s) URL, so a typo stops the app with a clear
 * message instead of loading something unexpected into a privileged window.
 */
export function teamHubUrl(raw: string | undefined): string | null {
  const value = raw?.trim();
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`CAREDESK_HUB_URL is not a URL: ${value}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`CAREDESK_HUB_URL must be an http(s) URL, got ${url.protocol}`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new Error('CAREDESK_HUB_URL must be the hub address only (no credentials, query or fragment)');
  }
  // Sign-in passwords, session tokens and customers' messages would cross the network readable
  // and forgeable by anyone on the way; only this computer's own loopback may do without TLS.
  if (url.protocol === 'http:' && !isLoopback(url.href)) {
    throw new Error(`CAREDESK_HUB_URL must use https for a team hub (plain http only for 127.0.0.1, ::1 or localhost), got ${url.origin}`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** The three loopback names the desk accepts without TLS; the URL parser has already normalised them. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

export function isLoopback(url: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(url).hostname);
  } catch {
    return false;
  }
}
