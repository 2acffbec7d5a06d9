// What keeps a transcript and how it was reviewed: purge date, legal hold (supervisors and admins
// place and release it), tags and review comments (theirs too; agents read them).
import { useEffect, useId, useState, type FormEvent } from 'react';
import { normalizeTag, type TranscriptMeta } from '../../../../shared/protocol/transcripts';
import { formatDay, formatStamp } from './transcriptText';
import { useTranscripts, type ViewerState } from './transcriptsStore';

export function ReviewPanel({ viewer, meta, canReview }: { viewer: ViewerState; meta: TranscriptMeta; canReview: boolean }) {
  return (
    <div className="tx-review">
      <Retention meta={meta} />
      <HoldControls viewer={viewer} meta={meta} canReview={canReview} />
      <Tags viewer={viewer} meta={meta} canReview={canReview} />
      <Comments viewer={viewer} meta={meta} canReview={canReview} />
    </div>
  );
}

function ActionError({ viewer, action }: { viewer: ViewerState; action: string | string[] }) {
  const e = viewer.actionError;
  if (!e || !(Array.isArray(action) ? action.includes(e.action) : e.action === action)) return null;
  return (
    <p className="form__error" role="alert">
      {e.message}
    </p>
  );
}

function Retention({ meta }: { meta: TranscriptMeta }) {
  return (
    <section className="box tx-box" aria-labelledby="tx-retention">
      <h4 id="tx-retention">Retention</h4>
      <p data-testid="transcript-purge">
        {meta.purgeAt ? (
          <>
            Purge date: <time dateTime={meta.purgeAt}>{formatDay(meta.purgeAt)}</time>
            {meta.hold ? ' (postponed while on hold)' : ''}
          </>
        ) : (
          'Purge date: set when the chat ends.'
        )}
      </p>
    </section>
  );
}

function HoldControls({ viewer, meta, canReview }: { viewer: ViewerState; meta: TranscriptMeta; canReview: boolean }) {
  const id = useId();
  const [placing, setPlacing] = useState(false);
  const [reason, setReason] = useState('');
  const { hold, release } = useTranscripts.getState();
  const busy = viewer.busy !== null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (await hold(reason)) {
      setPlacing(false);
      setReason('');
    }
  };

  return (
    <section className="box tx-box" aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>Legal hold</h4>
      {meta.hold ? (
        <div className="tx-hold" data-testid="transcript-hold">
          <p>
            <strong>On legal hold:</strong> {meta.hold.reason}
          </p>
          <p className="muted muted--small">
            Placed by {meta.hold.placedBy.name} on {formatStamp(meta.hold.placedAt)}. Never purged until released.
          </p>
          {canReview ? (
            <button type="button" className="btn" disabled={busy} onClick={() => void release()}>
              Release hold
            </button>
          ) : null}
        </div>
      ) : (
        <p data-testid="transcript-hold">Not on hold.</p>
      )}
      {canReview && !meta.hold && !placing ? (
        <button type="button" className="btn" onClick={() => setPlacing(true)}>
          Put on hold
        </button>
      ) : null}
      {canReview && !meta.hold && placing ? (
        <form className="tx-form" onSubmit={(e) => void submit(e)}>
          <label htmlFor={`${id}-reason`}>Reason for the hold</label>
          <textarea id={`${id}-reason`} required minLength={3} maxLength={500} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
          <div className="tx-form__actions">
            <button type="submit" className="btn btn--primary" disabled={busy || reason.trim().length < 3}>
              Place hold
            </button>
            <button type="button" className="btn btn--ghost" onClick={() => setPlacing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      <ActionError viewer={viewer} action={['hold', 'release']} />
    </section>
  );
}

function Tags({ viewer, meta, canReview }: { viewer: ViewerState; meta: TranscriptMeta; canReview: boolean }) {
  const id = useId();
  const [tag, setTag] = useState('');
  const { tag: addTag, untag, loadTagSuggestions } = useTranscripts.getState();
  const suggestions = useTranscripts((s) => s.tagSuggestions);
  const busy = viewer.busy !== null;
  useEffect(() => {
    if (canReview) void loadTagSuggestions();
  }, [canReview, loadTagSuggestions]);
  // One spelling per tag: what will be stored, when it differs from what is typed.
  const normal = tag.trim() ? normalizeTag(tag) : '';
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (tag.trim() && (await addTag(tag))) setTag('');
  };
  return (
    <section className="box tx-box" aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>Tags</h4>
      {meta.tags.length ? (
        <ul className="tx-tags" data-testid="transcript-tags">
          {meta.tags.map((t) => (
            <li key={t} className="tx-tag">
              {t}
              {canReview ? (
                <button type="button" className="tx-tag__remove" aria-label={`Remove tag ${t}`} disabled={busy} onClick={() => void untag(t)}>
                  ×
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted muted--small" data-testid="transcript-tags">
          No tags.
        </p>
      )}
      {canReview ? (
        <form className="tx-inline-form" onSubmit={(e) => void submit(e)}>
          <label htmlFor={`${id}-tag`} className="visually-hidden">
            New tag
          </label>
          <input
            id={`${id}-tag`}
            value={tag}
            maxLength={40}
            placeholder="Add a tag"
            list={`${id}-suggestions`}
            aria-describedby={normal && normal !== tag.trim() ? `${id}-normal` : undefined}
            onChange={(e) => setTag(e.target.value)}
          />
          <datalist id={`${id}-suggestions`} data-testid="tag-suggestions">
            {suggestions
              .filter((s) => !meta.tags.includes(s))
              .map((s) => (
                <option key={s} value={s} />
              ))}
          </datalist>
          <button type="submit" className="btn" disabled={busy || !tag.trim()}>
            Add tag
          </button>
        </form>
      ) : null}
      {canReview && normal && normal !== tag.trim() ? (
        <p id={`${id}-normal`} className="muted muted--small" data-testid="tag-normal">
          Saved as “{normal}”{suggestions.includes(normal) ? ', a tag already in use' : ''}.
        </p>
      ) : null}
      <ActionError viewer={viewer} action={['tag', 'untag']} />
    </section>
  );
}

function Comments({ viewer, meta, canReview }: { viewer: ViewerState; meta: TranscriptMeta; canReview: boolean }) {
  const id = useId();
  const [body, setBody] = useState('');
  const comment = useTranscripts((s) => s.comment);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (body.trim() && (await comment(body))) setBody('');
  };
  return (
    <section className="box tx-box" aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>Review comments</h4>
      {meta.comments.length ? (
        <ol className="stack tx-comments" data-testid="transcript-comments">
          {meta.comments.map((c) => (
            <li key={c.id} className="tx-comment">
              <p className="tx-comment__meta">
                <strong>{c.author.name}</strong> · <time dateTime={c.createdAt}>{formatStamp(c.createdAt)}</time>
              </p>
              <p className="tx-comment__body">{c.body}</p>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted muted--small">No comments yet.</p>
      )}
      {canReview ? (
        <form className="tx-form" onSubmit={(e) => void submit(e)}>
          <label htmlFor={`${id}-body`}>Add a comment</label>
          <textarea id={`${id}-body`} rows={2} maxLength={2000} value={body} onChange={(e) => setBody(e.target.value)} />
          <div className="tx-form__actions">
            <button type="submit" className="btn" disabled={viewer.busy !== null || !body.trim()}>
              Add comment
            </button>
          </div>
        </form>
      ) : null}
      <ActionError viewer={viewer} action="comment" />
    </section>
  );
}
