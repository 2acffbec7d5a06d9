// One chat watched read-only: its messages as they arrive and its private notes, with no way to
// write to the customer. A whisper goes to the agent only; reassign gives the chat to someone else.
import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Note } from '../../../../shared/protocol/routing';
import { FormError } from '../../../common/FormError';
import type { MessageKey } from '../../../common/i18n';
import { Transcript } from '../../../common/Transcript';
import { useAuth } from '../auth/authStore';
import { useFocusOn } from '../cases/useFocusOn';
import { byAvailability, whyUnavailable } from '../routing/availability';
import { formatTime } from '../reports/figures';
import { useSupervise } from './superviseStore';

const NOTE_KIND: Record<Note['kind'], MessageKey> = { note: 'supervise.note.note', whisper: 'supervise.note.whisper', transfer: 'supervise.note.transfer' };

export function WatchPanel() {
  const watching = useSupervise((s) => s.watching);
  const stopWatching = useSupervise((s) => s.stopWatching);
  const me = useAuth((s) => s.user);
  const heading = useFocusOn<HTMLHeadingElement>(watching?.conversationId ?? null);
  const { t } = useTranslation();

  if (!watching) {
    return (
      <section className="card watch watch--empty" aria-label={t('supervise.watch.label')}>
        <p className="muted">{t('supervise.watch.empty')}</p>
      </section>
    );
  }
  const c = watching.conversation;
  const ended = c?.status === 'ended';
  return (
    <section className="card watch" aria-labelledby="watch-title" data-testid="watch-panel" data-conversation-id={watching.conversationId}>
      <div className="card__head">
        <div>
          <h3 id="watch-title" ref={heading} tabIndex={-1}>
            {c ? t('supervise.watch.title', { name: c.customer.name }) : t('supervise.watch.opening')}
          </h3>
          {c ? (
            <p className="watch__state" data-testid="watch-state">
              {t('supervise.watch.readOnly')} ·{' '}
              {c.status === 'ended' ? t('supervise.watch.ended') : c.assignedAgent ? t('supervise.watch.with', { name: c.assignedAgent.name }) : t('supervise.watch.waiting')}
            </p>
          ) : null}
        </div>
        <button type="button" className="btn" onClick={stopWatching}>
          {t('supervise.watch.stop')}
        </button>
      </div>
      <FormError error={watching.error} />
      {c ? (
        <>
          <Transcript
            label={t('supervise.watch.transcript', { name: c.customer.name })}
            messages={watching.messages}
            outgoing={[]}
            selfKind="agent"
            selfName={me?.name ?? t('supervise.watch.you')}
            empty={<p>{t('supervise.watch.noMessages')}</p>}
          />
          <Notes notes={watching.notes} />
          {ended ? null : (
            <>
              <WhisperForm agentName={c.assignedAgent?.name ?? null} />
              <ReassignForm currentAgentId={c.assignedAgent?.id ?? null} customerName={c.customer.name} />
            </>
          )}
        </>
      ) : null}
    </section>
  );
}

function Notes({ notes }: { notes: Note[] }) {
  const { t } = useTranslation();
  return (
    <section className="watch__notes" aria-labelledby="watch-notes-title">
      <h4 id="watch-notes-title">{t('supervise.notes.title')}</h4>
      <p className="muted muted--small">{t('supervise.notes.help')}</p>
      {notes.length === 0 ? (
        <p className="muted muted--small">{t('supervise.notes.none')}</p>
      ) : (
        <ol className="stack watch__note-list">
          {notes.map((n) => (
            <li key={n.id} className={`watch-note watch-note--${n.kind}`} data-testid="watch-note" data-kind={n.kind}>
              <div className="watch-note__meta">
                <strong>{t(NOTE_KIND[n.kind])}</strong> · {n.author.name} · <time dateTime={n.createdAt}>{formatTime(n.createdAt)}</time>
              </div>
              <p className="watch-note__body">{n.body}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function WhisperForm({ agentName }: { agentName: string | null }) {
  const id = useId();
  const [body, setBody] = useState('');
  const busy = useSupervise((s) => s.busy === 'whisper');
  const error = useSupervise((s) => (s.actionError?.action === 'whisper' ? s.actionError.message : null));
  const whisper = useSupervise((s) => s.whisper);
  const { t } = useTranslation();

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!body.trim() || busy) return;
    if (await whisper(body.trim())) setBody('');
  };
  // As the reply box: Enter sends, Shift+Enter starts a new line.
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    }
  };
  return (
    <form className="watch__form" onSubmit={(e) => void submit(e)}>
      <label htmlFor={`${id}-whisper`}>{agentName ? t('supervise.whisper.to', { name: agentName }) : t('supervise.whisper.toAgent')}</label>
      <p className="muted muted--small" id={`${id}-help`}>
        {t('supervise.whisper.help')}
      </p>
      <textarea id={`${id}-whisper`} rows={2} maxLength={4000} value={body} aria-describedby={`${id}-help`} onChange={(e) => setBody(e.target.value)} onKeyDown={onKey} />
      <FormError error={error} />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={busy || !body.trim()}>
          {busy ? t('supervise.whisper.sending') : t('supervise.whisper.send')}
        </button>
      </div>
    </form>
  );
}

function ReassignForm({ currentAgentId, customerName }: { currentAgentId: string | null; customerName: string }) {
  const id = useId();
  const agents = useSupervise((s) => s.snapshot?.agents ?? []);
  const busy = useSupervise((s) => s.busy === 'reassign');
  const error = useSupervise((s) => (s.actionError?.action === 'reassign' ? s.actionError.message : null));
  const reassign = useSupervise((s) => s.reassign);
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const choices = byAvailability(agents.filter((a) => a.id !== currentAgentId));
  const { t } = useTranslation();

  // The one chosen may have just become the chat's agent (or left): start over.
  useEffect(() => {
    if (to && !choices.some((a) => a.id === to)) setTo('');
  }, [to, choices]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!to || busy) return;
    if (await reassign(to, note)) {
      setTo('');
      setNote('');
    }
  };
  return (
    <form className="watch__form" onSubmit={(e) => void submit(e)} aria-label={t('supervise.reassign.label', { name: customerName })}>
      <div className="watch__row">
        <div className="compact-field">
          <label htmlFor={`${id}-to`}>{t('supervise.reassign.to')}</label>
          <select id={`${id}-to`} value={to} onChange={(e) => setTo(e.target.value)}>
            <option value="">{t('supervise.reassign.choose')}</option>
            {choices.map((a) => {
              const unavailable = whyUnavailable(a) !== null;
              const why = a.status === 'offline' ? t('supervise.reassign.offline') : t('supervise.reassign.away');
              return (
                <option key={a.id} value={a.id} disabled={unavailable}>
                  {`${a.name} — ${unavailable ? why : t('supervise.reassign.load', { status: a.status, count: a.load })}`}
                </option>
              );
            })}
          </select>
        </div>
        <div className="compact-field watch__grow">
          <label htmlFor={`${id}-note`}>{t('supervise.reassign.note')}</label>
          <input id={`${id}-note`} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
        </div>
      </div>
      <FormError error={error} />
      <div className="form__actions">
        <button type="submit" className="btn" disabled={busy || !to}>
          {busy ? t('supervise.reassign.busy') : t('supervise.reassign.submit')}
        </button>
      </div>
    </form>
  );
}
