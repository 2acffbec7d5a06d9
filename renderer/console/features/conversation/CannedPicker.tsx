// The "/" picker of the reply box: a reply starting with "/" lists the canned replies that match
// (↑/↓ choose, Enter inserts, Escape closes; typing on reopens it). It plugs into the common
// Composer: its panel goes above the box and its keys are seen before the box's own.
import { useId, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CannedReply } from '../../../../shared/protocol/routing';
import { cannedQuery, filterCanned } from '../canned/cannedFilter';
import { useCanned } from '../canned/cannedStore';

interface Picker {
  panel: ReactNode;
  onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>): void;
  inputProps: { 'aria-controls'?: string; 'aria-activedescendant'?: string };
  /** The text changed: back to the first match, and open again if Escape had closed it. */
  reset(): void;
}

/** `text` is the reply being written, or null where no canned reply applies (a private note). */
export function useCannedPicker(text: string | null, brandId: string | null, insert: (reply: CannedReply) => void): Picker {
  const { t } = useTranslation();
  const id = useId();
  const [active, setActive] = useState(0);
  const [closedFor, setClosedFor] = useState<string | null>(null);
  const replies = useCanned((s) => s.replies);
  const error = useCanned((s) => s.error);

  const query = text === null ? null : cannedQuery(text);
  const matches = useMemo(() => (query === null ? [] : filterCanned(replies, query, brandId)), [replies, query, brandId]);
  const open = query !== null && closedFor !== text;
  const current = Math.min(active, Math.max(0, matches.length - 1));
  const listId = `${id}-canned`;
  const optionId = (i: number) => `${id}-canned-${i}`;
  const choose = (reply: CannedReply) => {
    insert(reply);
    setActive(0);
    setClosedFor(null);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!open) return;
    if (matches.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((current + step + matches.length) % matches.length);
        return;
      }
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        choose(matches[current]!);
        return;
      }
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      setClosedFor(text);
    }
  };

  const panel = open ? (
    <div className="canned">
      <p className="visually-hidden" role="status">
        {matches.length === 0 ? t('conversation.canned.noMatch') : t('conversation.canned.count', { count: matches.length })}
      </p>
      {matches.length === 0 ? (
        <p className="canned__empty">{error ?? (replies.length === 0 ? t('conversation.canned.none') : t('conversation.canned.noMatchFor', { query }))}</p>
      ) : (
        <ul id={listId} className="canned__list" role="listbox" aria-label={t('conversation.canned.label')}>
          {matches.map((r, i) => (
            <li
              key={r.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === current}
              className="canned__option"
              data-testid="canned-option"
              // The box keeps the focus (and the keyboard) while a reply is clicked.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(r)}
            >
              <span className="canned__shortcut">/{r.shortcut}</span> <span className="canned__title">{r.title}</span>
              <span className="canned__body">{r.body}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  ) : null;

  const listed = open && matches.length > 0;
  return {
    panel,
    onKeyDown,
    inputProps: listed ? { 'aria-controls': listId, 'aria-activedescendant': optionId(current) } : {},
    reset: () => {
      setActive(0);
      setClosedFor(null);
    },
  };
}
