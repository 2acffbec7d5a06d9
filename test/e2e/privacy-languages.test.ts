// Privacy requests and Transcripts in the console's language (issue 10), in real Chromium: a
// supervisor whose account speaks French works the Privacy section (counts, states, due badges and
// due times written the French way), searches the transcripts and opens a chat with the customer
// panel beside it; then picks Arabic and both screens are laid out right to left, and pass axe.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { CATALOGUES } from '../../shared/i18n/catalogues/index';
import type { Locale } from '../../shared/i18n/locales';
import { expectNoAxeViolations, launchChromium } from '../helpers/browser';
import { screenshot, signIn, startChat } from '../helpers/caseScreens';
import { addStaff, login, postJson, startTestHub } from '../helpers/hub';
import { seedConversation } from '../helpers/transcripts';

const DAY = 24 * 3600_000;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A top-bar section by its name in `locale`: every translation of the English label (the top bar
 * is another area's, translated on its own), so the test follows whichever words it shows.
 */
function section(page: Page, english: string, locale: Locale) {
  const names = new Set([english]);
  for (const [key, value] of Object.entries(CATALOGUES.en)) if (value === english) names.add(CATALOGUES[locale][key as keyof typeof CATALOGUES.en]);
  // A count may follow the name ("Chats 1 waiting"), a letter may not.
  const name = new RegExp(`^(${[...names].map(escape).join('|')})(?!\\p{L})`, 'u');
  // The top bar is the page's first navigation landmark.
  return page.getByRole('navigation').first().getByRole('button', { name });
}

describe('Privacy and Transcripts in the console’s language: French, then Arabic right to left', () => {
  let hub: Hub;
  let browser: Browser;
  let sup: Page;
  let late: { reference: string; dueAt: string };
  let soon: { reference: string };

  beforeAll(async () => {
    hub = await startTestHub({ settings: { demoOrdersOnFirstRun: false } });
    await addStaff(hub, 'admin', 'Ada Admin');
    const s = await addStaff(hub, 'supervisor', 'Solène Superviseure');
    const a = await addStaff(hub, 'agent', 'Grace Agent');
    await seedConversation(hub, { email: 'bianca@shop.test', name: 'Bianca Rossi', agentId: a.id, bodies: ['My cashmere scarf has a pulled thread.', 'We will repair it for you.'], endedAt: new Date() });
    await seedConversation(hub, { email: 'carl@shop.test', name: 'Carl Weber', agentId: a.id, bodies: ['Where is my parcel?', 'It ships today.'], endedAt: new Date() });
    const actor = { kind: 'system' as const, id: 'test' };
    late = await hub.privacy.create({ kind: 'access', email: 'late.larry@shop.test', source: 'email', receivedAt: new Date(Date.now() - 40 * DAY), actor });
    soon = await hub.privacy.create({ kind: 'erasure', email: 'soon.sally@shop.test', source: 'phone', receivedAt: new Date(Date.now() - 27 * DAY), actor });
    // The account's console language, as the language picker keeps it.
    expect((await postJson(`${hub.url}/api/auth/locale`, { locale: 'fr' }, await login(hub.url, s.email))).status).toBe(200);
    browser = await launchChromium();
    sup = await (await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'en-US', timezoneId: 'Europe/Paris' })).newPage();
    await signIn(sup, hub.url, s.email);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('in French: the privacy requests with their counts, states and due times, and a request’s detail', async () => {
    await expect.poll(() => sup.evaluate(() => document.documentElement.lang)).toBe('fr');
    await section(sup, 'Privacy', 'fr').click();
    await sup.getByRole('heading', { name: 'Demandes relatives aux données personnelles' }).waitFor();
    await expect.poll(() => sup.getByTestId('privacy-summary').textContent(), { timeout: 10_000 }).toBe('2 ouvertes · 1 en retard · 1 à échéance proche');
    expect(await sup.getByRole('columnheader').allTextContents()).toEqual(['Référence', 'Type', 'État', 'Échéance', 'Responsable']);
    const lateRow = sup.getByTestId('privacy-row').filter({ hasText: late.reference });
    expect(await lateRow.textContent()).toContain('Accès (une copie de ses données)');
    expect(await lateRow.textContent()).toContain('En retard');
    expect(await sup.getByTestId('privacy-row').filter({ hasText: soon.reference }).textContent()).toContain('Échéance proche');
    // The due time in French (the day, then the month's French abbreviation), in UTC as the policy counts it.
    const due = new Date(late.dueAt);
    const frenchMonth = new Intl.DateTimeFormat('fr-FR', { month: 'short', timeZone: 'UTC' }).format(due);
    const dueText = (await lateRow.locator('time').textContent())!;
    expect(dueText).toContain(`${due.getUTCDate()} ${frenchMonth}`);
    expect(dueText).toContain('UTC');
    expect(dueText).not.toContain(late.dueAt.slice(0, 10));
    expect(Date.parse((await lateRow.locator('time').getAttribute('datetime'))!)).toBe(Date.parse(late.dueAt));

    await sup.getByRole('button', { name: late.reference }).click();
    const detail = sup.getByTestId('privacy-detail');
    expect(await detail.getByTestId('privacy-state').textContent()).toBe('Reçue');
    await detail.getByRole('button', { name: 'Envoyer un code à l’adresse enregistrée' }).waitFor();
    await detail.getByLabel('Nouvelle échéance').waitFor();
    expect(await detail.textContent()).toContain('E-mail');
    await expectNoAxeViolations(sup, 'privacy requests in French');
  });

  it('in French: a transcript search says what it found in French, and the transcript opens in French', async () => {
    await section(sup, 'Transcripts', 'fr').click();
    await sup.getByRole('heading', { name: 'Transcriptions', exact: true }).waitFor();
    await expect.poll(() => sup.getByTestId('transcripts-count').textContent(), { timeout: 10_000 }).toBe('2 transcriptions');
    const box = sup.getByPlaceholder('Rechercher dans les transcriptions (appuyez sur / pour venir ici)');
    await box.fill('cashmere');
    await sup.getByRole('search').getByRole('button', { name: 'Rechercher' }).click();
    await expect.poll(() => sup.getByTestId('transcripts-count').textContent()).toBe('1 transcription');
    const result = sup.getByTestId('transcript-result');
    expect(await result.textContent()).toContain('1 message correspondant');
    await result.getByRole('button', { name: 'Bianca Rossi' }).click();
    const viewer = sup.getByTestId('transcript-viewer');
    await viewer.getByRole('heading', { name: 'Chat avec Bianca Rossi' }).waitFor();
    await expect.poll(() => viewer.getByTestId('transcript-purge').textContent()).toMatch(/^Date de suppression : \d/);
    expect(await viewer.getByTestId('transcript-hold').textContent()).toBe('Pas de mise en attente.');
    await viewer.getByRole('button', { name: 'Fermer' }).waitFor();

    await box.fill('licorne');
    await sup.getByRole('search').getByRole('button', { name: 'Rechercher' }).click();
    await expect.poll(() => sup.getByTestId('transcripts-none').textContent()).toBe('Aucune transcription ne correspond à « licorne » avec ces filtres.');
    await expectNoAxeViolations(sup, 'transcripts in French');
  });

  it('in French: the customer beside a chat, with their identity, privacy line and history', async () => {
    const customer = await (await browser.newContext()).newPage();
    await startChat(customer, hub.url, 'Élodie Martin', 'elodie@shop.test', 'Bonjour, une question sur ma commande.');
    await section(sup, 'Chats', 'fr').click();
    await sup.getByTestId('queue-item').filter({ hasText: 'Élodie Martin' }).click();
    const panel = sup.getByTestId('customer-panel');
    await panel.getByRole('heading', { name: 'Client', exact: true }).waitFor();
    await expect.poll(() => panel.getByTestId('customer-identity').textContent()).toBe('Invité Non confirmé : les chats et commandes précédents sous cet e-mail ne sont pas affichés.');
    await expect.poll(() => panel.getByTestId('customer-optouts').textContent()).toBe('Marketing : aucune opposition.');
    expect(await panel.getByTestId('no-past-conversations').textContent()).toBe('C’est sa première conversation avec nous.');
    await panel.getByLabel('Le client demande à').selectOption('optout');
    await panel.getByRole('button', { name: 'Enregistrer la demande' }).click();
    await expect.poll(() => panel.getByTestId('privacy-logged').textContent()).toMatch(/^Demande PR-\d{4}-\d{6} enregistrée ; un superviseur la vérifie et l’exécute \(échéance le \d{1,2} [^\d]+ \d{4}\)\.$/);
    await customer.context().close();
  });

  it('in Arabic, right to left: both screens in Arabic, mirrored, and axe passes', async () => {
    // Picked in the console itself, as an agent would.
    await section(sup, 'Sessions', 'fr').click();
    await sup.getByLabel(CATALOGUES.fr['console.language.label']).selectOption('ar');
    await expect.poll(() => sup.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl']);

    await section(sup, 'Privacy', 'ar').click();
    await sup.getByRole('heading', { name: 'طلبات البيانات الشخصية' }).waitFor();
    const lateRow = sup.getByTestId('privacy-row').filter({ hasText: late.reference });
    expect(await lateRow.textContent()).toContain('متأخر');
    // Mirrored: the first column (the reference) is at the right edge, the owner at the left.
    const first = (await sup.getByRole('columnheader', { name: 'المرجع' }).boundingBox())!;
    const last = (await sup.getByRole('columnheader', { name: 'المسؤول' }).boundingBox())!;
    expect(first.x).toBeGreaterThan(last.x);
    await sup.getByRole('button', { name: soon.reference }).click();
    await sup.getByTestId('privacy-detail').getByRole('button', { name: 'معاينة المحو' }).waitFor();
    await expectNoAxeViolations(sup, 'privacy requests in Arabic (rtl)');
    await screenshot(sup, 'privacy-arabic');

    await section(sup, 'Transcripts', 'ar').click();
    await sup.getByRole('heading', { name: 'سجلات المحادثات', exact: true }).waitFor();
    const box = sup.getByPlaceholder('البحث في سجلات المحادثات (اضغط / للانتقال إلى هنا)');
    await box.fill('parcel');
    await sup.getByRole('search').getByRole('button', { name: 'بحث' }).click();
    await expect.poll(() => sup.getByTestId('transcripts-count').textContent()).toBe('سجل واحد');
    await sup.getByTestId('transcript-result').getByRole('button', { name: 'Carl Weber' }).click();
    await sup.getByTestId('transcript-viewer').getByRole('heading', { name: 'محادثة مع Carl Weber' }).waitFor();
    // The results sit at the right, the open transcript to their left.
    const results = (await sup.locator('.tx-results').boundingBox())!;
    const viewer = (await sup.getByTestId('transcript-viewer').boundingBox())!;
    expect(results.x).toBeGreaterThan(viewer.x);
    await expectNoAxeViolations(sup, 'transcripts in Arabic (rtl)');
    await screenshot(sup, 'transcripts-arabic');
  });
});
