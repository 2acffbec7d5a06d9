// "Tickets" in the top bar: mail to the brands' care addresses and messages left outside hours, one
// queue. Anyone takes one and answers it by email (from the brand's care address, threaded);
// supervisors and admins may give one to anyone.
import { Announcer } from '../../../common/Announcer';
import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageKey } from '../../../common/i18n';
import { useAuth } from '../auth/authStore';
import { useFocusOn } from '../cases/useFocusOn';
import { TicketCard } from './TicketCard';
import { visibleTickets, useTickets, type TicketFilter } from './ticketsStore';
import './tickets.css';

const FILTERS: { value: TicketFilter; label: MessageKey }[] = [
  { value: 'all', label: 'tickets.filter.all' },
  { value: 'open', label: 'tickets.filter.open' },
  { value: 'pending', label: 'tickets.status.pendingLong' },
  { value: 'solved', label: 'tickets.status.solved' },
];

export function TicketsView() {
  const heading = useFocusOn<HTMLHeadingElement>('tickets');
  const { t } = useTranslation();
  const id = useId();
  const filter = useTickets((s) => s.filter);
  const list = useTickets((s) => s.list);
  const byId = useTickets((s) => s.byId);
  const { setFilter, load, loadStaff } = useTickets.getState();
  const role = useAuth((s) => s.user?.role);
  const rows = visibleTickets(byId, filter);

  useEffect(() => {
    void load();
  }, [load]);
  // Supervisors and admins pick an assignee from the team.
  useEffect(() => {
    if (role === 'supervisor' || role === 'admin') void loadStaff();
  }, [role, loadStaff]);

  return (
    <section className="page page--controls tickets-page" aria-labelledby="tickets-title">
      <TicketsAnnouncer />
      <div className="page__head">
        <h2 id="tickets-title" ref={heading} tabIndex={-1}>
          {t('tickets.title')}
        </h2>
        <p className="page__lead">{t('tickets.lead')}</p>
      </div>
      <div className="tickets-page__bar">
        <div className="compact-field">
          <label htmlFor={`${id}-filter`}>{t('tickets.filter.label')}</label>
          <select id={`${id}-filter`} value={filter} onChange={(e) => setFilter(e.target.value as TicketFilter)}>
            {FILTERS.map((f) => (
              <option key={f.value} value={f.value}>
                {t(f.label)}
              </option>
            ))}
          </select>
        </div>
        <p className="tickets-page__count" role="status" data-testid="tickets-count">
          {list.loading && !list.loaded ? t('tickets.loading') : list.loaded ? t('tickets.count', { count: rows.length }) : ''}
        </p>
      </div>
      {list.error ? (
        <div className="form__error page__error" role="alert">
          <span>{list.error}</span>
          <button type="button" className="btn btn--link" onClick={() => void load()}>
            {t('tickets.tryAgain')}
          </button>
        </div>
      ) : null}
      {list.loaded && rows.length === 0 ? (
        <p className="page__empty" data-testid="tickets-empty">
          {filter === 'all' ? t('tickets.empty.all') : t('tickets.empty.filtered')}
        </p>
      ) : (
        <ul className="stack tickets-list" aria-label={t('tickets.list')}>
          {rows.map((ticket) => (
            <li key={ticket.id}>
              <TicketCard ticket={ticket} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

const TicketsAnnouncer = () => <Announcer announcement={useTickets((s) => s.announcement)} testId="tickets-announcement" />;
