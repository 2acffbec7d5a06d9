// Canned replies (issue 3): a shared store agents search with "/" in the composer. Supervisors and
// admins keep it; every agent reads it.
import { CANNED_PLACEHOLDERS, unknownPlaceholders } from '../../shared/domain/cannedText';
import { DeskError } from '../../shared/protocol/errors';
import type { CannedReply, CannedSave } from '../../shared/protocol/routing';
import type { StaffUser } from '../../shared/protocol/schemas';
import type { Clock } from '../clock';
import { requireBrand } from '../brands';
import type { HubConfig } from '../config';
import { newId } from '../ids';
import type { StoreApi } from '../store/api';
import { requireReviewer } from '../transcripts/access';

export interface CannedEvents {
  cannedChanged(reply: CannedReply | null, deletedId: string | null): void;
}

export function cannedReplies(store: StoreApi, clock: Clock, config: HubConfig, events: CannedEvents) {
  return {
    /** Replies for a brand (its own and the shared ones), matching `query` in shortcut, title or body. */
    async list(p: { brandId?: string; query?: string } | undefined): Promise<CannedReply[]> {
      const q = p?.query?.replace(/^\//, '').toLowerCase() ?? '';
      return (await store.routing.canned())
        .filter((r) => !p?.brandId || r.brandId === null || r.brandId === p.brandId)
        .filter((r) => !q || r.shortcut.includes(q) || r.title.toLowerCase().includes(q) || r.body.toLowerCase().includes(q));
    },
    async save(user: StaffUser, p: CannedSave): Promise<CannedReply> {
      requireReviewer(user);
      const unknown = unknownPlaceholders(p.body);
      if (unknown.length) {
        const known = Object.keys(CANNED_PLACEHOLDERS).map((k) => `{${k}}`).join(', ');
        throw new DeskError('invalid_payload', `Unknown placeholder ${unknown.map((u) => `{${u}}`).join(', ')}: a reply may use ${known}.`, [{ path: 'body', message: 'unknown placeholder' }]);
      }
      const brandId = p.brandId ? requireBrand(config, p.brandId) : null;
      if (p.id && !await store.routing.cannedById(p.id)) throw new DeskError('not_found', 'No such canned reply.');
      const clash = await store.routing.cannedByShortcut(brandId, p.shortcut);
      if (clash && clash.id !== p.id) throw new DeskError('conflict', `The shortcut /${p.shortcut} is taken.`);
      const reply = await store.writeCalls((tx) => tx.routing.saveCanned({ id: p.id ?? newId('r'), brandId, shortcut: p.shortcut, title: p.title, body: p.body, updatedAt: clock.now().toISOString() }),
      );
      events.cannedChanged(reply, null);
      return reply;
    },
    async remove(user: StaffUser, id: string): Promise<{ id: string }> {
      requireReviewer(user);
      const gone = await store.writeCalls((tx) => tx.routing.deleteCanned(id));
      if (!gone) throw new DeskError('not_found', 'No such canned reply.');
      events.cannedChanged(null, id);
      return { id };
    },
  };
}
export type CannedReplies = ReturnType<typeof cannedReplies>;
