// At the end of a chat: "Email me a copy" (to the customer's confirmed address; its delivery is
// shown when the desk reports it) and "Download" (a PDF, fetched with the widget token). A guest
// confirms their email with a code first: the desk emails nobody on a typed address (issue 12).
import { useTranslation } from 'react-i18next';
import { useWidget } from './widgetStore';
import './transcriptCopy.css';
import { FormError } from '../common/FormError';
import { VerifyEmail } from './Verification';

const COPY_TEXT = { queued: 'widget.copy.queued', sent: 'widget.copy.sent', failed: 'widget.copy.failed' } as const;

export function TranscriptCopy() {
  const { copy, busy, error } = useWidget((s) => s.transcriptCopy);
  const download = useWidget((s) => s.transcriptDownload);
  const email = useWidget((s) => s.customer?.email);
  const verified = useWidget((s) => s.customer?.verified ?? false);
  const { emailCopy, downloadCopy } = useWidget.getState();
  const { t } = useTranslation();
  // A failed copy may be asked for again; a queued or sent one need not be.
  const canEmail = !busy && (!copy || copy.status === 'failed');

  return (
    <div className="copy-actions" data-testid="transcript-copy">
      <div className="copy-actions__buttons">
        {verified ? (
          <button type="button" className="btn" disabled={!canEmail} onClick={() => void emailCopy()}>
            {t('widget.copy.email')}
          </button>
        ) : null}
        <button type="button" className="btn" disabled={download.busy} onClick={() => void downloadCopy()}>
          {download.busy ? t('widget.copy.preparing') : t('widget.copy.download')}
        </button>
      </div>
      {email && !copy && verified ? <p className="copy-actions__help">{t('widget.copy.goesTo', { email })}</p> : null}
      <VerifyEmail why={t('widget.verify.copyWhy')} />
      <p className={`copy-actions__status${copy?.status === 'failed' ? ' copy-actions__status--failed' : ''}`} role="status" data-testid="copy-status" data-status={copy?.status ?? ''}>
        {copy ? t(COPY_TEXT[copy.status]) : ''}
      </p>
      <FormError error={error} />
      <FormError error={download.error} />
    </div>
  );
}
