import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, until } from '../helpers/sockets';
import { PNG, openDesk, upload, type Desk } from '../helpers/cases';

describe('a damage claim from a chat, with a photo from the widget, to refunded', () => {
  let desk: Desk;
  let caseId: string;
  let number: string;
  const year = new Date().getUTCFullYear();

  beforeAll(async () => {
    desk = await openDesk();
  });
  afterAll(async () => {
    await desk?.close();
  });

  const systemMessages = () => desk.atCustomer.filter((m) => m.author.kind === 'system').map((m) => m.body);

  it('opening the claim tells the customer what the carrier needs, with the filing deadline on the case', async () => {
    const { case: c } = await ok(desk.agent, 'cases:open-claim', {
      conversationId: desk.conversationId,
      orderId: 'PO-300',
      skus: ['VASE'],
      claimKind: 'damaged',
      description: 'Arrived in pieces; card 4111 1111 1111 1111 was charged',
    });
    caseId = c.id;
    number = c.number;
    expect(number).toMatch(new RegExp(`^CLM-${year}-\\d{6}$`));
    expect(c).toMatchObject({ kind: 'claim', status: 'opened', claimKind: 'damaged', data: { carrier: 'DHL', tracking: 'JD300' } });
    // Card numbers never reach the store.
    expect(c.data.description).toBe('Arrived in pieces; card **** **** **** 1111 was charged');
    // DHL: 30 days from delivery (yesterday).
    expect(c.deadline).toMatchObject({ carrier: 'DHL', days: 30, daysLeft: 29 });
    expect(c.checklist.map((i: { key: string; done: boolean }) => [i.key, i.done])).toEqual([
      ['photos', false],
      ['packaging_kept', false],
    ]);
    await until(() => systemMessages().some((m) => m.includes(number)), 5000, 'the claim notice');
    expect(systemMessages().at(-1)).toMatch(/Keep the original packaging.*\n.*Upload photos here/s);
  });

  it('the widget shows where to upload; a photo POSTed with the widget token is stored with the case', async () => {
    const { cases } = await ok(desk.customer, 'cases:mine', {});
    expect(cases[0]).toMatchObject({ id: caseId, photos: { uploaded: 0, required: 1, canUpload: true } });
    const path: string = cases[0].photos.uploadPath;
    expect(path).toBe(`/api/widget/uploads?caseId=${caseId}`);

    const r = await upload(desk.hub.url, desk.customerToken, caseId, PNG, 'IMG 4111111111111111.png');
    expect(r.status).toBe(200);
    expect(r.json.data.evidence).toMatchObject({ kind: 'photo', mime: 'image/png', size: PNG.length, name: 'IMG ************1111.png', addedBy: { kind: 'customer' } });
    expect(r.json.data.case.photos).toMatchObject({ uploaded: 1 });

    const row = desk.hub.store.cases.evidenceById(r.json.data.evidence.id)!;
    expect(row.path).toMatch(new RegExp(`^uploads/${caseId}/ev_[0-9a-f]+\\.png$`));
    expect(readFileSync(join(desk.hub.store.dataDir, row.path!)).equals(PNG)).toBe(true);

    // Staff fetch it with their own token; customers and strangers cannot.
    const staffToken = (desk.agent.auth as { token: string }).token;
    const photo = await fetch(`${desk.hub.url}${r.json.data.evidence.url}`, { headers: { authorization: `Bearer ${staffToken}` } });
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await photo.arrayBuffer()).equals(PNG)).toBe(true);
    expect((await fetch(`${desk.hub.url}${r.json.data.evidence.url}`, { headers: { authorization: `Bearer ${desk.customerToken}` } })).status).toBe(401);
  });

  it('the agent records the packaging, completes the evidence, files with the carrier', async () => {
    let r = await ok(desk.agent, 'cases:transition', { caseId, action: 'record_packaging', data: { kept: true } });
    expect(r.case.checklist.every((i: { done: boolean }) => i.done)).toBe(true);
    r = await ok(desk.agent, 'cases:transition', { caseId, action: 'complete_evidence' });
    expect(r.case.status).toBe('evidence_complete');
    r = await ok(desk.agent, 'cases:transition', { caseId, action: 'file', data: { carrierReference: 'DHL-CLAIM-778' } });
    expect(r.case).toMatchObject({ status: 'filed_with_carrier', data: { carrier: 'DHL', carrierReference: 'DHL-CLAIM-778' } });
    // Filed: the widget takes no more photos.
    expect((await ok(desk.customer, 'cases:mine', {})).cases[0].photos).toMatchObject({ canUpload: false, uploadPath: null });
    const late = await upload(desk.hub.url, desk.customerToken, caseId, PNG);
    expect(late).toMatchObject({ status: 409, json: { error: { code: 'conflict' } } });
  });

  it('approved → carrier paid → refunded → closed, the customer told along the way', async () => {
    let r = await ok(desk.agent, 'cases:transition', { caseId, action: 'approve', data: { amountCents: 120_000 } });
    expect(r.case.status).toBe('approved');
    r = await ok(desk.agent, 'cases:transition', { caseId, action: 'carrier_paid', data: { reference: 'DHL-PAY-1' } });
    expect(r.case).toMatchObject({ status: 'paid', data: { payment: { amountCents: 120_000, reference: 'DHL-PAY-1' } } });
    r = await ok(desk.agent, 'cases:transition', { caseId, action: 'refund' });
    // Paid by wire: refunded by wire or check.
    expect(r.case).toMatchObject({ status: 'refunded', data: { refund: { refundCents: 120_000, method: 'wire_or_check' } } });
    r = await ok(desk.agent, 'cases:transition', { caseId, action: 'close' });
    expect(r.case.status).toBe('closed');

    await until(() => systemMessages().some((m) => m.includes('$1,200.00')), 5000, 'the refund notice');
    const notices = systemMessages().filter((m) => m.includes(number));
    expect(notices.map((m) => m.slice(0, 40))).toHaveLength(4); // opened, filed, approved, refunded
    expect(notices.at(-1)).toMatch(/refunding \$1,200\.00 by wire transfer or check/);
    const actions = r.case.events.map((e: { action: string }) => e.action).filter((a: string) => a !== 'emailed');
    expect(actions).toEqual(['opened', 'photo', 'record_packaging', 'complete_evidence', 'file', 'approve', 'carrier_paid', 'refund', 'close']);
    expect(r.case.events.find((e: { action: string }) => e.action === 'photo').actor).toMatchObject({ kind: 'customer', name: 'Ada Lovelace' });
    expect(existsSync(join(desk.hub.store.dataDir, 'uploads', caseId))).toBe(true);
  });
});
