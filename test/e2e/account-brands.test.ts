// Brands in the Accounts view, in real Chromium (issue 3: "agents can be limited to some brands",
// managed in the console): on a desk with a second brand the admin limits an agent to it; then a
// customer of the default brand is not offered to that agent while a customer of the agent's brand is.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Offer } from '../../shared/protocol/routing';
import type { Hub } from '../../server/hub';
import { expectNoAxeViolations, launchChromium } from '../helpers/browser';
import { PASSWORD, addStaff, customerToken, login, postJson, startTestHub } from '../helpers/hub';
import { call, collect, connectAgent, connectCustomer, ok, until, type AgentSocket, type CustomerSocket } from '../helpers/sockets';

describe('accounts: an admin limits an agent to a brand', () => {
  let hub: Hub;
  let browser: Browser;
  let admin: Page;
  let adminUser: { email: string; id: string };
  let agent: { email: string; name: string; id: string };
  const sockets: (AgentSocket | CustomerSocket)[] = [];
  const row = () => admin.locator(`[data-testid="account-row"][data-email="${agent.email}"]`);
  const status = () => admin.getByTestId('accounts-status').textContent();

  beforeAll(async () => {
    hub = await startTestHub({ settings: { brands: { luxe: { deskName: 'Luxe Care' } } } });
    adminUser = await addStaff(hub, 'admin', 'Ada Admin');
    agent = await addStaff(hub, 'agent', 'Grace Agent');
    browser = await launchChromium();
    admin = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await browser?.close();
    await hub?.close();
  });

  it('the Accounts view shows each account serving all brands, with a Brands action', async () => {
    await admin.goto(`${hub.url}/console/`);
    await admin.getByLabel('Email').fill(adminUser.email);
    await admin.getByLabel('Password').fill(PASSWORD);
    await admin.getByRole('button', { name: 'Sign in' }).click();
    await admin.getByText(/no customers waiting/i).waitFor();
    await admin.getByRole('navigation', { name: 'Desk sections' }).getByRole('button', { name: 'Accounts' }).click();
    await row().waitFor();
    expect(await admin.getByRole('columnheader', { name: 'Brands' }).count()).toBe(1);
    expect(await row().getByTestId('account-brands').textContent()).toBe('All brands');
  });

  it('the admin checks the second brand and saves: the row and the status line say so', async () => {
    await row().getByRole('button', { name: `Brands of ${agent.name}` }).click();
    const card = admin.getByTestId('account-detail');
    await card.getByRole('heading', { name: `Brands of ${agent.name}` }).waitFor();
    const group = card.getByRole('group', { name: `Brands ${agent.name} serves` });
    const standard = group.getByRole('checkbox', { name: 'Customer Care (default)' });
    const luxe = group.getByRole('checkbox', { name: 'Luxe Care (luxe)' });
    expect(await standard.isChecked()).toBe(false);
    expect(await luxe.isChecked()).toBe(false);
    expect(await card.textContent()).toMatch(/None checked: Grace Agent serves every brand/);
    await expectNoAxeViolations(admin, 'brands of an account');

    await luxe.check();
    await expect.poll(() => card.textContent()).toMatch(/offered chats and tickets of the checked brands only/);
    await card.getByRole('button', { name: 'Save brands' }).click();
    await expect.poll(status).toBe('Grace Agent now serves Luxe Care only.');
    expect(await row().getByTestId('account-brands').textContent()).toBe('Luxe Care');
    await expect.poll(() => admin.getByTestId('account-detail').count()).toBe(0);
    // The hub stored it: the admin list (a fresh read) agrees.
    const users = (await (await fetch(`${hub.url}/api/users`, { headers: { authorization: `Bearer ${await login(hub.url, adminUser.email)}` } })).json()) as {
      data: { users: { id: string; brands: string[] | null }[] };
    };
    expect(users.data.users.find((u) => u.id === agent.id)?.brands).toEqual(['luxe']);
  });

  it("a default-brand customer is not offered to that agent; a customer of the agent's brand is", async () => {
    const socket = await connectAgent(hub.url, await login(hub.url, agent.email));
    sockets.push(socket);
    const offers = collect<Offer>(socket, 'conversation:offered');
    expect((await ok<{ brands: string[] | null }>(socket, 'agent:status', {})).brands).toEqual(['luxe']);

    const plain = await connectCustomer(hub.url, await customerToken(hub.url, 'Dora Default'));
    sockets.push(plain);
    const defaultChat = (await ok(plain, 'chat:start', {})).conversation.id as string;
    const fancy = await connectCustomer(hub.url, await customerToken(hub.url, 'Lux Customer'));
    sockets.push(fancy);
    const luxeChat = (await ok(fancy, 'chat:start', { brandId: 'luxe' })).conversation.id as string;

    // Waiting chats are paired oldest first, so an offer of the default chat would come first.
    await until(() => offers.some((o) => o.conversation.id === luxeChat), 5000, 'the luxe chat offered');
    expect(offers.map((o) => [o.conversation.id, o.brandId])).toEqual([[luxeChat, 'luxe']]);
    expect(await call(socket, 'conversation:accept', { conversationId: defaultChat })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await ok(socket, 'conversation:accept', { conversationId: luxeChat });
  });

  it('back to all brands with nothing checked; a refusal from the hub is shown in the card', async () => {
    await row().getByRole('button', { name: `Brands of ${agent.name}` }).click();
    const card = admin.getByTestId('account-detail');
    const luxe = card.getByRole('checkbox', { name: 'Luxe Care (luxe)' });
    expect(await luxe.isChecked()).toBe(true);
    await luxe.uncheck();
    await expect.poll(() => card.textContent()).toMatch(/None checked: Grace Agent serves every brand, including brands added later/);

    // Another admin makes this one a supervisor meanwhile: the hub refuses, and the form says why.
    const other = await addStaff(hub, 'admin', 'Otto Admin');
    const demote = await postJson(`${hub.url}/api/users/update`, { userId: adminUser.id, role: 'supervisor' }, await login(hub.url, other.email));
    expect(demote.status).toBe(200);
    await card.getByRole('button', { name: 'Save brands' }).click();
    await card.getByRole('alert').filter({ hasText: /Only an admin may set the brands/ }).waitFor();
    await expectNoAxeViolations(admin, 'brands of an account, refused');
    expect(await row().getByTestId('account-brands').textContent()).toBe('Luxe Care');

    await postJson(`${hub.url}/api/users/update`, { userId: adminUser.id, role: 'admin' }, await login(hub.url, other.email));
    await card.getByRole('button', { name: 'Save brands' }).click();
    await expect.poll(status).toBe('Grace Agent now serves every brand.');
    expect(await row().getByTestId('account-brands').textContent()).toBe('All brands');
  });
});
