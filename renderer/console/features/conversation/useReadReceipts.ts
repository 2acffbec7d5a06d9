// Read receipts from the console (issue 3): the chat on screen, while the window has the focus,
// is read by its agent up to the customer's latest message. Only the chat's own agent reports: a
// supervisor watching, or anyone looking at a chat still waiting, must not tell the customer "Read"
// (the hub refuses them too).
import { useEffect, useState } from 'react';
import type { ThreadView } from '../../../common/chatDelivery';
import { latestFromOthers, onAttentionChange, pageAttended, ReadReporter } from '../../../common/readReceipts';
import { getLink } from '../../desk/linkRef';
import { readMark, useConversation } from './conversationStore';

const reporter = new ReadReporter((conversationId, seq) => getLink().read(conversationId, seq));

function usePageAttended(): boolean {
  const [attended, setAttended] = useState(pageAttended);
  useEffect(() => onAttentionChange(() => setAttended(pageAttended())), []);
  return attended;
}

/** Call from the component that shows the chat: mounted means on screen. */
export function useReadReceipts(view: ThreadView | undefined, meId: string | undefined): void {
  const attended = usePageAttended();
  const c = view?.conversation;
  const id = c?.id;
  const mine = !!c && !!meId && c.assignedAgent?.id === meId;
  const latest = view && mine ? latestFromOthers(view.messages, 'agent') : 0;
  const known = useConversation((s) => (id ? readMark(s, id, 'agent') : 0));

  useEffect(() => {
    if (!id || !mine || !attended || latest === 0) return;
    reporter.seen(id, latest, known);
    // Left the screen or lost the focus within the pause: not read after all.
    return () => reporter.cancel();
  }, [id, mine, attended, latest, known]);
}

/** How far the customer has read the chat: "Seen" goes under the agent's last message up to here. */
export function useCustomerReadSeq(conversationId: string | undefined): number {
  return useConversation((s) => (conversationId ? readMark(s, conversationId, 'customer') : 0));
}
