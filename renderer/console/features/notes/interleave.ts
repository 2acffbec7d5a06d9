// Where private notes sit among a chat's messages: at the time they were written. Pure: tested alone.
import type { Note } from '../../../../shared/protocol/routing';
import type { Message } from '../../../../shared/protocol/schemas';

export type Row = { kind: 'message'; at: string; message: Message } | { kind: 'note'; at: string; note: Note };

/**
 * Messages in seq order, each note placed after the messages written before it. With
 * `earlierNotLoaded` (the messages are the newest pages of a longer chat), notes older than the
 * first message belong to pages not loaded yet and are left out.
 */
export function interleave(messages: Message[], notes: Note[], earlierNotLoaded = false): Row[] {
  const rows: Row[] = [];
  const first = messages[0];
  let n = 0;
  if (earlierNotLoaded && first) while (n < notes.length && notes[n]!.createdAt < first.createdAt) n++;
  for (const m of messages) {
    while (n < notes.length && notes[n]!.createdAt < m.createdAt) rows.push({ kind: 'note', at: notes[n]!.createdAt, note: notes[n++]! });
    rows.push({ kind: 'message', at: m.createdAt, message: m });
  }
  while (n < notes.length) rows.push({ kind: 'note', at: notes[n]!.createdAt, note: notes[n++]! });
  return rows;
}

