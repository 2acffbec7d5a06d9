// Who may read and review which transcripts (POLICY §3: only the customer, or customer care
// acting on the customer's request, may see the customer's data).
// - supervisors and admins: every transcript, and they alone tag, comment, hold and release;
// - agents: the conversations they handled, and those of the customer they are chatting with now.
import { DeskError } from '../../shared/protocol/errors';
import type { StaffUser } from '../../shared/protocol/schemas';
import type { StoreApi } from '../store/api';

export const isReviewer = (u: StaffUser): boolean => u.role === 'supervisor' || u.role === 'admin';

export function requireReviewer(u: StaffUser): void {
  if (!isReviewer(u)) throw new DeskError('forbidden', 'Only a supervisor or an admin may do that.');
}

/** Throws not_found for an unknown id, forbidden for an agent outside their own chats. */
export async function requireTranscriptAccess(store: StoreApi, u: StaffUser, conversationId: string): Promise<void> {
  if (!(await store.conversations.get(conversationId))) throw new DeskError('not_found', 'No such conversation.');
  if (!isReviewer(u) && !(await store.transcripts.agentMaySee(u.id, conversationId))) {
    throw new DeskError('forbidden', 'Agents may read only the transcripts of their own chats and of the customer they are helping.');
  }
}
