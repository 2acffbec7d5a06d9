// The signed-in screen: top bar with the desk's sections, then the chats (queue and open
// conversation), cases, transcripts, accounts (admins) or sessions. Idle for policy.chat.idleLockMs, it locks.
import { lazy, Suspense, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageKey } from '../common/i18n';
import { PRODUCT_NAME } from './desk/consoleLocale';
import { useDeskView } from './desk/deskView';
import { useToasts } from './desk/toasts';
import { Toasts } from '../common/Toasts';
import { formatCount } from '../common/format';
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
import { CannedView } from './features/canned/CannedView';
import { TicketsView } from './features/tickets/TicketsView';
import { TranscriptsView } from './features/transcripts/TranscriptsView';

export function Desk() {
  const { t } = useTranslation();
  const user = useAuth((s) => s.user);
  const signOut = useAuth((s) => s.signOut);
  const lock = useAuth((s) => s.lock);
  const deskName = useConnection((s) => s.settings?.deskName);
  const idleLockMs = useConnection((s) => s.settings?.idleLockMs);
  const chosen = useDeskView((s) => s.view);
  const setView = useDeskView((s) => s.setView);
  const isAdmin = user?.role === 'admin';
  // Someone demoted meanwhile is not left looking at an admin or supervisor page.
  const view = ((chosen === 'accounts' || chosen === 'settings') && !isAdmin) || ((chosen === 'live' || chosen === 'reports' || chosen === 'privacy') && !maySupervise(user?.role)) ? 'chats' : chosen;
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
            <h1 className="brand">{PRODUCT_NAME}</h1>
            {deskName ? <span className="topbar__desk">{deskName}</span> : null}
          </div>
          <DeskNav view={view} onChange={setView} isAdmin={isAdmin} />
          <div className="topbar__user">
            <AgentStatusControl />
            <NotificationsButton />
            <span className="topbar__name" data-testid="signed-in-user">
              {user?.name} <span className="topbar__role">{user ? t(`desk.role.${user.role}`) : null}</span>
            </span>
            <button type="button" className="btn btn--ghost" onClick={() => void signOut()}>
              {t('auth.signOut')}
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
          <Section view={view} />
        </main>
      )}
      <DeskToasts />
      <Helpline />
    </div>
  );
}

/** Key names stay as printed on the keyboard; what they do is in the screen's language. */
const SHORTCUTS: [keys: string[][], what: MessageKey][] = [
  [[['Enter']], 'desk.shortcut.send'],
  [[['Shift', 'Enter']], 'desk.shortcut.newLine'],
  [[['/']], 'desk.shortcut.canned'],
  [[['Alt', '↓'], ['Alt', '↑']], 'desk.shortcut.walk'],
  [[['Alt', 'A']], 'desk.shortcut.accept'],
  [[['Alt', 'C']], 'desk.shortcut.reply'],
  [[['Alt', 'N']], 'desk.shortcut.note'],
  [[['Alt', 'T']], 'desk.shortcut.transfer'],
  [[['Alt', 'Shift', 'E']], 'desk.shortcut.end'],
];

function Helpline() {
  const { t } = useTranslation();
  return (
    <footer className="helpline">
      {t('desk.shortcuts')}{' '}
      {SHORTCUTS.map(([combos, what], i) => (
        <span key={what}>
          {i > 0 ? ' · ' : null}
          {combos.map((keys, j) => (
            <span key={keys.join('+')}>
              {j > 0 ? ' / ' : null}
              {keys.map((k, n) => (
                <span key={k}>
                  {n > 0 ? '+' : null}
                  <kbd>{k}</kbd>
                </span>
              ))}
            </span>
          ))}{' '}
          {t(what)}
        </span>
      ))}
    </footer>
  );
}

// The charts library comes with Reports only, not with every console start (nor the widget).
const ReportsView = lazy(() => import('./features/reports/ReportsView').then((m) => ({ default: m.ReportsView })));

function DeskToasts() {
  const toasts = useToasts((s) => s.toasts);
  const dismiss = useToasts((s) => s.dismiss);
  return <Toasts toasts={toasts} onDismiss={dismiss} />;
}

function Section({ view }: { view: DeskView }) {
  switch (view) {
    case 'accounts':
      return <AccountsView />;
    case 'settings':
      return <SettingsView />;
    case 'live':
      return <LiveView />;
    case 'reports':
      return (
        <Suspense fallback={<LoadingReports />}>
          <ReportsView />
        </Suspense>
      );
    case 'canned':
      return <CannedView />;
    case 'tickets':
      return <TicketsView />;
    case 'cases':
      return <CasesView />;
    case 'transcripts':
      return <TranscriptsView />;
    case 'privacy':
      return <PrivacyView />;
    default:
      return <SessionsView />;
  }
}

function LoadingReports() {
  const { t } = useTranslation();
  return <p className="muted">{t('desk.loadingReports')}</p>;
}

/** "(2) Care desk": the waiting count stays visible from another tab or the taskbar. */
function useWaitingInTitle(): void {
  const { i18n } = useTranslation();
  const waiting = useQueue((s) => s.conversations.filter((c) => c.status === 'waiting').length);
  useEffect(() => {
    document.title = waiting > 0 ? `(${formatCount(waiting)}) ${PRODUCT_NAME}` : PRODUCT_NAME;
    return () => {
      document.title = PRODUCT_NAME;
    };
  }, [waiting, i18n.language]);
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
  const { t } = useTranslation();
  const [state, setState] = useState<NotificationState>(() => bridge.notifications.state());
  if (state !== 'default') return null;
  return (
    <button type="button" className="btn btn--ghost" onClick={() => void bridge.notifications.request().then(setState)}>
      {t('desk.enableNotifications')}
    </button>
  );
}
