// Claim photos of the cases opened from this chat (issue 9), beside the transcript for reviewers:
// marked as the customer's evidence, fetched with the staff token (each view audited), through the
// same photo cache the Cases screens use.
import { useEffect, useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseEvidence } from '../../../../shared/protocol/cases';
import type { TranscriptPhoto } from '../../../../shared/protocol/transcripts';
import { useCases } from '../cases/casesStore';
import { formatStamp } from './transcriptText';

export function ClaimPhotos({ photos }: { photos: TranscriptPhoto[] }) {
  const { t } = useTranslation();
  const id = useId();
  if (photos.length === 0) return null;
  return (
    <section className="tx-panel" aria-labelledby={`${id}-h`} data-testid="transcript-photos">
      <h4 id={`${id}-h`}>{t('transcripts.photos.title')}</h4>
      <p className="muted muted--small">{t('transcripts.photos.lead')}</p>
      <ul className="tx-photos">
        {photos.map((p) => (
          <Photo key={p.id} photo={p} />
        ))}
      </ul>
    </section>
  );
}

function Photo({ photo: p }: { photo: TranscriptPhoto }) {
  const { t } = useTranslation();
  const state = useCases((s) => s.photos[p.id]);
  const load = useCases((s) => s.loadPhoto);
  useEffect(() => {
    void load({ id: p.id, url: p.url } as CaseEvidence);
  }, [load, p.id, p.url]);
  const label = t('transcripts.photo.alt', { name: p.name ?? t('transcripts.photo.untitled'), claim: p.caseNumber ?? '', when: formatStamp(p.createdAt) });
  return (
    <li className="tx-photo" data-testid="transcript-photo">
      {state?.status === 'ready' ? <img src={state.url} alt={label} className="tx-photo__img" /> : <span className="tx-photo__wait">{state?.status === 'error' ? state.message : t('transcripts.photo.loading')}</span>}
      <span className="muted muted--small">
        {p.caseNumber ?? t('transcripts.photo.claim')} · {p.name ?? t('transcripts.photo.untitled')}
      </span>
    </li>
  );
}
