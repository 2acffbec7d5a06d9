import { useTranslation } from 'react-i18next';
import type { ActiveChat } from '../../../../shared/protocol/routing';
import { since } from '../../../common/format';
import { tr } from '../../../common/i18n';
import { useNow } from '../../../common/useNow';
import { formatTime, formatWait } from '../reports/figures';
import { useSupervise } from './superviseStore';

/** Every open chat, waiting ones first (oldest first), each with a way to watch it. */
export function ActiveChats() {
  const chats = useSupervise((s) => s.snapshot?.active ?? []);
  const agents = useSupervise((s) => s.snapshot?.agents ?? []);
  const watchingId = useSupervise((s) => s.watching?.conversationId ?? null);
  const watch = useSupervise((s) => s.watch);
  const now = useNow(1000);
  const { t } = useTranslation();
  const nameOf = (id: string) => agents.find((a) => a.id === id)?.name ?? t('supervise.anAgent');
  const rows = [...chats].sort((a, b) => (a.status === b.status ? a.createdAt.localeCompare(b.createdAt) : a.status === 'waiting' ? -1 : 1));

  return (
    <section className="card" aria-labelledby="live-chats-title">
      <h3 id="live-chats-title">{t('supervise.chats.title')}</h3>
      {rows.length === 0 ? (
        <p className="page__empty" data-testid="live-chats-empty">
          {t('supervise.chats.empty')}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="live-chats">
            <caption className="visually-hidden">{t('supervise.chats.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('supervise.col.customer')}</th>
                <th scope="col">{t('supervise.col.state')}</th>
                <th scope="col">{t('supervise.col.brand')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('supervise.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id} data-testid="live-chat" data-conversation-id={c.id} data-status={c.status} aria-current={c.id === watchingId ? 'true' : undefined}>
                  <th scope="row" className="table__name">
                    {c.customerName}
                  </th>
                  <td data-testid="live-chat-state">{chatState(c, now, nameOf)}</td>
                  <td>{c.brandId}</td>
                  <td>
                    <div className="table__actions">
                      <button type="button" className="btn" onClick={() => void watch(c.id)} aria-pressed={c.id === watchingId}>
                        {t('supervise.watch')}
                        <span className="visually-hidden"> {t('supervise.watch.which', { name: c.customerName })}</span>
                      </button>
                    </div>
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

function chatState(c: ActiveChat, now: number, nameOf: (id: string) => string): string {
  if (c.status === 'active') return tr('supervise.state.with', { name: c.agent?.name ?? tr('supervise.anAgent'), time: formatTime(c.createdAt) });
  const wait = formatWait(since(c.createdAt, now));
  return c.offeredTo ? tr('supervise.state.offered', { wait, name: nameOf(c.offeredTo) }) : tr('supervise.state.waiting', { wait });
}
