// Who did what, and when, on a case (oldest first, as it happened), and internal notes.
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../shared/protocol/cases';
import { caseUi, useCases } from './casesStore';
import { actorText, eventText, formatWhen } from './caseText';
import { StepRefusal } from './StepRefusal';

export function CaseTimeline({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <section className="case-section" aria-labelledby={titleId}>
      <h4 id={titleId} className="case-section__title">
        {t('cases.timeline.title')}
      </h4>
      <ol className="timeline" data-testid="case-timeline">
        {detail.events.map((e) => (
          <li key={e.id} className={`timeline__item timeline__item--${e.action === 'note' ? 'note' : e.actor.kind}`} data-action={e.action}>
            <p className="timeline__meta">
              <time dateTime={e.at}>{formatWhen(e.at)}</time> · {actorText(e)}
              {e.action === 'note' ? <span className="timeline__tag">{t('cases.note.label')}</span> : null}
            </p>
            <p className="timeline__summary">{eventText(e, detail)}</p>
          </li>
        ))}
      </ol>
      <NoteForm caseId={detail.id} />
    </section>
  );
}

function NoteForm({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const note = useCases((s) => s.note);
  const clearError = useCases((s) => s.clearError);
  const ui = useCases((s) => caseUi(s, caseId));
  const error = ui.error?.action === 'note' ? ui.error : null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() && (await note(caseId, text.trim()))) setText('');
  };
  return (
    <form className="note-form" onSubmit={(e) => void submit(e)}>
      <label htmlFor={id}>{t('cases.note.label')}</label>
      <p id={`${id}-help`} className="case-field__help">
        {t('cases.note.help')}
      </p>
      <textarea id={id} rows={2} maxLength={2000} value={text} aria-describedby={`${id}-help`} onChange={(e) => setText(e.target.value)} />
      {error ? <StepRefusal error={error} onDismiss={() => clearError(caseId)} /> : null}
      <button type="submit" className="btn btn--small" disabled={!text.trim() || ui.busy === 'note'}>
        {ui.busy === 'note' ? t('cases.note.adding') : t('cases.note.add')}
      </button>
    </form>
  );
}
