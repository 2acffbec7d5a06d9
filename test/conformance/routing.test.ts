// Routing, private notes and canned replies (store.routing) on both backends: the open chats
// routing reads, offers under the per-agent cap (also with two hubs racing), requeue and
// reassignment, agents' brands, notes sent once, canned replies.
import { expect, it } from 'vitest';
import type { StoreApi } from '../../server/store/api';
import { rawGet, seedRows } from '../helpers/conformanceSeed';
import { forEachBackend, type BackendUnderTest } from '../helpers/storeBackends';

const T0 = '2026-12-01T10:00:00.000Z';
const T1 = '2026-12-01T11:00:00.000Z';
const T2 = '2026-12-01T12:00:00.000Z';

/** Agents Ana and Ben, customer Inès, and `waiting` chats chat_1… created a minute apart. */
async function desk(b: BackendUnderTest, waiting = 0) {
  const seed = seedRows(b);
  await seed.user('usr_ana', 'Ana');
  await seed.user('usr_ben', 'Ben');
  await seed.customer('cus_ines', 'Inès');
  for (let i = 1; i <= waiting; i++) await seed.chat({ id: `chat_${i}`, customerId: 'cus_ines', createdAt: `2026-12-01T09:${String(i).padStart(2, '0')}:00.000Z` });
  return seed;
}

const offered = async (s: StoreApi) => (await s.routing.openChats()).filter((r) => r.offeredTo).map((r) => [r.id, r.offeredTo]);

forEachBackend('routing', (b) => {
  it('lists open chats oldest first, with the customer and the agent by name', async () => {
    const s = b.api();
    const seed = await desk(b);
    await seed.customer('cus_karl', 'Karl');
    await seed.widgetSession('ws_1', 'cus_karl');
    await seed.chat({ id: 'chat_late', customerId: 'cus_ines', createdAt: T2, brandId: 'atelier' });
    await seed.chat({ id: 'chat_active', customerId: 'cus_karl', status: 'active', agentId: 'usr_ana', widgetSessionId: 'ws_1', createdAt: T0 });
    await seed.chat({ id: 'chat_ended', customerId: 'cus_ines', status: 'ended', createdAt: T0 });
    await seed.chat({ id: 'chat_a', customerId: 'cus_ines', createdAt: T1 });
    await seed.chat({ id: 'chat_b', customerId: 'cus_ines', createdAt: T1 });
    expect(await s.routing.openChats()).toEqual([
      { id: 'chat_active', brandId: 'default', status: 'active', createdAt: T0, assignedAgentId: 'usr_ana', offeredTo: null, offeredAt: null, widgetSessionId: 'ws_1', customerName: 'Karl', agentName: 'Ana' },
      { id: 'chat_a', brandId: 'default', status: 'waiting', createdAt: T1, assignedAgentId: null, offeredTo: null, offeredAt: null, widgetSessionId: null, customerName: 'Inès', agentName: null },
      { id: 'chat_b', brandId: 'default', status: 'waiting', createdAt: T1, assignedAgentId: null, offeredTo: null, offeredAt: null, widgetSessionId: null, customerName: 'Inès', agentName: null },
      { id: 'chat_late', brandId: 'atelier', status: 'waiting', createdAt: T2, assignedAgentId: null, offeredTo: null, offeredAt: null, widgetSessionId: null, customerName: 'Inès', agentName: null },
    ]);
  });

  it('offers a waiting chat once; an offer lapses only for the agent it was made to', async () => {
    const s = b.api();
    const seed = await desk(b, 1);
    await seed.chat({ id: 'chat_active', customerId: 'cus_ines', status: 'active', agentId: 'usr_ben' });
    await seed.chat({ id: 'chat_ended', customerId: 'cus_ines', status: 'ended' });

    expect(await s.write((tx) => tx.routing.offer('chat_1', 'usr_ana', T1))).toBe(true);
    expect((await s.routing.openChats()).find((r) => r.id === 'chat_1')).toMatchObject({ status: 'waiting', offeredTo: 'usr_ana', offeredAt: T1, assignedAgentId: null });
    expect(await s.write((tx) => tx.routing.offer('chat_1', 'usr_ben', T1))).toBe(false);
    expect(await s.write((tx) => tx.routing.offer('chat_1', 'usr_ana', T2))).toBe(false);
    expect(await s.write((tx) => tx.routing.offer('chat_active', 'usr_ana', T1))).toBe(false);
    expect(await s.write((tx) => tx.routing.offer('chat_ended', 'usr_ana', T1))).toBe(false);
    expect(await s.write((tx) => tx.routing.offer('chat_missing', 'usr_ana', T1))).toBe(false);

    expect(await s.write((tx) => tx.routing.lapseOffer('chat_1', 'usr_ben'))).toBe(false);
    expect(await offered(s)).toEqual([['chat_1', 'usr_ana']]);
    expect(await s.write((tx) => tx.routing.lapseOffer('chat_1', 'usr_ana'))).toBe(true);
    expect(await s.write((tx) => tx.routing.lapseOffer('chat_1', 'usr_ana'))).toBe(false);
    expect((await s.routing.openChats()).find((r) => r.id === 'chat_1')).toMatchObject({ offeredTo: null, offeredAt: null });
    // Back in the queue, it can be offered to someone else.
    expect(await s.write((tx) => tx.routing.offer('chat_1', 'usr_ben', T2))).toBe(true);
    await s.write((tx) => tx.routing.clearOffer('chat_1'));
    expect(await offered(s)).toEqual([]);
    await expect(s.write((tx) => tx.routing.offer('chat_1', 'usr_missing', T2))).rejects.toThrow();
  });

  it('with a cap, an offer lands only while the agent holds fewer chats, active or offered', async () => {
    const s = b.api();
    const seed = await desk(b, 3);
    await seed.chat({ id: 'chat_held', customerId: 'cus_ines', status: 'active', agentId: 'usr_ana' });
    await seed.chat({ id: 'chat_done', customerId: 'cus_ines', status: 'ended', agentId: 'usr_ana' });
    // Ana holds one (the ended chat does not count): a cap of 2 leaves room for one offer.
    expect(await s.write((tx) => tx.routing.offer('chat_1', 'usr_ana', T1, 2))).toBe(true);
    expect(await s.write((tx) => tx.routing.offer('chat_2', 'usr_ana', T1, 2))).toBe(false);
    expect(await s.write((tx) => tx.routing.offer('chat_2', 'usr_ben', T1, 2))).toBe(true);
    expect(await s.write((tx) => tx.routing.offer('chat_3', 'usr_ana', T1, 3))).toBe(true);
    expect(await offered(s)).toEqual([
      ['chat_1', 'usr_ana'],
      ['chat_2', 'usr_ben'],
      ['chat_3', 'usr_ana'],
    ]);
    // Letting one lapse frees a place; no cap means no limit.
    await s.write((tx) => tx.routing.lapseOffer('chat_3', 'usr_ana'));
    expect(await s.write((tx) => tx.routing.offer('chat_3', 'usr_ana', T2, 3))).toBe(true);
    await s.write((tx) => tx.routing.lapseOffer('chat_3', 'usr_ana'));
    expect(await s.write((tx) => tx.routing.offer('chat_3', 'usr_ana', T2, 0))).toBe(false);
    expect(await s.write((tx) => tx.routing.offer('chat_3', 'usr_ana', T2))).toBe(true);
  });

  it('two hubs offering the same chats to different agents: each chat goes to one agent only', async () => {
    await desk(b, 6);
    const hubs = [b.api(), await b.another()];
    const agents = ['usr_ana', 'usr_ben'];
    const results = await Promise.all(
      [1, 2, 3, 4, 5, 6].flatMap((n) => hubs.map((h, i) => h.write((tx) => tx.routing.offer(`chat_${n}`, agents[i]!, T1)).then((ok) => ({ n, agent: agents[i], ok })))),
    );
    const won = results.filter((r) => r.ok);
    expect(won.map((r) => r.n).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const stored = await offered(b.api());
    expect(stored).toHaveLength(6);
    for (const w of won) expect(stored).toContainEqual([`chat_${w.n}`, w.agent]);
  });

  it('two hubs offering different chats to the same agent at once: the cap holds', async () => {
    await desk(b, 8);
    const hubs = [b.api(), await b.another()];
    const results = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((n) => hubs[n % 2]!.write((tx) => tx.routing.offer(`chat_${n}`, 'usr_ana', T1, 3))));
    expect(results.filter(Boolean)).toHaveLength(3);
    expect((await offered(b.api())).filter(([, agent]) => agent === 'usr_ana')).toHaveLength(3);
  });

  it('two hubs each offering a batch to both agents, in opposite orders: both caps hold, every chat once', async () => {
    await desk(b, 8);
    const hubs = [b.api(), await b.another()];
    const batch = (h: StoreApi, chats: number[], agents: string[]) =>
      h.write(async (tx) => {
        const made: number[] = [];
        for (const [i, n] of chats.entries()) if (await tx.routing.offer(`chat_${n}`, agents[i % 2]!, T1, 2)) made.push(n);
        return made;
      });
    await Promise.all([
      batch(hubs[0]!, [1, 2, 3, 4, 5, 6, 7, 8], ['usr_ana', 'usr_ben']),
      batch(hubs[1]!, [8, 7, 6, 5, 4, 3, 2, 1], ['usr_ben', 'usr_ana']),
      batch(hubs[0]!, [2, 4, 6, 8], ['usr_ben', 'usr_ana']),
      batch(hubs[1]!, [7, 5, 3, 1], ['usr_ana', 'usr_ben']),
    ]);
    const stored = await offered(b.api());
    expect(stored.filter(([, a]) => a === 'usr_ana')).toHaveLength(2);
    expect(stored.filter(([, a]) => a === 'usr_ben')).toHaveLength(2);
    expect(new Set(stored.map(([id]) => id)).size).toBe(4);
  });

  it('a hub restart takes every offer back to the queue', async () => {
    const s = b.api();
    await desk(b, 3);
    await s.write(async (tx) => {
      await tx.routing.offer('chat_1', 'usr_ana', T1);
      await tx.routing.offer('chat_3', 'usr_ben', T1);
    });
    expect(await s.write((tx) => tx.routing.clearAllOffers())).toBe(2);
    expect(await offered(s)).toEqual([]);
    expect(await s.write((tx) => tx.routing.clearAllOffers())).toBe(0);
  });

  it('requeues a chat to a brand, reassigns it, and takes it back only from the agent holding it', async () => {
    const s = b.api();
    const seed = await desk(b, 1);
    await seed.chat({ id: 'chat_ended', customerId: 'cus_ines', status: 'ended' });
    const firstAssigned = async () => (await rawGet<{ first_assigned_at: string | null }>(b, 'SELECT first_assigned_at FROM conversations WHERE id = $1', ['chat_1']))!.first_assigned_at;
    const row = async () => (await s.routing.openChats()).find((r) => r.id === 'chat_1');

    await s.write((tx) => tx.routing.offer('chat_1', 'usr_ana', T0));
    expect(await s.write((tx) => tx.routing.reassign('chat_1', 'usr_ben', T1))).toBe(true);
    expect(await row()).toMatchObject({ status: 'active', assignedAgentId: 'usr_ben', agentName: 'Ben', offeredTo: null, offeredAt: null });
    expect(await firstAssigned()).toBe(T1);
    // A later reassignment keeps the first time it was answered; no time given leaves it too.
    expect(await s.write((tx) => tx.routing.reassign('chat_1', 'usr_ana', T2))).toBe(true);
    expect(await firstAssigned()).toBe(T1);
    expect(await s.write((tx) => tx.routing.reassign('chat_1', 'usr_ana'))).toBe(true);

    expect(await s.write((tx) => tx.routing.requeueFrom('chat_1', 'usr_ben'))).toBe(false);
    expect(await s.write((tx) => tx.routing.requeueFrom('chat_1', 'usr_ana'))).toBe(true);
    expect(await row()).toMatchObject({ status: 'waiting', assignedAgentId: null, agentName: null });
    expect(await s.write((tx) => tx.routing.requeueFrom('chat_1', 'usr_ana'))).toBe(false);

    await s.write((tx) => tx.routing.reassign('chat_1', 'usr_ana', T2));
    expect(await s.write((tx) => tx.routing.requeue('chat_1', 'atelier'))).toBe(true);
    expect(await row()).toMatchObject({ status: 'waiting', brandId: 'atelier', assignedAgentId: null, offeredTo: null });
    expect(await s.write((tx) => tx.routing.requeue('chat_ended', 'atelier'))).toBe(false);
    expect(await s.write((tx) => tx.routing.reassign('chat_ended', 'usr_ana', T2))).toBe(false);
    expect(await s.write((tx) => tx.routing.reassign('chat_missing', 'usr_ana', T2))).toBe(false);
    await expect(s.write((tx) => tx.routing.reassign('chat_1', 'usr_missing', T2))).rejects.toThrow();
  });

  it("keeps each agent's brands; none recorded means every brand", async () => {
    const s = b.api();
    const seed = await desk(b);
    await seed.user('usr_cleo', 'Cleo');
    expect(await s.routing.brandsOf('usr_ana')).toBeNull();
    expect(await s.routing.serves('usr_ana', 'maison')).toBe(true);
    await s.write((tx) => tx.routing.setBrands('usr_ana', ['maison', 'atelier', 'maison']));
    await s.write((tx) => tx.routing.setBrands('usr_cleo', ['atelier']));
    expect(await s.routing.brandsOf('usr_ana')).toEqual(['atelier', 'maison']);
    expect(await s.routing.serves('usr_ana', 'maison')).toBe(true);
    expect(await s.routing.serves('usr_ana', 'default')).toBe(false);
    expect(await s.routing.serves('usr_ben', 'default')).toBe(true);
    expect([...(await s.routing.allBrandRestrictions())]).toEqual([
      ['usr_ana', ['atelier', 'maison']],
      ['usr_cleo', ['atelier']],
    ]);
    await s.write((tx) => tx.routing.setBrands('usr_ana', ['default']));
    expect(await s.routing.brandsOf('usr_ana')).toEqual(['default']);
    await s.write((tx) => tx.routing.setBrands('usr_ana', []));
    expect(await s.routing.brandsOf('usr_ana')).toBeNull();
    expect([...(await s.routing.allBrandRestrictions()).keys()]).toEqual(['usr_cleo']);
    await expect(s.write((tx) => tx.routing.setBrands('usr_missing', ['maison']))).rejects.toThrow();
  });

  it('stores a note once per client id and lists a chat’s notes in time order', async () => {
    const s = b.api();
    await desk(b, 2);
    const note = (id: string, clientId: string, over: Partial<{ conversationId: string; kind: 'note' | 'whisper' | 'transfer'; body: string; createdAt: string; authorId: string | null }> = {}) => ({
      id,
      conversationId: 'chat_1',
      clientId,
      kind: 'note' as const,
      authorId: 'usr_ana' as string | null,
      authorName: 'Ana',
      body: `Body of ${id}`,
      createdAt: T1,
      ...over,
    });
    const first = await s.write((tx) => tx.routing.addNote(note('note_1', 'c-1')));
    expect(first).toEqual({
      note: { id: 'note_1', conversationId: 'chat_1', clientId: 'c-1', kind: 'note', author: { id: 'usr_ana', name: 'Ana' }, body: 'Body of note_1', createdAt: T1 },
      duplicate: false,
    });
    const again = await s.write((tx) => tx.routing.addNote(note('note_1b', 'c-1', { body: 'typed again', createdAt: T2 })));
    expect(again).toEqual({ note: first.note, duplicate: true });
    await s.write(async (tx) => {
      await tx.routing.addNote(note('note_w', 'c-2', { kind: 'whisper', createdAt: T1 }));
      await tx.routing.addNote(note('note_t', 'c-3', { kind: 'transfer', authorId: null, createdAt: T0 }));
      await tx.routing.addNote(note('note_other', 'c-1', { conversationId: 'chat_2' }));
    });
    expect((await s.routing.notes('chat_1')).map((n) => [n.id, n.kind])).toEqual([
      ['note_t', 'transfer'],
      ['note_1', 'note'],
      ['note_w', 'whisper'],
    ]);
    expect((await s.routing.notes('chat_2')).map((n) => n.id)).toEqual(['note_other']);
    expect(await s.routing.notes('chat_none')).toEqual([]);
    await expect(s.write((tx) => tx.routing.addNote(note('note_x', 'c-9', { conversationId: 'chat_missing' })))).rejects.toThrow();
    await expect(s.write((tx) => tx.routing.addNote(note('note_1', 'c-10')))).rejects.toThrow();
  });

  it('a note resent to another hub while the first send is in flight is stored once', async () => {
    await desk(b, 1);
    const hubs = [b.api(), await b.another()];
    const results = await Promise.all(
      hubs.map((h, i) => h.write((tx) => tx.routing.addNote({ id: `note_${i}`, conversationId: 'chat_1', clientId: 'c-1', kind: 'note', authorId: 'usr_ana', authorName: 'Ana', body: 'Check the size', createdAt: T1 }))),
    );
    expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
    expect(results[0]!.note.id).toBe(results[1]!.note.id);
    expect(await b.api().routing.notes('chat_1')).toHaveLength(1);
  });

  it('keeps canned replies by shortcut, the every-brand reply first, one shortcut per brand', async () => {
    const s = b.api();
    const save = (id: string, brandId: string | null, shortcut: string, title = shortcut) =>
      s.write((tx) => tx.routing.saveCanned({ id, brandId, shortcut, title, body: `Text of ${id}`, updatedAt: T1 }));
    expect(await s.routing.canned()).toEqual([]);
    expect(await save('can_1', 'maison', 'thanks', 'Thank you')).toEqual({ id: 'can_1', brandId: 'maison', shortcut: 'thanks', title: 'Thank you', body: 'Text of can_1', updatedAt: T1 });
    await save('can_2', null, 'thanks');
    await save('can_3', 'atelier', 'thanks');
    await save('can_4', null, 'hello');
    expect((await s.routing.canned()).map((c) => c.id)).toEqual(['can_4', 'can_2', 'can_3', 'can_1']);
    expect((await s.routing.cannedByShortcut(null, 'thanks'))?.id).toBe('can_2');
    expect((await s.routing.cannedByShortcut('maison', 'thanks'))?.id).toBe('can_1');
    expect(await s.routing.cannedByShortcut('maison', 'hello')).toBeUndefined();
    expect(await s.routing.cannedById('can_missing')).toBeUndefined();

    // Saving by id replaces; another reply may not take a shortcut already used for that brand.
    expect(await save('can_1', 'maison', 'merci', 'Merci')).toMatchObject({ id: 'can_1', shortcut: 'merci', title: 'Merci' });
    await expect(save('can_5', null, 'thanks')).rejects.toThrow();
    await expect(save('can_6', 'atelier', 'thanks')).rejects.toThrow();
    expect((await s.routing.cannedById('can_1'))?.shortcut).toBe('merci');

    expect(await s.write((tx) => tx.routing.deleteCanned('can_1'))).toBe(true);
    expect(await s.write((tx) => tx.routing.deleteCanned('can_1'))).toBe(false);
    expect((await s.routing.canned()).map((c) => c.id)).toEqual(['can_4', 'can_2', 'can_3']);
  });
});
