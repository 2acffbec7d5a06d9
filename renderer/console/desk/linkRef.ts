// Where the stores find the live link without importing the module that builds it (which
// imports the stores).
import type { AgentLink } from './agentLink';

let current: AgentLink | null = null;

export function setLink(link: AgentLink | null): void {
  current = link;
}

export function getLink(): AgentLink {
  if (!current) throw new Error('Not connected to the desk.');
  return current;
}

export function maybeLink(): AgentLink | null {
  return current;
}
