// What keeps a transcript and how it was reviewed: purge date, legal hold (supervisors and admins
// place and release it), tags and review comments (theirs too; agents read them).
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  return (
    <section className="box tx-box" aria-labelledby="tx-retention">
      <h4 id="tx-retention">{t('transcripts.retention.title')}</h4>
      <p data-testid="transcript-purge">
        {meta.purgeAt ? (
          <>
            {t('transcripts.retention.purge')} <time dateTime={meta.purgeAt}>{formatDay(meta.purgeAt)}</time>
            {meta.hold ? ` ${t('transcripts.retention.postponed')}` : ''}
          </>
        ) : (
          t('transcripts.retention.notYet')
        )}
      </p>
    </section>
  );
}

function HoldControls({ viewer, meta, canReview }: { viewer: ViewerState; meta: TranscriptMeta; canReview: boolean }) {
  const { t } = useTranslation();
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
      <h4 id={`${id}-h`}>{t('transcripts.hold.title')}</h4>
      {meta.hold ? (
        <div className="tx-hold" data-testid="transcript-hold">
          <p>
            <strong>{t('transcripts.hold.on')}</strong> {meta.hold.reason}
          </p>
          <p className="muted muted--small">
            {t('transcripts.hold.placed', { name: meta.hold.placedBy.name, when: formatStamp(meta.hold.placedAt) })}
          </p>
          {canReview ? (
            <button type="button" className="btn" disabled={busy} onClick={() => void release()}>
              {t('transcripts.hold.release')}
            </button>
          ) : null}
        </div>
      ) : (
        <p data-testid="transcript-hold">{t('transcripts.hold.none')}</p>
      )}
      {canReview && !meta.hold && !placing ? (
        <button type="button" className="btn" onClick={() => setPlacing(true)}>
          {t('transcripts.hold.put')}
        </button>
      ) : null}
      {canReview && !meta.hold && placing ? (
        <form className="tx-form" onSubmit={(e) => void submit(e)}>
          <label htmlFor={`${id}-reason`}>{t('transcripts.hold.reason')}</label>
          <textarea id={`${id}-reason`} required minLength={3} maxLength={500} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} autoFocus />
          <div className="tx-form__actions">
            <button type="submit" className="btn btn--primary" disabled={busy || reason.trim().length < 3}>
              {t('transcripts.hold.place')}
            </button>
            <button type="button" className="btn btn--ghost" onClick={() => setPlacing(false)}>
              {t('transcripts.cancel')}
            </button>
          </div>
        </form>
      ) : null}
      <ActionError viewer={viewer} action={['hold', 'release']} />
    </section>
  );
}

function Tags({ viewer, meta, canReview }: { viewer: ViewerState; meta: TranscriptMeta; canReview: boolean }) {
  const { t } = useTranslation();
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
      <h4 id={`${id}-h`}>{t('transcripts.tags.title')}</h4>
      {meta.tags.length ? (
        <ul className="tx-tags" data-testid="transcript-tags">
          {meta.tags.map((tg) => (
            <li key={tg} className="tx-tag">
              {tg}
              {canReview ? (
                <button type="button" className="tx-tag__remove" aria-label={t('transcripts.tags.remove', { tag: tg })} disabled={busy} onClick={() => void untag(tg)}>
                  {/* A close glyph, not a word: the button's name is its aria-label. */}
                  {'×'}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted muted--small" data-testid="transcript-tags">
          {t('transcripts.tags.none')}
        </p>
      )}
      {canReview ? (
        <form className="tx-inline-form" onSubmit={(e) => void submit(e)}>
          <label htmlFor={`${id}-tag`} className="visually-hidden">
            {t('transcripts.tags.new')}
          </label>
          <input
            id={`${id}-tag`}
            value={tag}
            maxLength={40}
            placeholder={t('transcripts.tags.placeholder')}
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
            {t('transcripts.tags.add')}
          </button>
        </form>
      ) : null}
      {canReview && normal && normal !== tag.trim() ? (
        <p id={`${id}-normal`} className="muted muted--small" data-testid="tag-normal">
          {suggestions.includes(normal) ? t('transcripts.tags.savedAsInUse', { tag: normal }) : t('transcripts.tags.savedAs', { tag: normal })}
        </p>
      ) : null}
      <ActionError viewer={viewer} action={['tag', 'untag']} />
    </section>
  );
}

function Comments({ viewer, meta, canReview }: { viewer: ViewerState; meta: TranscriptMeta; canReview: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const [body, setBody] = useState('');
  const comment = useTranscripts((s) => s.comment);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (body.trim() && (await comment(body))) setBody('');
  };
  return (
    <section className="box tx-box" aria-labelledby={`${id}-h`}>
      <h4 id={`${id}-h`}>{t('transcripts.comments.title')}</h4>
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
        <p className="muted muted--small">{t('transcripts.comments.none')}</p>
      )}
      {canReview ? (
        <form className="tx-form" onSubmit={(e) => void submit(e)}>
          <label htmlFor={`${id}-body`}>{t('transcripts.comments.label')}</label>
          <textarea id={`${id}-body`} rows={2} maxLength={2000} value={body} onChange={(e) => setBody(e.target.value)} />
          <div className="tx-form__actions">
            <button type="submit" className="btn" disabled={viewer.busy !== null || !body.trim()}>
              {t('transcripts.comments.add')}
            </button>
          </div>
        </form>
      ) : null}
      <ActionError viewer={viewer} action="comment" />
    </section>
  );
}
