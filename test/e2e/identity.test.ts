// Who the customer is (issue 12), in real Chromium: a guest in the widget is "Guest" in the
// console; a shopper the shop signed in arrives verified (identity token in the widget's address)
// and is "Verified"; customer care asks for the code sent to an order's email and the customer
// enters it from a real SMTP server's mail; the widget forgets the customer when the browser
// session ends unless asked to remember, and "Not you? Start again" forgets them at once.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { importOrders } from '../../server/orders/import';
import { systemClock } from '../../server/clock';
import { expectNoAxeViolations, launchChromium } from '../helpers/browser';
import { screenshot, signIn, startChat } from '../helpers/caseScreens';
import { testOrders } from '../helpers/cases';
import { addStaff, login, startTestHub } from '../helpers/hub';
import { identityToken, nextCode } from '../helpers/identity';
import { connectAgent, ok, type AgentSocket } from '../helpers/sockets';
import { startSmtp } from '../helpers/transcripts';

const ORDER_EMAIL = 'grace.orders@shop.test';

describe('verified and guest customers in Chromium', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hub: Hub;
  let browser: Browser;
  let console_: Page;
  let agent: AgentSocket;
  let agentEmail: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    hub = await startTestHub({
      settings: {
        demoOrdersOnFirstRun: false,
        smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'care@desk.test', connectionTimeoutMs: 5000 },
        brands: { default: { deskName: 'Maison Care', careAddress: 'care@maison.test' } },
      },
    });
    await importOrders(hub.api, systemClock, testOrders(systemClock.now(), ORDER_EMAIL));
    await addStaff(hub, 'admin', 'Ada Admin');
    agentEmail = (await addStaff(hub, 'agent', 'Grace Agent')).email;
    // The same agent also on a socket, to act quickly where the console is not what is tested.
    agent = await connectAgent(hub.url, await login(hub.url, agentEmail));
    browser = await launchChromium();
    console_ = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    await signIn(console_, hub.url, agentEmail);
  });
  afterAll(async () => {
    agent?.close();
    await browser?.close();
    await hub?.close();
    await smtp?.close();
  });

  const queueItem = (name: string) => console_.getByTestId('queue-item').filter({ hasText: name });

  it('a guest is "Guest" in the queue and the customer panel; the code the agent asks for reaches the customer, who enters it', async () => {
    const ctx = await browser.newContext();
    const widget = await ctx.newPage();
    await startChat(widget, hub.url, 'Gina Guest', ORDER_EMAIL, 'My vase arrived broken.');
    await expect.poll(() => queueItem('Gina Guest').getByTestId('identity-badge').textContent()).toBe('Guest');
    await queueItem('Gina Guest').click();
    await console_.getByRole('button', { name: 'Accept chat' }).click();
    await expect.poll(() => console_.getByTestId('customer-identity').textContent()).toMatch(/^Guest/);
    // The history loads after the identity line: wait for it rather than read it once.
    await expect.poll(() => console_.getByTestId('no-past-conversations').count()).toBe(1);
    await expectNoAxeViolations(console_, 'console: a guest customer');
    await screenshot(console_, 'console-guest');

    // A claim on PO-300 needs proof the order is hers: refused, then a code to the order's email.
    const wizard = () => console_.getByTestId('case-wizard');
    await console_.getByRole('button', { name: 'New damage / overdue claim' }).click();
    // A guest's typed email lists no orders: the agent searches by the number the customer gives.
    await wizard().getByTestId('guest-orders-note').waitFor();
    expect(await wizard().getByRole('button', { name: /Choose order/ }).count()).toBe(0);
    await wizard().getByLabel('Order number, email, name or tracking number').fill('PO-300');
    await wizard().getByRole('button', { name: 'Search' }).click();
    await wizard().getByRole('button', { name: 'Choose order PO-300' }).click();
    await wizard().getByRole('heading', { name: /Step 2 of 4/ }).waitFor();
    await wizard().getByRole('button', { name: 'Next' }).click();
    const seen = smtp.mails.length;
    await wizard().getByRole('button', { name: 'Open claim' }).click();
    await expect.poll(() => wizard().getByTestId('case-refusal').textContent()).toMatch(/has not shown that order PO-300 is theirs/);
    expect(hub.store.cases.list({ orderId: 'PO-300', limit: 10 })).toEqual([]);
    expect(smtp.mails.length).toBe(seen);
    await wizard().getByRole('button', { name: 'Send a code to the email of order PO-300' }).click();
    await expect.poll(() => wizard().getByTestId('order-proof').getAttribute('data-state')).toBe('sent');
    await expectNoAxeViolations(console_, 'claim wizard: waiting for the order code');
    const code = await nextCode(smtp.mails, ORDER_EMAIL, seen);
    expect(smtp.mails.at(-1)!.from).toBe('care@maison.test');
    const form = widget.getByTestId('order-code-form');
    await form.waitFor();
    expect(await widget.getByTestId('order-checks').textContent()).toContain('order PO-300 is yours');
    await expectNoAxeViolations(widget, 'widget: the code for an order');
    await form.getByLabel('Code for order PO-300').fill(code === '000000' ? '111111' : '000000');
    await form.getByRole('button', { name: 'Confirm' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/not right/);
    await form.getByLabel('Code for order PO-300').fill(code);
    await form.getByRole('button', { name: 'Confirm' }).click();
    await widget.getByTestId('order-confirmed').waitFor();
    await screenshot(widget, 'widget-order-confirmed');
    await expect.poll(() => wizard().getByTestId('order-proof').getAttribute('data-state')).toBe('proved');
    await wizard().getByRole('button', { name: 'Open claim' }).click();
    await wizard().getByTestId('wizard-claim-number').waitFor();
    expect(hub.store.cases.list({ orderId: 'PO-300', limit: 10 })).toHaveLength(1);
    const { conversations } = await ok(agent, 'queue:list', {});
    const conv = conversations.find((c: { customer: { name: string } }) => c.customer.name === 'Gina Guest');
    await ok(agent, 'conversation:end', { conversationId: conv.id });
    await ctx.close();
  });

  it('a shopper signed in at the shop arrives verified (identity token) and is "Verified" in the console', async () => {
    const ctx = await browser.newContext();
    const widget = await ctx.newPage();
    const token = await identityToken({ sub: 'shop-77', email: 'vera@shop.test', name: 'Vera Verified', jti: 'e2e-vera-1' });
    await widget.goto(`${hub.url}/widget/#identityToken=${token}`);
    await widget.getByTestId('widget-verified').waitFor();
    // The token is taken off the address at once.
    expect(widget.url()).not.toContain('identityToken');
    await widget.getByLabel('Message').fill('Hello, I am signed in.');
    await widget.getByLabel('Message').press('Enter');
    await expect.poll(() => queueItem('Vera Verified').getByTestId('identity-badge').textContent()).toBe('Verified');
    await queueItem('Vera Verified').click();
    await console_.getByRole('button', { name: 'Accept chat' }).click();
    await expect.poll(() => console_.getByTestId('customer-identity').textContent()).toMatch(/^Verified/);
    await expect.poll(() => console_.getByTestId('conversation-identity').textContent()).toBe('Verified');
    await expectNoAxeViolations(console_, 'console: a verified customer');
    await expectNoAxeViolations(widget, 'widget: a verified shopper');
    await screenshot(console_, 'console-verified');
    await ctx.close();
  });

  it('the widget forgets the customer when the browser session ends unless remembered; "Not you?" forgets at once', async () => {
    const ctx: BrowserContext = await browser.newContext();
    const first = await ctx.newPage();
    await startChat(first, hub.url, 'Sam Shared', 'sam@shop.test', 'Is my parcel on its way?');
    // Kept for this tab's session only: a reload resumes, a new browser session (a new tab) does not.
    expect(await first.evaluate(() => localStorage.getItem('caredesk.widget.session'))).toBeNull();
    await first.reload();
    await first.getByTestId('message').filter({ hasText: 'Is my parcel on its way?' }).waitFor();
    const second = await ctx.newPage();
    await second.goto(`${hub.url}/widget/`);
    await second.getByRole('button', { name: 'Start chat' }).waitFor();
    expect(await second.getByTestId('message').count()).toBe(0);
    await second.close();

    // "Not you? Start again" on the first tab: the start form, and nothing left to resume.
    await first.getByRole('button', { name: 'Not you? Start again' }).click();
    await first.getByRole('button', { name: 'Start chat' }).waitFor();
    expect(await first.getByLabel('Name').inputValue()).toBe('');
    await expectNoAxeViolations(first, 'widget: start form after "Not you?"');
    await first.reload();
    await first.getByRole('button', { name: 'Start chat' }).waitFor();

    // Remembered on this device: a new tab (a new browser session) resumes the chat.
    await first.getByLabel('Name').fill('Rita Remembered');
    await first.getByLabel('Email').fill('rita@shop.test');
    await first.getByLabel('Remember me on this device').check();
    await first.getByRole('button', { name: 'Start chat' }).click();
    await first.getByLabel('Message').fill('Please remember me.');
    await first.getByLabel('Message').press('Enter');
    await first.getByTestId('message').filter({ hasText: 'Please remember me.' }).waitFor();
    const third = await ctx.newPage();
    await third.goto(`${hub.url}/widget/`);
    await third.getByTestId('message').filter({ hasText: 'Please remember me.' }).waitFor();
    await ctx.close();
  });
});
