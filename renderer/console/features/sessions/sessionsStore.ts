// Signed-in sessions: one's own ("me"), and for admins those of any user, listed and ended.
// Reloaded each time a list is shown; the last answer stays on screen meanwhile.
import { create } from 'zustand';
import type { SessionInfo } from '../../../../shared/protocol/staff';
import { errorMessage } from '../../../common/ack';
import { tr } from '../../../common/i18n';
import { bridge } from '../../bridge';
import { currentSession } from '../../desk/session';
import { withSession } from '../../desk/withSession';

export interface SessionListState {
  sessions: SessionInfo[];
  loaded: boolean;
  loading: boolean;
  error: string | null;
  /** What was just done, for the status line. */
  notice: string | null;
}

interface SessionsState {
  lists: Record<string, SessionListState>;
  /** Sessions being ended right now. */
  ending: Record<string, boolean>;
  load(userId?: string): Promise<void>;
  end(sessionId: string, userId?: string): Promise<void>;
}

export const EMPTY_LIST: SessionListState = { sessions: [], loaded: false, loading: false, error: null, notice: null };
// "Me" is keyed by who is signed in: the next person at this console never sees the last one's list.
export const listKey = (userId?: string) => userId ?? `me:${currentSession()?.user.id ?? ''}`;

export const useSessions = create<SessionsState>()((set, get) => {
  const patch = (userId: string | undefined, p: Partial<SessionListState>) =>
    set((s) => ({ lists: { ...s.lists, [listKey(userId)]: { ...(s.lists[listKey(userId)] ?? EMPTY_LIST), ...p } } }));

  return {
    lists: {},
    ending: {},

    async load(userId) {
      patch(userId, { loading: true, error: null, notice: null });
      try {
        const sessions = await withSession((token) => bridge.hub.sessions(token, userId));
        patch(userId, { sessions, loaded: true, loading: false });
      } catch (e) {
        patch(userId, { loading: false, error: errorMessage(e) });
      }
    },

    async end(sessionId, userId) {
      set((s) => ({ ending: { ...s.ending, [sessionId]: true } }));
      patch(userId, { error: null, notice: null });
      try {
        await withSession((token) => bridge.hub.revokeSession(token, sessionId));
        const list = get().lists[listKey(userId)] ?? EMPTY_LIST;
        patch(userId, { sessions: list.sessions.filter((x) => x.id !== sessionId), notice: tr('sessions.ended') });
      } catch (e) {
        patch(userId, { error: errorMessage(e) });
      } finally {
        set((s) => {
          const ending = { ...s.ending };
          delete ending[sessionId];
          return { ending };
        });
      }
    },
  };
});
