// The console in the agent's language (issue 10): before anyone signs in, the computer's language
// (the browser's); once signed in, the account's own, picked in Sessions and kept by the hub. French
// words, dates and times on the desk, the queue and an open chat; Arabic right to left, checked with
// axe; English again; signed out, the computer's language once more.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { expectNoAxeViolations, launchChromium } from '../helpers/browser';
import { startChat } from '../helpers/caseScreens';
import { PASSWORD, addStaff, startTestHub } from '../helpers/hub';

const CUSTOMER = { name: 'Ada Lovelace', email: 'ada.languages@example.com' };
const QUESTION = 'My scarf arrived with a pulled thread.';
/** "5 déc. 2026, 21:26": a French medium date and a 24-hour time. */
const FRENCH_DATE_TIME = /^\d{1,2} (janv\.|févr\.|mars|avr\.|mai|juin|juil\.|août|sept\.|oct\.|nov\.|déc\.) \d{4}, \d{2}:\d{2}$/;
const documentLanguage = (page: Page) => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]);

describe('the console in the agent’s language', () => {
  let hub: Hub;
  let browser: Browser;
  let page: Page;
  let customer: Page;
  let agentEmail = '';

  beforeAll(async () => {
    hub = await startTestHub();
    // An admin exists, so the console opens on sign-in rather than first-run setup.
    await addStaff(hub, 'admin', 'Ada Admin');
    agentEmail = (await addStaff(hub, 'agent', 'Camille Agent')).email;
    browser = await launchChromium();
    // A computer set to French, in Paris; the customer's widget stays in English.
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' })).newPage();
    customer = await (await browser.newContext({ viewport: { width: 480, height: 800 }, locale: 'en-US' })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  const nav = (name: string) => page.getByRole('navigation').first().getByRole('button', { name, exact: true });

  it('before sign-in the console speaks the computer’s language: a wrong password is refused in French', async () => {
    await page.goto(`${hub.url}/console/`);
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    expect(await documentLanguage(page)).toEqual(['fr', 'ltr']);
    await page.getByLabel('E-mail').fill(agentEmail);
    await page.getByLabel('Mot de passe').fill('not the password');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    // The hub words its refusal in English; the console says it from the error's code.
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('E-mail ou mot de passe incorrect.');
    await expectNoAxeViolations(page, 'sign-in in French');
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByTestId('signed-in-user').waitFor();
  });

  it('signed in, the account’s language (English until picked); French picked in Sessions turns the desk French', async () => {
    await nav('Sessions').click();
    await page.getByRole('heading', { name: 'Your sessions' }).waitFor();
    await page.getByLabel('Console language').selectOption('fr');
    await expect.poll(() => page.getByTestId('language-saved').textContent()).toBe('Langue de la console enregistrée.');
    expect(await documentLanguage(page)).toEqual(['fr', 'ltr']);
    await page.getByRole('heading', { name: 'Vos sessions' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Sections du poste' }).getByRole('button').allTextContents()).toEqual(
      expect.arrayContaining(['Conversations', 'Tickets', 'Dossiers', 'Transcriptions', 'Réponses types', 'Sessions']),
    );
    // This device's row: its sign-in date and time in French, in Paris time.
    const here = page.locator('[data-testid="session-row"][data-current="true"]');
    await here.waitFor();
    expect(await page.getByRole('columnheader').allTextContents()).toEqual(expect.arrayContaining(['Appareil', 'Connexion', 'Dernière activité']));
    expect(await here.locator('.pill').textContent()).toContain('Cet appareil');
    expect((await here.locator('td').nth(1).textContent())?.trim()).toMatch(FRENCH_DATE_TIME);
    expect(await page.getByTestId('signed-in-user').textContent()).toContain('conseiller');
  });

  it('the queue and an open chat in French, times on the 24-hour clock', async () => {
    await nav('Conversations').click();
    await page.getByText('Aucun client en attente').waitFor();
    // Away: the chat is taken by hand from the queue, not offered.
    await page.getByLabel('Disponibilité').selectOption('away');
    await expect.poll(() => page.getByTestId('routing-announcer').textContent()).toBe('Vous êtes absent : aucune conversation ne vous sera proposée.');
    await startChat(customer, hub.url, CUSTOMER.name, CUSTOMER.email, QUESTION);

    const item = page.getByTestId('queue-item').filter({ hasText: CUSTOMER.name });
    await item.waitFor();
    expect(await item.textContent()).toContain('En attente');
    expect(await item.getByTestId('wait-time').textContent()).toMatch(/^(à l’instant|\d+ s|\d+ min)$/);
    await item.click();
    await page.getByRole('button', { name: 'Accepter la conversation' }).click();
    await expect.poll(() => page.getByTestId('conversation-status').textContent()).toBe('en cours');
    expect(await page.locator('.conv__since').textContent()).toMatch(/^Commencée à \d{2}:\d{2} · prise en charge par vous$/);
    // The customer's message, stamped 21:26 rather than 09:26 PM.
    const message = page.getByTestId('message').filter({ hasText: QUESTION });
    expect(await message.locator('time').textContent()).toMatch(/^\d{2}:\d{2}$/);
    expect(await page.getByLabel('Message').getAttribute('placeholder')).toBe(`Répondre à ${CUSTOMER.name}`);
    await page.getByRole('button', { name: 'Terminer la conversation…' }).waitFor();
    await expect.poll(() => page.locator('.helpline').textContent()).toContain('Raccourcis : Enter envoyer');
    await expectNoAxeViolations(page, 'console in French with an open chat');
  });

  it('in Arabic the desk lays out right to left, passes axe, and stays Arabic after a reload', async () => {
    await nav('Sessions').click();
    await page.getByLabel('Langue de la console').selectOption('ar');
    await expect.poll(() => page.getByTestId('language-saved').textContent()).toBe('تم حفظ لغة وحدة التحكم.');
    expect(await documentLanguage(page)).toEqual(['ar', 'rtl']);
    await page.getByRole('heading', { name: 'جلساتك' }).waitFor();
    await expectNoAxeViolations(page, 'Sessions in Arabic');

    await nav('المحادثات').click();
    await expect.poll(() => page.getByTestId('conversation-status').textContent()).toBe('جارية');
    await page.getByRole('button', { name: 'إنهاء المحادثة…' }).waitFor();
    // The queue is at the start of the line: on the right, with the conversation to its left.
    const queue = await page.getByRole('navigation', { name: 'المحادثات' }).boundingBox();
    const chat = await page.locator('.desk__main').boundingBox();
    expect(queue!.x).toBeGreaterThan(chat!.x);
    expect(await page.locator('.desk').evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
    await expectNoAxeViolations(page, 'console in Arabic with an open chat');

    await page.reload();
    await page.getByTestId('signed-in-user').waitFor();
    await page.getByRole('heading', { name: 'لا توجد محادثة مفتوحة' }).waitFor();
    expect(await documentLanguage(page)).toEqual(['ar', 'rtl']);
    // Once the queue is back, the empty pane offers the agent's own chat.
    await expect.poll(() => page.getByTestId('nothing-selected').textContent()).toContain(`لديك محادثة جارية مع ${CUSTOMER.name}`);
  });

  it('back to English, then signed out the console speaks the computer’s French again', async () => {
    await nav('الجلسات').click();
    await page.getByLabel('لغة وحدة التحكم').selectOption('en');
    await expect.poll(() => page.getByTestId('language-saved').textContent()).toBe('Console language saved.');
    expect(await documentLanguage(page)).toEqual(['en', 'ltr']);
    await nav('Chats').click();
    // The reload closed the chat; it is still this agent's, offered from the empty pane.
    await page.getByRole('button', { name: `Open the chat with ${CUSTOMER.name}` }).click();
    await expect.poll(() => page.getByTestId('conversation-status').textContent()).toBe('active');
    await page.getByRole('button', { name: 'End chat…' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).first().click();
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    expect(await page.getByTestId('auth-notice').textContent()).toBe('Vous êtes déconnecté.');
    expect(await documentLanguage(page)).toEqual(['fr', 'ltr']);
  });
});
