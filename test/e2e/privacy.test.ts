// Privacy in real Chromium (issue 13): a customer asks for their data in the widget, enters the
// code a real SMTP server received, and downloads the bundle; a supervisor works the Privacy
// section (overdue and due-soon at a glance, an extension with its reason the customer is emailed);
// an agent flags a customer as under 13 and a supervisor confirms: the customer's data is gone.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { expectNoAxeViolations, launchChromium } from '../helpers/browser';
import { signIn, startChat } from '../helpers/caseScreens';
import { addStaff, plainDataDir, startTestHub } from '../helpers/hub';
import { nextCode, textOf } from '../helpers/identity';
import { until } from '../helpers/sockets';
import { findInFiles, startSmtp } from '../helpers/transcripts';

const nav = (page: Page, section: string | RegExp) => page.getByRole('navigation', { name: 'Desk sections' }).getByRole('button', { name: section });
const DAY = 24 * 3600_000;

describe('privacy in Chromium: access from the widget, the Privacy section, a child under 13', () => {
  let hub: Hub;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let browser: Browser;
  let sup: Page;
  let agent: Page;

  beforeAll(async () => {
    smtp = await startSmtp();
    hub = await startTestHub({
      dataDir: plainDataDir('privacy-e2e'),
      settings: { demoOrdersOnFirstRun: false, smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'care@desk.test', connectionTimeoutMs: 5000 } },
    });
    await addStaff(hub, 'admin', 'Ada Admin');
    const supEmail = (await addStaff(hub, 'supervisor', 'Sue Supervisor')).email;
    const agentEmail = (await addStaff(hub, 'agent', 'Ann Agent')).email;
    browser = await launchChromium();
    sup = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    agent = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    await signIn(sup, hub.url, supEmail);
    await signIn(agent, hub.url, agentEmail);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await smtp?.close();
  });

  it('a customer asks for their data in the widget, enters the emailed code and downloads it', async () => {
    const customer = await (await browser.newContext({ acceptDownloads: true })).newPage();
    await startChat(customer, hub.url, 'Wanda Widget', 'wanda@shop.test', 'Do you keep my lapisnarwhal order details?');
    const section = customer.getByTestId('your-privacy');
    await section.getByRole('button', { name: 'Show' }).click();
    await section.getByLabel('See the data you hold about me').check();
    await expectNoAxeViolations(customer, 'widget: your privacy form');
    const seen = smtp.mails.length;
    await section.getByRole('button', { name: 'Send my request' }).click();
    await expect.poll(() => customer.getByTestId('privacy-receipt').textContent(), { timeout: 15_000 }).toMatch(/PR-\d{4}-\d{6}/);
    const code = await nextCode(smtp.mails, 'wanda@shop.test', seen);
    await section.getByLabel('The code we emailed you').fill(code);
    await section.getByRole('button', { name: 'Confirm' }).click();
    await section.getByText('Your data is ready.').waitFor({ timeout: 15_000 });
    await expectNoAxeViolations(customer, 'widget: your data is ready');
    const [download] = await Promise.all([customer.waitForEvent('download'), section.getByRole('button', { name: 'Download (JSON file)' }).click()]);
    const bundle = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(bundle.email).toBe('wanda@shop.test');
    expect(JSON.stringify(bundle.transcripts)).toContain('lapisnarwhal');
    const [html] = await Promise.all([customer.waitForEvent('download'), section.getByRole('button', { name: 'Download (readable page)' }).click()]);
    expect(readFileSync((await html.path())!, 'utf8')).toContain('lapisnarwhal');
    await customer.context().close();
  });

  it('a supervisor sees overdue and due-soon requests at a glance and extends one with a reason the customer is emailed', async () => {
    const actor = { kind: 'system' as const, id: 'test' };
    const late = await hub.privacy.create({ kind: 'access', email: 'late.larry@shop.test', source: 'email', receivedAt: new Date(Date.now() - 40 * DAY), actor });
    const soon = await hub.privacy.create({ kind: 'erasure', email: 'soon.sally@shop.test', source: 'phone', receivedAt: new Date(Date.now() - 27 * DAY), actor });
    await nav(sup, 'Privacy').click();
    await expect.poll(() => sup.getByTestId('privacy-summary').textContent(), { timeout: 10_000 }).toMatch(/1 overdue · 1 due soon/);
    const lateRow = sup.getByTestId('privacy-row').filter({ hasText: late.reference });
    await expect.poll(() => lateRow.textContent()).toContain('Overdue');
    expect(await sup.getByTestId('privacy-row').filter({ hasText: soon.reference }).textContent()).toContain('Due soon');
    await expectNoAxeViolations(sup, 'privacy section');

    await sup.getByRole('button', { name: soon.reference }).click();
    const detail = sup.getByTestId('privacy-detail');
    await detail.getByRole('button', { name: 'Take it' }).click();
    const newDue = new Date(Date.parse(soon.dueAt) + 30 * DAY).toISOString().slice(0, 10);
    await detail.getByLabel('New due date').fill(newDue);
    await detail.getByLabel('Reason the customer is told', { exact: true }).fill('We must restore an archive of older chats');
    const seen = smtp.mails.length;
    await detail.getByRole('button', { name: 'Extend' }).click();
    await expect.poll(() => detail.getByTestId('privacy-due').textContent(), { timeout: 10_000 }).toContain('We must restore an archive of older chats');
    // Shown in the console's language; the instant itself is on the <time> element.
    expect(await detail.getByTestId('privacy-due').locator('time').first().getAttribute('datetime')).toMatch(new RegExp(`^${newDue}T`));
    await until(() => smtp.mails.slice(seen).some((m) => m.to.includes('soon.sally@shop.test')), 10_000, 'the extension email');
    expect(textOf(smtp.mails.slice(seen).find((m) => m.to.includes('soon.sally@shop.test'))!)).toContain('We must restore an archive of older chats');
    // The list follows: no longer due soon.
    await expect.poll(() => sup.getByTestId('privacy-summary').textContent()).toMatch(/1 overdue · 0 due soon/);
    await expectNoAxeViolations(sup, 'privacy request detail');
  });

  it('an agent flags a customer as under 13, a supervisor confirms, and the customer’s data is gone', async () => {
    const kid = await (await browser.newContext()).newPage();
    await startChat(kid, hub.url, 'Tommy Tinytot', 'tommy@shop.test', 'i am nine and i like the moonbeetle game');
    // The agent opens the waiting chat (a supervisor can then open it from the queue too).
    await nav(agent, 'Chats').click();
    await agent.getByTestId('queue-item').filter({ hasText: 'Tommy Tinytot' }).click();
    const panel = agent.getByTestId('customer-privacy');
    // A request on the customer's behalf, logged from the chat.
    await panel.getByLabel('The customer asks to').selectOption('optout');
    await panel.getByRole('button', { name: 'Log privacy request' }).click();
    await expect.poll(() => panel.getByTestId('privacy-logged').textContent()).toMatch(/Logged PR-\d{4}-\d{6}/);
    const logged = (await hub.privacy.list()).find((r) => r.email === 'tommy@shop.test')!;
    expect(logged).toMatchObject({ kind: 'optout', source: 'chat', state: 'received' });
    // A correction says what to correct: its fields appear with it.
    await panel.getByLabel('The customer asks to').selectOption('correction');
    await panel.getByLabel('Correct name to').fill('Tommy Tinytot-Smith');
    await panel.getByRole('button', { name: 'Log privacy request' }).click();
    await expect.poll(async () => (await hub.privacy.list()).find((r) => r.email === 'tommy@shop.test' && r.kind === 'correction')?.correction).toEqual({ name: 'Tommy Tinytot-Smith' });
    await panel.getByRole('button', { name: 'Flag as under 13' }).click();
    await panel.getByTestId('under13-flagged').waitFor();
    await expectNoAxeViolations(agent, 'customer panel with the privacy line');
    // Agents cannot confirm.
    expect(await panel.getByRole('button', { name: /Confirm under 13/ }).count()).toBe(0);

    // The supervisor opens the chat (Chats, the queue) and confirms from the customer panel.
    await nav(sup, 'Chats').click();
    await sup.getByTestId('queue-item').filter({ hasText: 'Tommy Tinytot' }).click();
    await sup.getByTestId('customer-privacy').getByRole('button', { name: 'Confirm under 13 and erase everything' }).click();
    await sup.getByTestId('under13-erased').waitFor({ timeout: 15_000 });
    expect(hub.store.privacy.customersByEmail('tommy@shop.test')).toEqual([]);
    await hub.store.checkpoint();
    expect(findInFiles(hub.store.dataDir, ['moonbeetle', 'Tommy Tinytot'])).toEqual([]);
    await kid.context().close();
  });
});
