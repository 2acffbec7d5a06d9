// Email copies of the transcript: send one on the customer's request (to the address on file, or
// another with the reason recorded) and follow each copy's delivery as the hub reports it.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { EmailCopy } from '../../../../shared/protocol/transcripts';
import { COPY_LABEL, formatStamp } from './transcriptText';
import { useTranscripts, type ViewerState } from './transcriptsStore';

export function CopiesPanel({ viewer, customerEmail }: { viewer: ViewerState; customerEmail: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [target, setTarget] = useState<'file' | 'other'>('file');
  const [to, setTo] = useState('');
  const [reason, setReason] = useState('');
  const sendCopy = useTranscripts((s) => s.sendCopy);
  const busy = viewer.busy !== null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ok = target === 'file' ? await sendCopy() : await sendCopy(to.trim(), reason.trim());
    if (ok) {
      setOpen(false);
      setTo('');
      setReason('');
      setTarget('file');
    }
  };

  return (
    <section className="box tx-box" aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>{t('transcripts.copies.title')}</h4>
      {viewer.copiesError ? <p className="form__error">{viewer.copiesError}</p> : null}
      {viewer.copies.length ? (
        <ol className="stack tx-copies" data-testid="copies" aria-live="polite">
          {viewer.copies.map((c) => (
            <CopyRow key={c.id} copy={c} busy={busy} />
          ))}
        </ol>
      ) : (
        <p className="muted muted--small">{t('transcripts.copies.none')}</p>
      )}
      {!open ? (
        <button type="button" className="btn" onClick={() => setOpen(true)}>
          {t('transcripts.copies.open')}
        </button>
      ) : (
        <form className="tx-form" onSubmit={(e) => void submit(e)} aria-label={t('transcripts.copies.form')}>
          <fieldset className="tx-radios">
            <legend>{t('transcripts.copies.sendTo')}</legend>
            <label>
              <input type="radio" name={`${id}-to`} checked={target === 'file'} onChange={() => setTarget('file')} /> {t('transcripts.copies.toFile', { email: customerEmail })}
            </label>
            <label>
              <input type="radio" name={`${id}-to`} checked={target === 'other'} onChange={() => setTarget('other')} /> {t('transcripts.copies.toOther')}
            </label>
          </fieldset>
          {target === 'other' ? (
            <>
              <label htmlFor={`${id}-addr`}>{t('transcripts.copies.address')}</label>
              <input id={`${id}-addr`} type="email" required value={to} onChange={(e) => setTo(e.target.value)} autoFocus />
              <label htmlFor={`${id}-why`}>{t('transcripts.copies.reason')}</label>
              <textarea id={`${id}-why`} required minLength={3} maxLength={500} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
            </>
          ) : null}
          <div className="tx-form__actions">
            <button type="submit" className="btn btn--primary" disabled={busy || (target === 'other' && (!to.trim() || reason.trim().length < 3))}>
              {t('transcripts.copies.send')}
            </button>
            <button type="button" className="btn btn--ghost" onClick={() => setOpen(false)}>
              {t('transcripts.cancel')}
            </button>
          </div>
        </form>
      )}
      {viewer.actionError && (viewer.actionError.action === 'copy' || viewer.actionError.action === 'retry') ? (
        <p className="form__error" role="alert">
          {viewer.actionError.message}
        </p>
      ) : null}
    </section>
  );
}

const COPY_TONE: Record<EmailCopy['status'], string> = { queued: 'pill--warn', sent: 'pill--ok', failed: 'pill--danger' };

function CopyRow({ copy: c, busy }: { copy: EmailCopy; busy: boolean }) {
  const { t } = useTranslation();
  const retry = useTranscripts((s) => s.retryCopy);
  return (
    <li className={`tx-copy tx-copy--${c.status}`} data-testid="copy" data-status={c.status} data-copy-id={c.id}>
      <div className="tx-copy__head">
        <span className="tx-copy__to">{c.to}</span>
        <span className={`pill pill--status ${COPY_TONE[c.status]}`} data-testid="copy-status">
          {t(COPY_LABEL[c.status])}
        </span>
      </div>
      <p className="muted muted--small">
        {c.requestedBy.kind === 'customer' ? t('transcripts.copy.byCustomer') : t('transcripts.copy.byStaff')} · {t('transcripts.copy.attempts', { count: c.attempts })} ·{' '}
        {formatStamp(c.updatedAt)}
        {c.reason ? ` · ${t('transcripts.copy.reason', { reason: c.reason })}` : ''}
      </p>
      {c.status === 'failed' ? (
        <div className="tx-copy__error">
          <p data-testid="copy-error">{c.error ?? t('transcripts.copy.refused')}</p>
          <button type="button" className="btn" disabled={busy} onClick={() => void retry(c.id)}>
            {t('transcripts.copy.retry')}
            <span className="visually-hidden"> {t('transcripts.copy.retryWhat', { to: c.to })}</span>
          </button>
        </div>
      ) : null}
    </li>
  );
}
