// Several hubs on one PostgreSQL (issue 11): what each hub must know of the others, carried by
// socket.io's Postgres adapter (server-side events between hubs, no extra channel):
// - which agents each hub has connected and how they stand, so an agent on another hub is not
//   "offline" to this one (no grace-period requeue of their chats, a transfer may target them);
// - that the queue changed somewhere, so every hub runs routing for its own agents;
// - that a staff session was revoked, so every hub tells that session's sockets and closes them.
//   One event, acted on by each hub for its own sockets, so the telling comes before the closing
//   whatever the adapter does (socket.io's own sends each on whichever connection is free).
// Each hub repeats its agents every heartbeat; a hub not heard from within the peer timeout is
// gone (killed, cut off), and its agents count as offline until they reconnect elsewhere.
import { randomBytes } from 'node:crypto';
import type { Server } from 'socket.io';
import type { AgentStatus } from '../../shared/protocol/routing';
import type { Clock } from '../clock';

const PRESENCE = 'cluster:presence';
const POKE = 'cluster:routing';
const REVOKE = 'cluster:session-revoked';

export interface ClusterPresence {
  /** This hub's id in the cluster (logs). */
  readonly hubId: string;
  /** How the agent stands on the other hubs (the best of them), or 'offline' when on none. */
  remoteStatus(userId: string): AgentStatus;
  /** This hub's agents changed: tell the others now (and again every heartbeat). */
  announce(): void;
  /** The queue changed here: the other hubs run routing too. */
  pokeRouting(): void;
  /** A staff session was revoked here: the other hubs cut off its sockets too. */
  revokeSession(sessionId: string, reason: string): void;
  close(): void;
}

export interface ClusterOptions {
  clock: Clock;
  heartbeatMs: number;
  peerTimeoutMs: number;
  /** This hub's agents with a live console, and how each stands. */
  localAgents(): Map<string, AgentStatus>;
  /** Another hub's queue changed, or one of them went away: run routing here. */
  onRouting(): void;
  /** Another hub revoked a staff session: tell its sockets here and close them. */
  onSessionRevoked(sessionId: string, reason: string): void;
}

interface PeerState {
  at: number;
  agents: Map<string, AgentStatus>;
}

const RANK: Record<AgentStatus, number> = { offline: 0, away: 1, available: 2 };

export function clusterPresence(io: Server, o: ClusterOptions): ClusterPresence {
  const hubId = randomBytes(6).toString('hex');
  const peers = new Map<string, PeerState>();
  let closed = false;

  const snapshot = () => ({ hubId, agents: [...o.localAgents()] });
  const announce = () => {
    if (!closed) io.serverSideEmit(PRESENCE, snapshot());
  };

  io.on(PRESENCE, (msg: unknown) => {
    const m = msg as { hubId?: unknown; agents?: unknown };
    if (typeof m?.hubId !== 'string' || !Array.isArray(m.agents) || m.hubId === hubId) return;
    const agents = new Map<string, AgentStatus>();
    for (const entry of m.agents as unknown[]) {
      if (Array.isArray(entry) && typeof entry[0] === 'string' && (entry[1] === 'available' || entry[1] === 'away' || entry[1] === 'offline')) agents.set(entry[0], entry[1]);
    }
    const known = peers.has(m.hubId);
    peers.set(m.hubId, { at: o.clock.now().getTime(), agents });
    // A hub that just started learns of us at once instead of at our next heartbeat.
    if (!known) announce();
    o.onRouting();
  });
  io.on(POKE, () => o.onRouting());
  io.on(REVOKE, (msg: unknown) => {
    const m = msg as { sessionId?: unknown; reason?: unknown };
    if (typeof m?.sessionId === 'string' && typeof m.reason === 'string') o.onSessionRevoked(m.sessionId, m.reason);
  });

  const heartbeat = setInterval(() => {
    const now = o.clock.now().getTime();
    let lost = false;
    for (const [id, p] of peers) {
      if (now - p.at > o.peerTimeoutMs) {
        peers.delete(id);
        lost = true;
      }
    }
    announce();
    if (lost) o.onRouting();
  }, o.heartbeatMs);
  heartbeat.unref();
  // After the hub has finished starting (its router exists): the others learn of it at once.
  setImmediate(announce);

  return {
    hubId,
    remoteStatus(userId) {
      const now = o.clock.now().getTime();
      let best: AgentStatus = 'offline';
      for (const p of peers.values()) {
        if (now - p.at > o.peerTimeoutMs) continue;
        const s = p.agents.get(userId);
        if (s && RANK[s] > RANK[best]) best = s;
      }
      return best;
    },
    announce,
    pokeRouting() {
      if (!closed) io.serverSideEmit(POKE);
    },
    revokeSession(sessionId, reason) {
      if (!closed) io.serverSideEmit(REVOKE, { sessionId, reason });
    },
    close() {
      closed = true;
      clearInterval(heartbeat);
    },
  };
}
