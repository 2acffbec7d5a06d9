// Where private notes sit among a chat's messages: at the time they were written. Pure: tested alone.
import type { Note } from '../../../../shared/protocol/routing';
import type { Message } from '../../../../shared/protocol/schemas';

export type Row = { kind: 'message'; at: string; message: Message } | { kind: 'note'; at: string; note: Note };

/** Messages in seq order, each note placed after the messages written before it. */
export function interleave(messages: Message[], notes: Note[]): Row[] {
  const rows: Row[] = [];
  let n = 0;
  for (const m of messages) {
    while (n < notes.length && notes[n]!.createdAt < m.createdAt) rows.push({ kind: 'note', at: notes[n]!.createdAt, note: notes[n++]! });
    rows.push({ kind: 'message', at: m.createdAt, message: m });
  }
  while (n < notes.length) rows.push({ kind: 'note', at: notes[n]!.createdAt, note: notes[n++]! });
  return rows;
}

