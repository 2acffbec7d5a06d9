// Whether the console is idle-locked, and what arrived meanwhile, counted but never shown: the
// lock screen may be in front of anyone (POLICY §3 "Shared computers").
import { create } from 'zustand';

interface LockState {
  locked: boolean;
  /** Customer messages that arrived while locked. */
  arrived: number;
  setLocked(locked: boolean): void;
  noteArrival(): void;
}

export const useLock = create<LockState>()((set) => ({
  locked: false,
  arrived: 0,
  setLocked: (locked) => set({ locked, arrived: 0 }),
  noteArrival: () => set((s) => (s.locked ? { arrived: s.arrived + 1 } : s)),
}));
