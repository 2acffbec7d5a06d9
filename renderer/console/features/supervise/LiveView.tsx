// "Live" in the top bar (supervisors and admins): the queue and the longest wait, each agent's
// status and load, every open chat; watch one read-only, whisper to its agent or give it to another.
// (Canned replies have their own section since issue 9: features/canned/CannedView.)
import { Announcer } from '../../../common/Announcer';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useFocusOn } from '../cases/useFocusOn';
import { ActiveChats } from './ActiveChats';
import { AgentsTable } from './AgentsTable';
import { LiveNumbers } from './LiveNumbers';
import { useSupervise } from './superviseStore';
import { WatchPanel } from './WatchPanel';
import './supervise.css';

export function LiveView() {
  const heading = useFocusOn<HTMLHeadingElement>('live');
  const error = useSupervise((s) => s.error);
  const loaded = useSupervise((s) => s.snapshot !== null);
  const follow = useSupervise((s) => s.follow);
  const unfollow = useSupervise((s) => s.unfollow);
  const { t } = useTranslation();

  useEffect(() => {
    void follow();
    return unfollow;
  }, [follow, unfollow]);

  return (
    <section className="page page--controls live-page" aria-labelledby="live-title">
      <LiveAnnouncer />
      <div className="page__head">
        <h2 id="live-title" ref={heading} tabIndex={-1}>
          {t('supervise.title')}
        </h2>
        <p className="page__lead">{t('supervise.lead')}</p>
      </div>
      {error ? (
        <div className="form__error page__error" role="alert">
          <span>{error}</span>
          <button type="button" className="btn btn--link" onClick={() => void follow()}>
            {t('supervise.tryAgain')}
          </button>
        </div>
      ) : null}
      {!loaded && !error ? <p className="muted">{t('supervise.loading')}</p> : null}
      {loaded ? (
        <>
          <LiveNumbers />
          <div className="live-page__body">
            <div className="live-page__lists">
              <AgentsTable />
              <ActiveChats />
            </div>
            <WatchPanel />
          </div>
        </>
      ) : null}
    </section>
  );
}

const LiveAnnouncer = () => <Announcer announcement={useSupervise((s) => s.announcement)} testId="live-announcement" />;
