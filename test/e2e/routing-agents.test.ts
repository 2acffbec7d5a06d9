// Working the queue in real Chromium: two agents on two consoles with a cap of two chats each,
// customers on widget pages (and one on a bare socket). Offers go out oldest first under the cap,
// are accepted by button and by Alt+A; unread counts on the chat not on screen; a canned reply with
// "/"; a private note the customer never sees; a transfer with its note to the other agent.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { expectNoAxeViolations, launchChromium } from '../helpers/browser';
import { screenshot, signIn, startChat, startVerifiedChat } from '../helpers/caseScreens';
import { addStaff, customerToken, login, startTestHub, verifiedCustomerToken } from '../helpers/hub';
import { connectAgent, connectCustomer, ok, type AgentSocket } from '../helpers/sockets';

const ADA = { name: 'Ada Lovelace', email: 'ada.lovelace@example.com' };
const BEA = { name: 'Bea Bright', email: 'bea.bright@example.com' };
const CLEO = 'Cleo Third';
const NOTE = 'VIP customer: offer express shipping at no cost';
const TRANSFER_NOTE = 'Wants express shipping on the returned scarf; Bob knows the courier';

describe('working the queue: routing, several chats, notes and transfer in the console', () => {
  let hub: Hub;
  let browser: Browser;
  let ann: Page;
  let bob: Page;
  let ada: Page;
  let bea: Page;
  let supervisor: AgentSocket;
  const sockets: { close(): void }[] = [];
  let annEmail = '';
  let bobEmail = '';

  beforeAll(async () => {
    hub = await startTestHub({ policy: { chat: { agentMaxConcurrent: 2, offerTimeoutMs: 120_000 } } });
    const admin = await addStaff(hub, 'admin', 'Ada Admin');
    annEmail = (await addStaff(hub, 'agent', 'Ann Agent')).email;
    bobEmail = (await addStaff(hub, 'agent', 'Bob Agent')).email;
    const sup = await addStaff(hub, 'supervisor', 'Sue Supervisor');
    supervisor = await connectAgent(hub.url, await login(hub.url, sup.email));
    sockets.push(supervisor);
    await ok(supervisor, 'canned:save', { shortcut: 'returns', title: 'Returns policy', body: 'You can return any item within 30 days, free of charge.' });

    // Ada chatted with us before: an earlier, ended conversation (the admin is away, so never offered).
    // She is signed in at the shop both times: only a verified customer's earlier chats join (issue 12).
    const adminSocket = await connectAgent(hub.url, await login(hub.url, admin.email));
    sockets.push(adminSocket);
    const before = await connectCustomer(hub.url, await verifiedCustomerToken(hub.url, ADA.name, ADA.email));
    sockets.push(before);
    const old = (await ok(before, 'chat:start', {})).conversation.id as string;
    await ok(adminSocket, 'conversation:accept', { conversationId: old });
    await ok(adminSocket, 'chat:send', { conversationId: old, clientId: 'old-question-1', body: 'Your order DEMO-1001 has shipped.' });
    await ok(adminSocket, 'conversation:end', { conversationId: old });
    before.close();

    browser = await launchChromium();
    const page = async (width = 1440) => (await browser.newContext({ viewport: { width, height: 900 } })).newPage();
    ann = await page();
    bob = await page();
    ada = await page(480);
    bea = await page(480);
  });
  afterAll(async () => {
    for (const s of sockets.splice(0)) s.close();
    await browser?.close();
    await hub?.close();
  });

  const status = (p: Page) => p.getByTestId('agent-status');
  const load = (p: Page) => p.getByTestId('agent-load');
  const offers = (p: Page) => p.getByTestId('offer');
  const myChat = (p: Page, name: string) => p.locator('[data-testid="queue-item"][data-status="active"]').filter({ hasText: name });
  const waitingChat = (p: Page, name: string) => p.locator('[data-testid="queue-item"][data-status="waiting"]').filter({ hasText: name });

  it('both agents sign in: Ann available with 0 of 2 chats, Bob sets himself away', async () => {
    await signIn(ann, hub.url, annEmail);
    await signIn(bob, hub.url, bobEmail);
    await expect.poll(() => status(ann).getAttribute('data-status')).toBe('available');
    await expect.poll(() => load(ann).textContent()).toBe('0 of 2 chats');
    await bob.getByLabel('Availability').selectOption('away');
    await expect.poll(() => status(bob).getAttribute('data-status')).toBe('away');
    await expectNoAxeViolations(ann, 'console with the status control');
  });

  it('three customers in turn: the first two are offered to Ann (her cap), the third waits', async () => {
    await startVerifiedChat(ada, hub.url, ADA.name, ADA.email, 'Hello, I would like to return a scarf.');
    await startChat(bea, hub.url, BEA.name, BEA.email, 'Where is my parcel?');
    const cleo = await connectCustomer(hub.url, await customerToken(hub.url, CLEO));
    sockets.push(cleo);
    await ok(cleo, 'chat:start', {});

    await expect.poll(() => offers(ann).allTextContents()).toEqual([expect.stringContaining(ADA.name), expect.stringContaining(BEA.name)]);
    await expect.poll(() => load(ann).textContent()).toBe('2 of 2 chats');
    await expect.poll(() => offers(ann).first().getByTestId('offer-countdown').textContent()).toMatch(/\d+ s left to accept/);
    // Cleo was not offered to anyone: Ann is full and Bob is away. She waits in both queues.
    await waitingChat(bob, CLEO).waitFor();
    expect(await offers(ann).filter({ hasText: CLEO }).count()).toBe(0);
    expect(await offers(bob).count()).toBe(0);
    await expectNoAxeViolations(ann, 'console with two offers');
    await screenshot(ann, 'routing-offers');
  });

  it('Bob becomes available and the third chat is offered to him', async () => {
    await bob.getByLabel('Availability').selectOption('available');
    await expect.poll(() => offers(bob).allTextContents()).toEqual([expect.stringContaining(CLEO)]);
    await expect.poll(() => load(bob).textContent()).toBe('1 of 2 chats');
    await bob.getByRole('button', { name: `Accept offer: ${CLEO}` }).click();
    await myChat(bob, CLEO).waitFor();
    await expect.poll(() => offers(bob).count()).toBe(0);
  });

  it('Ann accepts one offer with the button and the other with Alt+A; both are hers, the last one open', async () => {
    await ann.getByRole('button', { name: `Accept offer: ${ADA.name}` }).click();
    await myChat(ann, ADA.name).waitFor();
    await expect.poll(() => offers(ann).allTextContents()).toEqual([expect.stringContaining(BEA.name)]);
    await ann.keyboard.press('Alt+A');
    await myChat(ann, BEA.name).waitFor();
    await expect.poll(() => offers(ann).count()).toBe(0);
    await expect.poll(() => ann.locator('#conv-title').textContent()).toBe(BEA.name);
    await expect.poll(() => ann.getByTestId('conversation-status').textContent()).toMatch(/active/i);
  });

  it('Ada writes while Ann reads Bea’s chat: an unread count on Ada’s chat, cleared when opened', async () => {
    await ada.getByLabel('Message').fill('Is anyone there?');
    await ada.getByLabel('Message').press('Enter');
    await expect.poll(() => myChat(ann, ADA.name).getByTestId('unread-count').textContent()).toMatch(/^1/);
    expect(await myChat(ann, BEA.name).getByTestId('unread-count').count()).toBe(0);
    await ada.getByLabel('Message').fill('It is about DEMO-1001.');
    await ada.getByLabel('Message').press('Enter');
    await expect.poll(() => myChat(ann, ADA.name).getByTestId('unread-count').textContent()).toMatch(/^2/);

    await myChat(ann, ADA.name).click();
    await ann.getByTestId('message').filter({ hasText: 'Is anyone there?' }).waitFor();
    await expect.poll(() => myChat(ann, ADA.name).getByTestId('unread-count').count()).toBe(0);
  });

  it('beside the chat: who Ada is and her earlier conversation', async () => {
    const panel = ann.getByTestId('customer-panel');
    await expect.poll(() => panel.textContent()).toContain(ADA.email);
    await expect.poll(() => panel.getByTestId('past-conversation').count()).toBe(1);
    await panel.getByRole('button', { name: /Show messages/ }).click();
    await panel.getByTestId('past-message').filter({ hasText: 'DEMO-1001 has shipped' }).waitFor();
    await ann.getByTestId('cases-panel').waitFor();
  });

  it('"/" opens the canned replies, kept current as a supervisor adds one; Enter inserts the reply', async () => {
    await ok(supervisor, 'canned:save', { shortcut: 'refund-time', title: 'Refund timing', body: 'Refunds reach your card within 5 working days.' });
    const composer = ann.getByLabel('Message');
    await composer.pressSequentially('/re');
    const options = ann.getByRole('listbox', { name: 'Canned replies' }).getByRole('option');
    await expect.poll(() => options.allTextContents()).toEqual([expect.stringContaining('/refund-time'), expect.stringContaining('/returns')]);
    await expectNoAxeViolations(ann, 'canned replies open');
    await screenshot(ann, 'routing-canned');
    await composer.press('ArrowDown');
    await expect.poll(() => options.nth(1).getAttribute('aria-selected')).toBe('true');
    await composer.press('Enter');
    await expect.poll(() => composer.inputValue()).toBe('You can return any item within 30 days, free of charge.');
    await composer.press('Enter');
    await ada.getByTestId('message').filter({ hasText: 'within 30 days, free of charge' }).waitFor();

    // Escape closes the list and leaves the draft alone.
    await composer.pressSequentially('/zz');
    await ann.getByText('No canned reply matches “zz”.').waitFor();
    await composer.press('Escape');
    await expect.poll(() => ann.getByText('No canned reply matches').count()).toBe(0);
    await expect.poll(() => composer.inputValue()).toBe('/zz');
    await composer.fill('');
  });

  it('a private note shows in Ann’s console, marked, and never on Ada’s page', async () => {
    await ann.getByRole('button', { name: 'Private note' }).click();
    const noteBox = ann.getByLabel('Private note', { exact: true });
    await noteBox.fill(NOTE);
    await noteBox.press('Enter');
    const note = ann.getByTestId('private-note').filter({ hasText: NOTE });
    await note.waitFor();
    await expect.poll(() => note.textContent()).toMatch(/Private note.*Ann Agent.*customer does not see this/s);
    await expectNoAxeViolations(ann, 'chat with a private note');

    // Back to replying (Alt+N); a reply after the note reaches Ada, the note does not.
    await noteBox.press('Alt+N');
    await ann.getByLabel('Message').fill('Let me check the courier for you.');
    await ann.getByLabel('Message').press('Enter');
    await ada.getByTestId('message').filter({ hasText: 'check the courier' }).waitFor();
    expect(await ada.locator('body').textContent()).not.toContain(NOTE);
  });

  it('Ann transfers Ada to Bob with a note: the chat leaves her list; Bob has it with its history and the note', async () => {
    await ann.getByRole('button', { name: 'Transfer…' }).click();
    const dialog = ann.getByRole('dialog', { name: `Transfer the chat with ${ADA.name}` });
    await dialog.waitFor();
    const agent = dialog.getByLabel('Agent', { exact: true });
    await expect.poll(() => agent.locator('option').allTextContents()).toContainEqual(expect.stringMatching(/^Bob Agent — available, 1 of 2 chats$/));
    await expectNoAxeViolations(ann, 'transfer dialog');
    // The note is required.
    await agent.selectOption({ label: 'Bob Agent — available, 1 of 2 chats' });
    await dialog.getByRole('button', { name: 'Transfer', exact: true }).click();
    await dialog.getByRole('alert').filter({ hasText: /write a note/i }).waitFor();
    await dialog.getByLabel(/Note for whoever takes it/).fill(TRANSFER_NOTE);
    await dialog.getByRole('button', { name: 'Transfer', exact: true }).click();

    await expect.poll(() => dialog.count()).toBe(0);
    await expect.poll(() => myChat(ann, ADA.name).count()).toBe(0);
    await expect.poll(() => ann.getByTestId('routing-announcer').textContent()).toContain(`${ADA.name} was transferred to Bob Agent`);
    await expect.poll(() => load(ann).textContent()).toBe('1 of 2 chats');

    await myChat(bob, ADA.name).click();
    await bob.getByTestId('message').filter({ hasText: 'Is anyone there?' }).waitFor();
    await bob.getByTestId('message').filter({ hasText: 'within 30 days' }).waitFor();
    const transferNote = bob.locator('[data-testid="private-note"][data-kind="transfer"]');
    await expect.poll(() => transferNote.textContent()).toMatch(new RegExp(`Transfer note.*Ann Agent.*${TRANSFER_NOTE}`, 's'));
    // Ann's own private note travels with the chat to Bob too; none of it reaches Ada.
    await bob.getByTestId('private-note').filter({ hasText: NOTE }).waitFor();
    await expect.poll(() => load(bob).textContent()).toBe('2 of 2 chats');

    await bob.getByLabel('Message').fill('Hi Ada, Bob here: I will sort out the express shipping.');
    await bob.getByLabel('Message').press('Enter');
    await ada.getByTestId('message').filter({ hasText: 'Bob here' }).waitFor();
    const adaText = (await ada.locator('body').textContent()) ?? '';
    expect(adaText).not.toContain(TRANSFER_NOTE);
    expect(adaText).not.toContain(NOTE);
    await expectNoAxeViolations(bob, 'console with two chats after a transfer');
    await screenshot(bob, 'routing-after-transfer');
  });
});
