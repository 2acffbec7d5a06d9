// Where the stores find the live link without importing the module that builds it (which
// imports the stores).
import type { AgentLink } from './agentLink';
import { tr } from '../../common/i18n';

let current: AgentLink | null = null;

export function setLink(link: AgentLink | null): void {
  current = link;
}

export function getLink(): AgentLink {
  if (!current) throw new Error(tr('connection.offline'));
  return current;
}

export function maybeLink(): AgentLink | null {
  return current;
}
