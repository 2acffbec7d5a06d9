// The sections of the desk, in the top bar: plain buttons (Tab, Enter, Space), the current one
// marked with aria-current for screen readers.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../shared/protocol/schemas';
import type { DeskView } from './desk/deskView';
import { useAuth } from './features/auth/authStore';
import { LabelApprovalsBadge } from './features/cases/LabelApprovals';
import { formatCount } from '../common/format';
import { useQueue } from './features/queue/queueStore';
import { openTicketCount, useTickets } from './features/tickets/ticketsStore';

export type { DeskView } from './desk/deskView';

/** The live view is for supervisors and admins; the hub refuses agents anyway. */
export const maySupervise = (role: Role | undefined) => role === 'supervisor' || role === 'admin';

function Count({ n, what }: { n: number; what: string }) {
  if (n === 0) return null;
  return (
    <span className="badge">
      {formatCount(n)}
      <span className="visually-hidden"> {what}</span>
    </span>
  );
}

export function DeskNav({ view, onChange, isAdmin }: { view: DeskView; onChange(view: DeskView): void; isAdmin: boolean }) {
  const { t } = useTranslation();
  const waiting = useQueue((s) => s.conversations.filter((c) => c.status === 'waiting').length);
  const openTickets = useTickets((s) => openTicketCount(s.byId));
  const supervisor = useAuth((s) => maySupervise(s.user?.role));
  const item = (v: DeskView, label: string, extra?: ReactNode) => (
    <li>
      <button type="button" className="nav__item" aria-current={view === v ? 'page' : undefined} onClick={() => onChange(v)}>
        {label}
        {extra}
      </button>
    </li>
  );
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      <ul className="nav__list">
        {item('chats', t('nav.chats'), <Count n={waiting} what={t('nav.waiting')} />)}
        {supervisor ? item('live', t('nav.live')) : null}
        {supervisor ? item('reports', t('nav.reports')) : null}
        {item('tickets', t('nav.tickets'), <Count n={openTickets} what={t('nav.open')} />)}
        {item('cases', t('nav.cases'), supervisor ? <LabelApprovalsBadge /> : null)}
        {item('transcripts', t('nav.transcripts'))}
        {supervisor ? item('privacy', t('nav.privacy')) : null}
        {item('canned', t('nav.canned'))}
        {isAdmin ? item('accounts', t('nav.accounts')) : null}
        {isAdmin ? item('settings', t('nav.settings')) : null}
        {item('sessions', t('nav.sessions'))}
      </ul>
    </nav>
  );
}
