import { useTranslation } from 'react-i18next';
import type { MessageKey } from '../../../common/i18n';
import { useConnection } from './connectionStore';

const TEXT: Record<'connecting' | 'reconnecting' | 'offline', MessageKey> = {
  connecting: 'connection.connecting',
  reconnecting: 'connection.reconnecting',
  offline: 'connection.offline',
};

/** Always present (empty when all is well) so screen readers hear when the connection drops. */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const status = useConnection((s) => s.status);
  const problem = useConnection((s) => s.problem);
  const text = status === 'online' ? problem : t(TEXT[status]);
  return (
    <div
      className={`banner ${text ? `banner--${status === 'online' ? 'problem' : status}` : 'banner--hidden'}`}
      role="status"
      data-testid="connection-status"
      data-status={status}
    >
      {text}
    </div>
  );
}
