// Builds the live link after sign-in and routes what it reports into the feature stores; also
// decides which events deserve an OS notification.
import { DEFAULT_POLICY } from '../../../shared/domain/config';
import type { OpenTarget } from '../../../shared/protocol/ipc';
import type { Note, Offer } from '../../../shared/protocol/routing';
import type { Conversation, Message } from '../../../shared/protocol/schemas';
import type { ConsoleConfig } from '../../../shared/protocol/staff';
import { bridge } from '../bridge';
import { tr } from '../../common/i18n';
import { useCanned } from '../features/canned/cannedStore';
import { useCases } from '../features/cases/casesStore';
import { useConnection } from '../features/connection/connectionStore';
import { useConversation } from '../features/conversation/conversationStore';
import { useCustomer } from '../features/customer/customerStore';
import { useLock } from '../features/lock/lockStore';
import { useNotes } from '../features/notes/notesStore';
import { useQueue } from '../features/queue/queueStore';
import { useReports } from '../features/reports/reportsStore';
import { useRouting } from '../features/routing/routingStore';
import { useSupervise } from '../features/supervise/superviseStore';
import { useSettings } from '../features/settings/settingsStore';
import { useTickets } from '../features/tickets/ticketsStore';
import { useTranscripts } from '../features/transcripts/transcriptsStore';
import { AgentLink } from './agentLink';
import { useDeskView } from './deskView';
import { currentSession } from './session';
import { toast, useToasts } from './toasts';
import { maybeLink, setLink } from './linkRef';

// Only if the hub cannot say: the desk still locks when idle, after the policy's default.
const FALLBACK_SETTINGS: ConsoleConfig = {
  deskName: 'Customer Care',
  idleLockMs: DEFAULT_POLICY.chat.idleLockMs,
  messageMaxChars: DEFAULT_POLICY.chat.messageMaxChars,
  ackTimeoutMs: 5000,
  brands: [{ id: 'default', name: 'Customer Care' }],
  transcriptMonths: DEFAULT_POLICY.retention.transcriptMonths,
  privacyDueMonths: DEFAULT_POLICY.privacy.dueMonths,
  settingsWarnings: [],
};

/** While locked, a notification may say that something arrived, never who or what. */
const locked = () => useLock.getState().locked;

/** Only bother the agent when they are looking elsewhere. */
function awayFromDesk(): boolean {
  return document.visibilityState !== 'visible' || !document.hasFocus();
}

/** A click on a notification opens the chat it is about. */
const chat = (conversationId: string): OpenTarget => ({ kind: 'chat', conversationId });

/** The badge and tray follow the unread count of every chat of mine. */
function followUnread(): () => void {
  const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
  bridge.setUnread(total(useQueue.getState().unread.counts));
  const stop = useQueue.subscribe((s) => bridge.setUnread(total(s.unread.counts)));
  return () => {
    stop();
    bridge.setUnread(0);
  };
}

let stopUnread: (() => void) | null = null;

function notifier() {
  let known: Set<string> | null = null;
  return {
    queue(conversations: Conversation[]) {
      const waiting = conversations.filter((c) => c.status === 'waiting');
      // The first queue after connecting is the backlog, not news.
      if (known && awayFromDesk()) {
        for (const c of waiting) {
          if (!known.has(c.id)) void bridge.notifications.notify(tr('desk.notify.waitingTitle'), locked() ? tr('desk.notify.waitingLocked') : tr('desk.notify.waiting', { name: c.customer.name }), chat(c.id));
        }
      }
      known = new Set(conversations.map((c) => c.id));
    },
    /** Offers lapse within seconds: worth a notification whenever the agent looks elsewhere. */
    offer(o: Offer) {
      if (!awayFromDesk()) return;
      void bridge.notifications.notify(
        tr('desk.notify.offerTitle'),
        locked() ? tr('desk.notify.offerLocked') : tr('desk.notify.offer', { name: o.conversation.customer.name }),
        chat(o.conversation.id),
      );
    },
    assigned(c: Conversation, note: Note | null) {
      if (!awayFromDesk()) return;
      const body = note ? tr('desk.notify.transferBy', { name: c.customer.name, by: note.author.name, note: note.body.slice(0, 160) }) : c.customer.name;
      void bridge.notifications.notify(tr('desk.notify.transferTitle'), locked() ? tr('desk.notify.transferLocked') : body, chat(c.id));
    },
    message(m: Message) {
      if (m.author.kind !== 'customer') return;
      if (locked()) {
        useLock.getState().noteArrival();
        if (awayFromDesk()) void bridge.notifications.notify(tr('desk.notify.messageTitle'), tr('desk.notify.messageLocked'), chat(m.conversationId));
      } else if (awayFromDesk()) void bridge.notifications.notify(m.author.name, m.body.slice(0, 200), chat(m.conversationId));
    },
  };
}

export async function startDesk(token: string, userId: string, onRevoked: (reason: string) => void): Promise<void> {
  stopDesk();
  const settings = await bridge.hub.consoleConfig(token).catch(() => FALLBACK_SETTINGS);
  useConnection.getState().setSettings(settings);
  // What this agent typed before the app was closed while the hub was out of reach.
  const unsent = await bridge.outbox.load(userId).catch(() => []);
  const socket = await bridge.connectAgent(token, { ackTimeoutMs: settings.ackTimeoutMs });
  const notify = notifier();
  const conversation = useConversation.getState();
  const queue = useQueue.getState();
  const connection = useConnection.getState();
  setLink(
    new AgentLink(socket, {
      status: connection.setStatus,
      queue(conversations, previews) {
        queue.setQueue(conversations, previews);
        notify.queue(conversations);
      },
      thread: conversation.setThread,
      conversation(c) {
        noticeChange(c);
        queue.patch(c);
      },
      message(m) {
        queue.arrived(m, useConversation.getState().selectedId);
        notify.message(m);
      },
      typing: conversation.setTyping,
      read: conversation.setRead,
      revoked(reason) {
        setLink(null);
        resetStores();
        onRevoked(reason);
      },
      problem: connection.setProblem,
      pending(pending) {
        bridge.outbox.save(userId, pending).catch((e: unknown) => connection.setProblem(tr('connection.outboxFailed', { error: e instanceof Error ? e.message : String(e) })));
      },
    }),
  );
  stopUnread = followUnread();
  // Cases and orders share the link's socket: their pushes (case:updated) go to the cases store.
  const link = maybeLink();
  if (link && unsent.length) link.restore(unsent);
  if (link) {
    useCases.getState().attach(link.cases);
    // Copy deliveries (transcripts:copy-updated) go to the transcripts store; link.close() drops the listener.
    useTranscripts.getState().attach(link.transcripts);
    useSupervise.getState().attach(link.supervise);
    useTickets.getState().attach(link.tickets);
    useSettings.getState().attach(link.settings);
    // Status, offers, transfers, notes and canned replies (issue 3); link.close() drops the listeners.
    useRouting.getState().attach(link.routing);
    useNotes.getState().attach(link.routing);
    useCanned.getState().attach(link.routing);
    link.routing.onOffered(notify.offer);
    link.routing.onAssigned(notify.assigned);
  }
}

/**
 * A chat of this agent's that changed under them (issue 9): shown, not only announced. Ended by
 * the customer (or the hub), or moved away (a supervisor's reassign, the offline requeue).
 */
function noticeChange(c: Conversation): void {
  const me = currentSession()?.user.id;
  const before = useQueue.getState().conversations.find((x) => x.id === c.id);
  if (!me || !before || before.assignedAgent?.id !== me) return;
  const open = () => {
    useDeskView.getState().setView('chats');
    void useConversation.getState().select(c.id);
  };
  if (c.status === 'ended' && before.status !== 'ended') {
    // Ended here by this agent: nothing to tell them.
    if (useConversation.getState().busy[c.id] === 'ending') return;
    toast(tr('toast.ended', { name: c.customer.name }), 'info', { label: tr('toast.open'), run: open });
  } else if (c.status !== 'ended' && c.assignedAgent?.id !== me) {
    toast(c.assignedAgent ? tr('toast.moved', { name: c.customer.name, agent: c.assignedAgent.name }) : tr('toast.requeued', { name: c.customer.name }), 'warn');
  }
}

export function stopDesk(): void {
  stopUnread?.();
  stopUnread = null;
  maybeLink()?.close();
  setLink(null);
  resetStores();
}

function resetStores(): void {
  useDeskView.getState().reset();
  useToasts.getState().reset();
  useConversation.getState().reset();
  useQueue.getState().reset();
  useCases.getState().reset();
  useTranscripts.getState().reset();
  useSupervise.getState().reset();
  useTickets.getState().reset();
  useRouting.getState().reset();
  useNotes.getState().reset();
  useCanned.getState().reset();
  useReports.getState().reset();
  useSettings.getState().reset();
  useCustomer.getState().reset();
  useConnection.getState().setStatus('offline');
  useConnection.getState().setProblem(null);
}
