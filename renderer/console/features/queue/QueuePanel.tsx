// The left column: chats offered to this agent, who is waiting (longest first), and the chats this
// agent is handling, each with its unread count.
import { useTranslation } from 'react-i18next';
import type { QueuePreview } from '../../../../shared/protocol/routing';
import type { Conversation } from '../../../../shared/protocol/schemas';
import { formatClock, formatCount, formatWait, since } from '../../../common/format';
import { useNow } from '../../../common/useNow';
import { useConversation } from '../conversation/conversationStore';
import { OfferList } from '../routing/OfferList';
import { RoutingAnnouncer } from '../routing/RoutingAnnouncer';
import { useRouting } from '../routing/routingStore';
import { splitQueue, useQueue } from './queueStore';
import './queue.css';
import { IdentityBadge } from '../customer/IdentityBadge';

export function QueuePanel() {
  const { t } = useTranslation();
  const conversations = useQueue((s) => s.conversations);
  const loaded = useQueue((s) => s.loaded);
  const { waiting, active } = splitQueue(conversations);

  return (
    <nav className="queue" aria-label={t('queue.label')}>
      <RoutingAnnouncer />
      <OfferList />
      <section className="queue__section" aria-labelledby="queue-waiting">
        <h2 id="queue-waiting" className="queue__title">
          {t('queue.waiting')} <span className="badge">{formatCount(waiting.length)}</span>
        </h2>
        {!loaded ? (
          <p className="queue__empty">{t('queue.loading')}</p>
        ) : waiting.length === 0 ? (
          <p className="queue__empty" data-testid="queue-empty">
            {t('queue.empty')}
          </p>
        ) : (
          <QueueItems items={waiting} />
        )}
      </section>
      <section className="queue__section" aria-labelledby="queue-active">
        <h2 id="queue-active" className="queue__title">
          {t('queue.mine')} <span className="badge">{formatCount(active.length)}</span>
        </h2>
        {loaded && active.length === 0 ? <p className="queue__empty">{t('queue.noActive')}</p> : <QueueItems items={active} />}
      </section>
    </nav>
  );
}

function QueueItems({ items }: { items: Conversation[] }) {
  const { t } = useTranslation();
  const selectedId = useConversation((s) => s.selectedId);
  const typing = useConversation((s) => s.typing);
  const select = useConversation((s) => s.select);
  const unread = useQueue((s) => s.unread.counts);
  const offers = useRouting((s) => s.offers);
  const previews = useQueue((s) => s.previews);
  const now = useNow(1000);

  return (
    <ul className="queue__list">
      {items.map((c) => (
        <li key={c.id}>
          <button
            type="button"
            className="queue-item"
            data-testid="queue-item"
            data-conversation-id={c.id}
            data-status={c.status}
            aria-current={c.id === selectedId ? 'true' : undefined}
            onClick={() => void select(c.id)}
          >
            <span className="queue-item__name">
              {c.customer.name}
              <IdentityBadge customer={c.customer} />
              {unread[c.id] ? (
                <span className="unread" data-testid="unread-count">
                  {formatCount(unread[c.id] ?? 0)}
                  <span className="visually-hidden"> {t('queue.unread')}</span>
                </span>
              ) : null}
            </span>
            <span className="queue-item__meta">
              {typing[c.id] ? (
                <span className="queue-item__typing">{t('queue.typing')}</span>
              ) : c.status === 'waiting' ? (
                <>
                  {t('queue.waiting')} <span data-testid="wait-time">{formatWait(since(c.createdAt, now))}</span>
                  {offers.some((o) => o.conversation.id === c.id) ? ` · ${t('queue.offeredToYou')}` : ''}
                </>
              ) : (
                <ReplyWait preview={previews[c.id]} since={c.createdAt} now={now} />
              )}
            </span>
            <Preview preview={previews[c.id]} />
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The last thing said, who said it: enough to know which chat is which without opening it. */
function Preview({ preview }: { preview: QueuePreview | undefined }) {
  const { t } = useTranslation();
  const last = preview?.last;
  if (!last) return null;
  return (
    <span className="queue-item__preview" data-testid="queue-preview">
      {last.authorKind === 'agent' ? <span className="queue-item__you">{t('queue.you')} </span> : null}
      {last.body}
    </span>
  );
}

/** "Waiting for your reply 2 min" while the customer spoke last; otherwise when the chat began. */
function ReplyWait({ preview, since: started, now }: { preview: QueuePreview | undefined; since: string; now: number }) {
  const { t } = useTranslation();
  const last = preview?.last;
  if (last?.authorKind === 'customer') {
    const ms = since(last.createdAt, now);
    return (
      <span className={ms >= 60_000 ? 'queue-item__due' : undefined} data-testid="reply-wait">
        {t('queue.replyWait', { wait: formatWait(ms) })}
      </span>
    );
  }
  return <>{t('queue.since', { time: formatClock(started) })}</>;
}
