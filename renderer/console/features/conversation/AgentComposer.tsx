// The console's reply box: Enter sends, Shift+Enter starts a new line; "/" at the start opens the
// canned replies (↑/↓ choose, Enter inserts, Escape closes); the Private note switch (Alt+N)
// turns it into a note only staff see, and then nothing (not even typing) reaches the customer.
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { CannedReply } from '../../../../shared/protocol/routing';
import { cannedQuery, filterCanned } from '../canned/cannedFilter';
import { useCanned } from '../canned/cannedStore';
import { useNotes } from '../notes/notesStore';
import './agentChat.css';

interface Props {
  conversationId: string;
  customerName: string;
  brandId: string | null;
  /** Replying to a waiting chat takes it (the hub's rule); the placeholder says so. */
  waiting: boolean;
  ended: boolean;
  maxChars: number | undefined;
  onSend: (body: string) => void;
  onTyping: (active: boolean) => void;
}

type Mode = 'reply' | 'note';

const drafts = new Map<string, string>();
const draftKey = (conversationId: string, mode: Mode) => `${conversationId}:${mode}`;

export function AgentComposer({ conversationId, customerName, brandId, waiting, ended, maxChars, onSend, onTyping }: Props) {
  const id = useId();
  const input = useRef<HTMLTextAreaElement>(null);
  const [mode, setMode] = useState<Mode>('reply');
  const [text, setText] = useState(() => drafts.get(draftKey(conversationId, 'reply')) ?? '');
  const [active, setActive] = useState(0);
  const [closedFor, setClosedFor] = useState<string | null>(null);
  const replies = useCanned((s) => s.replies);
  const cannedError = useCanned((s) => s.error);
  const saving = useNotes((s) => !!s.saving[conversationId]);
  const noteError = useNotes((s) => s.error[conversationId]);
  const note = mode === 'note';

  useEffect(() => {
    if (!ended) input.current?.focus();
  }, [ended, conversationId]);

  const query = mode === 'reply' ? cannedQuery(text) : null;
  const matches = useMemo(() => (query === null ? [] : filterCanned(replies, query, brandId)), [replies, query, brandId]);
  // Escape closes the list for this draft; typing on reopens it.
  const pickerOpen = query !== null && closedFor !== text;
  const current = Math.min(active, Math.max(0, matches.length - 1));

  const update = (value: string, as: Mode = mode) => {
    setText(value);
    setActive(0);
    drafts.set(draftKey(conversationId, as), value);
    if (as === 'reply') onTyping(!!value.trim());
  };

  const switchMode = () => {
    const next: Mode = note ? 'reply' : 'note';
    if (mode === 'reply') onTyping(false);
    setMode(next);
    setText(drafts.get(draftKey(conversationId, next)) ?? '');
    input.current?.focus();
  };

  const insert = (reply: CannedReply) => {
    update(reply.body);
    setClosedFor(null);
    input.current?.focus();
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const body = text.trim();
    if (!body || ended || saving) return;
    if (note) {
      if (await useNotes.getState().add(conversationId, body)) update('', 'note');
    } else {
      onSend(body);
      onTyping(false);
      update('');
    }
    input.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyN') {
      e.preventDefault();
      switchMode();
      return;
    }
    if (pickerOpen && matches.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((current + step + matches.length) % matches.length);
        return;
      }
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        insert(matches[current]!);
        return;
      }
    }
    if (pickerOpen && e.key === 'Escape') {
      e.preventDefault();
      setClosedFor(text);
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    }
  };

  const left = maxChars && !note ? maxChars - text.length : null;
  const hint = ended
    ? 'This conversation has ended.'
    : note
      ? 'Private note — the customer does not see this. Enter to save · Alt+N back to replying'
      : 'Enter to send · Shift+Enter for a new line · / for canned replies · Alt+N private note';
  const listId = `${id}-canned`;
  const optionId = (i: number) => `${id}-canned-${i}`;
  const placeholder = ended ? '' : note ? 'A note for staff only' : waiting ? `Reply to ${customerName} (replying takes this chat)` : `Reply to ${customerName}`;

  return (
    <form className={`composer ${note ? 'composer--note' : ''}`} onSubmit={(e) => void submit(e)} data-testid="agent-composer">
      {pickerOpen ? (
        <div className="canned">
          <p className="visually-hidden" role="status">
            {matches.length === 0 ? 'No canned reply matches.' : `${matches.length} canned ${matches.length === 1 ? 'reply' : 'replies'}: up and down to choose, Enter to insert, Escape to close.`}
          </p>
          {matches.length === 0 ? (
            <p className="canned__empty">{cannedError ?? (replies.length === 0 ? 'No canned replies yet.' : `No canned reply matches “${query}”.`)}</p>
          ) : (
            <ul id={listId} className="canned__list" role="listbox" aria-label="Canned replies">
              {matches.map((r, i) => (
                <li
                  key={r.id}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === current}
                  className="canned__option"
                  data-testid="canned-option"
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => insert(r)}
                >
                  <span className="canned__shortcut">/{r.shortcut}</span> <span className="canned__title">{r.title}</span>
                  <span className="canned__body">{r.body}</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
      <label htmlFor={id} className={note ? 'composer__label composer__label--note' : 'visually-hidden'}>
        {note ? 'Private note' : 'Message'}
      </label>
      <textarea
        id={id}
        ref={input}
        className="composer__input"
        data-testid="composer"
        data-mode={mode}
        rows={2}
        value={text}
        placeholder={placeholder}
        disabled={ended}
        maxLength={note ? 4000 : maxChars}
        aria-describedby={`${id}-hint`}
        aria-controls={pickerOpen && matches.length ? listId : undefined}
        aria-activedescendant={pickerOpen && matches.length ? optionId(current) : undefined}
        onChange={(e) => {
          update(e.target.value);
          setClosedFor(null);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => !note && onTyping(false)}
      />
      {noteError && note ? (
        <p className="form__error composer__error" role="alert">
          {noteError}
        </p>
      ) : null}
      <div className="composer__bar">
        <span id={`${id}-hint`} className="composer__hint">
          {hint}
          {left !== null && left < 200 ? <span className="composer__count"> · {left} characters left</span> : null}
        </span>
        <button type="button" className="btn composer__note-toggle" aria-pressed={note} aria-keyshortcuts="Alt+N" disabled={ended} onClick={switchMode}>
          Private note
        </button>
        <button type="submit" className="btn btn--primary" data-testid="send" disabled={ended || !text.trim() || saving}>
          {note ? (saving ? 'Saving…' : 'Add note') : 'Send'}
        </button>
      </div>
    </form>
  );
}
