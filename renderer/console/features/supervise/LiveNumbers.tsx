import { formatWait } from '../../../common/format';
import { useNow } from '../../../common/useNow';
import { useSupervise } from './superviseStore';

/** Every second counts here, so no "just now" as in the queue rows. */
const waitText = (ms: number) => (ms < 60_000 ? `${Math.floor(ms / 1000)} s` : formatWait(ms));

/** The two numbers a supervisor watches: how many wait, and for how long the first has waited. */
export function LiveNumbers() {
  const snapshot = useSupervise((s) => s.snapshot);
  const receivedAt = useSupervise((s) => s.receivedAt);
  const now = useNow(1000);
  if (!snapshot) return null;
  // Ticks between pushes from the hub's own figure, so a skewed local clock does not matter.
  const longest = snapshot.queueLength > 0 ? snapshot.longestWaitMs + Math.max(0, now - receivedAt) : 0;
  const available = snapshot.agents.filter((a) => a.status === 'available').length;
  const active = snapshot.active.filter((c) => c.status === 'active').length;
  return (
    <dl className="live-numbers" aria-label="Queue now">
      <div className="live-number">
        <dt>In the queue</dt>
        <dd data-testid="live-queue-length">{snapshot.queueLength}</dd>
      </div>
      <div className="live-number">
        <dt>Longest wait</dt>
        <dd data-testid="live-longest-wait" data-ms={longest}>
          {snapshot.queueLength > 0 ? waitText(longest) : '—'}
        </dd>
      </div>
      <div className="live-number">
        <dt>Chats in progress</dt>
        <dd data-testid="live-active-count">{active}</dd>
      </div>
      <div className="live-number">
        <dt>Available staff</dt>
        <dd data-testid="live-available-count">{available}</dd>
      </div>
    </dl>
  );
}
