// Email copies of the transcript: send one on the customer's request (to the address on file, or
// another with the reason recorded) and follow each copy's delivery as the hub reports it.
import { useId, useState, type FormEvent } from 'react';
import type { EmailCopy } from '../../../../shared/protocol/transcripts';
import { plural } from '../../../common/format';
import { COPY_LABEL, formatStamp } from './transcriptText';
import { useTranscripts, type ViewerState } from './transcriptsStore';

export function CopiesPanel({ viewer, customerEmail }: { viewer: ViewerState; customerEmail: string }) {
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
      <h4 id={`${id}-h`}>Email copies</h4>
      {viewer.copiesError ? <p className="form__error">{viewer.copiesError}</p> : null}
      {viewer.copies.length ? (
        <ol className="stack tx-copies" data-testid="copies" aria-live="polite">
          {viewer.copies.map((c) => (
            <CopyRow key={c.id} copy={c} busy={busy} />
          ))}
        </ol>
      ) : (
        <p className="muted muted--small">No copies sent.</p>
      )}
      {!open ? (
        <button type="button" className="btn" onClick={() => setOpen(true)}>
          Send copy…
        </button>
      ) : (
        <form className="tx-form" onSubmit={(e) => void submit(e)} aria-label="Send a copy">
          <fieldset className="tx-radios">
            <legend>Send to</legend>
            <label>
              <input type="radio" name={`${id}-to`} checked={target === 'file'} onChange={() => setTarget('file')} /> The customer’s address ({customerEmail})
            </label>
            <label>
              <input type="radio" name={`${id}-to`} checked={target === 'other'} onChange={() => setTarget('other')} /> Another address
            </label>
          </fieldset>
          {target === 'other' ? (
            <>
              <label htmlFor={`${id}-addr`}>Address</label>
              <input id={`${id}-addr`} type="email" required value={to} onChange={(e) => setTo(e.target.value)} autoFocus />
              <label htmlFor={`${id}-why`}>Reason (recorded)</label>
              <textarea id={`${id}-why`} required minLength={3} maxLength={500} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
            </>
          ) : null}
          <div className="tx-form__actions">
            <button type="submit" className="btn btn--primary" disabled={busy || (target === 'other' && (!to.trim() || reason.trim().length < 3))}>
              Send copy
            </button>
            <button type="button" className="btn btn--ghost" onClick={() => setOpen(false)}>
              Cancel
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
  const retry = useTranscripts((s) => s.retryCopy);
  return (
    <li className={`tx-copy tx-copy--${c.status}`} data-testid="copy" data-status={c.status} data-copy-id={c.id}>
      <div className="tx-copy__head">
        <span className="tx-copy__to">{c.to}</span>
        <span className={`pill pill--status ${COPY_TONE[c.status]}`} data-testid="copy-status">
          {COPY_LABEL[c.status]}
        </span>
      </div>
      <p className="muted muted--small">
        {c.requestedBy.kind === 'customer' ? 'Asked by the customer' : 'Sent by staff'} · {plural(c.attempts, 'attempt')} · {formatStamp(c.updatedAt)}
        {c.reason ? ` · Reason: ${c.reason}` : ''}
      </p>
      {c.status === 'failed' ? (
        <div className="tx-copy__error">
          <p data-testid="copy-error">{c.error ?? 'The mail server refused it.'}</p>
          <button type="button" className="btn" disabled={busy} onClick={() => void retry(c.id)}>
            Retry<span className="visually-hidden"> the copy to {c.to}</span>
          </button>
        </div>
      ) : null}
    </li>
  );
}
