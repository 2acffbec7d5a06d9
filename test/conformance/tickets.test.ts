// Tickets (store.tickets) on both backends: numbering, threads, mail ids, attachments, status and
// its purge time, assignment, the queue's list, merges.
import { expect, it } from 'vitest';
import type { StoreApi, StoreModules } from '../../server/store/api';
import { rawGet, rawRun, seedRows } from '../helpers/conformanceSeed';
import { forEachBackend } from '../helpers/storeBackends';

const T0 = '2026-12-01T10:00:00.000Z';
const T1 = '2026-12-01T11:00:00.000Z';
const T2 = '2026-12-01T12:00:00.000Z';
const T3 = '2026-12-01T13:00:00.000Z';

type NewTicket = Parameters<StoreModules['tickets']['create']>[0];
type NewMessage = Parameters<StoreModules['tickets']['addMessage']>[0];

const ticket = (id: string, over: Partial<NewTicket> = {}): NewTicket => ({
  id,
  brandId: 'maison',
  name: 'Inès Laurent',
  email: 'ines@shopper.test',
  subject: 'Where is my parcel?',
  locale: 'fr',
  channel: 'email',
  createdAt: T0,
  dueAt: '2026-12-02T10:00:00.000Z',
  ...over,
});

const message = (id: string, ticketId: string, over: Partial<NewMessage> = {}): NewMessage => ({
  id,
  ticketId,
  kind: 'customer',
  authorId: null,
  authorName: 'Inès Laurent',
  body: `Body of ${id}`,
  createdAt: T1,
  ...over,
});

const create = (s: StoreApi, t: NewTicket) => s.write((tx) => tx.tickets.create(t));
const add = (s: StoreApi, m: NewMessage) => s.write((tx) => tx.tickets.addMessage(m));

forEachBackend('tickets', (b) => {
  it('numbers tickets from 1 and returns the new ticket as the queue shows it', async () => {
    const s = b.api();
    expect(await s.tickets.count()).toBe(0);
    const first = await create(s, ticket('tkt_a'));
    expect(first).toEqual({
      id: 'tkt_a',
      ref: 1,
      brandId: 'maison',
      customer: { name: 'Inès Laurent', email: 'ines@shopper.test' },
      subject: 'Where is my parcel?',
      locale: 'fr',
      channel: 'email',
      status: 'open',
      assignedTo: null,
      createdAt: T0,
      updatedAt: T0,
      dueAt: '2026-12-02T10:00:00.000Z',
      mergedInto: null,
      mailError: null,
      firstBody: '',
      lastMessageAt: T0,
    });
    expect((await create(s, ticket('tkt_b', { channel: 'widget', locale: null, dueAt: null }))).ref).toBe(2);
    expect(await s.tickets.count()).toBe(2);
    expect((await s.tickets.byRef(2))?.id).toBe('tkt_b');
    expect(await s.tickets.byRef(3)).toBeUndefined();
    expect(await s.tickets.get('tkt_missing')).toBeUndefined();
    await expect(create(s, ticket('tkt_a'))).rejects.toThrow();
    expect(await s.tickets.count()).toBe(2);
  });

  it('two hubs opening tickets at once give each its own reference, none skipped', async () => {
    const hubs = [b.api(), await b.another()];
    const made = await Promise.all(Array.from({ length: 16 }, (_, i) => create(hubs[i % 2]!, ticket(`tkt_${i}`))));
    expect(made.map((t) => t.ref).sort((x, y) => x - y)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    expect(await b.api().tickets.count()).toBe(16);
  });

  it('keeps the thread in time order; the first customer message and the last message show in the queue', async () => {
    const s = b.api();
    await seedRows(b).user('usr_ana', 'Ana');
    await create(s, ticket('tkt_a'));
    await add(s, message('msg_ack', 'tkt_a', { kind: 'ack', authorName: 'Maison', body: 'We have your message', createdAt: T1 }));
    // Same moment as the ack: the order they were stored in holds.
    const first = await add(s, message('msg_1', 'tkt_a', { body: 'Where is it?', createdAt: T1, mailMessageId: '<m1@shopper.test>' }));
    await add(s, message('msg_2', 'tkt_a', { body: 'Still nothing', createdAt: T1 }));
    await add(s, message('msg_reply', 'tkt_a', { kind: 'agent', authorId: 'usr_ana', authorName: 'Ana', body: 'On its way', createdAt: T2, clientId: 'c-1' }));

    expect(first).toEqual({
      message: { id: 'msg_1', ticketId: 'tkt_a', kind: 'customer', author: { id: null, name: 'Inès Laurent' }, body: 'Where is it?', createdAt: T1, mailMessageId: '<m1@shopper.test>' },
      duplicate: false,
    });
    expect((await s.tickets.messages('tkt_a')).map((m) => m.id)).toEqual(['msg_ack', 'msg_1', 'msg_2', 'msg_reply']);
    expect(await s.tickets.get('tkt_a')).toMatchObject({ firstBody: 'Where is it?', lastMessageAt: T2, updatedAt: T2 });
    expect(await s.tickets.message('msg_reply')).toEqual({
      id: 'msg_reply',
      ticketId: 'tkt_a',
      kind: 'agent',
      author: { id: 'usr_ana', name: 'Ana' },
      body: 'On its way',
      createdAt: T2,
      mailMessageId: null,
    });
    expect(await s.tickets.message('msg_missing')).toBeUndefined();
    expect((await s.tickets.messageByClientId('tkt_a', 'c-1'))?.id).toBe('msg_reply');
    expect(await s.tickets.messageByClientId('tkt_a', 'c-2')).toBeUndefined();
    expect(await s.tickets.messages('tkt_missing')).toEqual([]);
    await expect(add(s, message('msg_orphan', 'tkt_missing'))).rejects.toThrow();
    await expect(add(s, message('msg_1', 'tkt_a'))).rejects.toThrow();
  });

  it('a resent message (same client id) is stored once and does not move the ticket', async () => {
    const s = b.api();
    await create(s, ticket('tkt_a'));
    await create(s, ticket('tkt_b'));
    await add(s, message('msg_1', 'tkt_a', { clientId: 'c-1', createdAt: T1 }));
    const again = await add(s, message('msg_1b', 'tkt_a', { clientId: 'c-1', body: 'typed again', createdAt: T3 }));
    expect(again.duplicate).toBe(true);
    expect(again.message).toMatchObject({ id: 'msg_1', body: 'Body of msg_1', createdAt: T1 });
    expect((await s.tickets.get('tkt_a'))!.updatedAt).toBe(T1);
    // The same client id on another ticket is another message; no client id never deduplicates.
    expect((await add(s, message('msg_2', 'tkt_b', { clientId: 'c-1' }))).duplicate).toBe(false);
    expect((await add(s, message('msg_3', 'tkt_a'))).duplicate).toBe(false);
    expect((await add(s, message('msg_4', 'tkt_a'))).duplicate).toBe(false);
    expect((await s.tickets.messages('tkt_a')).map((m) => m.id)).toEqual(['msg_1', 'msg_3', 'msg_4']);
  });

  it('a resend racing its first send on another hub is still stored once', async () => {
    await create(b.api(), ticket('tkt_a'));
    const hubs = [b.api(), await b.another()];
    const results = await Promise.all(hubs.map((h, i) => add(h, message(`msg_${i}`, 'tkt_a', { clientId: 'c-1' }))));
    expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
    expect(results[0]!.message.id).toBe(results[1]!.message.id);
    expect(await b.api().tickets.messages('tkt_a')).toHaveLength(1);
  });

  it('finds the ticket of a mail Message-ID, in or out', async () => {
    const s = b.api();
    await create(s, ticket('tkt_a'));
    await create(s, ticket('tkt_b'));
    await add(s, message('msg_in', 'tkt_a', { mailMessageId: '<in@shopper.test>' }));
    await add(s, message('msg_out', 'tkt_b', { kind: 'agent', authorName: 'Ana' }));
    expect(await s.tickets.ticketIdByMailId('<out@desk.test>')).toBeUndefined();
    await s.write((tx) => tx.tickets.setMailId('msg_out', '<out@desk.test>'));
    expect(await s.tickets.ticketIdByMailId('<out@desk.test>')).toBe('tkt_b');
    expect(await s.tickets.ticketIdByMailId('<in@shopper.test>')).toBe('tkt_a');
    expect((await s.tickets.message('msg_out'))!.mailMessageId).toBe('<out@desk.test>');
  });

  it('keeps attachments beside their message, in the order they came', async () => {
    const s = b.api();
    await create(s, ticket('tkt_a'));
    await add(s, message('msg_1', 'tkt_a'));
    const pdf = { id: 'att_pdf', ticketId: 'tkt_a', messageId: 'msg_1', name: 'invoice.pdf', mime: 'application/pdf', size: 5_242_880, path: 'tickets/tkt_a/att_pdf', createdAt: T1 };
    await s.write(async (tx) => {
      await tx.tickets.addAttachment(pdf);
      await tx.tickets.addAttachment({ ...pdf, id: 'att_jpg', name: 'box.jpg', mime: 'image/jpeg', size: 12, path: 'tickets/tkt_a/att_jpg' });
      await tx.tickets.addAttachment({ ...pdf, id: 'att_early', name: 'early.txt', mime: 'text/plain', size: 0, path: 'tickets/tkt_a/att_early', createdAt: T0 });
    });
    expect((await s.tickets.attachments('tkt_a')).map((a) => a.id)).toEqual(['att_early', 'att_pdf', 'att_jpg']);
    expect(await s.tickets.attachment('att_pdf')).toEqual(pdf);
    expect(await s.tickets.attachment('att_missing')).toBeUndefined();
    await expect(s.write((tx) => tx.tickets.addAttachment({ ...pdf, id: 'att_orphan', messageId: 'msg_missing' }))).rejects.toThrow();
  });

  it('status changes move the due time; reopening or solving again lifts a purge time still ahead, not one already reached', async () => {
    const s = b.api();
    await create(s, ticket('tkt_a'));
    await create(s, ticket('tkt_b'));
    const purgeAt = async (id: string) => (await rawGet<{ purge_at: string | null }>(b, 'SELECT purge_at FROM tickets WHERE id = $1', [id]))!.purge_at;
    // The retention sweep (another module) sets purge times when a ticket is solved.
    const setPurge = (id: string, at: string) => rawRun(b, 'UPDATE tickets SET purge_at = $1 WHERE id = $2', [at, id]);

    await s.write((tx) => tx.tickets.setStatus('tkt_a', 'solved', null, T1));
    expect(await s.tickets.get('tkt_a')).toMatchObject({ status: 'solved', dueAt: null, updatedAt: T1 });
    await setPurge('tkt_a', '2028-01-01T00:00:00.000Z');
    // Answered and solved again: its 13 months run from now, dated by the next retention run.
    await s.write((tx) => tx.tickets.setStatus('tkt_a', 'solved', null, T2));
    expect(await purgeAt('tkt_a')).toBeNull();
    expect(await rawGet<{ solved_at: string | null }>(b, 'SELECT solved_at FROM tickets WHERE id = $1', ['tkt_a'])).toEqual({ solved_at: T2 });
    await s.write((tx) => tx.tickets.setStatus('tkt_a', 'open', '2026-12-03T10:00:00.000Z', T2));
    expect(await s.tickets.get('tkt_a')).toMatchObject({ status: 'open', dueAt: '2026-12-03T10:00:00.000Z', updatedAt: T2 });
    expect(await purgeAt('tkt_a')).toBeNull();

    // An erasure marks the ticket due now: replying to it does not save it.
    await setPurge('tkt_b', T1);
    await s.write((tx) => tx.tickets.setStatus('tkt_b', 'pending', null, T2));
    expect((await s.tickets.get('tkt_b'))!.status).toBe('pending');
    expect(await purgeAt('tkt_b')).toBe(T1);
    await expect(s.write((tx) => tx.tickets.setStatus('tkt_b', 'closed' as 'solved', null, T2))).rejects.toThrow();
  });

  it('assigns to an agent (by name in the queue) and records a mail error until cleared', async () => {
    const s = b.api();
    await seedRows(b).user('usr_ana', 'Ana Duarte');
    await create(s, ticket('tkt_a'));
    await s.write((tx) => tx.tickets.assign('tkt_a', 'usr_ana', T1));
    expect(await s.tickets.get('tkt_a')).toMatchObject({ assignedTo: { id: 'usr_ana', name: 'Ana Duarte' }, updatedAt: T1 });
    await expect(s.write((tx) => tx.tickets.assign('tkt_a', 'usr_missing', T2))).rejects.toThrow();
    await s.write((tx) => tx.tickets.setMailError('tkt_a', 'mailbox full'));
    expect((await s.tickets.get('tkt_a'))!.mailError).toBe('mailbox full');
    await s.write((tx) => tx.tickets.setMailError('tkt_a', null));
    expect((await s.tickets.get('tkt_a'))!.mailError).toBeNull();
  });

  it('lists by status and assignee, latest change first, merged tickets left out', async () => {
    const s = b.api();
    const seed = seedRows(b);
    await seed.user('usr_ana', 'Ana');
    await seed.user('usr_ben', 'Ben');
    for (const id of ['tkt_1', 'tkt_2', 'tkt_3', 'tkt_4', 'tkt_5']) await create(s, ticket(id));
    await s.write(async (tx) => {
      await tx.tickets.assign('tkt_1', 'usr_ana', T2);
      await tx.tickets.assign('tkt_2', 'usr_ben', T1);
      await tx.tickets.setStatus('tkt_3', 'pending', null, T3);
      await tx.tickets.merge('tkt_5', 'tkt_4', T0);
    });
    const ids = async (p: Parameters<StoreModules['tickets']['list']>[0]) => (await s.tickets.list(p)).map((t) => t.id);
    expect(await ids({ status: null, assignee: null, limit: 50 })).toEqual(['tkt_3', 'tkt_1', 'tkt_2', 'tkt_4']);
    expect(await ids({ status: null, assignee: null, limit: 2 })).toEqual(['tkt_3', 'tkt_1']);
    expect(await ids({ status: 'open', assignee: null, limit: 50 })).toEqual(['tkt_1', 'tkt_2', 'tkt_4']);
    expect(await ids({ status: null, assignee: '', limit: 50 })).toEqual(['tkt_3', 'tkt_4']);
    expect(await ids({ status: null, assignee: 'usr_ana', limit: 50 })).toEqual(['tkt_1']);
    expect(await ids({ status: 'pending', assignee: 'usr_ana', limit: 50 })).toEqual([]);
    expect(await ids({ status: 'solved', assignee: null, limit: 50 })).toEqual([]);
  });

  it('tickets changed in the same moment list the newest first', async () => {
    const s = b.api();
    for (const id of ['tkt_c', 'tkt_a', 'tkt_b']) await create(s, ticket(id));
    expect((await s.tickets.list({ status: null, assignee: null, limit: 50 })).map((t) => t.ref)).toEqual([3, 2, 1]);
  });

  it('a merge moves the thread and attachments, solves the duplicate, and live() follows it', async () => {
    const s = b.api();
    for (const id of ['tkt_old', 'tkt_dup', 'tkt_main']) await create(s, ticket(id));
    await add(s, message('msg_main', 'tkt_main', { body: 'First, on main', createdAt: T0 }));
    await add(s, message('msg_dup', 'tkt_dup', { body: 'Sent twice', createdAt: T1 }));
    await s.write((tx) => tx.tickets.addAttachment({ id: 'att_1', ticketId: 'tkt_dup', messageId: 'msg_dup', name: 'a.txt', mime: 'text/plain', size: 3, path: 'p', createdAt: T1 }));
    // An older duplicate already merged into the one merged now ends up pointing at the survivor.
    await s.write((tx) => tx.tickets.merge('tkt_old', 'tkt_dup', T1));
    expect((await s.tickets.live('tkt_old'))?.id).toBe('tkt_dup');
    await s.write((tx) => tx.tickets.merge('tkt_dup', 'tkt_main', T2));

    expect(await s.tickets.get('tkt_dup')).toMatchObject({ mergedInto: 'tkt_main', status: 'solved', dueAt: null, updatedAt: T2, firstBody: '', lastMessageAt: T0 });
    expect((await s.tickets.get('tkt_old'))!.mergedInto).toBe('tkt_main');
    expect((await s.tickets.messages('tkt_main')).map((m) => m.id)).toEqual(['msg_main', 'msg_dup']);
    expect(await s.tickets.messages('tkt_dup')).toEqual([]);
    expect((await s.tickets.attachments('tkt_main')).map((a) => a.id)).toEqual(['att_1']);
    expect((await s.tickets.attachment('att_1'))!.ticketId).toBe('tkt_main');
    expect(await s.tickets.get('tkt_main')).toMatchObject({ firstBody: 'First, on main', lastMessageAt: T1 });
    expect((await s.tickets.live('tkt_old'))?.id).toBe('tkt_main');
    expect((await s.tickets.live('tkt_main'))?.id).toBe('tkt_main');
    expect(await s.tickets.live('tkt_missing')).toBeUndefined();
    await expect(s.write((tx) => tx.tickets.merge('tkt_main', 'tkt_missing', T3))).rejects.toThrow();
    expect((await s.tickets.get('tkt_main'))!.mergedInto).toBeNull();
  });
});
