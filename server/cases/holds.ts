// Open cases hold their linked chats from the retention purge (issue 5): a return or a claim in
// progress may need the conversation it came from. Once the case is closed, cancelled or expired
// the transcript's own purge date applies again.

/**
 * Either store: the async interface (server/store/api.ts) answers with a promise, the synchronous
 * SQLite store (still used by the retention purge while it moves to the async one) with a boolean.
 */
type CasesHolding<R extends boolean | Promise<boolean>> = { cases: { isConversationHeld(conversationId: string): R } };

export function isConversationHeldByOpenCase<R extends boolean | Promise<boolean>>(store: CasesHolding<R>, conversationId: string): R {
  return store.cases.isConversationHeld(conversationId);
}

/** The check the purge takes (server/retention/purge.ts `OpenCaseCheck`), bound to a store. */
export const openCaseCheck =
  <R extends boolean | Promise<boolean>>(store: CasesHolding<R>) =>
  (conversationId: string): R =>
    isConversationHeldByOpenCase(store, conversationId);
