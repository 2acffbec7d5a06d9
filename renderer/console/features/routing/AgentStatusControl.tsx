// In the top bar: available or away (offline while the link is down) and how many chats this
// agent has against the cap, e.g. "2 of 4 chats".
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useConnection } from '../connection/connectionStore';
import { useRouting } from './routingStore';
import './routing.css';

export function AgentStatusControl() {
  const { t } = useTranslation();
  const id = useId();
  const status = useRouting((s) => s.status);
  const busy = useRouting((s) => s.statusBusy);
  const error = useRouting((s) => s.statusError);
  const setStatus = useRouting((s) => s.setStatus);
  const online = useConnection((s) => s.status === 'online');
  const shown = !online || !status ? 'offline' : status.status;

  return (
    <div className="agent-status" data-testid="agent-status" data-status={shown}>
      <span className={`agent-status__dot agent-status__dot--${shown}`} aria-hidden="true" />
      <label htmlFor={id} className="visually-hidden">
        {t('routing.availability')}
      </label>
      <select
        id={id}
        className="agent-status__select"
        value={shown}
        disabled={shown === 'offline' || busy}
        aria-describedby={`${id}-load`}
        onChange={(e) => void setStatus(e.target.value === 'away' ? 'away' : 'available')}
      >
        {shown === 'offline' ? <option value="offline">{t('routing.offline')}</option> : null}
        <option value="available">{t('routing.available')}</option>
        <option value="away">{t('routing.away')}</option>
      </select>
      {status ? (
        <span id={`${id}-load`} className="agent-status__load" data-testid="agent-load">
          {t('routing.load', { load: status.load, cap: status.cap })}
        </span>
      ) : (
        <span id={`${id}-load`} />
      )}
      {error ? (
        <span className="agent-status__error" role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}
