// Who may read and review which transcripts (POLICY §3: only the customer, or customer care
// acting on the customer's request, may see the customer's data).
// - supervisors and admins: every transcript, and they alone tag, comment, hold and release;
// - agents: the conversations they handled, and those of the customer they are chatting with now.
import { DeskError } from '../../shared/protocol/errors';
import type { StaffUser } from '../../shared/protocol/schemas';
import type { StoreApi } from '../store/api';
import type { Store } from '../store/index';

export const isReviewer = (u: StaffUser): boolean => u.role === 'supervisor' || u.role === 'admin';

export function requireReviewer(u: StaffUser): void {
  if (!isReviewer(u)) throw new DeskError('forbidden', 'Only a supervisor or an admin may do that.');
}

function check(u: StaffUser, exists: boolean, agentMaySee: boolean): void {
  if (!exists) throw new DeskError('not_found', 'No such conversation.');
  if (!isReviewer(u) && !agentMaySee) {
    throw new DeskError('forbidden', 'Agents may read only the transcripts of their own chats and of the customer they are helping.');
  }
}

/** Throws (rejects) not_found for an unknown id, forbidden for an agent outside their own chats. */
export function requireTranscriptAccess(store: StoreApi, u: StaffUser, conversationId: string): Promise<void>;
/** The synchronous store: only for chat's read rule (server/chat/chatService.ts) until it moves to StoreApi. */
export function requireTranscriptAccess(store: Store, u: StaffUser, conversationId: string): void;
export function requireTranscriptAccess(store: Store | StoreApi, u: StaffUser, conversationId: string): void | Promise<void> {
  if ('backend' in store) {
    return (async () => {
      const exists = (await store.conversations.get(conversationId)) !== undefined;
      check(u, exists, !exists || isReviewer(u) || (await store.transcripts.agentMaySee(u.id, conversationId)));
    })();
  }
  const exists = store.conversations.get(conversationId) !== undefined;
  check(u, exists, !exists || isReviewer(u) || store.transcripts.agentMaySee(u.id, conversationId));
}
