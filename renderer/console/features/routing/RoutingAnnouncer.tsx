// One polite live region for routing news (offers, lapses, transfers, status): present from the
// start so screen readers pick up every change of its text.
import { useRouting } from './routingStore';

export function RoutingAnnouncer() {
  const announcement = useRouting((s) => s.announcement);
  return (
    <div className="visually-hidden" role="status" aria-live="polite" data-testid="routing-announcer">
      {/* Keyed: the same sentence twice is a new node, so it is read again. */}
      <span key={announcement.n}>{announcement.text}</span>
    </div>
  );
}
