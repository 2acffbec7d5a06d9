// The case screens in the agent's console language (issue 10): a French agent sees a chat's claims
// — status, the carrier's deadline counting down, the evidence still needed, next steps, the
// carrier's decision with the money in French, a step form — in French; in Arabic the same screens
// run right to left and pass axe. The customer's own language is not involved: the claims are
// opened over the hub's sockets, as the desk's other tests do, and shown in the agent's browser.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../server/clock';
import type { Hub } from '../../server/hub';
import { importOrders } from '../../server/orders/import';
import { expectNoAxeViolations, launchChromium } from '../helpers/browser';
import { PNG, testOrders, upload } from '../helpers/cases';
import { screenshot, signIn } from '../helpers/caseScreens';
import { addStaff, login, postJson, startTestHub, verifiedCustomerToken } from '../helpers/hub';
import { connectAgent, connectCustomer, ok, type AgentSocket, type CustomerSocket } from '../helpers/sockets';

describe('claims in the console’s language', () => {
  let hub: Hub;
  let browser: Browser;
  let page: Page;
  let agent: AgentSocket;
  let customer: CustomerSocket;
  let agentEmail: string;
  let agentToken: string;
  let vase = '';
  let watch = '';

  beforeAll(async () => {
    hub = await startTestHub({ settings: { demoOrdersOnFirstRun: false } });
    const email = `ada-${Date.now()}@shop.test`;
    // PO-300: a porcelain vase delivered yesterday by DHL (30 days to claim); PO-200: a $12,500 watch, FedEx.
    await importOrders(hub.api, systemClock, testOrders(systemClock.now(), email));
    // The console asks for the first admin until one exists.
    await addStaff(hub, 'admin', 'Ada Admin');
    agentEmail = (await addStaff(hub, 'agent', 'Camille Agent')).email;
    agentToken = await login(hub.url, agentEmail);
    agent = await connectAgent(hub.url, agentToken);
    const customerToken = await verifiedCustomerToken(hub.url, 'Ada Lovelace', email, { now: systemClock.now() });
    customer = await connectCustomer(hub.url, customerToken);
    const { conversation } = await ok(customer, 'chat:start', {});
    await ok(customer, 'chat:send', { conversationId: conversation.id, clientId: 'ada-langs-0001', body: 'Mon vase est arrivé cassé, et la montre aussi.' });
    await ok(agent, 'conversation:accept', { conversationId: conversation.id });

    // The watch: its evidence gathered, filed with FedEx, the carrier approved the full price.
    watch = (await ok(agent, 'cases:open-claim', { conversationId: conversation.id, orderId: 'PO-200', skus: ['WATCH'], claimKind: 'damaged' })).case.id;
    expect((await upload(hub.url, customerToken, watch, PNG, 'montre.png')).status).toBe(200);
    for (const [action, data] of [
      ['record_packaging', { kept: true }],
      ['record_serial', { sku: 'WATCH', serial: 'CH-99812' }],
      ['complete_evidence', undefined],
      ['file', { carrierReference: 'FX-4410' }],
      ['approve', { amountCents: 1_250_000 }],
    ] as const) {
      await ok(agent, 'cases:transition', { caseId: watch, action, ...(data ? { data } : {}) });
    }
    // The vase, opened last (so its card is the one unfolded): nothing gathered yet.
    vase = (await ok(agent, 'cases:open-claim', { conversationId: conversation.id, orderId: 'PO-300', skus: ['VASE'], claimKind: 'damaged', description: 'Le col est cassé.' })).case.id;

    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  });
  afterAll(async () => {
    agent?.close();
    customer?.close();
    await browser?.close();
    await hub?.close();
  });

  /** The account's console language, kept by the hub; the console reads it when it starts. */
  const useLanguage = async (locale: string) => expect((await postJson(`${hub.url}/api/auth/locale`, { locale }, agentToken)).status).toBe(200);
  /** The agent's chat with Ada, from the list of chats (by test id: its words belong to another area). */
  const openChat = async () => {
    await page.getByTestId('queue-item').filter({ hasText: 'Ada Lovelace' }).click();
    await page.getByTestId('cases-panel').getByTestId('case-card').nth(1).waitFor();
  };
  /** The Cases section from the top bar: the agent's third, by position (the bar's words belong to another area). */
  const openCasesView = async () => {
    await page.locator('nav .nav__item').nth(2).click();
    await page.locator('#cases-title').waitFor();
  };
  const panel = () => page.getByTestId('cases-panel');
  const card = (id: string) => panel().locator(`[data-testid="case-card"][data-case-id="${id}"]`);

  it('in French: the chat’s claims, their deadline, evidence, steps and the carrier’s decision in French, money in French', async () => {
    await useLanguage('fr');
    await signIn(page, hub.url, agentEmail);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe('fr');
    await openChat();

    expect(await panel().getByRole('heading', { level: 2 }).textContent()).toBe('Dossiers');
    await panel().getByRole('button', { name: 'Nouvelle réclamation (dommage / retard)' }).waitFor();

    // The vase: just opened, its card unfolded.
    const v = card(vase);
    expect(await v.getByRole('heading', { level: 3 }).textContent()).toMatch(/^Réclamation CLM-\d{4}-\d{6}$/);
    expect(await v.getByTestId('case-status').textContent()).toBe('Collecte des preuves');
    expect(await v.getByTestId('claim-deadline').textContent()).toMatch(/^29 jours restantsÀ déclarer auprès de DHL avant le \d{1,2} \S+ \d{4} \(30 jours après la livraison\)\.$/);
    // 1 200,00 $ with French grouping (a narrow no-break space) and the sign after the amount.
    expect(await v.locator('.case-card__sub').textContent()).toMatch(/^Commande PO-300 · Porcelain vase · 1\s200,00\s\$ · Endommagé pendant le transport$/u);
    const checklist = v.getByTestId('claim-checklist');
    expect(await checklist.textContent()).toContain('Photos du client (au moins 1 ; 0 pour l’instant)');
    expect(await checklist.textContent()).toContain('Le client conserve l’emballage d’origine pour inspection');
    expect(await v.getByTestId('packaging-state').textContent()).toBe('Pas encore demandé');
    const steps = v.getByTestId('case-steps');
    expect(await steps.getByRole('heading').textContent()).toBe('Prochaines étapes');
    await steps.getByRole('button', { name: 'Marquer les preuves comme complètes' }).waitFor();
    await steps.getByRole('button', { name: 'Annuler la réclamation' }).waitFor();
    await v.getByRole('heading', { name: 'Historique' }).waitFor();
    await v.getByLabel('Note interne').waitFor();

    // The watch, folded; unfolded it shows the carrier's decision in French money.
    const w = card(watch);
    await w.getByRole('button', { name: /^Afficher le détail/ }).click();
    expect(await w.getByTestId('case-status').textContent()).toBe('Accepté');
    expect(await w.getByTestId('claim-decision').textContent()).toMatch(/^Acceptée : 12\s500,00\s\$$/u);
    expect(await w.getByTestId('claim-deadline').textContent()).toMatch(/^Déclarée auprès de FedEx le \d{1,2} \S+ \d{4} \(délai : \d{1,2} \S+ \d{4}\)\.$/);
    expect(await w.getByTestId('claim-checklist').textContent()).toContain('Numéro de série de Chronograph (WATCH)');
    // The timeline says what happened in French, from the facts the hub kept with each entry.
    const timeline = (await w.getByTestId('case-timeline').locator('.timeline__summary').allTextContents()).join('\n');
    expect(timeline).toContain('Le client a envoyé une photo (montre.png)');
    expect(timeline).toContain('Numéro de série CH-99812 enregistré pour WATCH');
    expect(timeline).toContain('Déclarée auprès de FedEx (référence FX-4410)');
    expect(timeline).toMatch(/FedEx a accepté la réclamation pour 12\s500,00\s\$/u);
    expect(await w.getByTestId('case-timeline').textContent()).toContain('Ada Lovelace (client)');

    // A step form: the carrier's payment.
    await w.getByTestId('case-steps').getByRole('button', { name: 'Payé par le transporteur' }).click();
    const form = w.getByTestId('step-form');
    expect(await form.getByRole('heading').textContent()).toBe('Le transporteur a payé la réclamation');
    await form.getByLabel('Montant payé').waitFor();
    await form.getByRole('button', { name: 'Enregistrer le paiement' }).waitFor();
    await expectNoAxeViolations(page, 'claims in French');
    await screenshot(page, 'cases-french');

    // The Cases section: the list, its filters and a case opened beside it.
    await openCasesView();
    expect(await page.locator('#cases-title').textContent()).toBe('Dossiers');
    await expect.poll(() => page.getByTestId('cases-count').textContent()).toBe('2 dossiers');
    expect(await page.getByTestId('cases-table').locator('th').allTextContents()).toEqual(['Dossier', 'Statut', 'Commande', 'Client', 'Valeur', 'Mis à jour']);
    expect(await page.getByRole('search', { name: 'Filtrer les dossiers' }).getByLabel('Type').locator('option').allTextContents()).toEqual(['Retours et réclamations', 'Retours', 'Réclamations']);
    await page.getByLabel('Type').selectOption('claim');
    await page.getByLabel('Statut').selectOption({ label: 'Accepté' });
    const row = page.getByTestId('case-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('td').nth(4).textContent()).toMatch(/^12\s500,00\s\$$/u);
    await row.getByRole('button', { name: /^Réclamation CLM-/ }).click();
    await page.locator('.cases-page__detail').getByTestId('case-card').getByRole('heading', { name: 'Prochaines étapes' }).waitFor();
    await expectNoAxeViolations(page, 'the Cases section in French');
  });

  it('in Arabic: the same screens right to left, in Arabic, with no axe violation', async () => {
    await useLanguage('ar');
    // A reload keeps the session (sessionStorage) and starts the console in the account's language.
    await page.reload();
    await expect.poll(() => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    await openChat();

    expect(await panel().getByRole('heading', { level: 2 }).textContent()).toBe('الحالات');
    expect(await panel().evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    const v = card(vase);
    expect(await v.getByRole('heading', { level: 3 }).textContent()).toMatch(/^المطالبة CLM-\d{4}-\d{6}$/);
    expect(await v.getByTestId('case-status').textContent()).toBe('جمع الأدلة');
    expect(await v.getByTestId('claim-deadline').getAttribute('data-days-left')).toBe('29');
    expect(await v.getByTestId('claim-deadline').textContent()).toContain('قدّمها إلى DHL قبل');
    expect(await v.getByTestId('case-steps').getByRole('heading').textContent()).toBe('الخطوات التالية');
    await v.getByTestId('case-steps').getByRole('button', { name: 'تحديد الأدلة كمكتملة' }).waitFor();
    expect(await v.getByTestId('claim-checklist').textContent()).toContain('يحتفظ العميل بالتغليف الأصلي لأجل الفحص');

    const w = card(watch);
    await w.getByRole('button', { name: /^عرض التفاصيل/ }).click();
    const decision = (await w.getByTestId('claim-decision').textContent()) ?? '';
    expect(decision).toMatch(/^مقبولة: /);
    // The amount as Arabic writes it, not the English "$12,500.00".
    expect(decision).not.toContain('$12,500.00');
    expect(decision).toContain(await page.evaluate(() => new Intl.NumberFormat('ar', { style: 'currency', currency: 'USD', currencyDisplay: 'narrowSymbol' }).format(12_500)));
    // One card unfolded at a time: the watch's. Its note form's label sits at the right edge, as Arabic reads.
    const note = w.locator('.note-form');
    const [label, box] = [(await note.locator('label').boundingBox())!, (await note.boundingBox())!];
    expect(box.x + box.width - (label.x + label.width)).toBeLessThan(24);
    await expectNoAxeViolations(page, 'claims in Arabic (rtl)');
    await screenshot(page, 'cases-arabic');

    await openCasesView();
    expect(await page.locator('#cases-title').textContent()).toBe('الحالات');
    await expect.poll(() => page.getByTestId('cases-count').textContent()).toBe('حالتان');
    await page.getByTestId('case-row').first().getByRole('button').click();
    await page.locator('.cases-page__detail').getByTestId('case-card').getByRole('heading', { name: 'الخطوات التالية' }).waitFor();
    await expectNoAxeViolations(page, 'the Cases section in Arabic (rtl)');
    await screenshot(page, 'cases-arabic-view');
  });
});
