// The return wizard in the agent's own console language (issue 10), in real Chromium: an agent whose
// account is set to French walks a return from the order to the RMA number and reads every step in
// French, with money and dates the French way; an agent set to Arabic gets the wizard right to
// left, passes axe at every step, and reads the hub's refusal of a prepaid label with an Arabic
// headline and hint.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUES } from '../../shared/i18n/catalogues/index';
import { INTL_LOCALE, type Locale } from '../../shared/i18n/locales';
import type { Hub } from '../../server/hub';
import { expectNoAxeViolations, launchChromium } from '../helpers/browser';
import { screenshot, signIn, startVerifiedChat } from '../helpers/caseScreens';
import { addStaff, login, postJson, startTestHub } from '../helpers/hub';

const RETURN_ADDRESS = 'Maison Returns\n10 Harbour Road\nNewark, NJ 07114';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A control of another area of the console by its English name, in `locale` wherever the
 * catalogues have that area translated (the areas are translated side by side; English stays the
 * source, so the English message finds the key).
 */
function named(locale: Locale, english: string): RegExp {
  const keys = Object.entries(CATALOGUES.en)
    .filter(([, message]) => message === english)
    .map(([key]) => key as keyof (typeof CATALOGUES)['en']);
  const words = new Set([english, ...keys.map((k) => CATALOGUES[locale][k])]);
  // Not anchored: like Playwright's own name match, a count beside the word (a badge) still matches.
  return new RegExp([...words].map(escape).join('|'));
}

/** Money and days as the console formats them in `locale`, spaces made plain for comparing. */
const plain = (s: string | null) => (s ?? '').replace(/\s/g, ' ');
const money = (locale: Locale, cents: number) =>
  plain(new Intl.NumberFormat(INTL_LOCALE[locale], { style: 'currency', currency: 'USD', currencyDisplay: 'narrowSymbol' }).format(cents / 100));
const day = (locale: Locale, iso: string) => new Intl.DateTimeFormat(INTL_LOCALE[locale], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(iso));

/** The agent's account is set to `locale` through the hub's route, as the console's picker does. */
async function setConsoleLanguage(hub: Hub, email: string, locale: Locale): Promise<void> {
  const r = await postJson(`${hub.url}/api/auth/locale`, { locale }, await login(hub.url, email));
  expect(r.json).toMatchObject({ ok: true, data: { locale } });
}

/** The agent opens the customer's chat from the queue and accepts it, in whatever language the console speaks. */
async function takeChat(page: Page, locale: Locale, customerName: string): Promise<void> {
  await page.getByRole('navigation', { name: named(locale, 'Desk sections') }).getByRole('button', { name: named(locale, 'Chats') }).click();
  await page.getByTestId('queue-item').filter({ hasText: customerName }).click();
  await page.getByRole('button', { name: named(locale, 'Accept chat') }).click();
  await expect.poll(() => page.getByTestId('conversation-status').getAttribute('data-status')).toBe('active');
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');

describe('the return wizard in French: every step in the agent’s language, money and dates the French way', () => {
  let hub: Hub;
  let browser: Browser;
  let agent: Page;
  let customer: Page;
  let agentEmail = '';
  const wizard = () => agent.getByTestId('case-wizard');

  beforeAll(async () => {
    hub = await startTestHub({ settings: { returnAddress: RETURN_ADDRESS } });
    await addStaff(hub, 'admin', 'Ada Admin');
    const { email } = await addStaff(hub, 'agent', 'Camille Agent');
    await setConsoleLanguage(hub, email, 'fr');
    browser = await launchChromium();
    agent = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    customer = await (await browser.newContext({ viewport: { width: 480, height: 860 } })).newPage();
    agentEmail = email;
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('the agent set to French signs in and the console comes up in French', async () => {
    await startVerifiedChat(customer, hub.url, 'Ada Lovelace', 'ada.lovelace@example.com', 'Bonjour, je souhaite retourner le foulard de DEMO-1001.');
    await signIn(agent, hub.url, agentEmail);
    await expect.poll(() => agent.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['fr', 'ltr']);
    await takeChat(agent, 'fr', 'Ada Lovelace');
  });

  it('finds the order: the steps, the heading, the count and the order’s facts are French', async () => {
    await agent.getByTestId('cases-panel').getByRole('button', { name: named('fr', 'New return (RMA)') }).click();
    await wizard().getByRole('heading', { name: 'Nouveau retour (RMA)' }).waitFor();
    await expect.poll(() => focusedText(agent)).toBe('Étape 1 sur 4 : Trouver la commande');
    expect(await wizard().getByRole('list', { name: 'Étapes' }).locator('li').allTextContents()).toEqual(['1Commande', '2Articles', '3Éligibilité', '4Autorisé']);
    await expect.poll(() => wizard().getByRole('status').first().textContent()).toBe('2 commandes trouvées.');
    const choice = wizard().getByTestId('order-choice').filter({ hasText: 'DEMO-1001' });
    const delivered = hub.store.orders.get('DEMO-1001')!.deliveredAt!;
    expect(plain(await choice.locator('.case-muted').last().textContent())).toContain(`Livrée le ${day('fr', delivered)}`);
    expect(plain(await choice.textContent())).toContain(` · 2 articles · ${money('fr', 45000 + 215000)}`);
    await expectNoAxeViolations(agent, 'French return wizard: order step');
    await choice.getByRole('button', { name: 'Choisir la commande DEMO-1001' }).click();
  });

  it('picks the items and the reason in French; the eligibility, terms and return-by date read in French', async () => {
    await expect.poll(() => focusedText(agent)).toBe('Étape 2 sur 4 : Choisir les articles à retourner');
    await wizard().getByRole('checkbox', { name: /Silk twill scarf/ }).check();
    expect(await wizard().locator('.facts--compact dt').allTextContents()).toEqual(['Livraison', 'Expédition', 'Paiement', 'Transporteur']);
    expect(await wizard().locator('.facts--compact dd').nth(1).textContent()).toBe('Standard offerte');
    const reason = wizard().getByLabel('Motif du retour');
    expect(await reason.locator('option').allTextContents()).toContain('Ne convient pas (taille)');
    await reason.selectOption('doesnt_fit');
    await wizard().getByLabel('Selon les mots du client').fill('Une taille trop petite');
    await wizard().getByRole('button', { name: 'Vérifier l’éligibilité' }).click();

    const eligibility = wizard().getByTestId('rma-eligibility');
    await eligibility.waitFor();
    expect(await eligibility.locator('.eligibility__verdict').textContent()).toBe('Éligible au retour');
    const opened = hub.store.cases.list({ limit: 1 })[0]!;
    const d = hub.store.cases.get(opened.id)!.data as { eligibility: { returnBy: string }; terms: { refundCents: number; deductions: { cents: number }[] } };
    expect(await wizard().getByTestId('rma-return-by').textContent()).toBe(day('fr', d.eligibility.returnBy));
    expect(await eligibility.textContent()).toContain('(la date d’expédition fait foi)');
    expect(await wizard().getByTestId('rma-reason').textContent()).toBe('Motif : Ne convient pas (taille) — « Une taille trop petite »');
    expect(plain(await wizard().getByTestId('terms-refund').textContent())).toBe(money('fr', d.terms.refundCents));
    expect(plain(await wizard().getByTestId('terms-refund').textContent())).toMatch(/^\d[\d ]*,\d\d \$$/);
    expect((await wizard().getByTestId('terms-deduction').allTextContents()).map(plain)).toEqual([`Livraison standard offerte−${money('fr', d.terms.deductions[0]!.cents)}`]);
    expect(await wizard().getByTestId('rma-terms').textContent()).toMatch(/remboursement sur la carte d’origine sous \d+ jours ouvrés après réception/);
    await expectNoAxeViolations(agent, 'French return wizard: eligibility step');
    await screenshot(agent, 'returns-fr-eligibility');
  });

  it('authorizes: the RMA number, the return address and the label in French, then the case card too', async () => {
    await wizard().getByRole('button', { name: 'Autoriser le retour' }).click();
    await wizard().getByTestId('wizard-rma-number').waitFor();
    await expect.poll(() => focusedText(agent)).toBe('Étape 4 sur 4 : Retour autorisé');
    expect(await wizard().textContent()).toContain('Non : à la charge du client');
    await wizard().getByRole('button', { name: 'Terminé' }).click();
    const card = agent.getByTestId('cases-panel').getByTestId('case-card').first();
    await expect.poll(() => card.getByTestId('rma-label').textContent()).toBe('Non : les frais de retour sont à la charge du client');
    expect(await card.textContent()).toContain('Adresse de retour');
  });
});

describe('the return wizard in Arabic: right to left, axe at every step, the refusal of a label explained in Arabic', () => {
  let hub: Hub;
  let browser: Browser;
  let agent: Page;
  let customer: Page;
  let agentEmail = '';
  const wizard = () => agent.getByTestId('case-wizard');

  beforeAll(async () => {
    hub = await startTestHub({ settings: { returnAddress: RETURN_ADDRESS } });
    await addStaff(hub, 'admin', 'Ada Admin');
    const { email } = await addStaff(hub, 'agent', 'Layla Agent');
    await setConsoleLanguage(hub, email, 'ar');
    browser = await launchChromium();
    agent = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    customer = await (await browser.newContext()).newPage();
    agentEmail = email;
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('the agent set to Arabic signs in and the console turns right to left', async () => {
    await startVerifiedChat(customer, hub.url, 'Grace Hopper', 'grace.hopper@example.com', 'I need to return the watch from DEMO-1002.');
    await signIn(agent, hub.url, agentEmail);
    await expect.poll(() => agent.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);
    await takeChat(agent, 'ar', 'Grace Hopper');
  });

  it('the order and items steps read right to left in Arabic and pass axe', async () => {
    await agent.getByTestId('cases-panel').getByRole('button', { name: named('ar', 'New return (RMA)') }).click();
    await expect.poll(() => focusedText(agent)).toBe('الخطوة 1 من 4: البحث عن الطلب');
    expect(await wizard().evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    await expect.poll(() => wizard().getByRole('status').first().textContent()).toBe('عُثر على طلب واحد.');
    await expectNoAxeViolations(agent, 'Arabic return wizard: order step');
    await wizard().getByRole('button', { name: 'اختيار الطلب DEMO-1002' }).click();

    await expect.poll(() => focusedText(agent)).toBe('الخطوة 2 من 4: اختر المنتجات المراد إرجاعها');
    expect(await wizard().getByRole('checkbox', { name: /Chronograph watch/ }).isChecked()).toBe(true);
    await wizard().getByLabel('سبب الإرجاع').selectOption('changed_mind');
    await expectNoAxeViolations(agent, 'Arabic return wizard: items step');
    await wizard().getByRole('button', { name: 'التحقق من الأهلية' }).click();
    await wizard().getByTestId('rma-eligibility').waitFor();
    expect(await wizard().locator('.eligibility__verdict').textContent()).toBe('مؤهَّل للإرجاع');
    expect(await wizard().getByTestId('rma-reason').textContent()).toBe('السبب: غيّر العميل رأيه');
    await expectNoAxeViolations(agent, 'Arabic return wizard: eligibility step');
    await screenshot(agent, 'returns-ar-eligibility');
  });

  it('a prepaid label above the limit: the hub refuses, the headline and the way on are in Arabic, and nothing changed', async () => {
    await wizard().getByRole('radio', { name: /^نعم: إرسال ملصق مدفوع مسبقًا/ }).check();
    await wizard().getByRole('button', { name: 'اعتماد الإرجاع' }).click();
    const refusal = wizard().getByTestId('case-refusal');
    await refusal.waitFor();
    expect(await refusal.getAttribute('data-code')).toBe('forbidden');
    expect(await refusal.locator('strong').textContent()).toBe('غير مسموح:');
    await wizard().getByRole('button', { name: 'طلب موافقة مشرف على الملصق' }).waitFor();
    expect(await wizard().getAttribute('data-step')).toBe('review');
    expect(hub.store.cases.list({ limit: 10 })[0]).toMatchObject({ status: 'requested', number: null });
    await expectNoAxeViolations(agent, 'Arabic return wizard: refusal');
    await screenshot(agent, 'returns-ar-refusal');

    await wizard().getByRole('button', { name: 'طلب موافقة مشرف على الملصق' }).click();
    await expect.poll(() => wizard().getByTestId('label-status').textContent()).toBe('طلب Layla Agent ملصقًا مدفوعًا مسبقًا: بانتظار مشرف.');
  });
});
