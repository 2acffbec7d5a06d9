// The console's one door to the outside world: the Electron preload when present, else the browser.
import type { DesktopBridge } from '../../../shared/protocol/ipc';
import { electronBridge } from './electron';
import type { ConsoleBridge } from './types';
import { webBridge } from './web';

declare global {
  interface Window {
    caredesk?: DesktopBridge;
  }
}

export const bridge: ConsoleBridge = window.caredesk ? electronBridge(window.caredesk) : webBridge;

export type { AccountChange, AgentSocket, ConsoleBridge, HubSettings, NewAccount, NotificationState, SetupClaim, SignedIn } from './types';
