// A private note in the console's thread (the agent's note, a supervisor's whisper, a transfer
// note): only staff see it, and it says so.
import type { Note } from '../../../../shared/protocol/routing';
import { formatClock } from '../../../common/format';

const NOTE_LABEL: Record<Note['kind'], string> = {
  note: 'Private note',
  whisper: 'Whisper from a supervisor',
  transfer: 'Transfer note',
};

export function NoteRow({ note }: { note: Note }) {
  return (
    <div className={`msg msg--note msg--note-${note.kind}`} data-testid="private-note" data-kind={note.kind}>
      <div className="msg__meta">
        <span className="msg__note-kind">{NOTE_LABEL[note.kind]}</span>
        <span className="msg__author">{note.author.name}</span>
        <time dateTime={note.createdAt}>{formatClock(note.createdAt)}</time>
      </div>
      <p className="msg__body">{note.body}</p>
      <p className="msg__note-hint">The customer does not see this.</p>
    </div>
  );
}

/** What a screen reader hears when a note arrives. */
export const describeNote = (note: Note): string => `${NOTE_LABEL[note.kind]} from ${note.author.name}: ${note.body}`;

export const renderNote = (note: Note) => <NoteRow note={note} />;
