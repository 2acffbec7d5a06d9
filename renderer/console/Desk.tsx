// The signed-in screen: top bar with the desk's sections, then the chats (queue and open
// conversation), cases, transcripts, accounts (admins) or sessions. Idle for policy.chat.idleLockMs, it locks.
import { useEffect, useState } from 'react';
import { bridge, type NotificationState } from './bridge';
import { DeskNav, maySupervise, type DeskView } from './DeskNav';
import { onOpenRequest, showTarget } from './desk/openRequests';
import { AccountsView } from './features/accounts/AccountsView';
import { CasesView } from './features/cases/CasesView';
import { useAuth } from './features/auth/authStore';
import { ConnectionBanner } from './features/connection/ConnectionBanner';
import { useConnection } from './features/connection/connectionStore';
import { ConversationPane } from './features/conversation/ConversationPane';
import { useConversation } from './features/conversation/conversationStore';
import { CustomerSide } from './features/customer/CustomerPanel';
import { useIdleLock } from './features/lock/useIdleLock';
import { QueuePanel } from './features/queue/QueuePanel';
import { navOrder, useQueue } from './features/queue/queueStore';
import { AgentStatusControl } from './features/routing/AgentStatusControl';
import { useChatShortcuts } from './features/routing/useChatShortcuts';
import { PrivacyView } from './features/privacy/PrivacyView';
import { LabelDecisionNotices } from './features/cases/LabelApprovals';
import { SessionsView } from './features/sessions/SessionsView';
import { SettingsBanner } from './features/settings/SettingsBanner';
import { SettingsView } from './features/settings/SettingsView';
import { LiveView } from './features/supervise/LiveView';
import { TicketsView } from './features/tickets/TicketsView';
import { TranscriptsView } from './features/transcripts/TranscriptsView';

export function Desk() {
  const user = useAuth((s) => s.user);
  const signOut = useAuth((s) => s.signOut);
  const lock = useAuth((s) => s.lock);
  const deskName = useConnection((s) => s.settings?.deskName);
  const idleLockMs = useConnection((s) => s.settings?.idleLockMs);
  const [chosen, setView] = useState<DeskView>('chats');
  const isAdmin = user?.role === 'admin';
  // Someone demoted meanwhile is not left looking at an admin page.
  const view = ((chosen === 'accounts' || chosen === 'settings') && !isAdmin) || ((chosen === 'live' || chosen === 'privacy') && !maySupervise(user?.role)) ? 'chats' : chosen;
  useIdleLock(idleLockMs, lock);
  useConversationShortcuts(setView);
  useChatShortcuts(setView);
  useWaitingInTitle();
  // A clicked notification or a caredesk:// link shows its chat or transcript.
  useEffect(() => onOpenRequest((target) => void showTarget(target, setView)), []);

  return (
    <div className="desk">
      <header className="desk__top">
        <div className="topbar">
          <div className="topbar__brand">
            <h1 className="brand">Care desk</h1>
            {deskName ? <span className="topbar__desk">{deskName}</span> : null}
          </div>
          <DeskNav view={view} onChange={setView} isAdmin={isAdmin} />
          <div className="topbar__user">
            <AgentStatusControl />
            <NotificationsButton />
            <span className="topbar__name" data-testid="signed-in-user">
              {user?.name} <span className="topbar__role">{user?.role}</span>
            </span>
            <button type="button" className="btn btn--ghost" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
        </div>
        <ConnectionBanner />
        <SettingsBanner onOpenSettings={() => setView('settings')} />
        <LabelDecisionNotices onOpenCases={() => setView('cases')} />
      </header>
      {view === 'chats' ? (
        <div className="desk__body">
          <QueuePanel />
          <main className="desk__main">
            <ConversationPane />
          </main>
          <CustomerSide />
        </div>
      ) : (
        <main className="desk__page">
          {view === 'accounts' ? <AccountsView /> : view === 'settings' ? <SettingsView /> : view === 'live' ? <LiveView /> : view === 'tickets' ? <TicketsView /> : view === 'cases' ? <CasesView /> : view === 'transcripts' ? <TranscriptsView /> : view === 'privacy' ? <PrivacyView /> : <SessionsView />}
        </main>
      )}
      <footer className="helpline">
        Shortcuts: <kbd>Enter</kbd> send · <kbd>Shift</kbd>+<kbd>Enter</kbd> new line · <kbd>/</kbd> canned reply · <kbd>Alt</kbd>+<kbd>↓</kbd> /{' '}
        <kbd>Alt</kbd>+<kbd>↑</kbd> next / previous chat · <kbd>Alt</kbd>+<kbd>A</kbd> accept offer · <kbd>Alt</kbd>+<kbd>C</kbd> reply box ·{' '}
        <kbd>Alt</kbd>+<kbd>N</kbd> private note · <kbd>Alt</kbd>+<kbd>T</kbd> transfer · <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>E</kbd> end chat
      </footer>
    </div>
  );
}

/** "(2) Care desk": the waiting count stays visible from another tab or the taskbar. */
function useWaitingInTitle(): void {
  const waiting = useQueue((s) => s.conversations.filter((c) => c.status === 'waiting').length);
  useEffect(() => {
    document.title = waiting > 0 ? `(${waiting}) Care desk` : 'Care desk';
    return () => {
      document.title = 'Care desk';
    };
  }, [waiting]);
}

/** Alt+↓ / Alt+↑ walk the queue in the order it is shown (from any section: it opens Chats). */
function useConversationShortcuts(setView: (view: DeskView) => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || (e.key !== 'ArrowDown' && e.key !== 'ArrowUp')) return;
      const order = navOrder(useQueue.getState().conversations);
      if (order.length === 0) return;
      e.preventDefault();
      const { selectedId, select } = useConversation.getState();
      const at = order.findIndex((c) => c.id === selectedId);
      const step = e.key === 'ArrowDown' ? 1 : -1;
      const next = at === -1 ? (step === 1 ? 0 : order.length - 1) : (at + step + order.length) % order.length;
      const target = order[next];
      if (!target) return;
      setView('chats');
      void select(target.id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setView]);
}

function NotificationsButton() {
  const [state, setState] = useState<NotificationState>(() => bridge.notifications.state());
  if (state !== 'default') return null;
  return (
    <button type="button" className="btn btn--ghost" onClick={() => void bridge.notifications.request().then(setState)}>
      Enable notifications
    </button>
  );
}
