// At the end of a chat: "Email me a copy" (to the customer's confirmed address; its delivery is
// shown when the desk reports it) and "Download" (a PDF, fetched with the widget token). A guest
// confirms their email with a code first: the desk emails nobody on a typed address (issue 12).
import { useWidget } from './widgetStore';
import './transcriptCopy.css';
import { FormError } from '../common/FormError';
import { VerifyEmail } from './Verification';

const COPY_TEXT = {
  queued: 'Sending a copy to your email address…',
  sent: 'A copy of this chat has been sent to your email address.',
  failed: 'We could not send the copy. Please try again, or download it instead.',
} as const;

export function TranscriptCopy() {
  const { copy, busy, error } = useWidget((s) => s.transcriptCopy);
  const download = useWidget((s) => s.transcriptDownload);
  const email = useWidget((s) => s.customer?.email);
  const verified = useWidget((s) => s.customer?.verified ?? false);
  const { emailCopy, downloadCopy } = useWidget.getState();
  // A failed copy may be asked for again; a queued or sent one need not be.
  const canEmail = !busy && (!copy || copy.status === 'failed');

  return (
    <div className="copy-actions" data-testid="transcript-copy">
      <div className="copy-actions__buttons">
        {verified ? (
          <button type="button" className="btn" disabled={!canEmail} onClick={() => void emailCopy()}>
            Email me a copy
          </button>
        ) : null}
        <button type="button" className="btn" disabled={download.busy} onClick={() => void downloadCopy()}>
          {download.busy ? 'Preparing…' : 'Download (PDF)'}
        </button>
      </div>
      {email && !copy && verified ? <p className="copy-actions__help">Copies go to {email}.</p> : null}
      <VerifyEmail why="To get a copy by email, first confirm your email address with a code we send to it. Or download the PDF now." />
      <p className={`copy-actions__status${copy?.status === 'failed' ? ' copy-actions__status--failed' : ''}`} role="status" data-testid="copy-status" data-status={copy?.status ?? ''}>
        {copy ? COPY_TEXT[copy.status] : ''}
      </p>
      <FormError error={error} />
      <FormError error={download.error} />
    </div>
  );
}
