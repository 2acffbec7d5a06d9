// caredesk:// links: `caredesk://chat/<conversation id>` opens that chat, `caredesk://transcript/<id>`
// that transcript. Any page or mail can launch such a link, so it is parsed strictly into an
// OpenTarget (never passed on as text) and anything else is dropped: what it can do is only what a
// click in the console could, and the console still checks the agent may see it.
import { OpenTarget } from '../../shared/protocol/ipc';

export const SCHEME = 'caredesk';
/** Far longer than any real link; stops a pathological argv entry before the URL parser. */
const MAX_LINK_CHARS = 200;

export function parseDeepLink(raw: string): OpenTarget | null {
  if (typeof raw !== 'string' || raw.length > MAX_LINK_CHARS || !raw.startsWith(`${SCHEME}://`)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== `${SCHEME}:` || url.username || url.password || url.port || url.search || url.hash) return null;
  const m = /^\/([^/]+)\/?$/.exec(url.pathname);
  if (!m) return null;
  const target = OpenTarget.safeParse({ kind: url.hostname, conversationId: m[1] });
  return target.success ? target.data : null;
}

/** Windows and Linux hand the link to the app as a command-line argument (first or second launch). */
export function deepLinkFromArgv(argv: readonly string[]): OpenTarget | null {
  for (const arg of argv) {
    if (typeof arg === 'string' && arg.startsWith(`${SCHEME}:`)) return parseDeepLink(arg);
  }
  return null;
}
