// The console says a claim's timeline in the agent's language from the facts the hub keeps with each
// entry (issue 10), not from the hub's English summary. Two claims walked through every step on a
// real hub: in English the console's words are the hub's own (but for the claim kind, the refund
// method and the due date, which the hub writes as codes); in French none of them is English.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail } from '../../shared/protocol/cases';
import { setupI18n } from '../../renderer/common/i18n';
import { eventText } from '../../renderer/console/features/cases/caseText';
import { PNG, openDesk, upload, type Desk } from '../helpers/cases';
import { ok, until } from '../helpers/sockets';

describe('a claim’s timeline in the console’s language', () => {
  let desk: Desk;
  let vase: CaseDetail;
  let watch: CaseDetail;

  const step = async (as: Desk['agent'], caseId: string, action: string, data?: Record<string, unknown>): Promise<CaseDetail> =>
    (await ok(as, 'cases:transition', { caseId, action, ...(data ? { data } : {}) })).case;

  beforeAll(async () => {
    desk = await openDesk();
    const open = async (orderId: string, sku: string): Promise<string> => {
      const id = (await ok(desk.agent, 'cases:open-claim', { conversationId: desk.conversationId, orderId, skus: [sku], claimKind: 'damaged' })).case.id as string;
      expect((await upload(desk.hub.url, desk.customerToken, id, PNG, `${sku.toLowerCase()}.png`)).status).toBe(200);
      await step(desk.agent, id, 'record_packaging', { kept: true });
      return id;
    };
    // The vase, paid by wire: filed with DHL, approved, paid, refunded, closed.
    const v = await open('PO-300', 'VASE');
    for (const [action, data] of [
      ['complete_evidence', undefined],
      ['file', { carrierReference: 'DHL-778' }],
      ['approve', { amountCents: 120_000 }],
      ['carrier_paid', { reference: 'DHL-PAY-1' }],
      ['refund', undefined],
      ['close', undefined],
    ] as const) {
      vase = await step(desk.agent, v, action, data);
    }
    // The watch: denied, appealed by the supervisor, denied again, closed with a note for the customer.
    const w = await open('PO-200', 'WATCH');
    await step(desk.agent, w, 'record_serial', { sku: 'WATCH', serial: 'CH-99812' });
    await step(desk.agent, w, 'complete_evidence');
    await step(desk.agent, w, 'file', { carrierReference: 'FX-1' });
    await step(desk.agent, w, 'deny', { reason: 'Insufficient packaging' });
    await step(desk.supervisor, w, 'refile', { carrierReference: 'FX-2', note: 'Packed to FedEx standards' });
    await step(desk.agent, w, 'deny', { reason: 'Final decision' });
    watch = await step(desk.supervisor, w, 'close', { note: 'We are sending a goodwill voucher.' });
    // The customer's emails are recorded on the timeline after each step; wait for the last ones.
    await until(() => desk.mail.length >= 8, 5000, 'the case emails');
    vase = (await ok(desk.agent, 'cases:get', { caseId: v })).case;
    watch = (await ok(desk.agent, 'cases:get', { caseId: w })).case;
  });
  afterAll(async () => {
    setupI18n('en');
    await desk?.close();
  });

  it('in English, the hub’s own words, with the kind, refund method and due date said for people', () => {
    setupI18n('en');
    const said = (c: CaseDetail) => c.events.map((e) => [e.action, eventText(e, c)]);
    const actions = [...vase.events, ...watch.events].map((e) => e.action);
    expect(new Set(actions)).toEqual(
      new Set(['opened', 'photo', 'record_packaging', 'record_serial', 'complete_evidence', 'file', 'approve', 'deny', 'refile', 'carrier_paid', 'refund', 'close', 'emailed']),
    );
    const differs = new Set(['opened', 'carrier_paid', 'refund']);
    for (const c of [vase, watch]) {
      for (const e of c.events) if (!differs.has(e.action)) expect(eventText(e, c), e.action).toBe(e.summary);
    }
    const byAction = Object.fromEntries(said(vase));
    expect(byAction.opened).toMatch(/^Opened CLM-\d{4}-\d{6}: Damaged in shipping \(VASE\); file with DHL by \d{1,2} [A-Z][a-z]+ \d{4}$/);
    expect(byAction.carrier_paid).toMatch(/^DHL paid \$1,200\.00; refund due by \d{1,2} [A-Z][a-z]+ \d{4}$/);
    expect(byAction.refund).toBe('Refunded $1,200.00 (Wire transfer or check (customer’s choice))');
  });

  it('in French, every entry but the agent’s notes in French, with French money', () => {
    setupI18n('fr');
    for (const c of [vase, watch]) {
      for (const e of c.events) expect(eventText(e, c), e.action).not.toBe(e.summary);
    }
    const words = [...vase.events.map((e) => eventText(e, vase)), ...watch.events.map((e) => eventText(e, watch))];
    expect(words).toContain('Le client a envoyé une photo (vase.png)');
    expect(words).toContain('Le client conserve l’emballage d’origine');
    expect(words).toContain('Numéro de série CH-99812 enregistré pour WATCH');
    expect(words).toContain('Déclarée auprès de DHL (référence DHL-778)');
    expect(words.some((w) => /^DHL a accepté la réclamation pour 1\s200,00\s\$$/u.test(w))).toBe(true);
    expect(words).toContain('FedEx a refusé la réclamation : Insufficient packaging. Transmise à un superviseur');
    expect(words).toContain('Recours contre le refus : redéclarée auprès de FedEx (référence FX-2) : Packed to FedEx standards');
    expect(words).toContain('Clos après le refus : We are sending a goodwill voucher.');
    expect(words).toContain('Dossier clos');
    expect(words.some((w) => w.startsWith('E-mail envoyé au client : '))).toBe(true);
  });
});
