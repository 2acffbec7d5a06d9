// The message box shared by the console and the widget: Enter sends, Shift+Enter starts a new line.
// A screen adds its own tools around it without copying it: a panel above the box (the console's
// canned replies), keys it handles first (`onKeyDown`, taking a key by preventDefault), buttons
// beside Send (the private-note switch), and a draft it holds itself when it needs to read or
// replace the text.
import { tr } from './i18n';
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';

export interface Draft {
  text: string;
  set(value: string): void;
}

const drafts = new Map<string, string>();

/** The text being written, kept per key (a conversation, a mode) while the screen switches between them. */
export function useDraft(key: string | undefined): Draft {
  const [state, setState] = useState(() => ({ key, text: key ? (drafts.get(key) ?? '') : '' }));
  const text = state.key === key ? state.text : key ? (drafts.get(key) ?? '') : '';
  const set = useCallback(
    (value: string) => {
      if (key) drafts.set(key, value);
      setState({ key, text: value });
    },
    [key],
  );
  return { text, set };
}

interface Props {
  /** Sends the text; a promise of false (a note not saved) keeps it in the box. */
  onSend: (body: string) => void | Promise<boolean>;
  /** Whether one is typing, for the other side's "is typing…" line. */
  onTyping?: (active: boolean) => void;
  disabled?: boolean;
  /** Why the box is disabled, shown in place of the hint. */
  disabledReason?: string;
  /** Sending: the box stays editable, Send waits. */
  busy?: boolean;
  maxChars?: number;
  placeholder?: string;
  /** Keeps an unsent draft per conversation when the screen switches between them. */
  draftKey?: string;
  /** A draft held by the screen instead (it reads or replaces the text). */
  draft?: Draft;
  autoFocus?: boolean;
  /** The box takes the focus again when this changes (a mode switch). */
  focusKey?: string;
  label?: string;
  /** The label above the box; otherwise it is for screen readers only. */
  showLabel?: boolean;
  hint?: string;
  submitLabel?: string;
  className?: string;
  testId?: string;
  /** Shown under the box (an error from saving). */
  error?: ReactNode;
  /** Above the box (a picker). */
  above?: ReactNode;
  /** Buttons beside Send. */
  actions?: ReactNode;
  /** Sees each key first; one it takes (preventDefault) goes no further. */
  onKeyDown?: (e: KeyboardEvent<HTMLTextAreaElement>) => void;
  inputProps?: { 'data-mode'?: string; 'aria-controls'?: string; 'aria-activedescendant'?: string };
}


export function Composer(p: Props) {
  const { onSend, onTyping, disabled, busy, maxChars } = p;
  const id = useId();
  const input = useRef<HTMLTextAreaElement>(null);
  const own = useDraft(p.draftKey);
  const draft = p.draft ?? own;
  const text = draft.text;

  useEffect(() => {
    if (p.autoFocus && !disabled) input.current?.focus();
  }, [p.autoFocus, disabled, p.draftKey, p.focusKey]);

  const update = (value: string) => {
    draft.set(value);
    onTyping?.(!!value.trim());
  };

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    const body = text.trim();
    if (!body || disabled || busy) return;
    const sent = onSend(body);
    if (sent && (await sent) === false) return;
    update('');
    input.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    p.onKeyDown?.(e);
    if (e.defaultPrevented) return;
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    }
  };

  const left = maxChars ? maxChars - text.length : null;
  const hint = disabled && p.disabledReason ? p.disabledReason : (p.hint ?? tr('common.composer.hint'));

  return (
    <form className={`composer ${p.className ?? ''}`} onSubmit={(e) => void submit(e)} data-testid={p.testId}>
      {p.above}
      <label htmlFor={id} className={p.showLabel ? 'composer__label' : 'visually-hidden'}>
        {p.label ?? tr('common.composer.message')}
      </label>
      <textarea
        id={id}
        ref={input}
        className="composer__input"
        data-testid="composer"
        rows={2}
        value={text}
        placeholder={p.placeholder}
        disabled={disabled}
        maxLength={maxChars}
        aria-describedby={`${id}-hint`}
        {...p.inputProps}
        onChange={(e) => update(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => onTyping?.(false)}
      />
      {p.error}
      <div className="composer__bar">
        <span id={`${id}-hint`} className="composer__hint">
          {hint}
          {left !== null && left < 200 ? <span className="composer__count"> · {tr('common.composer.left', { left })}</span> : null}
        </span>
        {p.actions}
        <button type="submit" className="btn btn--primary" data-testid="send" disabled={disabled || busy || !text.trim()}>
          {p.submitLabel ?? tr('common.composer.send')}
        </button>
      </div>
    </form>
  );
}
