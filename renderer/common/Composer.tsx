// The message box shared by console and widget: Enter sends, Shift+Enter starts a new line.
import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';

interface Props {
  onSend: (body: string) => void;
  onTyping?: (active: boolean) => void;
  disabled?: boolean;
  /** Why the box is disabled, shown in place of the hint. */
  disabledReason?: string;
  maxChars?: number;
  placeholder?: string;
  /** Keeps an unsent draft per conversation when the screen switches between them. */
  draftKey?: string;
  autoFocus?: boolean;
}

const drafts = new Map<string, string>();

export function Composer({ onSend, onTyping, disabled, disabledReason, maxChars, placeholder, draftKey, autoFocus }: Props) {
  const id = useId();
  const input = useRef<HTMLTextAreaElement>(null);
  const [text, setText] = useState(() => (draftKey ? (drafts.get(draftKey) ?? '') : ''));

  useEffect(() => {
    if (autoFocus && !disabled) input.current?.focus();
  }, [autoFocus, disabled, draftKey]);

  const update = (value: string) => {
    setText(value);
    if (draftKey) drafts.set(draftKey, value);
    if (value.trim()) onTyping?.(true);
    else onTyping?.(false);
  };

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const body = text.trim();
    if (!body || disabled) return;
    onSend(body);
    onTyping?.(false);
    update('');
    input.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.altKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  const left = maxChars ? maxChars - text.length : null;
  const hint = disabled && disabledReason ? disabledReason : 'Enter to send · Shift+Enter for a new line';

  return (
    <form className="composer" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        Message
      </label>
      <textarea
        id={id}
        ref={input}
        className="composer__input"
        data-testid="composer"
        rows={2}
        value={text}
        placeholder={placeholder}
        disabled={disabled}
        maxLength={maxChars}
        aria-describedby={`${id}-hint`}
        onChange={(e) => update(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => onTyping?.(false)}
      />
      <div className="composer__bar">
        <span id={`${id}-hint`} className="composer__hint">
          {hint}
          {left !== null && left < 200 ? <span className="composer__count"> · {left} characters left</span> : null}
        </span>
        <button type="submit" className="btn btn--primary" data-testid="send" disabled={disabled || !text.trim()}>
          Send
        </button>
      </div>
    </form>
  );
}
