// One conversation's messages, for both the console and the widget. Stored messages carry their
// hub seq; what is still on its way is shown greyed until the hub acknowledges it.
import { useEffect, useLayoutEffect, useRef, type ReactNode } from 'react';
import type { AuthorKind, Message } from '../../shared/protocol/schemas';
import type { OutgoingMessage } from './chatDelivery';
import { formatClock } from './format';

interface Props {
  label: string;
  messages: Message[];
  outgoing: OutgoingMessage[];
  /** Whose side this screen is; their messages sit on the right. */
  selfKind: Exclude<AuthorKind, 'system'>;
  /** Shown for one's own messages instead of the author's name (the widget says "You"). */
  selfLabel?: string;
  /** The author name for messages not yet stored. */
  selfName: string;
  empty?: ReactNode;
  before?: ReactNode;
  onDismiss?: (clientId: string) => void;
}

export function Transcript({ label, messages, outgoing, selfKind, selfLabel, selfName, empty, before, onDismiss }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const pinned = useRef(true);
  const lastTop = useRef(0);
  const count = messages.length + outgoing.length;

  // Follow new messages only when the reader is already at the bottom, never yank them away from history.
  useLayoutEffect(() => {
    const el = box.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [count]);

  // The box shrinks (an "ended" panel, a banner) and rows grow (a refusal under a message) without the
  // count changing: keep the latest message in view through those too.
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

  // Only the reader scrolling up unpins: our own jumps to the bottom never move up, and a layout
  // change between a jump and its scroll event must not count as the reader leaving.
  const onScroll = () => {
    const el = box.current;
    if (!el) return;
    if (el.scrollHeight - el.scrollTop - el.clientHeight < 48) pinned.current = true;
    else if (el.scrollTop < lastTop.current) pinned.current = false;
    lastTop.current = el.scrollTop;
  };

  return (
    <div className="transcript" ref={box} onScroll={onScroll} role="log" aria-label={label} aria-live="polite" tabIndex={0}>
      {before}
      {count === 0 && empty ? <div className="transcript__empty">{empty}</div> : null}
      <ol className="transcript__list" ref={list}>
        {messages.map((m) => (
          <MessageRow key={m.seq} message={m} self={m.author.kind === selfKind} selfLabel={selfLabel} />
        ))}
        {outgoing.map((o) => (
          <OutgoingRow key={o.clientId} item={o} author={selfLabel ?? selfName} onDismiss={onDismiss} />
        ))}
      </ol>
    </div>
  );
}

function MessageRow({ message: m, self, selfLabel }: { message: Message; self: boolean; selfLabel: string | undefined }) {
  if (m.author.kind === 'system') {
    return (
      <li className="msg msg--system" data-testid="message" data-seq={m.seq} data-author-kind="system">
        <p className="msg__body">{m.body}</p>
      </li>
    );
  }
  return (
    <li className={`msg ${self ? 'msg--self' : 'msg--other'}`} data-testid="message" data-seq={m.seq} data-author-kind={m.author.kind}>
      <div className="msg__meta">
        <span className="msg__author">{self && selfLabel ? selfLabel : m.author.name}</span>
        <time dateTime={m.createdAt}>{formatClock(m.createdAt)}</time>
      </div>
      <p className="msg__body">{m.body}</p>
    </li>
  );
}

function OutgoingRow({ item, author, onDismiss }: { item: OutgoingMessage; author: string; onDismiss: ((clientId: string) => void) | undefined }) {
  const failed = item.state === 'failed';
  return (
    <li
      className={`msg msg--self ${failed ? 'msg--failed' : 'msg--pending'}`}
      data-testid={failed ? 'message-failed' : 'message-pending'}
      data-client-id={item.clientId}
    >
      <div className="msg__meta">
        <span className="msg__author">{author}</span>
        <span className="msg__state">{failed ? 'Not sent' : 'sending…'}</span>
      </div>
      <p className="msg__body">{item.body}</p>
      {failed ? (
        <div className="msg__error">
          <span>{item.error}</span>
          {onDismiss ? (
            <button type="button" className="btn btn--link" onClick={() => onDismiss(item.clientId)}>
              Dismiss
            </button>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
