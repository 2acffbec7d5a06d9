import { io } from 'socket.io-client';
import { NAMESPACES } from '../../../shared/protocol/events';
import type { AgentSocket } from './types';

export function agentSocket(hubUrl: string, token: string, ackTimeoutMs: number): AgentSocket {
  // retries: 0 leaves resending to the Outbox, which reuses the clientId so the hub can dedupe.
  return io(hubUrl + NAMESPACES.agent, { auth: { token }, ackTimeout: ackTimeoutMs, retries: 0, autoConnect: false });
}
