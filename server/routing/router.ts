// Live routing (issue 3): agents' status, offers of waiting chats under the per-agent cap, offers
// that lapse, transfers and reassignment, and the customers' places in the queue. The rules of
// who gets what are the pure ones in shared/domain/routing.ts; this module feeds them the live
// picture and acts on the answer. Status and offer timers live in memory: a hub restart clears
// the offers in the store (their timers are gone) and every agent reconnects. An agent who stays
// disconnected past policy.chat.agentOfflineGraceMs has their chats taken back to the queue, and
// each customer is told (issue 9); only an available agent can be given a chat by hand.
import { planAssignments, queuePositions, type AgentLoad } from '../../shared/domain/routing';
import { DeskError } from '../../shared/protocol/errors';
import type { AgentStatus, MyStatus, Note, Offer, SuperviseSnapshot } from '../../shared/protocol/routing';
import type { Conversation, StaffUser } from '../../shared/protocol/schemas';
import type { ChatService } from '../chat/chatService';
import type { Clock } from '../clock';
import { brandDesk, type HubConfig } from '../config';
import type { Log } from '../realtime/handle';
import { publicConversation } from '../store/conversations';
import type { StoreApi } from '../store/api';
import type { OpenChatRow } from '../store/routing';

type Choice = 'available' | 'away';

export interface RoutingEvents {
  offered(agentId: string, offer: Offer): void;
  offerWithdrawn(agentId: string, conversationId: string, reason: 'lapsed' | 'taken' | 'ended' | 'unavailable'): void;
  /** A chat given to this agent by transfer or reassign; their sockets should follow it. */
  assigned(agentId: string, conversation: Conversation, note: Note | null): void;
  /** The chat left this agent (transfer, reassign): their sockets stop following it. */
  released(agentId: string, conversationId: string): void;
  position(conversationId: string, position: number): void;
  statusChanged(agentId: string, status: MyStatus): void;
  /** Something supervisors watch changed (coalesced by the transport). */
  liveChanged(): void;
  /** An offline agent's chat went back to the queue after the grace period. */
  requeuedOffline?(agentId: string, conversation: Conversation): void;
}

export interface RouterDeps {
  store: StoreApi;
  clock: Clock;
  config: HubConfig;
  chat: ChatService;
  log: Log;
  events: RoutingEvents;
  /**
   * The other hubs on the same PostgreSQL (server/realtime/cluster.ts), or none (one hub). With
   * them, an agent connected to another hub is not offline here, and each hub offers chats to its
   * own agents only (the database's row locks keep two hubs from offering one chat twice).
   */
  cluster?: { remoteStatus(userId: string): AgentStatus; announce(): void };
}

export function createRouter(deps: RouterDeps) {
  const { store, clock, config, log, events } = deps;
  const cap = () => config.policy.chat.agentMaxConcurrent;
  const presence = new Map<string, { sockets: number; choice: Choice; lastAssignedAt: string | null }>();
  const offers = new Map<string, { agentId: string; timer: NodeJS.Timeout }>();
  // Agents who let a chat's offer lapse are passed over for it for one more offer period.
  const exclusions = new Map<string, Set<string>>();
  const timers = new Set<NodeJS.Timeout>();
  const lastPosition = new Map<string, number>();
  const lastStatus = new Map<string, string>();
  // Agents offline while holding chats: when those chats go back to the queue.
  const graces = new Map<string, { at: string; timer: NodeJS.Timeout }>();
  let pending = false;
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;

  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!closed) fn();
    }, ms);
    t.unref();
    timers.add(t);
    return t;
  };

  // Offers left in the store by a previous run of the hub have no timer: back to the queue (before
  // the first routing run, which awaits this).
  // In a cluster other hubs' offers are live: stale ones are lapsed by the rule in runOnce instead.
  const cleared = deps.cluster ? Promise.resolve(0) : store.writeCalls((tx) => tx.routing.clearAllOffers());
  // Chats held by agents who do not reconnect after a restart start their grace period now.
  setImmediate(() => schedule());

  function statusOf(userId: string): AgentStatus {
    const p = presence.get(userId);
    if (p && p.sockets > 0) return p.choice;
    return deps.cluster?.remoteStatus(userId) ?? 'offline';
  }

  const isLocal = (userId: string) => (presence.get(userId)?.sockets ?? 0) > 0;

  /** This hub's agents with a live console and how each stands (what the other hubs are told). */
  function localAgents(): Map<string, AgentStatus> {
    const out = new Map<string, AgentStatus>();
    for (const [id, p] of presence) if (p.sockets > 0) out.set(id, p.choice);
    return out;
  }

  function loads(rows: OpenChatRow[]): Map<string, number> {
    const out = new Map<string, number>();
    for (const r of rows) {
      const who = r.status === 'active' ? r.assignedAgentId : r.offeredTo;
      if (who) out.set(who, (out.get(who) ?? 0) + 1);
    }
    return out;
  }

  async function myStatus(userId: string): Promise<MyStatus> {
    const rows = await store.routing.openChats();
    return { status: statusOf(userId), load: loads(rows).get(userId) ?? 0, cap: cap(), brands: await store.routing.brandsOf(userId) };
  }

  /** Runs routing soon: a burst of changes makes one run, after the caller's reply went out. */
  function schedule(): void {
    if (closed || pending) return;
    pending = true;
    setImmediate(() => {
      pending = false;
      start();
    });
  }

  function start(): void {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await runOnce();
      } while (again && !closed);
    })()
      .catch((e) => log('error', 'routing failed', { error: (e as Error)?.stack ?? String(e) }))
      .finally(() => {
        running = null;
        if (again) start();
      });
  }

  async function runOnce(): Promise<void> {
    await cleared;
    let rows = await store.routing.openChats();
    const byId = new Map(rows.map((r) => [r.id, r]));

    // Offers settled elsewhere: accepted (assign clears the offer), taken by hand, ended, moved.
    for (const [id, o] of offers) {
      const r = byId.get(id);
      if (r && r.status === 'waiting' && r.offeredTo === o.agentId) continue;
      clearTimeout(o.timer);
      offers.delete(id);
      if (!(r && r.assignedAgentId === o.agentId)) events.offerWithdrawn(o.agentId, id, r ? 'taken' : 'ended');
    }
    // Offers to agents who went away or offline go back to the queue now, not when they lapse.
    // An offer another hub made is its own (its timer, its agent), unless its agent is on no hub
    // now or it is long past its time (that hub died holding it).
    const overdue = clock.now().getTime() - 2 * config.policy.chat.offerTimeoutMs;
    const stale = rows.filter(
      (r) =>
        r.status === 'waiting' &&
        r.offeredTo &&
        (statusOf(r.offeredTo) !== 'available' || (!offers.has(r.id) && (!deps.cluster || isLocal(r.offeredTo) || (r.offeredAt !== null && Date.parse(r.offeredAt) < overdue)))),
    );
    if (stale.length) {
      await store.write(async (tx) => {
        for (const r of stale) await tx.routing.lapseOffer(r.id, r.offeredTo!);
      });
      for (const r of stale) {
        const o = offers.get(r.id);
        if (o) clearTimeout(o.timer);
        offers.delete(r.id);
        events.offerWithdrawn(r.offeredTo!, r.id, 'unavailable');
      }
      rows = await store.routing.openChats();
    }

    const now = clock.now().toISOString();
    const load = loads(rows);
    const restrictions = await store.routing.allBrandRestrictions();
    const agents: AgentLoad[] = [...presence.entries()]
      .filter(([, p]) => p.sockets > 0 && p.choice === 'available')
      .map(([id, p]) => ({ id, status: 'available', load: load.get(id) ?? 0, brands: restrictions.get(id) ?? null, lastAssignedAt: p.lastAssignedAt }));
    const waiting = rows.filter((r) => r.status === 'waiting' && !r.offeredTo);
    const plan = planAssignments(waiting, agents, cap(), now, exclusions);
    if (plan.length) {
      // The cap is checked again where the offer is made: another hub may have offered meanwhile.
      const made = await store.write(async (tx) => {
        const out: typeof plan = [];
        for (const p of plan) if (await tx.routing.offer(p.chatId, p.agentId, now, cap())) out.push(p);
        return out;
      });
      const expiresAt = new Date(clock.now().getTime() + config.policy.chat.offerTimeoutMs).toISOString();
      for (const p of made) {
        const agent = presence.get(p.agentId);
        if (agent) agent.lastAssignedAt = now;
        offers.set(p.chatId, { agentId: p.agentId, timer: later(config.policy.chat.offerTimeoutMs, () => void lapse(p.chatId, p.agentId)) });
        const c = await store.conversations.get(p.chatId);
        if (c) events.offered(p.agentId, { conversation: publicConversation(c), brandId: c.brandId, expiresAt });
      }
      rows = await store.routing.openChats();
    }

    // The customer's place counts every chat still waiting, offered or not, oldest first.
    const positions = queuePositions(rows.filter((r) => r.status === 'waiting'));
    for (const [id, position] of positions) {
      if (lastPosition.get(id) === position) continue;
      lastPosition.set(id, position);
      events.position(id, position);
    }
    for (const id of lastPosition.keys()) if (!positions.has(id)) lastPosition.delete(id);

    watchOffline(rows);

    const after = loads(rows);
    for (const [id] of presence) {
      const s: MyStatus = { status: statusOf(id), load: after.get(id) ?? 0, cap: cap(), brands: restrictions.get(id) ?? null };
      const key = JSON.stringify(s);
      if (lastStatus.get(id) === key) continue;
      lastStatus.set(id, key);
      events.statusChanged(id, s);
    }
    events.liveChanged();
  }

  /** Starts the grace period of each offline agent who holds chats; stops it for those back. */
  function watchOffline(rows: OpenChatRow[]): void {
    const holding = new Set(rows.filter((r) => r.status === 'active' && r.assignedAgentId).map((r) => r.assignedAgentId!));
    for (const [id, g] of graces) {
      if (holding.has(id) && statusOf(id) === 'offline') continue;
      clearTimeout(g.timer);
      graces.delete(id);
    }
    const grace = config.policy.chat.agentOfflineGraceMs;
    for (const id of holding) {
      if (graces.has(id) || statusOf(id) !== 'offline') continue;
      const at = new Date(clock.now().getTime() + grace).toISOString();
      graces.set(id, { at, timer: later(grace, () => void requeueOffline(id)) });
    }
  }

  async function requeueOffline(agentId: string): Promise<void> {
    graces.delete(agentId);
    if (statusOf(agentId) !== 'offline') return schedule();
    const held = (await store.routing.openChats()).filter((r) => r.status === 'active' && r.assignedAgentId === agentId);
    const moved = await store.write(async (tx) => {
      const out: typeof held = [];
      for (const r of held) if (await tx.routing.requeueFrom(r.id, agentId)) out.push(r);
      return out;
    });
    for (const r of moved) {
      const { deskName } = brandDesk(config.settings, r.brandId);
      const who = r.agentName || 'Your agent';
      // The requeue above succeeds once per assignment, so this notice is posted once per move.
      await deps.chat.postSystem(
        r.id,
        `requeue-${r.id}-${(await store.conversations.get(r.id))?.lastSeq ?? 0}`,
        deskName,
        `${who} has been disconnected. You are back in the queue: the next available colleague will continue this chat, with everything said so far.`,
      );
      events.released(agentId, r.id);
      const conversation = await deps.chat.changed(r.id);
      events.requeuedOffline?.(agentId, conversation);
      log('info', 'chat requeued: agent offline past the grace period', { conversationId: r.id, agentId });
    }
    schedule();
  }

  async function lapse(chatId: string, agentId: string): Promise<void> {
    const o = offers.get(chatId);
    if (!o || o.agentId !== agentId) return;
    offers.delete(chatId);
    const lapsed = await store.writeCalls((tx) => tx.routing.lapseOffer(chatId, agentId));
    if (lapsed) {
      const ex = exclusions.get(chatId) ?? new Set<string>();
      ex.add(agentId);
      exclusions.set(chatId, ex);
      later(config.policy.chat.offerTimeoutMs, () => {
        exclusions.get(chatId)?.delete(agentId);
        if (exclusions.get(chatId)?.size === 0) exclusions.delete(chatId);
        schedule();
      });
      events.offerWithdrawn(agentId, chatId, 'lapsed');
    }
    schedule();
  }

  /**
   * The target of a transfer or reassign: an enabled staff account that serves the brand and is
   * available now — a chat given to someone away or offline would sit unanswered (issue 9).
   */
  async function requireTarget(toAgentId: string, brandId: string): Promise<StaffUser> {
    const u = await store.users.account(toAgentId);
    if (!u || u.disabled) throw new DeskError('not_found', 'No such agent.');
    if (!(await store.routing.serves(u.id, brandId))) throw new DeskError('conflict', `${u.name} does not serve this brand.`);
    const status = statusOf(u.id);
    if (status !== 'available') {
      throw new DeskError('conflict', `${u.name} is ${status === 'away' ? 'away' : 'offline'}: only an available colleague can take a chat. Choose someone else, or transfer it to the brand's queue.`);
    }
    return u;
  }

  return {
    schedule,
    statusOf,
    localAgents,
    myStatus: (userId: string) => myStatus(userId),

    connected(user: StaffUser): void {
      const p = presence.get(user.id) ?? { sockets: 0, choice: user.role === 'agent' ? 'available' : 'away', lastAssignedAt: null };
      p.sockets += 1;
      presence.set(user.id, p);
      deps.cluster?.announce();
      schedule();
    },
    disconnected(userId: string): void {
      const p = presence.get(userId);
      if (!p) return;
      p.sockets = Math.max(0, p.sockets - 1);
      deps.cluster?.announce();
      schedule();
    },
    setStatus(user: StaffUser, choice: Choice): Promise<MyStatus> {
      const p = presence.get(user.id) ?? { sockets: 0, choice, lastAssignedAt: null };
      p.choice = choice;
      presence.set(user.id, p);
      deps.cluster?.announce();
      schedule();
      return myStatus(user.id);
    },

    /** Moves a live chat to another agent, with its history (it is the same conversation). */
    async reassign(conversationId: string, toAgentId: string, note: (c: Conversation) => Promise<Note | null>): Promise<Conversation> {
      const c = await store.conversations.get(conversationId);
      if (!c) throw new DeskError('not_found', 'No such conversation.');
      if (c.status === 'ended') throw new DeskError('conflict', 'This conversation has ended.');
      const target = await requireTarget(toAgentId, c.brandId);
      const previous = c.assignedAgent?.id ?? null;
      await store.writeCalls((tx) => tx.routing.reassign(c.id, target.id, clock.now().toISOString()));
      const written = await note(publicConversation(c));
      const conversation = await deps.chat.changed(c.id);
      if (previous && previous !== target.id) events.released(previous, c.id);
      events.assigned(target.id, conversation, written);
      return conversation;
    },

    /** Back to the waiting queue of `brandId` (the same brand or another), for anyone to take. */
    async requeue(conversationId: string, brandId: string, note: (c: Conversation) => Promise<Note | null>): Promise<Conversation> {
      const c = await store.conversations.get(conversationId);
      if (!c) throw new DeskError('not_found', 'No such conversation.');
      if (c.status === 'ended') throw new DeskError('conflict', 'This conversation has ended.');
      const previous = c.assignedAgent?.id ?? null;
      await store.writeCalls((tx) => tx.routing.requeue(c.id, brandId));
      await note(publicConversation(c));
      const conversation = await deps.chat.changed(c.id);
      if (previous) events.released(previous, c.id);
      return conversation;
    },

    /** The chat's place in its brand's queue, or null when it is not waiting. */
    async position(conversationId: string): Promise<number | null> {
      return queuePositions((await store.routing.openChats()).filter((r) => r.status === 'waiting')).get(conversationId) ?? null;
    },

    async snapshot(): Promise<SuperviseSnapshot> {
      const now = clock.now();
      const rows = await store.routing.openChats();
      const load = loads(rows);
      const waiting = rows.filter((r) => r.status === 'waiting');
      const oldest = waiting.reduce<string | null>((min, r) => (min === null || r.createdAt < min ? r.createdAt : min), null);
      return {
        queueLength: waiting.length,
        longestWaitMs: oldest ? Math.max(0, now.getTime() - Date.parse(oldest)) : 0,
        agents: (await store.users.accounts())
          .filter((a) => !a.disabled)
          .map((a) => ({ id: a.id, name: a.name, role: a.role, status: statusOf(a.id), load: load.get(a.id) ?? 0, requeueAt: graces.get(a.id)?.at ?? null })),
        active: rows.map((r) => ({
          id: r.id,
          brandId: r.brandId,
          status: r.status,
          customerName: r.customerName,
          agent: r.assignedAgentId ? { id: r.assignedAgentId, name: r.agentName ?? '' } : null,
          offeredTo: r.offeredTo,
          createdAt: r.createdAt,
        })),
        at: now.toISOString(),
      };
    },

    async close(): Promise<void> {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      offers.clear();
      graces.clear();
      await running;
    },
  };
}
export type Router = ReturnType<typeof createRouter>;
