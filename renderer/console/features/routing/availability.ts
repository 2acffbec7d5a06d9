// Who can be given a chat by hand (transfer, reassign): only an available colleague, as the hub
// enforces (issue 9). The others stay listed, disabled, with the reason beside their name.
import type { AgentLive } from '../../../../shared/protocol/routing';
import { tr } from '../../../common/i18n';

/** Why this colleague cannot take a chat now, or null when they can. */
export function whyUnavailable(a: Pick<AgentLive, 'status'>): string | null {
  if (a.status === 'offline') return tr('routing.why.offline');
  if (a.status === 'away') return tr('routing.why.away');
  return null;
}

/** Available first, then by load and name: the likeliest choice on top. */
export function byAvailability<T extends Pick<AgentLive, 'status' | 'load' | 'name'>>(agents: T[]): T[] {
  const rank = (a: T) => (a.status === 'available' ? 0 : a.status === 'away' ? 1 : 2);
  return [...agents].sort((a, b) => rank(a) - rank(b) || a.load - b.load || a.name.localeCompare(b.name));
}
