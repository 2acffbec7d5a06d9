import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerToken } from '../helpers/hub';
import { call, connectCustomer, ok } from '../helpers/sockets';
import { PNG, openDesk, snapshot, upload, type Desk } from '../helpers/cases';

const MAX_UPLOAD = 4096;

describe('illegal case steps are refused with a clear message, and change nothing', () => {
  let desk: Desk;
  let rmaId: string;
  let watchRmaId: string;
  let claimId: string;

  /** Runs `fn` and checks the database (cases, timeline, evidence, messages, counters) is exactly as before. */
  async function unchanged(fn: () => Promise<void>): Promise<void> {
    // Emails of earlier steps record their outcome on the timeline when they finish: wait for them.
    await desk.hub.cases.settled();
    const before = snapshot(desk.hub);
    await fn();
    expect(snapshot(desk.hub)).toEqual(before);
  }

  const uploadsOf = (caseId: string) => {
    const dir = join(desk.hub.store.dataDir, 'uploads', caseId);
    return existsSync(dir) ? readdirSync(dir) : [];
  };

  beforeAll(async () => {
    desk = await openDesk({ settings: { uploads: { types: ['image/jpeg', 'image/png', 'image/webp', 'image/heic'], maxBytes: MAX_UPLOAD, maxPerCase: 2 } } });
    rmaId = (await ok(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-100', skus: ['SCARF'] })).case.id;
    watchRmaId = (await ok(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-200', skus: ['WATCH'] })).case.id;
    claimId = (await ok(desk.agent, 'cases:open-claim', { conversationId: desk.conversationId, orderId: 'PO-300', skus: ['VASE'], claimKind: 'damaged' })).case.id;
  });
  afterAll(async () => {
    await desk?.close();
  });

  it('receiving a parcel against an RMA that was never authorized', async () => {
    await unchanged(async () => {
      const r = await call(desk.agent, 'cases:transition', { caseId: rmaId, action: 'receive', data: { rmaOnBox: true, tagsIntact: true, condition: 'as_new' } });
      expect(r).toEqual({
        ok: false,
        error: { code: 'conflict', message: 'This return is not authorized: a parcel can only be received against an authorized RMA. Authorize it first.' },
      });
    });
  });

  it('a prepaid label above the threshold authorized by an agent; then a supervisor approves and the agent may', async () => {
    await unchanged(async () => {
      const r = await call(desk.agent, 'cases:transition', { caseId: watchRmaId, action: 'authorize', data: { prepaidLabel: true } });
      expect(r).toEqual({ ok: false, error: { code: 'forbidden', message: "A prepaid return label for $12,500.00 is above $5,000.00: it needs a supervisor's approval first. Ask for it." } });
      // Nor may the agent approve it themselves.
      const self = await call(desk.agent, 'cases:transition', { caseId: watchRmaId, action: 'approve_label' });
      expect(self).toEqual({ ok: false, error: { code: 'forbidden', message: 'Only a supervisor can approve a prepaid label for this return.' } });
    });
    const approved = await ok(desk.supervisor, 'cases:transition', { caseId: watchRmaId, action: 'approve_label' });
    expect(approved.case.events.filter((e: { action: string }) => e.action !== 'emailed').at(-1)).toMatchObject({ action: 'approve_label', actor: { name: 'Sam Supervisor' } });
    const authorized = await ok(desk.agent, 'cases:transition', { caseId: watchRmaId, action: 'authorize', data: { prepaidLabel: true } });
    expect(authorized.case).toMatchObject({ status: 'instructions_sent', data: { prepaidLabel: true, labelApproval: { by: 'Sam Supervisor' } } });
  });

  it('a refund on a claim the carrier has not paid', async () => {
    await unchanged(async () => {
      const r = await call(desk.agent, 'cases:transition', { caseId: claimId, action: 'refund' });
      expect(r).toEqual({
        ok: false,
        error: { code: 'conflict', message: 'Cannot refund this claim yet: the refund is issued only once the carrier has approved and paid the claim.' },
      });
    });
  });

  it('incomplete evidence, staff expiring a return, a step of the other kind, bad step data', async () => {
    await unchanged(async () => {
      const missing = await call(desk.agent, 'cases:transition', { caseId: claimId, action: 'complete_evidence' });
      expect(missing).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/^The evidence is not complete yet\. Missing: Photos from the customer; The customer keeps the original packaging/) } });
      expect(await call(desk.supervisor, 'cases:transition', { caseId: watchRmaId, action: 'expire' })).toEqual({ ok: false, error: { code: 'forbidden', message: "Only the hub's scheduled job can expire this return." } });
      expect(await call(desk.agent, 'cases:transition', { caseId: rmaId, action: 'file', data: { carrierReference: 'X' } })).toMatchObject({
        ok: false,
        error: { code: 'invalid_payload', message: expect.stringContaining('"file" is not a step of a return') },
      });
      const bad = await call(desk.agent, 'cases:transition', { caseId: rmaId, action: 'authorize', data: { prepaidLabel: 'yes' } });
      expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_payload', issues: [{ path: 'prepaidLabel' }] } });
      expect(await call(desk.agent, 'cases:transition', { caseId: rmaId, action: 'teleport' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
      expect(await call(desk.agent, 'cases:transition', { caseId: 'case_nope', action: 'close' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    });
  });

  it('opening a case on an unknown order, an item not in it, an item already in an open case, or an ineligible claim', async () => {
    await unchanged(async () => {
      const base = { conversationId: desk.conversationId };
      expect(await call(desk.agent, 'cases:open-rma', { ...base, orderId: 'PO-999', skus: ['X'] })).toMatchObject({ ok: false, error: { code: 'not_found', message: expect.stringContaining('No order PO-999') } });
      expect(await call(desk.agent, 'cases:open-rma', { ...base, orderId: 'PO-100', skus: ['NOPE'] })).toMatchObject({ ok: false, error: { code: 'not_found', message: 'Order PO-100 has no item NOPE.' } });
      expect(await call(desk.agent, 'cases:open-rma', { ...base, orderId: 'PO-100', skus: ['SCARF'] })).toMatchObject({
        ok: false,
        error: { code: 'conflict', message: 'SCARF of order PO-100 is already in an open return (' + rmaId + ').' },
      });
      expect(await call(desk.agent, 'cases:open-claim', { ...base, orderId: 'PO-100', skus: ['TOTE'], claimKind: 'overdue' })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/is not overdue/) } });
      expect(await call(desk.agent, 'cases:open-rma', { ...base, orderId: 'PO-100', skus: [] })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
      expect(await call(desk.agent, 'cases:open-rma', { conversationId: 'c_nope', orderId: 'PO-100', skus: ['TOTE'] })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    });
  });

  it('an ineligible return is opened as a record, but cannot be authorized', async () => {
    const { case: c } = await ok(desk.agent, 'cases:open-rma', { conversationId: desk.conversationId, orderId: 'PO-100', skus: ['COAT'] });
    expect(c.data.eligibility).toMatchObject({ eligible: false, reasons: ['final_sale'] });
    await unchanged(async () => {
      expect(await call(desk.agent, 'cases:transition', { caseId: c.id, action: 'authorize', data: { prepaidLabel: false } })).toEqual({
        ok: false,
        error: { code: 'conflict', message: 'This return cannot be authorized: a final-sale item is never returnable.' },
      });
    });
    await ok(desk.agent, 'cases:transition', { caseId: c.id, action: 'cancel', data: { reason: 'Final sale: not returnable.' } });
  });

  it('uploads of a wrong type, too large, without the widget token, or to a case that is not the customer\'s', async () => {
    await unchanged(async () => {
      const gif = await upload(desk.hub.url, desk.customerToken, claimId, Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;'), 'x.gif', 'image/gif');
      expect(gif).toMatchObject({ status: 400, json: { ok: false, error: { code: 'invalid_payload', message: 'Only JPEG, PNG, WebP, HEIC photos can be uploaded.' } } });
      // A type claimed in the header is not believed: the bytes decide.
      const lying = await upload(desk.hub.url, desk.customerToken, claimId, Buffer.from('%PDF-1.7 not a photo'), 'x.png', 'image/png');
      expect(lying).toMatchObject({ status: 400, json: { error: { code: 'invalid_payload' } } });
      const big = await upload(desk.hub.url, desk.customerToken, claimId, Buffer.concat([PNG, Buffer.alloc(MAX_UPLOAD)]));
      expect(big).toMatchObject({ status: 413, json: { ok: false, error: { code: 'too_large', message: expect.stringContaining(String(MAX_UPLOAD)) } } });
      const anonymous = await upload(desk.hub.url, undefined, claimId, PNG);
      expect(anonymous).toMatchObject({ status: 401, json: { error: { code: 'unauthenticated' } } });
      const staffToken = (desk.agent.auth as { token: string }).token;
      expect((await upload(desk.hub.url, staffToken, claimId, PNG)).status).toBe(401);
      const stranger = await customerToken(desk.hub.url, 'Eve Stranger', 'eve@shop.test');
      expect(await upload(desk.hub.url, stranger, claimId, PNG)).toMatchObject({ status: 404, json: { error: { code: 'not_found', message: 'No such case.' } } });
      expect(await upload(desk.hub.url, desk.customerToken, rmaId, PNG)).toMatchObject({ status: 409, json: { error: { code: 'conflict', message: 'Photos are only taken for damage claims.' } } });
      expect(await upload(desk.hub.url, desk.customerToken, claimId, Buffer.alloc(0))).toMatchObject({ status: 400 });
      // …and the stranger's widget shows none of Ada's cases.
      const eve = await connectCustomer(desk.hub.url, stranger);
      expect(await ok(eve, 'cases:mine', {})).toEqual({ cases: [] });
      eve.close();
    });
    expect(uploadsOf(claimId)).toEqual([]);
  });

  it('a claim takes at most the configured number of photos', async () => {
    expect((await upload(desk.hub.url, desk.customerToken, claimId, PNG)).status).toBe(200);
    expect((await upload(desk.hub.url, desk.customerToken, claimId, PNG)).status).toBe(200);
    await unchanged(async () => {
      expect(await upload(desk.hub.url, desk.customerToken, claimId, PNG)).toMatchObject({ status: 413, json: { error: { code: 'too_large', message: 'A claim takes at most 2 photos.' } } });
    });
    // The refused file did not stay behind.
    expect(uploadsOf(claimId)).toHaveLength(2);
  });

  it('a denied claim is escalated: an agent cannot close it, a supervisor can', async () => {
    await ok(desk.agent, 'cases:transition', { caseId: claimId, action: 'record_packaging', data: { kept: true } });
    await ok(desk.agent, 'cases:transition', { caseId: claimId, action: 'complete_evidence' });
    await ok(desk.agent, 'cases:transition', { caseId: claimId, action: 'file', data: { carrierReference: 'DHL-1' } });
    const denied = await ok(desk.agent, 'cases:transition', { caseId: claimId, action: 'deny', data: { reason: 'Packed without cushioning' } });
    expect(denied.case).toMatchObject({ status: 'denied', escalated: true });
    expect(denied.case.actions.every((a: { allowed: boolean }) => !a.allowed)).toBe(true);
    await unchanged(async () => {
      expect(await call(desk.agent, 'cases:transition', { caseId: claimId, action: 'close' })).toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'Only a supervisor can close this claim. The carrier denied this claim, so it is escalated to a supervisor.' },
      });
    });
    expect((await ok(desk.agent, 'cases:list', { status: ['denied'] })).cases.map((c: { id: string; escalated: boolean }) => [c.id, c.escalated])).toEqual([[claimId, true]]);
    const closed = await ok(desk.supervisor, 'cases:transition', { caseId: claimId, action: 'close', data: { note: 'Goodwill voucher offered.' } });
    expect(closed.case.status).toBe('closed');
  });
});
