// Private notes and supervisor whispers (issue 3). Stored apart from messages (migration 0004), so
// no customer path (sync, replay, copies, downloads, search) can ever read them.
import { maskCardNumbers } from '../../shared/domain/cardMask';
import { DeskError } from '../../shared/protocol/errors';
import type { ChatNote, Note } from '../../shared/protocol/routing';
import type { StaffUser } from '../../shared/protocol/schemas';
import type { Clock } from '../clock';
import { newId } from '../ids';
import type { StoreApi } from '../store/api';
import type { NoteKind } from '../store/routing';
import { isReviewer } from '../transcripts/access';

export interface NoteEvents {
  /** To the agent namespace only: the conversation's room and its assigned agent. */
  noteAdded(note: Note, assignedAgentId: string | null): void;
}

export function chatNotes(store: StoreApi, clock: Clock, events: NoteEvents) {
  /** The assigned agent writes notes; supervisors and admins whisper on any live chat. */
  async function kindFor(user: StaffUser, conversationId: string): Promise<{ kind: NoteKind; assigned: string | null }> {
    const c = await store.conversations.get(conversationId);
    if (!c) throw new DeskError('not_found', 'No such conversation.');
    if (c.status === 'ended') throw new DeskError('conflict', 'This conversation has ended.');
    const assigned = c.assignedAgent?.id ?? null;
    if (assigned === user.id) return { kind: 'note', assigned };
    if (isReviewer(user)) return { kind: 'whisper', assigned };
    throw new DeskError('forbidden', 'Only the agent on this chat, or a supervisor, may add a note to it.');
  }

  async function write(user: StaffUser, conversationId: string, clientId: string, kind: NoteKind, body: string, assigned: string | null): Promise<Note> {
    const { note, duplicate } = await store.writeCalls((tx) =>
      tx.routing.addNote({
        id: newId('n'),
        conversationId,
        clientId,
        kind,
        authorId: user.id,
        authorName: user.name,
        // Card numbers are masked in notes too (POLICY §3).
        body: maskCardNumbers(body),
        createdAt: clock.now().toISOString(),
      }),
    );
    if (!duplicate) events.noteAdded(note, assigned);
    return note;
  }

  return {
    async add(user: StaffUser, p: ChatNote): Promise<Note> {
      const { kind, assigned } = await kindFor(user, p.conversationId);
      return write(user, p.conversationId, p.clientId, kind, p.body, assigned);
    },
    /** The note given with a transfer or reassign, for the agent who gets the chat. */
    async transferNote(user: StaffUser, conversationId: string, body: string, assignedAfter: string | null): Promise<Note> {
      return write(user, conversationId, newId('t'), 'transfer', body, assignedAfter);
    },
    /** Staff who may see the chat's notes: its agent (now or before) and supervisors/admins. */
    async list(user: StaffUser, conversationId: string): Promise<Note[]> {
      const c = await store.conversations.get(conversationId);
      if (!c) throw new DeskError('not_found', 'No such conversation.');
      if (!isReviewer(user) && c.assignedAgent?.id !== user.id && !(await store.routing.notes(conversationId)).some((n) => n.author.id === user.id)) {
        throw new DeskError('forbidden', 'Only the agent on this chat, or a supervisor, may read its notes.');
      }
      return store.routing.notes(conversationId);
    },
  };
}
export type ChatNotes = ReturnType<typeof chatNotes>;
