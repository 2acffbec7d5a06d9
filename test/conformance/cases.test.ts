// Returns and shipping claims (store.cases) on both backends: numbers, timeline, links, evidence.
import { expect, it } from 'vitest';
import type { CaseItemFacts, CaseStatus, ClaimData, RmaData } from '../../shared/domain/cases';
import type { StoreApi, StoreModules } from '../../server/store/api';
import { seedRows } from '../helpers/conformanceSeed';
import { forEachBackend } from '../helpers/storeBackends';

const T0 = '2026-12-01T10:00:00.000Z';
const T1 = '2026-12-01T11:00:00.000Z';
const T2 = '2026-12-01T12:00:00.000Z';

const rmaData: RmaData = { eligibility: { eligible: true, reasons: [], returnBy: '2026-12-31T23:59:59.000Z' } };
const claimData: ClaimData = { claimKind: 'damaged', description: 'Box crushed', carrier: 'DHL', tracking: 'JD0001', deadline: '2026-12-20T00:00:00.000Z' };

const item = (sku: string, over: Partial<CaseItemFacts> = {}): CaseItemFacts => ({
  sku,
  name: `Item ${sku}`,
  priceCents: 125_000,
  finalSale: false,
  returnWindowDays: 30,
  serialRequired: false,
  ...over,
});

function newCase(over: Partial<Parameters<StoreModules['cases']['create']>[0]> = {}): Parameters<StoreModules['cases']['create']>[0] {
  return {
    id: 'case_1',
    number: null,
    kind: 'rma',
    brandId: 'maison',
    orderId: 'ord_1',
    status: 'requested',
    customerEmail: 'ines@shopper.test',
    createdBy: null,
    createdAt: T0,
    data: rmaData,
    items: [item('SKU-B')],
    ...over,
  };
}

const create = (s: StoreApi, c: Parameters<StoreModules['cases']['create']>[0]) => s.write((tx) => tx.cases.create(c));

forEachBackend('cases', (b) => {
  it('numbers count on per prefix, six digits, with no gaps', async () => {
    const s = b.api();
    const numbers = await s.write(async (tx) => [await tx.cases.nextNumber('RMA-2026'), await tx.cases.nextNumber('RMA-2026'), await tx.cases.nextNumber('CLM-2026')]);
    expect(numbers).toEqual(['RMA-2026-000001', 'RMA-2026-000002', 'CLM-2026-000001']);
    expect(await s.write((tx) => tx.cases.nextNumber('RMA-2026'))).toBe('RMA-2026-000003');
  });

  it('a write that fails gives its number back: the next case takes it', async () => {
    const s = b.api();
    await s.write((tx) => tx.cases.nextNumber('RMA-2026'));
    await expect(
      s.write(async (tx) => {
        await tx.cases.nextNumber('RMA-2026');
        throw new Error('order not found');
      }),
    ).rejects.toThrow('order not found');
    expect(await s.write((tx) => tx.cases.nextNumber('RMA-2026'))).toBe('RMA-2026-000002');
  });

  it('two hubs opening cases at once get every number once, none skipped', async () => {
    await seedRows(b).order('ord_1');
    const hubs = [b.api(), await b.another()];
    const opened = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        hubs[i % 2]!.write(async (tx) => {
          const number = await tx.cases.nextNumber('RMA-2026');
          await tx.cases.create(newCase({ id: `case_${i}`, number, items: [item(`SKU-${i}`)] }));
          return number;
        }),
      ),
    );
    const expected = Array.from({ length: 16 }, (_, i) => `RMA-2026-${String(i + 1).padStart(6, '0')}`);
    expect([...opened].sort()).toEqual(expected);
    const stored = await b.api().cases.list({ limit: 100 });
    expect(stored.map((c) => c.number).sort()).toEqual(expected);
  });

  it('stores a case with its items in the order given, and reads it back', async () => {
    const s = b.api();
    await seedRows(b).order('ord_1');
    await seedRows(b).user('usr_ana', 'Ana');
    await create(
      s,
      newCase({
        number: 'RMA-2026-000001',
        createdBy: 'usr_ana',
        items: [item('SKU-Z', { finalSale: true, returnWindowDays: null }), item('SKU-A', { serialRequired: true, priceCents: 9_999_999_00 })],
      }),
    );
    expect(await s.cases.get('case_1')).toEqual({
      id: 'case_1',
      number: 'RMA-2026-000001',
      kind: 'rma',
      brandId: 'maison',
      orderId: 'ord_1',
      status: 'requested',
      customerEmail: 'ines@shopper.test',
      createdBy: 'usr_ana',
      createdAt: T0,
      updatedAt: T0,
      closedAt: null,
      data: rmaData,
      items: [
        { sku: 'SKU-Z', name: 'Item SKU-Z', priceCents: 125_000, finalSale: true, returnWindowDays: null, serialRequired: false },
        { sku: 'SKU-A', name: 'Item SKU-A', priceCents: 9_999_999_00, finalSale: false, returnWindowDays: 30, serialRequired: true },
      ],
    });
    expect(await s.cases.get('case_unknown')).toBeUndefined();
  });

  it('refuses a second case with the same id or number, an unknown order, and an item twice', async () => {
    const s = b.api();
    await seedRows(b).order('ord_1');
    await create(s, newCase({ number: 'RMA-2026-000001' }));
    await expect(create(s, newCase({ number: 'RMA-2026-000002' }))).rejects.toThrow();
    await expect(create(s, newCase({ id: 'case_2', number: 'RMA-2026-000001' }))).rejects.toThrow();
    await expect(create(s, newCase({ id: 'case_3', orderId: 'ord_missing' }))).rejects.toThrow();
    await expect(create(s, newCase({ id: 'case_4', items: [item('SKU-A'), item('SKU-A')] }))).rejects.toThrow();
    // Nothing of a refused write is kept: not the case, not its first item.
    expect(await s.cases.get('case_4')).toBeUndefined();
    expect((await s.cases.list({ limit: 10 })).map((c) => c.id)).toEqual(['case_1']);
  });

  it('moves a case on only from the status it was read in; finishing stamps closedAt', async () => {
    const s = b.api();
    await seedRows(b).order('ord_1');
    await create(s, newCase());
    const move = (fromStatus: CaseStatus, status: CaseStatus, at: string, finished: boolean, number: string | null = null) =>
      s.write((tx) => tx.cases.update({ id: 'case_1', fromStatus, status, data: { ...rmaData, waivers: [] }, number, at, finished }));

    expect(await move('requested', 'authorized', T1, false, 'RMA-2026-000007')).toBe(true);
    // A second click from the same screen: someone already moved it.
    expect(await move('requested', 'rejected', T1, true)).toBe(false);
    let c = (await s.cases.get('case_1'))!;
    expect(c).toMatchObject({ status: 'authorized', number: 'RMA-2026-000007', updatedAt: T1, closedAt: null, data: { ...rmaData, waivers: [] } });

    // No number given keeps the one it has.
    expect(await move('authorized', 'closed', T2, true)).toBe(true);
    c = (await s.cases.get('case_1'))!;
    expect(c).toMatchObject({ status: 'closed', number: 'RMA-2026-000007', updatedAt: T2, closedAt: T2 });
    expect(await s.write((tx) => tx.cases.update({ id: 'case_missing', fromStatus: 'requested', status: 'authorized', data: rmaData, number: null, at: T2, finished: false }))).toBe(false);
  });

  it('two hubs moving the same case at once: exactly one wins', async () => {
    await seedRows(b).order('ord_1');
    await create(b.api(), newCase());
    const hubs = [b.api(), await b.another()];
    const results = await Promise.all(
      (['authorized', 'rejected'] as const).map((status, i) =>
        hubs[i]!.write((tx) => tx.cases.update({ id: 'case_1', fromStatus: 'requested', status, data: rmaData, number: null, at: T1, finished: false })),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect((await b.api().cases.get('case_1'))!.status).toBe(results[0] ? 'authorized' : 'rejected');
  });

  it('touch moves the case up the list', async () => {
    const s = b.api();
    await seedRows(b).order('ord_1');
    await create(s, newCase({ id: 'case_a', createdAt: T0 }));
    await create(s, newCase({ id: 'case_b', createdAt: T1 }));
    expect((await s.cases.list({ limit: 10 })).map((c) => c.id)).toEqual(['case_b', 'case_a']);
    await s.write((tx) => tx.cases.touch('case_a', T2));
    expect((await s.cases.get('case_a'))!.updatedAt).toBe(T2);
    expect((await s.cases.list({ limit: 10 })).map((c) => c.id)).toEqual(['case_a', 'case_b']);
    // Changed in the same moment: the case opened later comes first, whichever was changed last.
    await s.write(async (tx) => {
      await tx.cases.touch('case_b', T2);
      await tx.cases.touch('case_a', T2);
    });
    expect((await s.cases.list({ limit: 10 })).map((c) => c.id)).toEqual(['case_b', 'case_a']);
  });

  it('lists by status, kind, open or finished and order, latest change first, up to the limit', async () => {
    const s = b.api();
    const seed = seedRows(b);
    await seed.order('ord_1');
    await seed.order('ord_2');
    await create(s, newCase({ id: 'rma_open', createdAt: '2026-12-01T10:00:00.000Z' }));
    await create(s, newCase({ id: 'rma_closed', status: 'closed', createdAt: '2026-12-01T10:01:00.000Z' }));
    await create(s, newCase({ id: 'claim_open', kind: 'claim', status: 'opened', data: claimData, orderId: 'ord_2', createdAt: '2026-12-01T10:02:00.000Z' }));
    await create(s, newCase({ id: 'claim_expired', kind: 'claim', status: 'cancelled', data: claimData, createdAt: '2026-12-01T10:03:00.000Z' }));
    // Two made in the same millisecond: the one made later comes first.
    await create(s, newCase({ id: 'rma_tie_1', status: 'authorized', createdAt: '2026-12-01T10:04:00.000Z' }));
    await create(s, newCase({ id: 'rma_tie_2', status: 'authorized', createdAt: '2026-12-01T10:04:00.000Z' }));
    const ids = async (f: Parameters<StoreModules['cases']['list']>[0]) => (await s.cases.list(f)).map((c) => c.id);

    expect(await ids({ limit: 100 })).toEqual(['rma_tie_2', 'rma_tie_1', 'claim_expired', 'claim_open', 'rma_closed', 'rma_open']);
    expect(await ids({ limit: 2 })).toEqual(['rma_tie_2', 'rma_tie_1']);
    expect(await ids({ statuses: ['requested', 'opened'], limit: 100 })).toEqual(['claim_open', 'rma_open']);
    expect(await ids({ kind: 'claim', limit: 100 })).toEqual(['claim_expired', 'claim_open']);
    expect(await ids({ open: true, limit: 100 })).toEqual(['rma_tie_2', 'rma_tie_1', 'claim_open', 'rma_open']);
    expect(await ids({ open: false, limit: 100 })).toEqual(['claim_expired', 'rma_closed']);
    expect(await ids({ orderId: 'ord_2', limit: 100 })).toEqual(['claim_open']);
    expect(await ids({ kind: 'rma', open: true, statuses: ['authorized'], orderId: 'ord_1', limit: 100 })).toEqual(['rma_tie_2', 'rma_tie_1']);
    expect(await ids({ statuses: [], limit: 100 })).toHaveLength(6);
    // Each listed case carries its items.
    expect((await s.cases.list({ orderId: 'ord_2', limit: 1 }))[0]!.items.map((i) => i.sku)).toEqual(['SKU-B']);
  });

  it('keeps a timeline in order, with numbered events and their detail', async () => {
    const s = b.api();
    await seedRows(b).order('ord_1');
    await create(s, newCase());
    await create(s, newCase({ id: 'case_other' }));
    const first = await s.write((tx) =>
      tx.cases.addEvent({ caseId: 'case_1', at: T0, actorKind: 'customer', actorId: null, actorName: 'Inès', action: 'request', summary: 'Return requested', detail: { skus: ['SKU-B'] } }),
    );
    await s.write((tx) => tx.cases.addEvent({ caseId: 'case_other', at: T0, actorKind: 'system', actorId: null, actorName: 'Desk', action: 'note', summary: 'Other case', detail: {} }));
    const third = await s.write((tx) =>
      tx.cases.addEvent({ caseId: 'case_1', at: T1, actorKind: 'staff', actorId: 'usr_ana', actorName: 'Ana', action: 'authorize', summary: 'Authorized', detail: { note: 'ok', nested: { n: 1 } } }),
    );
    expect(typeof first).toBe('number');
    expect(third).toBeGreaterThan(first);
    expect(await s.cases.events('case_1')).toEqual([
      { id: first, at: T0, actor: { kind: 'customer', id: null, name: 'Inès' }, action: 'request', summary: 'Return requested', detail: { skus: ['SKU-B'] } },
      { id: third, at: T1, actor: { kind: 'staff', id: 'usr_ana', name: 'Ana' }, action: 'authorize', summary: 'Authorized', detail: { note: 'ok', nested: { n: 1 } } },
    ]);
    expect(await s.cases.events('case_unknown')).toEqual([]);
    await expect(
      s.write((tx) => tx.cases.addEvent({ caseId: 'case_unknown', at: T0, actorKind: 'system', actorId: null, actorName: 'Desk', action: 'x', summary: 'x', detail: {} })),
    ).rejects.toThrow();
  });

  it('links chats once each, lists them by when they were linked, and finds cases from a chat or a widget session', async () => {
    const s = b.api();
    const seed = seedRows(b);
    await seed.order('ord_1');
    await seed.customer('cus_1');
    await seed.widgetSession('ws_1', 'cus_1');
    await seed.widgetSession('ws_2', 'cus_1');
    await seed.chat({ id: 'chat_b', customerId: 'cus_1', widgetSessionId: 'ws_1' });
    await seed.chat({ id: 'chat_a', customerId: 'cus_1', widgetSessionId: 'ws_1' });
    await seed.chat({ id: 'chat_c', customerId: 'cus_1', widgetSessionId: 'ws_2' });
    await create(s, newCase({ id: 'case_old', createdAt: T0 }));
    await create(s, newCase({ id: 'case_new', createdAt: T1 }));

    expect(await s.write((tx) => tx.cases.link('case_old', 'chat_b', T1, null))).toBe(true);
    expect(await s.write((tx) => tx.cases.link('case_old', 'chat_a', T1, null))).toBe(true);
    expect(await s.write((tx) => tx.cases.link('case_old', 'chat_c', T0, null))).toBe(true);
    expect(await s.write((tx) => tx.cases.link('case_old', 'chat_a', T2, null))).toBe(false);
    expect(await s.write((tx) => tx.cases.link('case_new', 'chat_a', T2, null))).toBe(true);
    await expect(s.write((tx) => tx.cases.link('case_new', 'chat_missing', T2, null))).rejects.toThrow();

    expect(await s.cases.conversations('case_old')).toEqual([
      { id: 'chat_c', linkedAt: T0 },
      { id: 'chat_a', linkedAt: T1 },
      { id: 'chat_b', linkedAt: T1 },
    ]);
    // Newest case first, each once though two of the session's chats link it.
    expect((await s.cases.forWidgetSession('ws_1')).map((c) => c.id)).toEqual(['case_new', 'case_old']);
    expect((await s.cases.forWidgetSession('ws_2')).map((c) => c.id)).toEqual(['case_old']);
    expect(await s.cases.forWidgetSession('ws_none')).toEqual([]);
    const fromChat = await s.cases.forConversation('chat_a');
    expect(fromChat.map((c) => c.id)).toEqual(['case_old', 'case_new']);
    expect(fromChat[0]!.items.map((i) => i.sku)).toEqual(['SKU-B']);
    expect(await s.cases.forConversation('chat_b').then((r) => r.map((c) => c.id))).toEqual(['case_old']);
  });

  it('a chat is held while a case linked to it is open, and let go once every such case is finished', async () => {
    const s = b.api();
    const seed = seedRows(b);
    await seed.order('ord_1');
    await seed.customer('cus_1');
    await seed.chat({ id: 'chat_1', customerId: 'cus_1' });
    await seed.chat({ id: 'chat_free', customerId: 'cus_1' });
    await create(s, newCase({ id: 'case_a' }));
    await create(s, newCase({ id: 'case_b', status: 'closed' }));
    await s.write(async (tx) => {
      await tx.cases.link('case_a', 'chat_1', T0, null);
      await tx.cases.link('case_b', 'chat_1', T0, null);
    });
    expect(await s.cases.isConversationHeld('chat_1')).toBe(true);
    expect(await s.cases.isConversationHeld('chat_free')).toBe(false);
    expect(await s.cases.isConversationHeld('chat_missing')).toBe(false);
    await s.write((tx) => tx.cases.update({ id: 'case_a', fromStatus: 'requested', status: 'expired', data: rmaData, number: null, at: T1, finished: true }));
    expect(await s.cases.isConversationHeld('chat_1')).toBe(false);
  });

  it('finds the open cases of a kind on an order that already cover one of the items', async () => {
    const s = b.api();
    const seed = seedRows(b);
    await seed.order('ord_1');
    await seed.order('ord_2');
    await create(s, newCase({ id: 'rma_1', number: 'RMA-2026-000001', items: [item('SKU-A'), item('SKU-B')] }));
    await create(s, newCase({ id: 'rma_done', status: 'refunded', number: 'RMA-2026-000002', items: [item('SKU-C')] }));
    await create(s, newCase({ id: 'rma_gone', status: 'cancelled', items: [item('SKU-D')] }));
    await create(s, newCase({ id: 'claim_1', kind: 'claim', status: 'opened', data: claimData, items: [item('SKU-D')] }));
    await create(s, newCase({ id: 'rma_other_order', orderId: 'ord_2', items: [item('SKU-D')] }));

    expect(await s.cases.openCasesCovering('ord_1', 'rma', ['SKU-B', 'SKU-A'])).toEqual([
      { id: 'rma_1', number: 'RMA-2026-000001', sku: 'SKU-A' },
      { id: 'rma_1', number: 'RMA-2026-000001', sku: 'SKU-B' },
    ]);
    // Refunded is not finished (it still closes); cancelled is.
    expect(await s.cases.openCasesCovering('ord_1', 'rma', ['SKU-C', 'SKU-D'])).toEqual([{ id: 'rma_done', number: 'RMA-2026-000002', sku: 'SKU-C' }]);
    expect(await s.cases.openCasesCovering('ord_1', 'claim', ['SKU-D'])).toEqual([{ id: 'claim_1', number: null, sku: 'SKU-D' }]);
    expect(await s.cases.openCasesCovering('ord_1', 'rma', [])).toEqual([]);
    expect(await s.cases.openCasesCovering('ord_9', 'rma', ['SKU-A'])).toEqual([]);
  });

  it('two hubs opening a case on the same item at once: the look-up holds the order until the write ends, so one opens it', async () => {
    await seedRows(b).order('ord_1');
    const hubs = [b.api(), await b.another()];
    // What the case service's opening write does (refuseCovered, then create), from both hubs at once.
    const opened = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        hubs[i % 2]!.write(async (tx) => {
          if ((await tx.cases.openCasesCovering('ord_1', 'rma', ['SKU-A'])).length > 0) return false;
          await tx.cases.create(newCase({ id: `case_${i}`, items: [item('SKU-A')] }));
          return true;
        }),
      ),
    );
    expect(opened.filter(Boolean)).toHaveLength(1);
    expect(await b.api().cases.list({ orderId: 'ord_1', limit: 100 })).toHaveLength(1);
  });

  it('keeps evidence in the order it came, and finds one piece by id', async () => {
    const s = b.api();
    await seedRows(b).order('ord_1');
    await create(s, newCase());
    const photo = {
      id: 'ev_photo',
      caseId: 'case_1',
      kind: 'photo' as const,
      sku: 'SKU-B',
      value: null,
      path: 'evidence/case_1/ev_photo.jpg',
      mime: 'image/jpeg',
      size: 3_456_789,
      name: 'scratch.jpg',
      addedByKind: 'customer' as const,
      addedById: null,
      createdAt: T1,
    };
    await s.write(async (tx) => {
      await tx.cases.addEvidence(photo);
      await tx.cases.addEvidence({ ...photo, id: 'ev_serial', kind: 'serial', value: 'SN-123', path: null, mime: null, size: null, name: null, addedByKind: 'staff', addedById: 'usr_ana', createdAt: T1 });
      await tx.cases.addEvidence({ ...photo, id: 'ev_box', kind: 'packaging_kept', sku: null, value: 'yes', path: null, mime: null, size: null, name: null, createdAt: T0 });
    });
    const list = await s.cases.evidence('case_1');
    expect(list.map((e) => e.id)).toEqual(['ev_box', 'ev_photo', 'ev_serial']);
    expect(await s.cases.evidenceById('ev_photo')).toEqual({
      id: 'ev_photo',
      caseId: 'case_1',
      kind: 'photo',
      sku: 'SKU-B',
      value: null,
      path: 'evidence/case_1/ev_photo.jpg',
      mime: 'image/jpeg',
      size: 3_456_789,
      name: 'scratch.jpg',
      addedBy: { kind: 'customer', id: null },
      createdAt: T1,
    });
    expect(list[2]).toMatchObject({ kind: 'serial', value: 'SN-123', size: null, addedBy: { kind: 'staff', id: 'usr_ana' } });
    expect(await s.cases.evidenceById('ev_missing')).toBeUndefined();
    expect(await s.cases.evidence('case_none')).toEqual([]);
    await expect(s.write((tx) => tx.cases.addEvidence({ ...photo, id: 'ev_orphan', caseId: 'case_none' }))).rejects.toThrow();
    await expect(s.write((tx) => tx.cases.addEvidence(photo))).rejects.toThrow();
  });
});
