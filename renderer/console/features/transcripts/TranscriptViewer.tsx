// One transcript: who and when, its messages (windowed), and beside them retention, hold, tags,
// comments and copies. Tags, comments and holds are for supervisors and admins: agents read them.
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
  const viewer = useTranscripts((s) => s.viewer);
  const close = useTranscripts((s) => s.close);
  const role = useAuth((s) => s.user?.role);
  const heading = useFocusOn<HTMLHeadingElement>(viewer?.meta ? viewer.conversationId : null);
  if (!viewer) return <p className="tx-hint">Open a result to read its transcript.</p>;

  const meta = viewer.meta;
  const c = meta?.conversation;
  const canReview = role === 'supervisor' || role === 'admin';

  return (
    <section className="tx-viewer" aria-labelledby="tx-viewer-title" data-testid="transcript-viewer" data-conversation-id={viewer.conversationId}>
      <div className="tx-viewer__head">
        <div>
          <h3 id="tx-viewer-title" ref={heading} tabIndex={-1}>
            {c ? `Chat with ${c.customer.name}` : 'Transcript'}
          </h3>
          {c ? (
            <p className="muted muted--small">
              {c.customer.email} · started {formatStamp(c.createdAt)}
              {c.endedAt ? ` · ended ${formatStamp(c.endedAt)}` : ` · ${c.status}`}
              {c.assignedAgent ? ` · ${c.assignedAgent.name}` : ''}
              {meta?.externalId ? ` · imported (${meta.externalId})` : ''}
            </p>
          ) : null}
        </div>
        <div className="tx-viewer__actions">
          {meta ? <ExportMenu disabled={viewer.busy !== null} /> : null}
          <button type="button" className="btn btn--ghost" onClick={close}>
            Close
          </button>
        </div>
      </div>
      {viewer.actionError?.action === 'export' ? (
        <p className="form__error" role="alert">
          {viewer.actionError.message}
        </p>
      ) : null}
      {viewer.loading ? <p role="status">Loading the transcript…</p> : null}
      <FormError error={viewer.error} />
      {meta && c ? (
        <div className="tx-viewer__body">
          <TranscriptMessages viewer={viewer} />
          <aside className="tx-viewer__side" aria-label="Review and copies">
            <ReviewPanel viewer={viewer} meta={meta} canReview={canReview} />
            <ClaimPhotos photos={viewer.photos} />
            <CopiesPanel viewer={viewer} customerEmail={c.customer.email} />
          </aside>
        </div>
      ) : null}
    </section>
  );
}
