// What the console may ask of the outside world. Two implementations: the Electron preload
// (electron.ts) and a plain browser (web.ts); nothing else in the console talks to the network or the OS.
import type { Socket } from 'socket.io-client';
import type { AgentClientEvents, AgentServerEvents } from '../../../shared/protocol/events';
import type { StaffUser } from '../../../shared/protocol/schemas';

export type AgentSocket = Socket<AgentServerEvents, AgentClientEvents>;

export interface SignedIn {
  token: string;
  user: StaffUser;
}

/** The hub's public settings (GET /api/widget/config). */
export interface HubSettings {
  deskName: string;
  retentionMonths: number;
  messageMaxChars: number;
  ackTimeoutMs: number;
}

export interface SetupClaim {
  code: string;
  name: string;
  email: string;
  password: string;
}

export type NotificationState = 'granted' | 'denied' | 'default' | 'unsupported';

/** Failures are thrown as DeskError carrying the hub's { code, message }. */
export interface HubApi {
  setupStatus(): Promise<{ needsSetup: boolean }>;
  claimSetup(claim: SetupClaim): Promise<SignedIn>;
  login(email: string, password: string): Promise<SignedIn>;
  logout(token: string): Promise<void>;
  me(token: string): Promise<{ user: StaffUser }>;
  settings(): Promise<HubSettings>;
}

export interface ConsoleBridge {
  kind: 'electron' | 'web';
  hub: HubApi;
  /** A socket for namespace /agent, not yet connected, so the caller can attach handlers first. */
  connectAgent(token: string, opts: { ackTimeoutMs: number }): Promise<AgentSocket>;
  notifications: {
    state(): NotificationState;
    request(): Promise<NotificationState>;
    notify(title: string, body: string): Promise<void>;
  };
  saveFile(suggestedName: string, content: string): Promise<{ saved: boolean }>;
  secrets: {
    get(key: 'session-token'): Promise<string | null>;
    set(key: 'session-token', value: string): Promise<void>;
    delete(key: 'session-token'): Promise<void>;
  };
}
