// Which section of the desk is on screen. In a store rather than the Desk's own state: locking
// unmounts the desk, and unlocking must bring the agent back where they were (issue 9); other
// sections may also send the reader elsewhere (a low rating in Reports opens Transcripts).
import { create } from 'zustand';

export type DeskView = 'chats' | 'live' | 'reports' | 'canned' | 'tickets' | 'cases' | 'transcripts' | 'privacy' | 'accounts' | 'settings' | 'sessions';

interface DeskViewState {
  view: DeskView;
  setView(view: DeskView): void;
  reset(): void;
}

export const useDeskView = create<DeskViewState>()((set) => ({
  view: 'chats',
  setView: (view) => set({ view }),
  reset: () => set({ view: 'chats' }),
}));
