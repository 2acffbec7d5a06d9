import type { ActiveChat } from '../../../../shared/protocol/routing';
import { formatClock, formatWait, since } from '../../../common/format';
import { useNow } from '../../../common/useNow';
import { useSupervise } from './superviseStore';

/** Every open chat, waiting ones first (oldest first), each with a way to watch it. */
export function ActiveChats() {
  const chats = useSupervise((s) => s.snapshot?.active ?? []);
  const agents = useSupervise((s) => s.snapshot?.agents ?? []);
  const watchingId = useSupervise((s) => s.watching?.conversationId ?? null);
  const watch = useSupervise((s) => s.watch);
  const now = useNow(1000);
  const nameOf = (id: string) => agents.find((a) => a.id === id)?.name ?? 'an agent';
  const rows = [...chats].sort((a, b) => (a.status === b.status ? a.createdAt.localeCompare(b.createdAt) : a.status === 'waiting' ? -1 : 1));

  return (
    <section className="card" aria-labelledby="live-chats-title">
      <h3 id="live-chats-title">Open chats</h3>
      {rows.length === 0 ? (
        <p className="page__empty" data-testid="live-chats-empty">
          No open chats right now.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="live-chats">
            <caption className="visually-hidden">Open chats, waiting first</caption>
            <thead>
              <tr>
                <th scope="col">Customer</th>
                <th scope="col">State</th>
                <th scope="col">Brand</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
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
                        Watch<span className="visually-hidden"> the chat with {c.customerName}</span>
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
  if (c.status === 'active') return `With ${c.agent?.name ?? 'an agent'} (started ${formatClock(c.createdAt)})`;
  const waited = `Waiting ${formatWait(since(c.createdAt, now))}`;
  return c.offeredTo ? `${waited}, offered to ${nameOf(c.offeredTo)}` : waited;
}
