import { useConnection } from './connectionStore';

const TEXT = {
  connecting: 'Connecting to the desk…',
  reconnecting: 'Reconnecting… Messages you send now are kept and delivered when the connection is back.',
  offline: 'Not connected to the desk.',
} as const;

/** Always present (empty when all is well) so screen readers hear when the connection drops. */
export function ConnectionBanner() {
  const status = useConnection((s) => s.status);
  const problem = useConnection((s) => s.problem);
  const text = status === 'online' ? problem : TEXT[status];
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
