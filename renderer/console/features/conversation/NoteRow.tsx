// A private note in the console's thread (the agent's note, a supervisor's whisper, a transfer
// note): only staff see it, and it says so.
import { useTranslation } from 'react-i18next';
import type { Note } from '../../../../shared/protocol/routing';
import { formatClock } from '../../../common/format';
import { tr, type MessageKey } from '../../../common/i18n';

const NOTE_LABEL: Record<Note['kind'], MessageKey> = {
  note: 'notes.kind.note',
  whisper: 'notes.kind.whisper',
  transfer: 'notes.kind.transfer',
};

export function NoteRow({ note }: { note: Note }) {
  const { t } = useTranslation();
  return (
    <div className={`msg msg--note msg--note-${note.kind}`} data-testid="private-note" data-kind={note.kind}>
      <div className="msg__meta">
        <span className="msg__note-kind">{t(NOTE_LABEL[note.kind])}</span>
        <span className="msg__author">{note.author.name}</span>
        <time dateTime={note.createdAt}>{formatClock(note.createdAt)}</time>
      </div>
      <p className="msg__body">{note.body}</p>
      <p className="msg__note-hint">{t('notes.hidden')}</p>
    </div>
  );
}

/** What a screen reader hears when a note arrives. */
export const describeNote = (note: Note): string => tr('notes.describe', { kind: tr(NOTE_LABEL[note.kind]), name: note.author.name, body: note.body });

export const renderNote = (note: Note) => <NoteRow note={note} />;
