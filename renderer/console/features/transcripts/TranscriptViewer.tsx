// One transcript: who and when, its messages (windowed), and beside them retention, hold, tags,
// comments and copies. Tags, comments and holds are for supervisors and admins: agents read them.
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/authStore';
import { useFocusOn } from '../cases/useFocusOn';
import { ClaimPhotos } from './ClaimPhotos';
import { CopiesPanel } from './CopiesPanel';
import { ExportMenu } from './ExportMenu';
import { ReviewPanel } from './ReviewPanel';
import { TranscriptMessages } from './TranscriptMessages';
import { formatStamp } from './transcriptText';
import { useTranscripts } from './transcriptsStore';
import { FormError } from '../../../common/FormError';

export function TranscriptViewer() {
  const { t } = useTranslation();
  const viewer = useTranscripts((s) => s.viewer);
  const close = useTranscripts((s) => s.close);
  const role = useAuth((s) => s.user?.role);
  const heading = useFocusOn<HTMLHeadingElement>(viewer?.meta ? viewer.conversationId : null);
  if (!viewer) return <p className="tx-hint">{t('transcripts.viewer.hint')}</p>;

  const meta = viewer.meta;
  const c = meta?.conversation;
  const canReview = role === 'supervisor' || role === 'admin';

  return (
    <section className="tx-viewer" aria-labelledby="tx-viewer-title" data-testid="transcript-viewer" data-conversation-id={viewer.conversationId}>
      <div className="tx-viewer__head">
        <div>
          <h3 id="tx-viewer-title" ref={heading} tabIndex={-1}>
            {c ? t('transcripts.viewer.title', { name: c.customer.name }) : t('transcripts.viewer.untitled')}
          </h3>
          {c ? (
            <p className="muted muted--small">
              {c.customer.email} · {t('transcripts.viewer.started', { when: formatStamp(c.createdAt) })}
              {c.endedAt ? ` · ${t('transcripts.viewer.ended', { when: formatStamp(c.endedAt) })}` : ` · ${t('transcripts.viewer.status', { status: c.status })}`}
              {c.assignedAgent ? ` · ${c.assignedAgent.name}` : ''}
              {meta?.externalId ? ` · ${t('transcripts.viewer.imported', { id: meta.externalId })}` : ''}
            </p>
          ) : null}
        </div>
        <div className="tx-viewer__actions">
          {meta ? <ExportMenu disabled={viewer.busy !== null} /> : null}
          <button type="button" className="btn btn--ghost" onClick={close}>
            {t('transcripts.viewer.close')}
          </button>
        </div>
      </div>
      {viewer.actionError?.action === 'export' ? (
        <p className="form__error" role="alert">
          {viewer.actionError.message}
        </p>
      ) : null}
      {viewer.loading ? <p role="status">{t('transcripts.viewer.loading')}</p> : null}
      <FormError error={viewer.error} />
      {meta && c ? (
        <div className="tx-viewer__body">
          <TranscriptMessages viewer={viewer} />
          <aside className="tx-viewer__side" aria-label={t('transcripts.viewer.side')}>
            <ReviewPanel viewer={viewer} meta={meta} canReview={canReview} />
            <ClaimPhotos photos={viewer.photos} />
            <CopiesPanel viewer={viewer} customerEmail={c.customer.email} />
          </aside>
        </div>
      ) : null}
    </section>
  );
}
