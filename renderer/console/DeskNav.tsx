// The sections of the desk, in the top bar: plain buttons (Tab, Enter, Space), the current one
// marked with aria-current for screen readers.
import type { ReactNode } from 'react';
import { useQueue } from './features/queue/queueStore';

export type DeskView = 'chats' | 'cases' | 'transcripts' | 'accounts' | 'sessions';

export function DeskNav({ view, onChange, isAdmin }: { view: DeskView; onChange(view: DeskView): void; isAdmin: boolean }) {
  const waiting = useQueue((s) => s.conversations.filter((c) => c.status === 'waiting').length);
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
        {item(
          'chats',
          'Chats',
          waiting > 0 ? (
            <span className="badge">
              {waiting}
              <span className="visually-hidden"> waiting</span>
            </span>
          ) : null,
        )}
        {item('cases', 'Cases')}
        {item('transcripts', 'Transcripts')}
        {isAdmin ? item('accounts', 'Accounts') : null}
        {item('sessions', 'Sessions')}
      </ul>
    </nav>
  );
}
