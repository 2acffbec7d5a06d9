// The console's reply box: the common Composer with the console's tools plugged in. "/" at the
// start opens the canned replies; the Private note switch (Alt+N) turns the box into a note only
// staff see, and then nothing (not even typing) reaches the customer.
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Composer, useDraft } from '../../../common/Composer';
import { intlLocale } from '../../../common/i18n';
import { fillCanned } from '../../../../shared/domain/cannedText';
import { useAuth } from '../auth/authStore';
import { useCases } from '../cases/casesStore';
import { useNotes } from '../notes/notesStore';
import { useCannedPicker } from './CannedPicker';
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

const NOTE_MAX_CHARS = 4000;

export function ReplyBox({ conversationId, customerName, brandId, waiting, ended, maxChars, onSend, onTyping }: Props) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<Mode>('reply');
  const note = mode === 'note';
  const saved = useDraft(`${conversationId}:${mode}`);
  const saving = useNotes((s) => !!s.saving[conversationId]);
  const noteError = useNotes((s) => s.error[conversationId]);
  const agentName = useAuth((s) => s.user?.name ?? null);
  // {order.number}: the order of the newest case opened in this chat, when there is one.
  const orderNumber = useCases((s) => s.summaries[s.byConversation[conversationId]?.linked[0] ?? '']?.orderId ?? null);
  const [unfilled, setUnfilled] = useState<string[]>([]);
  const picker = useCannedPicker(note ? null : saved.text, brandId, (reply) => {
    const { text, missing } = fillCanned(reply.body, { customerName, orderNumber, agentName });
    saved.set(text);
    setUnfilled(missing);
    onTyping(true);
  });
  const draft = {
    text: saved.text,
    set: (value: string) => {
      picker.reset();
      saved.set(value);
      if (unfilled.length) setUnfilled(unfilled.filter((p) => value.includes(`{${p}}`)));
    },
  };

  const switchMode = () => {
    if (!note) onTyping(false);
    setMode(note ? 'reply' : 'note');
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.altKey && !e.ctrlKey && !e.metaKey && e.code === 'KeyN') {
      e.preventDefault();
      switchMode();
      return;
    }
    picker.onKeyDown(e);
  };

  return (
    <Composer
      testId="agent-composer"
      className={note ? 'composer--note' : ''}
      draft={draft}
      autoFocus
      focusKey={mode}
      onSend={note ? (body) => useNotes.getState().add(conversationId, body) : onSend}
      onTyping={note ? undefined : onTyping}
      disabled={ended}
      disabledReason={t('conversation.reply.ended')}
      busy={saving}
      maxChars={note ? NOTE_MAX_CHARS : maxChars}
      label={note ? t('conversation.reply.noteLabel') : t('common.composer.message')}
      showLabel={note}
      hint={
        note ? t('conversation.reply.noteHint') : t('conversation.reply.hint')
      }
      placeholder={
        ended
          ? ''
          : note
            ? t('conversation.reply.notePlaceholder')
            : waiting
              ? t('conversation.reply.placeholderWaiting', { name: customerName })
              : t('conversation.reply.placeholder', { name: customerName })
      }
      submitLabel={note ? (saving ? t('conversation.reply.saving') : t('conversation.reply.addNote')) : t('common.composer.send')}
      above={
        <>
          {picker.panel}
          {unfilled.length && !note ? (
            <p className="canned-unfilled" role="status" data-testid="canned-unfilled">
              {t('conversation.reply.unfilled', { fields: new Intl.ListFormat(intlLocale(), { type: 'conjunction' }).format(unfilled.map((p) => `{${p}}`)) })}
            </p>
          ) : null}
        </>
      }
      onKeyDown={onKeyDown}
      inputProps={{ 'data-mode': mode, ...picker.inputProps }}
      error={
        noteError && note ? (
          <p className="form__error composer__error" role="alert">
            {noteError}
          </p>
        ) : null
      }
      actions={
        <button type="button" className="btn composer__note-toggle" aria-pressed={note} aria-keyshortcuts="Alt+N" disabled={ended} onClick={switchMode}>
          {t('conversation.reply.noteToggle')}
        </button>
      }
    />
  );
}
