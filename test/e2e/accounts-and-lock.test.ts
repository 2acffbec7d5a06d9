// Accounts, sessions and the idle lock in real Chromium (issue 3): an admin adds an agent and
// disables them (the agent's console is sent back to sign-in with the reason); a desk left idle
// locks, hides the chat, keeps receiving, and unlocks with the password.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { expectNoAxeViolations, launchChromium } from '../helpers/browser';
import { PASSWORD, addStaff, customerToken, postJson, startTestHub } from '../helpers/hub';
import { connectCustomer, ok, type CustomerSocket } from '../helpers/sockets';

async function signIn(page: Page, url: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${url}/console/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function setUpAdmin(hub: Hub, email: string): Promise<void> {
  const r = await postJson(`${hub.url}/api/setup`, { code: hub.setupCode, email, name: 'Ada Admin', password: PASSWORD });
  if (!r.json.ok) throw new Error(`setup failed: ${JSON.stringify(r.json)}`);
}

describe('accounts: an admin adds an agent, then disables them', () => {
  let hub: Hub;
  let browser: Browser;
  let admin: Page;
  let agent: Page;
  const AGENT = { name: 'Avery Agent', email: 'avery@desk.test', password: 'avery first password' };

  beforeAll(async () => {
    hub = await startTestHub();
    await setUpAdmin(hub, 'ada@desk.test');
    browser = await launchChromium();
    admin = await (await browser.newContext()).newPage();
    agent = await (await browser.newContext()).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('the admin opens Accounts from the header and adds an agent', async () => {
    await signIn(admin, hub.url, 'ada@desk.test');
    await admin.getByText(/no customers waiting/i).waitFor();
    await admin.getByRole('navigation', { name: 'Desk sections' }).getByRole('button', { name: 'Accounts' }).click();
    const table = admin.getByTestId('accounts-table');
    await table.getByText('ada@desk.test').waitFor();
    await expectNoAxeViolations(admin, 'accounts view');

    await admin.getByLabel('Name', { exact: true }).fill(AGENT.name);
    await admin.getByLabel('Email', { exact: true }).fill(AGENT.email);
    await admin.getByLabel('Role', { exact: true }).selectOption('agent');
    await admin.getByLabel('First password').fill(AGENT.password);
    await admin.getByRole('button', { name: 'Add account' }).click();
    const row = admin.locator(`[data-testid="account-row"][data-email="${AGENT.email}"]`);
    await row.waitFor();
    await expect.poll(() => admin.getByTestId('accounts-status').textContent()).toMatch(/Added Avery Agent \(agent\)/);
    expect(await row.getByTestId('account-status').textContent()).toBe('Active');
    expect(await row.getByRole('combobox', { name: `Role of ${AGENT.name}` }).inputValue()).toBe('agent');
  });

  it('an account added from the command line appears without a reload; the "Added" notice goes after a few seconds', async () => {
    // What `caredesk users add` does: a row written to the same store by another process.
    const cli = await addStaff(hub, 'agent', 'Bruno Costa');
    await admin.locator(`[data-testid="account-row"][data-email="${cli.email}"]`).waitFor({ timeout: 15_000 });
    await expect.poll(() => admin.getByTestId('accounts-status').textContent(), { timeout: 15_000 }).not.toMatch(/Added Avery Agent/);
  });

  it('a refused account (duplicate email) shows the reason in the form', async () => {
    await admin.getByLabel('Name', { exact: true }).fill('Someone Else');
    await admin.getByLabel('Email', { exact: true }).fill(AGENT.email);
    await admin.getByLabel('First password').fill('another long password');
    await admin.getByRole('button', { name: 'Add account' }).click();
    await admin.getByRole('alert').filter({ hasText: /already exists/ }).waitFor();
    await expectNoAxeViolations(admin, 'accounts view with a form error');
  });

  it('the new agent signs in from another browser, and the admin sees that session', async () => {
    await signIn(agent, hub.url, AGENT.email, AGENT.password);
    await agent.getByText(/no customers waiting/i).waitFor();
    // Agents get no Accounts section.
    expect(await agent.getByRole('navigation', { name: 'Desk sections' }).getByRole('button', { name: 'Accounts' }).count()).toBe(0);

    await admin.getByRole('button', { name: `Sessions of ${AGENT.name}` }).click();
    const detail = admin.getByTestId('account-detail');
    await detail.getByTestId('session-row').first().waitFor();
    expect(await detail.getByTestId('session-row').count()).toBe(1);
    expect(await detail.textContent()).toMatch(/Chrome on Linux/);
    await expectNoAxeViolations(admin, "accounts view with a user's sessions");
  });

  it("disabling the agent sends their console back to sign-in at once, with the reason", async () => {
    const row = admin.locator(`[data-testid="account-row"][data-email="${AGENT.email}"]`);
    await row.getByRole('button', { name: `Disable ${AGENT.name}` }).click();
    await expect.poll(() => row.getAttribute('data-disabled')).toBe('true');
    await agent.getByRole('heading', { name: 'Sign in' }).waitFor({ timeout: 5000 });
    await expect.poll(() => agent.getByTestId('auth-notice').textContent()).toMatch(/disabled by an admin/);
    await expectNoAxeViolations(agent, 'sign-in after being disabled');

    // Signing in again does not work while disabled.
    await agent.getByLabel('Email').fill(AGENT.email);
    await agent.getByLabel('Password').fill(AGENT.password);
    await agent.getByRole('button', { name: 'Sign in' }).click();
    await agent.getByRole('alert').filter({ hasText: /wrong email or password/i }).waitFor();
  });

  it('the admin enables the agent and resets their password; the new one works', async () => {
    const row = admin.locator(`[data-testid="account-row"][data-email="${AGENT.email}"]`);
    await row.getByRole('button', { name: `Enable ${AGENT.name}` }).click();
    await expect.poll(() => row.getAttribute('data-disabled')).toBe('false');
    await row.getByRole('button', { name: `Reset password of ${AGENT.name}` }).click();
    await admin.getByLabel(`New password for ${AGENT.name}`).fill('avery second password');
    await expectNoAxeViolations(admin, 'reset password form');
    await admin.getByRole('button', { name: 'Set password', exact: true }).click();
    await expect.poll(() => admin.getByTestId('accounts-status').textContent()).toMatch(/New password set for Avery Agent/);
    await signIn(agent, hub.url, AGENT.email, 'avery second password');
    await agent.getByText(/no customers waiting/i).waitFor();
  });

  it('everyone has a Sessions view, reached by keyboard, with this device marked', async () => {
    const nav = admin.getByRole('navigation', { name: 'Desk sections' });
    await nav.getByRole('button', { name: 'Sessions', exact: true }).focus();
    await admin.keyboard.press('Enter');
    const heading = admin.getByRole('heading', { name: 'Your sessions' });
    await heading.waitFor();
    await expect.poll(() => heading.evaluate((h) => h === document.activeElement)).toBe(true);
    expect(await nav.getByRole('button', { name: 'Sessions', exact: true }).getAttribute('aria-current')).toBe('page');
    const current = admin.locator('[data-testid="session-row"][data-current="true"]');
    await current.waitFor();
    expect(await current.textContent()).toMatch(/This device/);
    await expectNoAxeViolations(admin, 'sessions view');

    // An agent has the same view of their own sessions.
    await agent.getByRole('navigation', { name: 'Desk sections' }).getByRole('button', { name: 'Sessions', exact: true }).click();
    await agent.locator('[data-testid="session-row"][data-current="true"]').waitFor();
    await expectNoAxeViolations(agent, "an agent's sessions view");
  });
});

describe('idle lock: the desk locks when left idle and unlocks with the password', () => {
  const IDLE_LOCK_MS = 3000;
  const FIRST = 'My parcel for Rue Saint-Honoré never arrived';
  const WHILE_LOCKED = 'Here is my home phone number 555 0199';
  let hub: Hub;
  let browser: Browser;
  let page: Page;
  let customer: CustomerSocket;
  let conversationId: string;
  let agentEmail: string;

  beforeAll(async () => {
    hub = await startTestHub({ policy: { chat: { idleLockMs: IDLE_LOCK_MS } } });
    await setUpAdmin(hub, 'ada@desk.test');
    agentEmail = (await addStaff(hub, 'agent', 'Lena Agent')).email;
    customer = await connectCustomer(hub.url, await customerToken(hub.url, 'Camille Client', 'camille@shop.test'));
    conversationId = (await ok(customer, 'chat:start', {})).conversation.id;
    await ok(customer, 'chat:send', { conversationId, clientId: 'e2e-lock-first', body: FIRST });
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
  });
  afterAll(async () => {
    customer?.close();
    await browser?.close();
    await hub?.close();
  });

  const lockHeading = () => page.getByRole('heading', { name: 'Desk locked' });

  it('the agent reads the chat; left idle, the desk locks and nothing of the chat is left in the page', async () => {
    await signIn(page, hub.url, agentEmail);
    const item = page.getByTestId('queue-item').filter({ hasText: 'Camille Client' });
    await item.waitFor();
    const beforeLastInput = Date.now();
    await item.click(); // the last input: nothing touches the page after this
    await page.getByTestId('message').filter({ hasText: FIRST }).waitFor();
    expect(await lockHeading().count()).toBe(0);

    await lockHeading().waitFor({ timeout: IDLE_LOCK_MS + 5000 });
    expect(Date.now() - beforeLastInput).toBeGreaterThanOrEqual(IDLE_LOCK_MS);
    const html = await page.content();
    for (const secret of [FIRST, 'Camille Client', 'camille@shop.test']) expect(html).not.toContain(secret);
    expect(await page.getByText(FIRST).count()).toBe(0);
    expect(await page.getByTestId('message').count()).toBe(0);
    await expectNoAxeViolations(page, 'lock screen');
  });

  it('while locked, the live link keeps working: a new message is counted, never shown', async () => {
    await ok(customer, 'chat:send', { conversationId, clientId: 'e2e-lock-second', body: WHILE_LOCKED });
    await expect.poll(() => page.getByTestId('lock-arrivals').textContent()).toMatch(/1 new message since the desk locked/);
    expect(await page.content()).not.toContain(WHILE_LOCKED);
  });

  it('a wrong password shows an error and the desk stays locked', async () => {
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => page.getByTestId('unlock-error').textContent()).toMatch(/password is not right/);
    expect(await lockHeading().isVisible()).toBe(true);
    expect(await page.content()).not.toContain(FIRST);
    await expectNoAxeViolations(page, 'lock screen with an error');
  });

  it('the right password unlocks: the chat is back with what arrived meanwhile, in order', async () => {
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByTestId('message').filter({ hasText: WHILE_LOCKED }).waitFor();
    const bodies = await page.getByTestId('message').allTextContents();
    expect(bodies.findIndex((b) => b.includes(FIRST))).toBeLessThan(bodies.findIndex((b) => b.includes(WHILE_LOCKED)));
  });

  it('unlocking brings the agent back to the section they were in, not to Chats', async () => {
    await page.getByRole('navigation', { name: 'Desk sections' }).getByRole('button', { name: 'Transcripts' }).click();
    await page.getByRole('heading', { name: 'Transcripts', level: 2 }).waitFor();
    await lockHeading().waitFor({ timeout: IDLE_LOCK_MS + 5000 });
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('heading', { name: 'Transcripts', level: 2 }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Desk sections' }).getByRole('button', { name: 'Transcripts' }).getAttribute('aria-current')).toBe('page');
  });

  it('reloading a locked desk comes back locked; "Sign out" from the lock screen ends the session', async () => {
    await lockHeading().waitFor({ timeout: IDLE_LOCK_MS + 5000 });
    await page.reload();
    await lockHeading().waitFor();
    expect(await page.content()).not.toContain(FIRST);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await expect.poll(() => page.getByTestId('auth-notice').textContent()).toMatch(/signed out/i);
  });
});
