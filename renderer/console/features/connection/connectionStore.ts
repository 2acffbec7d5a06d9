// The state of the link to the hub, for the banner and for settings the hub publishes.
import { create } from 'zustand';
import type { ConsoleConfig } from '../../../../shared/protocol/staff';
import type { ConnectionStatus } from '../../desk/agentLink';

interface ConnectionState {
  status: ConnectionStatus | 'offline';
  /** A non-fatal problem worth telling the agent (a failed queue refresh, a failed sync). */
  problem: string | null;
  settings: ConsoleConfig | null;
  setStatus(status: ConnectionState['status']): void;
  setProblem(problem: string | null): void;
  setSettings(settings: ConsoleConfig): void;
}

export const useConnection = create<ConnectionState>()((set) => ({
  status: 'offline',
  problem: null,
  settings: null,
  setStatus: (status) => set(status === 'online' ? { status, problem: null } : { status }),
  setProblem: (problem) => set({ problem }),
  setSettings: (settings) => set({ settings }),
}));
