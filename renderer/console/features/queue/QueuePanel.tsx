// The left column: who is waiting (and for how long) and the chats this agent is handling.
import type { Conversation } from '../../../../shared/protocol/schemas';
import { formatClock, formatWait, since } from '../../../common/format';
import { useNow } from '../../../common/useNow';
import { useConversation } from '../conversation/conversationStore';
import { splitQueue, useQueue } from './queueStore';

export function QueuePanel() {
  const conversations = useQueue((s) => s.conversations);
  const loaded = useQueue((s) => s.loaded);
  const { waiting, active } = splitQueue(conversations);

  return (
    <nav className="queue" aria-label="Conversations">
      <section className="queue__section" aria-labelledby="queue-waiting">
        <h2 id="queue-waiting" className="queue__title">
          Waiting <span className="badge">{waiting.length}</span>
        </h2>
        {!loaded ? (
          <p className="queue__empty">Loading…</p>
        ) : waiting.length === 0 ? (
          <p className="queue__empty" data-testid="queue-empty">
            No customers waiting
          </p>
        ) : (
          <QueueItems items={waiting} />
        )}
      </section>
      <section className="queue__section" aria-labelledby="queue-active">
        <h2 id="queue-active" className="queue__title">
          My chats <span className="badge">{active.length}</span>
        </h2>
        {loaded && active.length === 0 ? <p className="queue__empty">No active chats</p> : <QueueItems items={active} />}
      </section>
    </nav>
  );
}

function QueueItems({ items }: { items: Conversation[] }) {
  const selectedId = useConversation((s) => s.selectedId);
  const typing = useConversation((s) => s.typing);
  const select = useConversation((s) => s.select);
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
            <span className="queue-item__name">{c.customer.name}</span>
            <span className="queue-item__meta">
              {typing[c.id] ? (
                <span className="queue-item__typing">typing…</span>
              ) : c.status === 'waiting' ? (
                <>
                  Waiting <span data-testid="wait-time">{formatWait(since(c.createdAt, now))}</span>
                </>
              ) : (
                `Since ${formatClock(c.createdAt)}`
              )}
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
