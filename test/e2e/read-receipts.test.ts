// Read receipts (issue 3) in real Chromium: the agent reading the customer's message shows "Read"
// under it in the widget; the customer reading the agent's reply shows "Seen" under it in the
// console; both survive a reload, since the hub keeps the marks with the conversation.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { expectNoAxeViolations, launchChromium } from '../helpers/browser';
import { signIn, startChat, takeChat } from '../helpers/caseScreens';
import { addStaff, startTestHub } from '../helpers/hub';

const CUSTOMER = { name: 'Ada Lovelace', email: 'ada.reads@example.com' };
const QUESTION = 'My parcel PO-4411 has not arrived yet.';
const REPLY = 'Let me look that up for you right away.';

/** The message a read marker sits under, in the thread on `page` (null when there is none). */
async function markedMessage(page: Page): Promise<{ label: string; body: string } | null> {
  const row = page.locator('.transcript__row').filter({ has: page.getByTestId('read-marker') });
  if ((await row.count()) === 0) return null;
  return { label: (await row.getByTestId('read-marker').textContent()) ?? '', body: (await row.getByTestId('message').locator('.msg__body').textContent()) ?? '' };
}

describe('read receipts between the widget and the console', () => {
  let hub: Hub;
  let browser: Browser;
  let agent: Page;
  let customer: Page;
  let agentEmail = '';

  beforeAll(async () => {
    hub = await startTestHub();
    // An admin exists, so the console opens on sign-in rather than first-run setup.
    await addStaff(hub, 'admin', 'Ada Admin');
    agentEmail = (await addStaff(hub, 'agent', 'Olive Agent')).email;
    browser = await launchChromium();
    agent = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    customer = await (await browser.newContext({ viewport: { width: 480, height: 800 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('the customer writes; nothing says "Read" until the agent has the chat on screen', async () => {
    await signIn(agent, hub.url, agentEmail);
    // Away: the chat is taken by hand from the queue, not offered.
    await agent.getByLabel('Availability').selectOption('away');
    await startChat(customer, hub.url, CUSTOMER.name, CUSTOMER.email, QUESTION);
    await agent.getByTestId('queue-item').filter({ hasText: CUSTOMER.name }).waitFor();
    expect(await markedMessage(customer)).toBeNull();
  });

  it('the agent takes the chat and reads it: the customer sees "Read" under their message', async () => {
    await takeChat(agent, CUSTOMER.name);
    await expect.poll(() => markedMessage(customer), { timeout: 10_000 }).toEqual({ label: 'Read', body: QUESTION });
    await expectNoAxeViolations(customer, 'widget with a read receipt');
  });

  it('the agent replies and the customer reads it: the agent sees "Seen" under the reply', async () => {
    expect(await markedMessage(agent)).toBeNull();
    await agent.getByLabel('Message').fill(REPLY);
    await agent.getByLabel('Message').press('Enter');
    await customer.getByTestId('message').filter({ hasText: REPLY }).waitFor();
    await expect.poll(() => markedMessage(agent), { timeout: 10_000 }).toEqual({ label: 'Seen', body: REPLY });
    // The agent's reply is not the customer's: "Read" stays under the customer's own message.
    expect(await markedMessage(customer)).toEqual({ label: 'Read', body: QUESTION });
    await expectNoAxeViolations(agent, 'console with a seen receipt');
  });

  it('after a reload of both pages, both marks are still there', async () => {
    await customer.reload();
    await customer.getByTestId('message').filter({ hasText: REPLY }).waitFor();
    await expect.poll(() => markedMessage(customer)).toEqual({ label: 'Read', body: QUESTION });

    await agent.reload();
    await agent.getByTestId('signed-in-user').waitFor();
    await agent.getByTestId('queue-item').filter({ hasText: CUSTOMER.name }).click();
    await agent.getByTestId('message').filter({ hasText: REPLY }).waitFor();
    await expect.poll(() => markedMessage(agent)).toEqual({ label: 'Seen', body: REPLY });
  });
});
