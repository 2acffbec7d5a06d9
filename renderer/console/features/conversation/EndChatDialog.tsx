// "End the chat with Ada?" (issue 9): ending cannot be undone, so the button and Alt+Shift+E both
// ask first. A modal <dialog>: focus on the safe choice, Escape keeps the chat, focus goes back.
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '../../../../shared/protocol/schemas';
import { useConversation } from './conversationStore';

export function EndChatDialog({ conversation: c }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const keep = useRef<HTMLButtonElement>(null);
  const ids = useId();
  const busy = useConversation((s) => s.busy[c.id] === 'ending');
  const { end, cancelEnd } = useConversation.getState();

  useEffect(() => {
    const d = dialog.current;
    const back = document.activeElement as HTMLElement | null;
    if (d && !d.open) d.showModal();
    keep.current?.focus();
    return () => back?.focus?.();
  }, []);

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={`${ids}-title`}
      aria-describedby={`${ids}-text`}
      data-testid="end-chat-dialog"
      onCancel={(e) => {
        e.preventDefault();
        cancelEnd();
      }}
    >
      <h2 id={`${ids}-title`} className="dialog__title">
        {t('conversation.endDialog.title', { name: c.customer.name })}
      </h2>
      <p id={`${ids}-text`}>
        {t('conversation.endDialog.text', { name: c.customer.name })}
      </p>
      <div className="form__actions">
        <button ref={keep} type="button" className="btn" onClick={cancelEnd}>
          {t('conversation.endDialog.keep')}
        </button>
        <button
          type="button"
          className="btn btn--danger-solid"
          disabled={busy}
          data-testid="confirm-end-chat"
          onClick={() => void end(c.id).finally(cancelEnd)}
        >
          {busy ? t('conversation.ending') : t('conversation.endDialog.confirm')}
        </button>
      </div>
    </dialog>
  );
}
