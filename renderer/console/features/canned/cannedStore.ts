// The desk's canned replies, loaded once per connection and kept current by canned:updated;
// the composer's "/" picker filters them locally as the agent types.
import { create } from 'zustand';
import type { CannedReply } from '../../../../shared/protocol/routing';
import { errorMessage } from '../../../common/ack';
import { tr } from '../../../common/i18n';
import type { RoutingApi } from '../../bridge/routingApi';
import { applyCannedUpdate } from './cannedFilter';

interface CannedState {
  replies: CannedReply[];
  loaded: boolean;
  error: string | null;
  attach(api: RoutingApi): () => void;
  reset(): void;
}

export const useCanned = create<CannedState>()((set) => ({
  replies: [],
  loaded: false,
  error: null,
  attach(api) {
    const load = () =>
      api.canned().then(
        (replies) => set({ replies, loaded: true, error: null }),
        (e) => set({ error: tr('canned.loadFailed', { reason: errorMessage(e) }) }),
      );
    const offs = [api.onConnected(() => void load()), api.onCanned((reply, deletedId) => set((s) => ({ replies: applyCannedUpdate(s.replies, reply, deletedId) })))];
    return () => offs.forEach((off) => off());
  },
  reset: () => set({ replies: [], loaded: false, error: null }),
}));
