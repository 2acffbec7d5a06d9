// Builds the live link after sign-in and routes what it reports into the feature stores; also
// decides which events deserve an OS notification.
import type { Conversation, Message } from '../../../shared/protocol/schemas';
import { bridge, type HubSettings } from '../bridge';
import { useConnection } from '../features/connection/connectionStore';
import { useConversation } from '../features/conversation/conversationStore';
import { useQueue } from '../features/queue/queueStore';
import { AgentLink } from './agentLink';
import { maybeLink, setLink } from './linkRef';

const FALLBACK_SETTINGS: HubSettings = { deskName: 'Customer Care', retentionMonths: 13, messageMaxChars: 4000, ackTimeoutMs: 5000 };

/** Only bother the agent when they are looking elsewhere. */
function awayFromDesk(): boolean {
  return document.visibilityState !== 'visible' || !document.hasFocus();
}

function notifier() {
  let known: Set<string> | null = null;
  return {
    queue(conversations: Conversation[]) {
      const waiting = conversations.filter((c) => c.status === 'waiting');
      // The first queue after connecting is the backlog, not news.
      if (known && awayFromDesk()) {
        for (const c of waiting) if (!known.has(c.id)) void bridge.notifications.notify('Customer waiting', `${c.customer.name} is waiting for an agent.`);
      }
      known = new Set(conversations.map((c) => c.id));
    },
    message(m: Message) {
      if (m.author.kind === 'customer' && awayFromDesk()) void bridge.notifications.notify(m.author.name, m.body.slice(0, 200));
    },
  };
}

export async function startDesk(token: string, onRevoked: (reason: string) => void): Promise<void> {
  stopDesk();
  const settings = await bridge.hub.settings().catch(() => FALLBACK_SETTINGS);
  useConnection.getState().setSettings(settings);
  const socket = await bridge.connectAgent(token, { ackTimeoutMs: settings.ackTimeoutMs });
  const notify = notifier();
  const conversation = useConversation.getState();
  const queue = useQueue.getState();
  const connection = useConnection.getState();
  setLink(
    new AgentLink(socket, {
      status: connection.setStatus,
      queue(conversations) {
        queue.setQueue(conversations);
        notify.queue(conversations);
      },
      thread: conversation.setThread,
      conversation: queue.patch,
      message: notify.message,
      typing: conversation.setTyping,
      revoked(reason) {
        setLink(null);
        resetStores();
        onRevoked(reason);
      },
      problem: connection.setProblem,
    }),
  );
}

export function stopDesk(): void {
  maybeLink()?.close();
  setLink(null);
  resetStores();
}

function resetStores(): void {
  useConversation.getState().reset();
  useQueue.getState().reset();
  useConnection.getState().setStatus('offline');
  useConnection.getState().setProblem(null);
}
