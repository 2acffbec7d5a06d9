import { useTranslation } from 'react-i18next';
import type { AgentLive, AgentStatus } from '../../../../shared/protocol/routing';
import type { MessageKey } from '../../../common/i18n';
import { roleLabel } from '../accounts/roles';
import { formatCount, formatTime } from '../reports/figures';
import { useSupervise } from './superviseStore';

export const STATUS_LABEL: Record<AgentStatus, MessageKey> = { available: 'supervise.status.available', away: 'supervise.status.away', offline: 'supervise.status.offline' };

const STATUS_TONE: Record<AgentStatus, string> = { available: 'pill--ok', away: 'pill--warn', offline: '' };

const STATUS_ORDER: Record<AgentStatus, number> = { available: 0, away: 1, offline: 2 };

/** Each member of staff with their status and how many chats they hold or are offered. */
export function AgentsTable() {
  const agents = useSupervise((s) => s.snapshot?.agents ?? []);
  const rows = [...agents].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.name.localeCompare(b.name));
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="live-agents-title">
      <h3 id="live-agents-title">{t('supervise.team')}</h3>
      {rows.length === 0 ? (
        <p className="page__empty">{t('supervise.team.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="live-agents">
            <caption className="visually-hidden">{t('supervise.team.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('supervise.col.name')}</th>
                <th scope="col">{t('supervise.col.status')}</th>
                <th scope="col">{t('supervise.col.chats')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id} data-testid="live-agent" data-agent-id={a.id}>
                  <th scope="row" className="table__name">
                    {a.name} <span className="pill">{roleLabel(a.role)}</span>
                  </th>
                  <td>
                    <span className={`pill pill--status ${STATUS_TONE[a.status]}`} data-testid="live-agent-status">
                      {t(STATUS_LABEL[a.status])}
                    </span>
                  </td>
                  <td data-testid="live-agent-load">
                    {formatCount(a.load)}
                    <StrandedWarning agent={a} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** An offline agent still holding chats: their customers wait unanswered until the requeue. */
function StrandedWarning({ agent: a }: { agent: AgentLive }) {
  const { t } = useTranslation();
  if (a.status !== 'offline' || a.load === 0) return null;
  return (
    <p className="live-warning" data-testid="live-agent-warning">
      {/* eslint-disable-next-line no-restricted-syntax -- a warning sign, not a word */}
      <span aria-hidden="true">⚠ </span>
      {a.requeueAt ? t('supervise.stranded.requeue', { count: a.load, time: formatTime(a.requeueAt) }) : t('supervise.stranded', { count: a.load })}
    </p>
  );
}
