// The console's pure rules for working several chats: unread counts, the "/" canned-reply filter,
// and where private notes sit among messages.
import { describe, expect, it } from 'vitest';
import type { CannedReply, Note } from '../../shared/protocol/routing';
import type { Message } from '../../shared/protocol/schemas';
import { applyCannedUpdate, cannedQuery, filterCanned } from '../../renderer/console/features/canned/cannedFilter';
import { interleave } from '../../renderer/console/features/notes/interleave';
import { mergeNotes } from '../../renderer/console/features/notes/notesStore';
import { keepOnly, markRead, messageArrived, NO_UNREAD } from '../../renderer/console/features/queue/unread';

const msg = (conversationId: string, seq: number, kind: 'customer' | 'agent' | 'system' = 'customer', at = `2030-01-01T10:00:${String(seq).padStart(2, '0')}Z`): Message => ({
  conversationId,
  seq,
  clientId: `client-${conversationId}-${seq}`,
  author: { kind, id: null, name: kind },
  body: `message ${seq}`,
  createdAt: at,
});

describe('unread counts', () => {
  it('counts customer messages of chats not on screen, once each, and clears when the chat is opened', () => {
    let u = NO_UNREAD;
    u = messageArrived(u, msg('a', 1), 'b');
    u = messageArrived(u, msg('a', 2), 'b');
    // A replay after a reconnect, the agent's own reply and a hub notice are not news.
    u = messageArrived(u, msg('a', 2), 'b');
    u = messageArrived(u, msg('a', 3, 'agent'), 'b');
    u = messageArrived(u, msg('a', 4, 'system'), 'b');
    // What arrives in the chat on screen is read as it comes.
    u = messageArrived(u, msg('b', 1), 'b');
    expect(u.counts).toEqual({ a: 2 });

    u = markRead(u, 'a', 4);
    expect(u.counts).toEqual({});
    // An older message delivered late (a sync) after the chat was read stays read.
    u = messageArrived(u, msg('a', 3), 'b');
    expect(u.counts).toEqual({});
    u = messageArrived(u, msg('a', 5), 'b');
    expect(u.counts).toEqual({ a: 1 });
  });

  it('drops the count of a chat that left the list, and changes nothing when there is nothing to change', () => {
    let u = messageArrived(messageArrived(NO_UNREAD, msg('a', 1), null), msg('b', 1), null);
    u = keepOnly(u, new Set(['b']));
    expect(u.counts).toEqual({ b: 1 });
    expect(keepOnly(u, new Set(['b']))).toBe(u);
    expect(markRead(u, 'zzz')).toBe(u);
  });
});

const reply = (shortcut: string, title: string, body: string, brandId: string | null = null): CannedReply => ({ id: `r-${shortcut}`, brandId, shortcut, title, body, updatedAt: '2030-01-01T00:00:00Z' });

describe('canned replies', () => {
  const replies = [
    reply('returns', 'Returns policy', 'You can return within 30 days.'),
    reply('refund', 'Refund timing', 'Refunds take 5 working days.'),
    reply('hello', 'Greeting', 'Hello, how can I help?'),
    reply('luxe-hello', 'Luxe greeting', 'Welcome to Luxe.', 'luxe'),
    reply('ship', 'Shipping', 'We ship worldwide; returns are free.'),
  ];

  it('opens on "/" at the start of an empty draft only', () => {
    expect(cannedQuery('/')).toBe('');
    expect(cannedQuery('/Ret')).toBe('ret');
    expect(cannedQuery('hi /ret')).toBeNull();
    expect(cannedQuery('/ret more')).toBeNull();
    expect(cannedQuery('')).toBeNull();
  });

  it('matches shortcut first, then title, then body, for the chat’s brand', () => {
    expect(filterCanned(replies, 're').map((r) => r.shortcut)).toEqual(['refund', 'returns', 'hello', 'luxe-hello', 'ship']);
    expect(filterCanned(replies, 'ret').map((r) => r.shortcut)).toEqual(['returns', 'ship']);
    expect(filterCanned(replies, 'hello', 'default').map((r) => r.shortcut)).toEqual(['hello']);
    expect(filterCanned(replies, 'hello', 'luxe').map((r) => r.shortcut)).toEqual(['hello', 'luxe-hello']);
    expect(filterCanned(replies, 'nothing-like-this')).toEqual([]);
    expect(filterCanned(replies, '', null, 2)).toHaveLength(2);
  });

  it('follows canned:updated: saved replies replace their old selves, deleted ones go', () => {
    const edited = { ...replies[0]!, body: 'Within 14 days.' };
    const after = applyCannedUpdate(replies, edited, null);
    expect(after.filter((r) => r.id === edited.id)).toEqual([edited]);
    expect(applyCannedUpdate(after, null, 'r-ship').map((r) => r.shortcut)).not.toContain('ship');
  });
});

describe('private notes among messages', () => {
  const note = (id: string, at: string, kind: Note['kind'] = 'note'): Note => ({ id, conversationId: 'a', clientId: `c-${id}`, kind, author: { id: 'u1', name: 'Ann' }, body: id, createdAt: at });

  it('sit where they were written, and a pushed note and its ack make one', () => {
    const messages = [msg('a', 1, 'customer', '2030-01-01T10:00:01Z'), msg('a', 2, 'agent', '2030-01-01T10:00:05Z')];
    const notes = mergeNotes([note('n2', '2030-01-01T10:00:09Z')], [note('n1', '2030-01-01T10:00:03Z', 'transfer'), note('n2', '2030-01-01T10:00:09Z')]);
    expect(notes.map((n) => n.id)).toEqual(['n1', 'n2']);
    expect(interleave(messages, notes).map((r) => (r.kind === 'message' ? `m${r.message.seq}` : r.note.id))).toEqual(['m1', 'n1', 'm2', 'n2']);
  });
});
