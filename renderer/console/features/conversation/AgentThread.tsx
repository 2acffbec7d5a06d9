// The console's thread: the customer's messages and, between them at the time they were written,
// the private notes only staff see (the agent's notes, supervisors' whispers, transfer notes).
// The widget keeps the plain common Transcript; this adds the notes and keeps its reading rules:
// follow new lines only while the reader is at the bottom.
import { useEffect, useLayoutEffect, useMemo, useRef, type ReactNode } from 'react';
import type { Note } from '../../../../shared/protocol/routing';
import type { Message } from '../../../../shared/protocol/schemas';
import type { OutgoingMessage } from '../../../common/chatDelivery';
import { formatClock } from '../../../common/format';
import { interleave } from '../notes/interleave';

interface Props {
  label: string;
  messages: Message[];
  notes: Note[];
  outgoing: OutgoingMessage[];
  selfName: string;
  empty: ReactNode;
  onDismiss: (clientId: string) => void;
}

export function AgentThread({ label, messages, notes, outgoing, selfName, empty, onDismiss }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const pinned = useRef(true);
  const lastTop = useRef(0);
  const rows = useMemo(() => interleave(messages, notes), [messages, notes]);
  const count = rows.length + outgoing.length;

  useLayoutEffect(() => {
    const el = box.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [count]);

  useEffect(() => {
    const el = box.current;
    if (!el || !list.current || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => {
      if (pinned.current) el.scrollTop = el.scrollHeight;
    });
    ro.observe(el);
    ro.observe(list.current);
    return () => ro.disconnect();
  }, []);

  const onScroll = () => {
    const el = box.current;
    if (!el) return;
    if (el.scrollHeight - el.scrollTop - el.clientHeight < 48) pinned.current = true;
    else if (el.scrollTop < lastTop.current) pinned.current = false;
    lastTop.current = el.scrollTop;
  };

  return (
    <div className="transcript" ref={box} onScroll={onScroll} role="log" aria-label={label} aria-live="polite" tabIndex={0}>
      {count === 0 ? <div className="transcript__empty">{empty}</div> : null}
      <ol className="transcript__list" ref={list}>
        {rows.map((r) => (r.kind === 'message' ? <MessageRow key={`m${r.message.seq}`} message={r.message} /> : <NoteRow key={`n${r.note.id}`} note={r.note} />))}
        {outgoing.map((o) => (
          <OutgoingRow key={o.clientId} item={o} author={selfName} onDismiss={onDismiss} />
        ))}
      </ol>
    </div>
  );
}

const NOTE_LABEL: Record<Note['kind'], string> = {
  note: 'Private note',
  whisper: 'Whisper from a supervisor',
  transfer: 'Transfer note',
};

function NoteRow({ note }: { note: Note }) {
  return (
    <li className={`msg msg--note msg--note-${note.kind}`} data-testid="private-note" data-kind={note.kind}>
      <div className="msg__meta">
        <span className="msg__note-kind">{NOTE_LABEL[note.kind]}</span>
        <span className="msg__author">{note.author.name}</span>
        <time dateTime={note.createdAt}>{formatClock(note.createdAt)}</time>
      </div>
      <p className="msg__body">{note.body}</p>
      <p className="msg__note-hint">The customer does not see this.</p>
    </li>
  );
}

function MessageRow({ message: m }: { message: Message }) {
  if (m.author.kind === 'system') {
    return (
      <li className="msg msg--system" data-testid="message" data-seq={m.seq} data-author-kind="system">
        <p className="msg__body">{m.body}</p>
      </li>
    );
  }
  return (
    <li className={`msg ${m.author.kind === 'agent' ? 'msg--self' : 'msg--other'}`} data-testid="message" data-seq={m.seq} data-author-kind={m.author.kind}>
      <div className="msg__meta">
        <span className="msg__author">{m.author.name}</span>
        <time dateTime={m.createdAt}>{formatClock(m.createdAt)}</time>
      </div>
      <p className="msg__body">{m.body}</p>
    </li>
  );
}

function OutgoingRow({ item, author, onDismiss }: { item: OutgoingMessage; author: string; onDismiss: (clientId: string) => void }) {
  const failed = item.state === 'failed';
  return (
    <li className={`msg msg--self ${failed ? 'msg--failed' : 'msg--pending'}`} data-testid={failed ? 'message-failed' : 'message-pending'} data-client-id={item.clientId}>
      <div className="msg__meta">
        <span className="msg__author">{author}</span>
        <span className="msg__state">{failed ? 'Not sent' : 'sending…'}</span>
      </div>
      <p className="msg__body">{item.body}</p>
      {failed ? (
        <div className="msg__error">
          <span>{item.error}</span>
          <button type="button" className="btn btn--link" onClick={() => onDismiss(item.clientId)}>
            Dismiss
          </button>
        </div>
      ) : null}
    </li>
  );
}
