// The admin screens in the console's language (issue 10), in real Chromium: an admin whose account
// speaks French sees the Tickets queue (statuses, due time, count) and Reports (labels, a rating with
// a decimal comma, days written the French way) in French; in Arabic the console lays out right to
// left and both screens pass axe.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { CATALOGUES } from '../../shared/i18n/catalogues/index';
import type { Locale } from '../../shared/i18n/locales';
import { expectNoAxeViolations, launchChromium } from '../helpers/browser';
import { screenshot, signIn } from '../helpers/caseScreens';
import { addStaff, customerToken, login, postJson, startTestHub } from '../helpers/hub';
import { connectAgent, connectCustomer, ok, type AgentSocket, type CustomerSocket } from '../helpers/sockets';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A name the console shows in `locale` for what English calls `english`: every catalogue message
 * whose English is that word, in `locale` (the desk's navigation is translated by another area,
 * so its keys are not this test's to know), and the English word itself.
 */
function inLocale(locale: Locale, english: string): RegExp {
  const names = new Set([english]);
  for (const [key, text] of Object.entries(CATALOGUES.en)) if (text === english) names.add(CATALOGUES[locale][key as keyof typeof CATALOGUES.en]);
  return new RegExp(`^(${[...names].map(escape).join('|')})`);
}

const section = (page: Page, locale: Locale, english: string) =>
  page.getByRole('navigation', { name: inLocale(locale, 'Desk sections') }).getByRole('button', { name: inLocale(locale, english) });

describe('Tickets and Reports in the console’s language', () => {
  let hub: Hub;
  let browser: Browser;
  let adminEmail: string;
  let ann: AgentSocket;
  let rita: CustomerSocket;

  beforeAll(async () => {
    hub = await startTestHub();
    adminEmail = (await addStaff(hub, 'admin', 'Ada Admin')).email;
    const agent = await addStaff(hub, 'agent', 'Ann Agent');
    ann = await connectAgent(hub.url, await login(hub.url, agent.email));
    await ok(ann, 'agent:set-status', { status: 'away' });

    // A chat Rita rates 2 of 5: a figure with a decimal in Reports, and a low rating.
    rita = await connectCustomer(hub.url, await customerToken(hub.url, 'Rita Rating', 'rita@shop.test'));
    const conversationId = (await ok(rita, 'chat:start', {})).conversation.id as string;
    await ok(rita, 'chat:send', { conversationId, clientId: 'rita-msg-0001', body: 'Where is my parcel?' });
    await ok(ann, 'conversation:accept', { conversationId });
    await ok(ann, 'chat:send', { conversationId, clientId: 'ann-msg-0001', body: 'It left this morning.' });
    await ok(rita, 'chat:end', { conversationId });
    await ok(rita, 'chat:rate', { conversationId, score: 2, comment: 'Slow.' });

    // A message left for the care team: one open ticket with an answer due.
    const left = await fetch(`${hub.url}/api/widget/offline-message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bo Buyer', email: 'bo@shop.test', body: 'Do you ship to Monaco?' }),
    });
    expect(left.status).toBe(200);
    browser = await launchChromium();
  });
  afterAll(async () => {
    rita?.close();
    ann?.close();
    await browser?.close();
    await hub?.close();
  });

  /** The admin's console language is kept with the account: set it, then sign in afresh. */
  async function consoleIn(locale: Locale): Promise<Page> {
    const set = await postJson(`${hub.url}/api/auth/locale`, { locale }, await login(hub.url, adminEmail));
    expect(set.status).toBe(200);
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 }, timezoneId: 'Europe/Paris' })).newPage();
    await signIn(page, hub.url, adminEmail);
    await expect.poll(() => page.evaluate(() => document.documentElement.lang)).toBe(locale);
    return page;
  }

  it('in French, the tickets queue says the status, the due time and the count in French', async () => {
    const page = await consoleIn('fr');
    await section(page, 'fr', 'Tickets').click();
    const ticket = page.getByTestId('ticket').filter({ hasText: 'Bo Buyer' });
    await ticket.waitFor();
    expect(await ticket.getByTestId('ticket-status').textContent()).toBe('Ouvert');
    expect(await ticket.getByTestId('ticket-due').textContent()).toMatch(/^Réponse attendue dans (\d+ h )?\d+ min$/);
    expect(await ticket.locator('.ticket__meta').first().textContent()).toMatch(/^Laissé dans le widget .+ · marque default · langue en · non attribué/);
    // The date of the ticket is written the French way (e.g. "sam. 5 déc., 22:40").
    const month = new Intl.DateTimeFormat('fr-FR', { month: 'short', timeZone: 'Europe/Paris' }).format(new Date());
    expect(await ticket.locator('time').first().textContent()).toContain(month);
    await expect.poll(() => page.getByTestId('tickets-count').textContent()).toBe('1 ticket');
    expect(await page.getByLabel('Afficher').locator('option').allTextContents()).toEqual(['Tous', 'Ouverts (une réponse est attendue)', 'En attente (réponse du client attendue)', 'Résolu']);
    await ticket.getByRole('button', { name: /^Le prendre/ }).click();
    await expect.poll(() => ticket.locator('.ticket__meta').first().textContent()).toContain('le vôtre');
    await expect.poll(() => page.getByTestId('tickets-announcement').textContent()).toContain('attribué à Ada Admin');
    await expectNoAxeViolations(page, 'tickets in French');
  });

  it('in French, Reports labels its figures in French and writes numbers and days the French way', async () => {
    const page = await consoleIn('fr');
    await section(page, 'fr', 'Reports').click();
    await page.getByRole('heading', { name: 'Rapports', level: 2 }).waitFor();
    await expect.poll(() => page.getByTestId('report-satisfaction').textContent()).toBe('2,0 / 5 (1)');
    const totals = page.getByTestId('report-totals');
    expect(await totals.locator('dt').allTextContents()).toEqual(['Chats', 'Sans réponse', 'Attente moyenne', 'Première réponse', 'Durée de traitement', 'Satisfaction']);
    await expect.poll(() => page.getByTestId('report-agents').locator('tbody tr').first().textContent()).toMatch(/Ann Agent.*2,0 \/ 5/s);
    // Days in the per-day table: "sam. 5 déc. 2026", not 2026-12-05.
    const today = page.getByTestId('report-days').locator('tbody tr').last().locator('th');
    expect(await today.textContent()).not.toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await today.textContent()).toContain(new Intl.DateTimeFormat('fr-FR', { month: 'short', timeZone: 'Europe/Paris' }).format(new Date()));
    const low = page.getByTestId('low-rating').filter({ hasText: 'Rita Rating' });
    expect(await low.textContent()).toContain('avec Ann Agent');
    expect(await low.getByRole('button').textContent()).toContain('Ouvrir dans Transcriptions');
    await expectNoAxeViolations(page, 'reports in French');
  });

  it('in Arabic, the console is right to left and Tickets and Reports pass axe', async () => {
    const page = await consoleIn('ar');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');

    await section(page, 'ar', 'Tickets').click();
    const ticket = page.getByTestId('ticket').filter({ hasText: 'Bo Buyer' });
    await ticket.waitFor();
    expect(await page.getByRole('heading', { level: 2, name: 'التذاكر' }).count()).toBe(1);
    expect(await ticket.getByTestId('ticket-status').textContent()).toBe('مفتوحة');
    expect(await ticket.getByTestId('ticket-due').textContent()).toMatch(/^الرد مستحق خلال/);
    await expectNoAxeViolations(page, 'tickets in Arabic');
    await screenshot(page, 'tickets-arabic');

    await section(page, 'ar', 'Reports').click();
    await page.getByRole('heading', { name: 'التقارير', level: 2 }).waitFor();
    // Arabic digits or Latin ones, as the browser's Arabic locale writes them, with its decimal mark.
    await expect.poll(() => page.getByTestId('report-satisfaction').textContent()).toMatch(/^(2[.٫]0|٢٫٠) \/ 5 \((1|١)\)$/);
    expect(await page.getByRole('heading', { name: 'التقييمات المنخفضة' }).count()).toBe(1);
    await expectNoAxeViolations(page, 'reports in Arabic');
    await screenshot(page, 'reports-arabic');
  });

  it('in Arabic, Live, Canned replies, Accounts and Settings speak Arabic and pass axe', async () => {
    const page = await consoleIn('ar');
    await section(page, 'ar', 'Live').click();
    await page.getByRole('heading', { name: 'مباشر', level: 2 }).waitFor();
    const ann = page.getByTestId('live-agent').filter({ hasText: 'Ann Agent' });
    await expect.poll(() => ann.getByTestId('live-agent-status').textContent()).toBe('غير متواجد');
    await expectNoAxeViolations(page, 'live in Arabic');

    await section(page, 'ar', 'Canned replies').click();
    await page.getByRole('heading', { name: 'الردود الجاهزة', level: 2 }).waitFor();
    await page.getByTestId('canned-empty').waitFor();
    await expectNoAxeViolations(page, 'canned replies in Arabic');

    await section(page, 'ar', 'Accounts').click();
    await page.getByRole('heading', { name: 'الحسابات', level: 2 }).waitFor();
    const row = page.getByTestId('account-row').filter({ hasText: 'Ann Agent' });
    expect(await row.getByTestId('account-status').textContent()).toBe('نشط');
    expect(await row.getByRole('combobox', { name: 'دور Ann Agent' }).locator('option').allTextContents()).toEqual(['موظف', 'مشرف', 'مسؤول']);
    expect(await row.getByTestId('account-brands').textContent()).toBe('كل العلامات التجارية');
    await expectNoAxeViolations(page, 'accounts in Arabic');

    await section(page, 'ar', 'Settings').click();
    const form = page.getByTestId('settings-form');
    await form.waitFor();
    // Weekdays come from the browser's Arabic calendar names.
    expect(await form.locator('.settings__week tbody th').first().textContent()).toBe(new Intl.DateTimeFormat('ar', { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1))));
    expect(await form.getByTestId('source-returnAddress').textContent()).toContain('القيمة الافتراضية');
    // The demo-settings banner says what to fix in Arabic, from the warning's key.
    expect(await page.getByTestId('settings-warning').textContent()).toContain('ما زال عنوان الإرجاع هو القيمة التجريبية');
    await expectNoAxeViolations(page, 'settings in Arabic');
    await screenshot(page, 'settings-arabic');
  });
});
