// A table of signed-in sessions with a way to end each: one's own (with "This device" marked),
// or, inside Accounts, any user's for an admin.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formatWhen } from '../../../common/format';
import type { SessionInfo } from '../../../../shared/protocol/staff';
import { useAuth } from '../auth/authStore';
import { describeDevice } from './device';
import { EMPTY_LIST, listKey, useSessions } from './sessionsStore';

export function SessionList({ userId, label }: { userId?: string; label: string }) {
  const { t } = useTranslation();
  const list = useSessions((s) => s.lists[listKey(userId)] ?? EMPTY_LIST);
  const load = useSessions((s) => s.load);

  useEffect(() => {
    void load(userId);
  }, [load, userId]);

  return (
    <div className="sessions" data-testid="session-list">
      <p className="sessions__status" role="status">
        {list.loading && !list.loaded ? t('sessions.loading') : (list.notice ?? '')}
      </p>
      {list.error ? (
        <div className="form__error page__error" role="alert">
          <span>{list.error}</span>
          <button type="button" className="btn btn--link" onClick={() => void load(userId)}>
            {t('desk.tryAgain')}
          </button>
        </div>
      ) : null}
      {list.loaded && list.sessions.length === 0 ? (
        <p className="page__empty" data-testid="sessions-empty">
          {userId ? t('sessions.noneForAccount') : t('sessions.none')}
        </p>
      ) : null}
      {list.sessions.length > 0 ? (
        <table className="table">
          <caption className="visually-hidden">{label}</caption>
          <thead>
            <tr>
              <th scope="col">{t('sessions.device')}</th>
              <th scope="col">{t('sessions.signedIn')}</th>
              <th scope="col">{t('sessions.lastActive')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('sessions.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.sessions.map((s) => (
              <SessionRow key={s.id} session={s} userId={userId} />
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

function SessionRow({ session: s, userId }: { session: SessionInfo; userId?: string }) {
  const { t } = useTranslation();
  const ending = useSessions((st) => !!st.ending[s.id]);
  const end = useSessions((st) => st.end);
  const signOut = useAuth((st) => st.signOut);
  const device = describeDevice(s.userAgent);

  return (
    <tr data-testid="session-row" data-current={s.current ? 'true' : undefined}>
      <td>
        <span title={s.userAgent ?? undefined}>{device}</span>
        {s.current ? <span className="pill pill--accent"> {t('sessions.thisDevice')}</span> : null}
      </td>
      <td>{formatWhen(s.createdAt)}</td>
      <td>{formatWhen(s.lastSeenAt)}</td>
      <td>
        <div className="table__actions">
          {s.current ? (
            <button type="button" className="btn" onClick={() => void signOut()}>
              {t('auth.signOut')}
            </button>
          ) : (
            <button type="button" className="btn btn--danger" disabled={ending} onClick={() => void end(s.id, userId)}>
              {ending ? t('sessions.ending') : t('sessions.end')}
              <span className="visually-hidden"> {t('sessions.endWhich', { device, when: formatWhen(s.createdAt) })}</span>
            </button>
          )}
        </div>
      </td>
    </tr>
  );
}
