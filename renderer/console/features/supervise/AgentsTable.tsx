import type { AgentLive, AgentStatus } from '../../../../shared/protocol/routing';
import { formatClock, plural } from '../../../common/format';
import { roleLabel } from '../accounts/roles';
import { useSupervise } from './superviseStore';

export const STATUS_LABEL: Record<AgentStatus, string> = { available: 'Available', away: 'Away', offline: 'Offline' };

const STATUS_TONE: Record<AgentStatus, string> = { available: 'pill--ok', away: 'pill--warn', offline: '' };

const STATUS_ORDER: Record<AgentStatus, number> = { available: 0, away: 1, offline: 2 };

/** Each member of staff with their status and how many chats they hold or are offered. */
export function AgentsTable() {
  const agents = useSupervise((s) => s.snapshot?.agents ?? []);
  const rows = [...agents].sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.name.localeCompare(b.name));
  return (
    <section className="card" aria-labelledby="live-agents-title">
      <h3 id="live-agents-title">Team</h3>
      {rows.length === 0 ? (
        <p className="page__empty">No staff accounts yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="live-agents">
            <caption className="visually-hidden">Staff status and load</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Chats</th>
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
                      {STATUS_LABEL[a.status]}
                    </span>
                  </td>
                  <td data-testid="live-agent-load">
                    {a.load}
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
  if (a.status !== 'offline' || a.load === 0) return null;
  return (
    <p className="live-warning" data-testid="live-agent-warning">
      <span aria-hidden="true">⚠ </span>Offline with {plural(a.load, 'chat')}
      {a.requeueAt ? ` — back to the queue at ${formatClock(a.requeueAt)} unless they reconnect` : ''}. Reassign now so nobody waits.
    </p>
  );
}
