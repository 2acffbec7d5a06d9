import { useTranslation } from 'react-i18next';
import { useNow } from '../../../common/useNow';
import { formatCount, formatWait } from '../reports/figures';
import { useSupervise } from './superviseStore';

/** The two numbers a supervisor watches: how many wait, and for how long the first has waited. */
export function LiveNumbers() {
  const snapshot = useSupervise((s) => s.snapshot);
  const receivedAt = useSupervise((s) => s.receivedAt);
  const now = useNow(1000);
  const { t } = useTranslation();
  if (!snapshot) return null;
  // Ticks between pushes from the hub's own figure, so a skewed local clock does not matter.
  const longest = snapshot.queueLength > 0 ? snapshot.longestWaitMs + Math.max(0, now - receivedAt) : 0;
  const available = snapshot.agents.filter((a) => a.status === 'available').length;
  const active = snapshot.active.filter((c) => c.status === 'active').length;
  return (
    <dl className="live-numbers" aria-label={t('supervise.numbers')}>
      <div className="live-number">
        <dt>{t('supervise.inQueue')}</dt>
        <dd data-testid="live-queue-length">{formatCount(snapshot.queueLength)}</dd>
      </div>
      <div className="live-number">
        <dt>{t('supervise.longestWait')}</dt>
        <dd data-testid="live-longest-wait" data-ms={longest}>
          {/* Every second counts here, so no "just now" as in the queue rows. */}
          {snapshot.queueLength > 0 ? formatWait(longest, true) : '—'}
        </dd>
      </div>
      <div className="live-number">
        <dt>{t('supervise.inProgress')}</dt>
        <dd data-testid="live-active-count">{formatCount(active)}</dd>
      </div>
      <div className="live-number">
        <dt>{t('supervise.availableStaff')}</dt>
        <dd data-testid="live-available-count">{formatCount(available)}</dd>
      </div>
    </dl>
  );
}
