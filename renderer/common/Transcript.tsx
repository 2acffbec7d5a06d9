// One conversation's thread, for the widget, the console's chat pane and the supervisors' watch
// panel. Stored messages carry their hub seq; what is still on its way is shown greyed until the hub
// acknowledges it. What differs between screens comes in as props: the console's private notes
// (placed among the messages by the caller, drawn by `renderNote`), a read marker, actions on a
// message that failed to send.
//
// Windowed (VirtualList): a 5,000-message chat puts a screenful of rows in the DOM, opens at the
// newest message, follows new ones while the reader is at the bottom and keeps their place once they
// have scrolled up. Rows also enter the DOM as the reader scrolls, so the log is not itself a live
// region: new messages are announced by a line of their own.
import { tr } from './i18n';
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AuthorKind, Message } from '../../shared/protocol/schemas';
import type { OutgoingMessage } from './chatDelivery';
import { formatClock } from './format';
import { VirtualList } from './VirtualList';

/** A row of the thread: a message, or a row only this screen shows (a private note) at its place. */
export type ThreadRow<N> = { kind: 'message'; message: Message } | { kind: 'note'; note: N };

type Item<N> = ThreadRow<N> | { kind: 'outgoing'; item: OutgoingMessage };

interface Props<N extends { id: string }> {
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
  /** Above the first message (a notice), scrolled with the thread. */
  before?: ReactNode;
  onDismiss?: (clientId: string) => void;
  /** More actions on a message the hub refused (beside Dismiss). */
  failedActions?: (item: OutgoingMessage) => ReactNode;
  /** The messages with this screen's own rows among them, in order; without it, the messages alone. */
  rows?: readonly ThreadRow<N>[];
  renderNote?: (note: N) => ReactNode;
  /** What a screen reader hears when such a row arrives. */
  describeNote?: (note: N) => string;
  /** The other side has read up to here: `readLabel` shows under one's own latest message at or before it. */
  readUpToSeq?: number;
  readLabel?: string;
  /** Anything else under a stored message. */
  afterMessage?: (message: Message) => ReactNode;
  /**
   * The thread holds a long chat's newest pages only: `loadEarlier` is called as the reader nears
   * the top, and a line there says what is happening.
   */
  earlier?: { loading: boolean; loadEarlier: () => void };
}

const itemKey = <N extends { id: string }>(it: Item<N>): string =>
  it.kind === 'message' ? `m${it.message.seq}` : it.kind === 'note' ? `n${it.note.id}` : `o${it.item.clientId}`;

export function Transcript<N extends { id: string } = never>(p: Props<N>) {
  const { label, messages, outgoing, selfKind, selfLabel, selfName, empty, before, rows } = p;
  const items = useMemo<Item<N>[]>(() => {
    const stored: readonly ThreadRow<N>[] = rows ?? messages.map((message) => ({ kind: 'message', message }));
    return [...stored, ...outgoing.map((item) => ({ kind: 'outgoing' as const, item }))];
  }, [rows, messages, outgoing]);
  const readSeq = useMemo(() => lastReadOwn(messages, selfKind, p.readUpToSeq), [messages, selfKind, p.readUpToSeq]);
  const announcement = useAnnouncement(items, selfKind, p.describeNote);

  const header = (
    <>
      {p.earlier ? (
        <p className="transcript__earlier" role="status" data-testid="earlier-messages">
          {p.earlier.loading ? tr('transcripts.messages.loadingOlder') : tr('transcripts.messages.scrollUp')}
        </p>
      ) : null}
      {before}
      {items.length === 0 && empty ? <div className="transcript__empty">{empty}</div> : null}
    </>
  );

  const renderItem = (it: Item<N>) => {
    if (it.kind === 'note') return p.renderNote?.(it.note) ?? null;
    if (it.kind === 'outgoing') return <OutgoingRow item={it.item} author={selfLabel ?? selfName} onDismiss={p.onDismiss} actions={p.failedActions} />;
    const m = it.message;
    return (
      <>
        <MessageRow message={m} self={m.author.kind === selfKind} selfLabel={selfLabel} />
        {m.seq === readSeq && p.readLabel ? (
          <p className="msg__read" data-testid="read-marker">
            {p.readLabel}
          </p>
        ) : null}
        {p.afterMessage?.(m)}
      </>
    );
  };

  return (
    <>
      <VirtualList
        // Another conversation in the same place (the watch panel) starts fresh: nothing measured, at its end.
        key={messages[0]?.conversationId ?? ''}
        className="transcript"
        rowClassName="transcript__row"
        role="log"
        live="off"
        label={label}
        items={items}
        itemKey={itemKey}
        estimateHeight={64}
        header={header}
        onNearTop={p.earlier?.loadEarlier}
        renderItem={renderItem}
      />
      <p className="visually-hidden" aria-live="polite" data-testid="thread-announcer">
        {announcement}
      </p>
    </>
  );
}

/** One's own latest stored message at or before what the other side has read. */
function lastReadOwn(messages: Message[], selfKind: AuthorKind, upTo: number | undefined): number | null {
  if (upTo === undefined) return null;
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.seq <= upTo && m.author.kind === selfKind) return m.seq;
  }
  return null;
}

/**
 * What arrived since the last render, as a sentence: others' messages, notes, one's own messages the
 * hub refused. What was there when the thread opened is history and is not read out.
 */
function useAnnouncement<N extends { id: string }>(items: readonly Item<N>[], selfKind: AuthorKind, describeNote: ((note: N) => string) | undefined): string {
  const seen = useRef<Set<string> | null>(null);
  const [text, setText] = useState('');
  useEffect(() => {
    const keyOf = (it: Item<N>) => (it.kind === 'outgoing' ? `o${it.item.clientId}:${it.item.state}` : itemKey(it));
    const before = seen.current;
    seen.current = new Set(items.map(keyOf));
    if (!before) return;
    const lines: string[] = [];
    // New rows are at the end: stop at the first one already seen from there.
    for (let i = items.length - 1; i >= 0; i--) {
      const it = items[i]!;
      if (before.has(keyOf(it))) {
        if (it.kind !== 'outgoing') break;
        continue;
      }
      if (it.kind === 'message' && it.message.author.kind !== selfKind) {
        const m = it.message;
        lines.unshift(m.author.kind === 'system' ? m.body : `${m.author.name}: ${m.body}`);
      } else if (it.kind === 'note' && describeNote) lines.unshift(describeNote(it.note));
      else if (it.kind === 'outgoing' && it.item.state === 'failed') lines.unshift(`${tr('common.msg.notSent')}: ${it.item.body}. ${it.item.error ?? ''}`.trim());
    }
    if (lines.length) setText(lines.join('\n'));
  }, [items, selfKind, describeNote]);
  return text;
}

/**
 * A notice from the desk (return instructions, a claim's next step) as readable text (issue 9):
 * paragraphs, and lines starting with "- " as a real bulleted list.
 */
export function SystemBody({ body }: { body: string }) {
  const blocks: ({ kind: 'p'; text: string } | { kind: 'ul'; items: string[] })[] = [];
  for (const line of body.split('\n')) {
    const bullet = /^\s*[-•]\s+(.*)$/.exec(line);
    const last = blocks.at(-1);
    if (bullet) {
      if (last?.kind === 'ul') last.items.push(bullet[1]!);
      else blocks.push({ kind: 'ul', items: [bullet[1]!] });
    } else if (!line.trim()) {
      blocks.push({ kind: 'p', text: '' });
    } else if (last?.kind === 'p' && last.text) {
      last.text += `\n${line}`;
    } else {
      blocks.push({ kind: 'p', text: line });
    }
  }
  return (
    <div className="msg__body msg__body--notice">
      {blocks.map((b, i) =>
        b.kind === 'ul' ? (
          <ul key={i}>
            {b.items.map((item, j) => (
              <li key={j}>{item}</li>
            ))}
          </ul>
        ) : b.text ? (
          <p key={i}>{b.text}</p>
        ) : null,
      )}
    </div>
  );
}

function MessageRow({ message: m, self, selfLabel }: { message: Message; self: boolean; selfLabel: string | undefined }) {
  if (m.author.kind === 'system') {
    return (
      <div className="msg msg--system" data-testid="message" data-seq={m.seq} data-author-kind="system">
        <SystemBody body={m.body} />
      </div>
    );
  }
  return (
    <div className={`msg ${self ? 'msg--self' : 'msg--other'}`} data-testid="message" data-seq={m.seq} data-author-kind={m.author.kind}>
      <div className="msg__meta">
        <span className="msg__author">{self && selfLabel ? selfLabel : m.author.name}</span>
        <time dateTime={m.createdAt}>{formatClock(m.createdAt)}</time>
      </div>
      <p className="msg__body">{m.body}</p>
    </div>
  );
}

interface OutgoingProps {
  item: OutgoingMessage;
  author: string;
  onDismiss: ((clientId: string) => void) | undefined;
  actions: ((item: OutgoingMessage) => ReactNode) | undefined;
}

function OutgoingRow({ item, author, onDismiss, actions }: OutgoingProps) {
  const failed = item.state === 'failed';
  return (
    <div className={`msg msg--self ${failed ? 'msg--failed' : 'msg--pending'}`} data-testid={failed ? 'message-failed' : 'message-pending'} data-client-id={item.clientId}>
      <div className="msg__meta">
        <span className="msg__author">{author}</span>
        <span className="msg__state">{failed ? tr('common.msg.notSent') : tr('common.msg.sending')}</span>
      </div>
      <p className="msg__body">{item.body}</p>
      {failed ? (
        <div className="msg__error">
          <span>{item.error}</span>
          {actions?.(item)}
          {onDismiss ? (
            <button type="button" className="btn btn--link" onClick={() => onDismiss(item.clientId)}>
              {tr('common.msg.dismiss')}
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
