// Which canned replies match what follows "/" in the composer, best first. Pure: tested alone.
import type { CannedReply } from '../../../../shared/protocol/routing';

export const CANNED_SHOWN = 8;

/** "/ret" at the very start of the draft (nothing else typed yet) opens the picker with "ret". */
export function cannedQuery(draft: string): string | null {
  const m = /^\/([^\s/]*)$/.exec(draft);
  return m ? m[1]!.toLowerCase() : null;
}

function rank(r: CannedReply, q: string): number {
  if (!q) return 0;
  if (r.shortcut.startsWith(q)) return 0;
  if (r.shortcut.includes(q)) return 1;
  if (r.title.toLowerCase().includes(q)) return 2;
  if (r.body.toLowerCase().includes(q)) return 3;
  return -1;
}

/** Replies for the chat's brand (its own and the shared ones; every reply when it is not known). */
export function filterCanned(replies: CannedReply[], query: string, brandId: string | null = null, limit = CANNED_SHOWN): CannedReply[] {
  const q = query.trim().replace(/^\//, '').toLowerCase();
  return replies
    .filter((r) => brandId === null || r.brandId === null || r.brandId === brandId)
    .map((r) => ({ r, score: rank(r, q) }))
    .filter((x) => x.score >= 0)
    .sort((a, b) => a.score - b.score || a.r.shortcut.localeCompare(b.r.shortcut))
    .slice(0, limit)
    .map((x) => x.r);
}

/** Keeps the list as the hub's canned:updated says: a saved reply replaces its old self, a deleted one goes. */
export function applyCannedUpdate(replies: CannedReply[], reply: CannedReply | null, deletedId: string | null): CannedReply[] {
  const rest = replies.filter((r) => r.id !== deletedId && r.id !== reply?.id);
  return reply ? [...rest, reply] : rest;
}
