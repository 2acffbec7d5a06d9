// The whole path in real Chromium: a customer on the widget page, an agent on the console page,
// both served by a real hub with a real SQLite file.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { expectNoAxeViolations, launchChromium } from '../helpers/browser';
import { PASSWORD, startTestHub } from '../helpers/hub';

describe('walking skeleton: widget ↔ console in Chromium', () => {
  let hub: Hub;
  let browser: Browser;
  let agentPage: Page;
  let customerPage: Page;

  beforeAll(async () => {
    hub = await startTestHub();
    browser = await launchChromium();
    agentPage = await (await browser.newContext()).newPage();
    customerPage = await (await browser.newContext()).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('the first admin is created with the setup code the hub printed, and lands in the console', async () => {
    await agentPage.goto(`${hub.url}/console/`);
    await expectNoAxeViolations(agentPage, 'setup screen');
    await agentPage.getByLabel(/setup code/i).fill(hub.setupCode!);
    await agentPage.getByLabel(/name/i).fill('Olive Agent');
    await agentPage.getByLabel(/email/i).fill('olive@desk.test');
    await agentPage.getByLabel(/password/i).fill(PASSWORD);
    await agentPage.getByRole('button', { name: /create|set up/i }).click();
    await agentPage.getByText(/no customers waiting/i).waitFor();
    await expectNoAxeViolations(agentPage, 'empty console');
  });

  it('a customer starts a chat, is told it is recorded and kept 13 months, and the agent sees name and email', async () => {
    await customerPage.goto(`${hub.url}/widget/`);
    await expectNoAxeViolations(customerPage, 'widget start form');
    await customerPage.getByLabel(/name/i).fill('Ada Lovelace');
    await customerPage.getByLabel(/email/i).fill('ada@shop.test');
    await customerPage.getByRole('button', { name: /start chat/i }).click();
    const notice = customerPage.getByTestId('retention-notice');
    await expect.poll(() => notice.textContent()).toMatch(/recorded.*13 months/is);
    await customerPage.getByLabel('Message').fill('Hello, my handbag arrived scratched.');
    await customerPage.getByRole('button', { name: 'Send' }).click();

    const item = agentPage.getByTestId('queue-item').filter({ hasText: 'Ada Lovelace' });
    await item.click();
    await expect.poll(() => agentPage.getByTestId('customer-email').textContent()).toContain('ada@shop.test');
    await expect.poll(() => agentPage.getByTestId('message').first().textContent()).toContain('handbag arrived scratched');
  });

  it('messages flow both ways, with typing shown to the customer', async () => {
    await agentPage.getByLabel('Message').pressSequentially('So sorry to hear that', { delay: 20 });
    await customerPage.getByText(/typing/i).waitFor();
    await agentPage.getByLabel('Message').press('Enter');
    await customerPage.getByTestId('message').filter({ hasText: 'So sorry to hear that' }).waitFor();
    await customerPage.getByLabel('Message').fill('Order PO-1001');
    await customerPage.getByLabel('Message').press('Enter');
    await agentPage.getByTestId('message').filter({ hasText: 'Order PO-1001' }).waitFor();
    await expectNoAxeViolations(agentPage, 'console with an open conversation');
    await expectNoAxeViolations(customerPage, 'widget mid-chat');
  });

  it('the customer reloads: the same conversation, its history intact and in order', async () => {
    await customerPage.reload();
    const messages = customerPage.getByTestId('message');
    await messages.filter({ hasText: 'Order PO-1001' }).waitFor();
    const bodies = await messages.allTextContents();
    const order = ['handbag arrived scratched', 'So sorry to hear that', 'Order PO-1001'].map((t) => bodies.findIndex((b) => b.includes(t)));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(await messages.evaluateAll((els) => els.map((e) => e.getAttribute('data-seq')))).size).toBe(bodies.length);
  });

  it('the agent ends the chat and the customer sees it ended', async () => {
    await agentPage.getByRole('button', { name: 'End chat…' }).click();
    await agentPage.getByTestId('confirm-end-chat').click();
    await expect.poll(() => agentPage.getByTestId('conversation-status').textContent()).toMatch(/ended/i);
    await customerPage.getByTestId('chat-ended').waitFor();
    await expect.poll(() => customerPage.getByLabel('Message').isDisabled()).toBe(true);
    await expectNoAxeViolations(customerPage, 'widget after the chat ended');
  });
});
