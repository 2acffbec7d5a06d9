// What the console may ask of the outside world. Two implementations: the Electron preload
// (electron.ts) and a plain browser (web.ts); nothing else in the console talks to the network or the OS.
import type { Locale } from '../../../shared/i18n/locales';
import type { Socket } from 'socket.io-client';
import type { PendingMessage } from '../../../shared/delivery/outbox';
import type { OpenTarget } from '../../../shared/protocol/ipc';
import type { AgentClientEvents, AgentServerEvents } from '../../../shared/protocol/events';
import type { Role, StaffUser } from '../../../shared/protocol/schemas';
import type { Account, ConsoleConfig, SessionInfo } from '../../../shared/protocol/staff';

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

export interface NewAccount {
  email: string;
  name: string;
  role: Role;
  password: string;
}

export interface AccountChange {
  userId: string;
  role?: Role;
  name?: string;
  disabled?: boolean;
}

/** Failures are thrown as DeskError carrying the hub's { code, message }. */
export interface HubApi {
  setupStatus(): Promise<{ needsSetup: boolean }>;
  claimSetup(claim: SetupClaim): Promise<SignedIn>;
  login(email: string, password: string): Promise<SignedIn>;
  logout(token: string): Promise<void>;
  /** `locked`: this session's console was idle-locked (a reload comes back locked). */
  me(token: string): Promise<{ user: StaffUser; locked: boolean }>;
  settings(): Promise<HubSettings>;
  consoleConfig(token: string): Promise<ConsoleConfig>;
  /** The console language this account picked (issue 10); `en` until one is picked. */
  consoleLocale(token: string): Promise<Locale>;
  setConsoleLocale(token: string, locale: Locale): Promise<Locale>;
  lock(token: string): Promise<void>;
  /** A wrong password is `forbidden`; too many are `rate_limited`; a dead session `unauthenticated`. */
  unlock(token: string, password: string): Promise<void>;
  /** Own sessions, or (admins) another user's. */
  sessions(token: string, userId?: string): Promise<SessionInfo[]>;
  revokeSession(token: string, sessionId: string): Promise<void>;
  /** Admin only, like everything below. */
  accounts(token: string): Promise<Account[]>;
  createAccount(token: string, account: NewAccount): Promise<Account>;
  updateAccount(token: string, change: AccountChange): Promise<Account>;
  resetPassword(token: string, userId: string, password: string): Promise<Account>;
  /** A claim photo (a CaseEvidence `url`, under /api/cases/evidence) as a Blob: it needs the staff token, so no plain <img src>. */
  evidencePhoto(token: string, url: string): Promise<Blob>;
  /** A ticket's mail attachment (a TicketAttachment `url`, under /api/tickets/attachment) as a Blob. */
  ticketAttachment(token: string, url: string): Promise<Blob>;
}

export interface SaveFileOptions {
  encoding?: 'utf8' | 'base64';
  mime?: string;
}

export interface ConsoleBridge {
  kind: 'electron' | 'web';
  hub: HubApi;
  /** A socket for namespace /agent, not yet connected, so the caller can attach handlers first. */
  connectAgent(token: string, opts: { ackTimeoutMs: number }): Promise<AgentSocket>;
  notifications: {
    state(): NotificationState;
    request(): Promise<NotificationState>;
    /** `open`: what clicking the notification shows (the chat it is about). */
    notify(title: string, body: string, open?: OpenTarget): Promise<void>;
  };
  /** `base64` content (a PDF export) is decoded to bytes before it is written. */
  saveFile(suggestedName: string, content: string, opts?: SaveFileOptions): Promise<{ saved: boolean }>;
  secrets: {
    get(key: 'session-token'): Promise<string | null>;
    set(key: 'session-token', value: string): Promise<void>;
    delete(key: 'session-token'): Promise<void>;
  };
  /**
   * Messages typed but not yet acknowledged by the hub, per agent. The desktop app keeps them in a
   * file (they survive a restart); a browser tab keeps them in memory (they survive a sign-out).
   */
  outbox: {
    load(userId: string): Promise<PendingMessage[]>;
    save(userId: string, pending: PendingMessage[]): Promise<void>;
  };
  /** Unread customer messages: the dock/taskbar badge and tray in the desktop app. */
  setUnread(count: number): void;
  /** Requests to show a chat or transcript (a clicked notification, a caredesk:// link). Returns an unsubscribe. */
  onOpen(handler: (target: OpenTarget) => void): () => void;
}
