// Who gets the next chat. Pure: the hub feeds it the live picture (statuses, loads) and acts on
// the answer, so the rules are testable without sockets.

export type AgentStatus = 'available' | 'away' | 'offline';

export interface AgentLoad {
  id: string;
  status: AgentStatus;
  /** Chats currently assigned or offered to the agent. */
  load: number;
  /** Brands the agent may serve; null means all. */
  brands: string[] | null;
  /** When the agent last got a chat (ISO), to share work fairly among equally busy agents. */
  lastAssignedAt: string | null;
}

export interface WaitingChat {
  id: string;
  brandId: string;
  createdAt: string;
}

export const canServe = (agent: AgentLoad, brandId: string) => agent.brands === null || agent.brands.includes(brandId);

/** The least-busy available agent under the cap who serves the brand; null when none can take it. */
export function chooseAgent(chat: WaitingChat, agents: AgentLoad[], cap: number, exclude: ReadonlySet<string> = new Set()): AgentLoad | null {
  const eligible = agents.filter((a) => a.status === 'available' && a.load < cap && canServe(a, chat.brandId) && !exclude.has(a.id));
  eligible.sort((a, b) => a.load - b.load || (a.lastAssignedAt ?? '').localeCompare(b.lastAssignedAt ?? '') || a.id.localeCompare(b.id));
  return eligible[0] ?? null;
}

/** Waiting chats in the order they are served: longest wait first. */
export function queueOrder<T extends WaitingChat>(waiting: T[]): T[] {
  return [...waiting].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}

/** 1-based place of each waiting chat within its brand's queue (what the customer is shown). */
export function queuePositions(waiting: WaitingChat[]): Map<string, number> {
  const perBrand = new Map<string, number>();
  const out = new Map<string, number>();
  for (const c of queueOrder(waiting)) {
    const n = (perBrand.get(c.brandId) ?? 0) + 1;
    perBrand.set(c.brandId, n);
    out.set(c.id, n);
  }
  return out;
}

/**
 * Pairs waiting chats with agents, oldest chat first, each agent's load counted as it fills up.
 * `exclude` maps a chat to agents who let its offer lapse, so it is not offered to them again at once.
 */
export function planAssignments(
  waiting: WaitingChat[],
  agents: AgentLoad[],
  cap: number,
  now: string,
  exclude: ReadonlyMap<string, ReadonlySet<string>> = new Map(),
): { chatId: string; agentId: string }[] {
  const live = agents.map((a) => ({ ...a }));
  const plan: { chatId: string; agentId: string }[] = [];
  for (const chat of queueOrder(waiting)) {
    const agent = chooseAgent(chat, live, cap, exclude.get(chat.id));
    if (!agent) continue;
    agent.load += 1;
    agent.lastAssignedAt = now;
    plan.push({ chatId: chat.id, agentId: agent.id });
  }
  return plan;
}
