// The sections of the desk, in the top bar: plain buttons (Tab, Enter, Space), the current one
// marked with aria-current for screen readers.
import type { ReactNode } from 'react';
import type { Role } from '../../shared/protocol/schemas';
import { useAuth } from './features/auth/authStore';
import { LabelApprovalsBadge } from './features/cases/LabelApprovals';
import { useQueue } from './features/queue/queueStore';
import { openTicketCount, useTickets } from './features/tickets/ticketsStore';

export type DeskView = 'chats' | 'live' | 'tickets' | 'cases' | 'transcripts' | 'privacy' | 'accounts' | 'settings' | 'sessions';

/** The live view is for supervisors and admins; the hub refuses agents anyway. */
export const maySupervise = (role: Role | undefined) => role === 'supervisor' || role === 'admin';

function Count({ n, what }: { n: number; what: string }) {
  if (n === 0) return null;
  return (
    <span className="badge">
      {n}
      <span className="visually-hidden"> {what}</span>
    </span>
  );
}

export function DeskNav({ view, onChange, isAdmin }: { view: DeskView; onChange(view: DeskView): void; isAdmin: boolean }) {
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
    <nav className="nav" aria-label="Desk sections">
      <ul className="nav__list">
        {item('chats', 'Chats', <Count n={waiting} what="waiting" />)}
        {supervisor ? item('live', 'Live') : null}
        {item('tickets', 'Tickets', <Count n={openTickets} what="open" />)}
        {item('cases', 'Cases', supervisor ? <LabelApprovalsBadge /> : null)}
        {item('transcripts', 'Transcripts')}
        {supervisor ? item('privacy', 'Privacy') : null}
        {isAdmin ? item('accounts', 'Accounts') : null}
        {isAdmin ? item('settings', 'Settings') : null}
        {item('sessions', 'Sessions')}
      </ul>
    </nav>
  );
}
