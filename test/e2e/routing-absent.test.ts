// Issue 9 in real Chromium: a chat never sits with someone who cannot answer it. The transfer
// dialog lists an offline colleague disabled, with why, and the hub refuses a transfer to them
// anyway; an agent who disconnects beyond the grace period (short here) loses the chat back to the
// queue — Live warns meanwhile, the customer is told, the next agent sees a notice when it is
// given to them; the offer card shows the customer's first words and the chat its waiting timer.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { expectNoAxeViolations, launchChromium } from '../helpers/browser';
import { screenshot, signIn, startChat } from '../helpers/caseScreens';
import { addStaff, login, startTestHub } from '../helpers/hub';
import { call, connectAgent } from '../helpers/sockets';

const GRACE_MS = 4000;

describe('routing around absent agents, in the console', () => {
  let hub: Hub;
  let browser: Browser;
  let chloe: Page;
  let sup: Page;
  let dana: Page;
  let rita: Page;
  const emails: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    hub = await startTestHub({ policy: { chat: { agentOfflineGraceMs: GRACE_MS, offerTimeoutMs: 120_000 } }, settings: { superviseUpdateMs: 50 } });
    await addStaff(hub, 'admin', 'Ada Admin');
    for (const [key, role, name] of [
      ['chloe', 'agent', 'Chloé Agent'],
      ['otto', 'agent', 'Otto Offline'],
      ['dana', 'agent', 'Dana Agent'],
      ['sue', 'supervisor', 'Sue Supervisor'],
    ] as const) {
      const u = await addStaff(hub, role, name);
      emails[key] = u.email;
      ids[key] = u.id;
    }
    browser = await launchChromium();
    const page = async (width: number, height: number) => (await browser.newContext({ viewport: { width, height } })).newPage();
    chloe = await page(1366, 768);
    sup = await page(1366, 768);
    dana = await page(1366, 768);
    rita = await page(400, 700);
    await signIn(chloe, hub.url, emails.chloe!);
    await signIn(sup, hub.url, emails.sue!);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('the offer card shows the customer’s first words; the chat shows how long they wait for a reply', async () => {
    await startChat(rita, hub.url, 'Rita Requeue', 'rita.requeue@example.com', 'My parcel says delivered but it is not here');
    const offer = chloe.getByTestId('offer');
    await expect.poll(() => offer.getByTestId('offer-first-message').textContent()).toContain('My parcel says delivered');
    await expectNoAxeViolations(chloe, 'offer with the first message');
    await offer.getByRole('button', { name: /Accept offer/ }).click();
    await expect.poll(() => chloe.getByTestId('conversation-status').getAttribute('data-status')).toBe('active');
    const item = chloe.getByTestId('queue-item').filter({ hasText: 'Rita Requeue' });
    await expect.poll(() => item.getByTestId('queue-preview').textContent()).toContain('My parcel says delivered');
    await expect.poll(() => item.getByTestId('reply-wait').textContent()).toMatch(/Waiting for your reply/);
  });

  it('the transfer dialog shows the offline colleague disabled, with why; the hub refuses such a transfer too', async () => {
    await chloe.keyboard.press('Alt+T');
    const dialog = chloe.getByTestId('transfer-dialog');
    await dialog.waitFor();
    const otto = dialog.getByTestId('transfer-agent-option').filter({ hasText: 'Otto Offline' });
    await otto.waitFor({ state: 'attached' });
    expect(await otto.isDisabled()).toBe(true);
    expect(await otto.textContent()).toContain('offline — not connected');
    await expectNoAxeViolations(chloe, 'transfer dialog with an offline colleague');
    await screenshot(chloe, 'transfer-offline-disabled');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    const socket = await connectAgent(hub.url, await login(hub.url, emails.chloe!));
    const conversationId = (await chloe.locator('.conv[data-conversation-id]').getAttribute('data-conversation-id'))!;
    ids.chat = conversationId;
    expect(await call(socket, 'conversation:transfer', { conversationId, toAgentId: ids.otto, note: 'over to you' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('Otto Offline is offline') },
    });
    socket.close();
    expect(hub.store.conversations.get(conversationId)?.assignedAgent?.id).toBe(ids.chloe);
  });

  it('Chloé disconnects: Live warns, then after the grace period the chat goes back, the customer is told and Dana gets it', async () => {
    await sup.getByRole('navigation', { name: 'Desk sections' }).getByRole('button', { name: 'Live' }).click();
    await chloe.context().close();
    const warning = sup.locator(`[data-testid="live-agent"][data-agent-id="${ids.chloe}"]`).getByTestId('live-agent-warning');
    await expect.poll(() => warning.textContent(), { timeout: 10_000 }).toMatch(/Offline with 1 chat — back to the queue at .* unless they reconnect/);
    await expectNoAxeViolations(sup, 'live with an offline agent holding a chat');
    await screenshot(sup, 'live-offline-warning');

    await expect.poll(() => rita.locator('[data-testid="message"][data-author-kind="system"]').allTextContents(), { timeout: 15_000 }).toEqual([
      expect.stringContaining('Chloé Agent has been disconnected. You are back in the queue'),
    ]);
    await expect.poll(() => rita.getByTestId('chat-status').getAttribute('data-status')).toBe('waiting');
    await expect.poll(() => warning.count()).toBe(0);

    // Dana signs in: the chat is offered to her and she takes it; Rita hears who has it now.
    await signIn(dana, hub.url, emails.dana!);
    await dana.getByTestId('offer').getByRole('button', { name: /Accept offer/ }).click();
    await expect.poll(() => rita.getByTestId('chat-status').textContent()).toContain('Dana Agent');
  });

  it('a supervisor gives Dana’s chat to Chloé: Dana sees a notice, not only hears it', async () => {
    chloe = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await signIn(chloe, hub.url, emails.chloe!);
    await expect.poll(() => hub.routing.statusOf(ids.chloe!)).toBe('available');
    await sup.locator(`[data-testid="live-chat"][data-conversation-id="${ids.chat}"]`).getByRole('button').first().click();
    const form = sup.getByRole('form', { name: /Reassign the chat/ });
    await form.getByLabel('Reassign to').selectOption({ value: ids.chloe! });
    await form.getByRole('button', { name: 'Reassign' }).click();
    const toast = dana.getByTestId('toast').filter({ hasText: 'Rita Requeue’s chat was moved to Chloé Agent' });
    await toast.waitFor();
    const given = chloe.getByTestId('toast').filter({ hasText: 'Rita Requeue’s chat was given to you' });
    await given.waitFor();
    await expectNoAxeViolations(chloe, 'a notice of a chat given');
    // The chat she has not opened is not hidden behind "Nobody is waiting".
    await chloe.getByTestId('nothing-selected').getByRole('button', { name: 'Open the chat with Rita Requeue' }).click();
    await expect.poll(() => chloe.getByTestId('conversation-status').getAttribute('data-status')).toBe('active');
  });
});
