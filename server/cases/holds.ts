// Open cases hold their linked chats from the retention purge (issue 5): a return or a claim in
// progress may need the conversation it came from. Once the case is closed, cancelled or expired
// the transcript's own purge date applies again.
import type { Store } from '../store/index';

export function isConversationHeldByOpenCase(store: Store, conversationId: string): boolean {
  return store.cases.isConversationHeld(conversationId);
}

/** The check the purge takes (server/retention/purge.ts `OpenCaseCheck`), bound to a store. */
export const openCaseCheck =
  (store: Store) =>
  (conversationId: string): boolean =>
    isConversationHeldByOpenCase(store, conversationId);
