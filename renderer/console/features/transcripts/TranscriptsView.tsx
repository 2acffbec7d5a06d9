// "Transcripts" in the top bar: search every chat the signed-in person may read, and review one.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_POLICY } from '../../../../shared/domain/config';
import { useFocusOn } from '../cases/useFocusOn';
import { useConnection } from '../connection/connectionStore';
import { SearchForm } from './SearchForm';
import { SearchResults } from './SearchResults';
import { TranscriptsAnnouncer } from './TranscriptsAnnouncer';
import { TranscriptViewer } from './TranscriptViewer';
import { useTranscripts } from './transcriptsStore';
import './transcripts.css';

export function TranscriptsView() {
  const { t } = useTranslation();
  const months = useConnection((c) => c.settings?.transcriptMonths ?? DEFAULT_POLICY.retention.transcriptMonths);
  const heading = useFocusOn<HTMLHeadingElement>('transcripts');
  const searched = useTranscripts((s) => s.search.status !== 'idle');
  const runSearch = useTranscripts((s) => s.runSearch);

  // The first visit lists the newest transcripts (and learns the agents and brands for the filters).
  useEffect(() => {
    // Only on entering the view: later searches are the reader's (`searched` is read, not watched).
    if (!searched) void runSearch(1);
  }, [runSearch]);

  return (
    <section className="page page--controls tx-page" aria-labelledby="transcripts-title">
      <TranscriptsAnnouncer />
      <div className="page__head">
        <h2 id="transcripts-title" ref={heading} tabIndex={-1}>
          {t('transcripts.title')}
        </h2>
        <p className="page__lead">{t('transcripts.lead', { months })}</p>
      </div>
      <SearchForm />
      <div className="tx-page__body">
        <SearchResults />
        <TranscriptViewer />
      </div>
    </section>
  );
}
