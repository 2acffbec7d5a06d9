// One chat watched read-only: its messages as they arrive and its private notes, with no way to
// write to the customer. A whisper goes to the agent only; reassign gives the chat to someone else.
import { useEffect, useId, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Note } from '../../../../shared/protocol/routing';
import { formatClock } from '../../../common/format';
import { FormError } from '../../../common/FormError';
import { Transcript } from '../../../common/Transcript';
import { useAuth } from '../auth/authStore';
import { useFocusOn } from '../cases/useFocusOn';
import { byAvailability, whyUnavailable } from '../routing/availability';
import { STATUS_LABEL } from './AgentsTable';
import { useSupervise } from './superviseStore';

const NOTE_KIND: Record<Note['kind'], string> = { note: 'Note', whisper: 'Whisper', transfer: 'Handover note' };

export function WatchPanel() {
  const watching = useSupervise((s) => s.watching);
  const stopWatching = useSupervise((s) => s.stopWatching);
  const me = useAuth((s) => s.user);
  const heading = useFocusOn<HTMLHeadingElement>(watching?.conversationId ?? null);

  if (!watching) {
    return (
      <section className="card watch watch--empty" aria-label="Watched chat">
        <p className="muted">Choose “Watch” on an open chat to follow it here, read-only.</p>
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
            {c ? `Watching: ${c.customer.name}` : 'Opening the chat…'}
          </h3>
          {c ? (
            <p className="watch__state" data-testid="watch-state">
              Read-only ·{' '}
              {c.status === 'ended' ? 'This chat has ended.' : c.assignedAgent ? `With ${c.assignedAgent.name}` : 'Waiting for an agent'}
            </p>
          ) : null}
        </div>
        <button type="button" className="btn" onClick={stopWatching}>
          Stop watching
        </button>
      </div>
      <FormError error={watching.error} />
      {c ? (
        <>
          <Transcript
            label={`Chat with ${c.customer.name}, read-only`}
            messages={watching.messages}
            outgoing={[]}
            selfKind="agent"
            selfName={me?.name ?? 'You'}
            empty={<p>No messages yet.</p>}
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
  return (
    <section className="watch__notes" aria-labelledby="watch-notes-title">
      <h4 id="watch-notes-title">Private notes</h4>
      <p className="muted muted--small">Only staff see these; the customer never does.</p>
      {notes.length === 0 ? (
        <p className="muted muted--small">None yet.</p>
      ) : (
        <ol className="stack watch__note-list">
          {notes.map((n) => (
            <li key={n.id} className={`watch-note watch-note--${n.kind}`} data-testid="watch-note" data-kind={n.kind}>
              <div className="watch-note__meta">
                <strong>{NOTE_KIND[n.kind]}</strong> · {n.author.name} · <time dateTime={n.createdAt}>{formatClock(n.createdAt)}</time>
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
      <label htmlFor={`${id}-whisper`}>{agentName ? `Whisper to ${agentName}` : 'Whisper to the agent'}</label>
      <p className="muted muted--small" id={`${id}-help`}>
        Only the agent sees a whisper.
      </p>
      <textarea id={`${id}-whisper`} rows={2} maxLength={4000} value={body} aria-describedby={`${id}-help`} onChange={(e) => setBody(e.target.value)} onKeyDown={onKey} />
      <FormError error={error} />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={busy || !body.trim()}>
          {busy ? 'Sending…' : 'Send whisper'}
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
    <form className="watch__form" onSubmit={(e) => void submit(e)} aria-label={`Reassign the chat with ${customerName}`}>
      <div className="watch__row">
        <div className="compact-field">
          <label htmlFor={`${id}-to`}>Reassign to</label>
          <select id={`${id}-to`} value={to} onChange={(e) => setTo(e.target.value)}>
            <option value="">Choose someone…</option>
            {choices.map((a) => {
              const why = whyUnavailable(a);
              return (
                <option key={a.id} value={a.id} disabled={why !== null}>
                  {a.name} — {why ?? `${STATUS_LABEL[a.status].toLowerCase()}, ${a.load} chat${a.load === 1 ? '' : 's'}`}
                </option>
              );
            })}
          </select>
        </div>
        <div className="compact-field watch__grow">
          <label htmlFor={`${id}-note`}>Note for them (optional)</label>
          <input id={`${id}-note`} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
        </div>
      </div>
      <FormError error={error} />
      <div className="form__actions">
        <button type="submit" className="btn" disabled={busy || !to}>
          {busy ? 'Reassigning…' : 'Reassign'}
        </button>
      </div>
    </form>
  );
}
