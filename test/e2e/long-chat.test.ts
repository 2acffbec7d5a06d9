// A 5,000-message live chat in the console's chat pane (the common, windowed thread): it opens at the
// newest message, loading only the newest page, with only a screenful of rows in the DOM; earlier
// pages load as the agent scrolls up, without moving what they read, down to the first message;
// the reader keeps their place when a message arrives while they read history, and new messages
// are followed again once they are back at the bottom (reached with the keyboard). Save transcript
// writes the whole chat, pages not scrolled to included.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { expectNoAxeViolations, launchChromium } from '../helpers/browser';
import { signIn } from '../helpers/caseScreens';
import { addStaff, login, startTestHub } from '../helpers/hub';
import { connectAgent, ok, type AgentSocket } from '../helpers/sockets';
import { seedConversation } from '../helpers/transcripts';
import { HISTORY_PAGE } from '../../renderer/common/historyPage';

const BIG = 5000;

describe('a 5,000-message chat in the chat pane', () => {
  let hub: Hub;
  let browser: Browser;
  let page: Page;
  let agentSocket: AgentSocket;
  let conversationId: string;
  let agentEmail: string;

  beforeAll(async () => {
    hub = await startTestHub();
    await addStaff(hub, 'admin', 'Ada Admin');
    const agent = await addStaff(hub, 'agent', 'Lou Agent');
    agentEmail = agent.email;
    // The agent's own second session writes the new messages: they reach the console like any other.
    agentSocket = await connectAgent(hub.url, await login(hub.url, agent.email));
    const bodies = Array.from({ length: BIG }, (_, i) => `chat line ${i + 1}`);
    conversationId = await seedConversation(hub, { email: 'lena@shop.test', name: 'Lena Long', agentId: agent.id, bodies });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  });

  afterAll(async () => {
    agentSocket?.disconnect();
    await browser?.close();
    await hub?.close();
  });

  const log = () => page.getByRole('log', { name: 'Transcript with Lena Long' });
  const row = (seq: number) => log().locator(`[data-testid="message"][data-seq="${seq}"]`);
  const send = (n: number) => ok(agentSocket, 'chat:send', { conversationId, clientId: `long-chat-${n}`, body: `new line ${n}` });
  /** Whether the row is inside the visible part of the log. */
  const inView = async (seq: number) => {
    const [box, r] = [await log().boundingBox(), await row(seq).boundingBox()];
    return !!box && !!r && r.y >= box.y - 1 && r.y + r.height <= box.y + box.height + 1;
  };

  it('opens at the newest message with only a window of rows in the DOM', async () => {
    await signIn(page, hub.url, agentEmail);
    await page.getByTestId('queue-item').filter({ hasText: 'Lena Long' }).click();
    await row(BIG).waitFor();
    await expect.poll(() => inView(BIG)).toBe(true);
    const inDom = await log().getByTestId('message').count();
    expect(inDom).toBeGreaterThan(3);
    expect(inDom).toBeLessThan(100);
    // Only the newest page came from the hub: the thread knows of 200 messages, not 5,000.
    expect(Number(await log().locator('li').first().getAttribute('aria-setsize'))).toBe(HISTORY_PAGE);
    expect(await log().getByTestId('earlier-messages').textContent()).toBe('Scroll up for older messages');
    await expectNoAxeViolations(page, 'console with a 5,000-message chat');
  });

  it('keeps the place of a reader who scrolled up when a message arrives', async () => {
    await log().evaluate((el) => (el.scrollTop = el.scrollTop - 4000));
    await expect.poll(() => row(BIG).count()).toBe(0);
    const seqs = async () => log().getByTestId('message').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))));
    const reading = (await seqs())[5]!;
    const held = Number(await log().locator('li').first().getAttribute('aria-setsize'));
    const before = (await row(reading).boundingBox())!.y;
    await send(1);
    // The thread has it (the rows' set size says so), out of view; the reader's row has not moved.
    await expect.poll(() => log().locator('li').first().getAttribute('aria-setsize')).toBe(String(held + 1));
    expect(Math.abs((await row(reading).boundingBox())!.y - before)).toBeLessThan(2);
    expect(await row(BIG + 1).count()).toBe(0);
  });

  it('End on the log goes back to the newest, and new messages are followed again', async () => {
    await log().focus();
    await page.keyboard.press('End');
    await row(BIG + 1).waitFor();
    await expect.poll(() => inView(BIG + 1)).toBe(true);
    await send(2);
    await row(BIG + 2).waitFor();
    await expect.poll(() => inView(BIG + 2)).toBe(true);
    expect(await log().getByTestId('message').count()).toBeLessThan(100);
  });

  it('scrolling up loads earlier pages without moving the row being read', async () => {
    const setSize = async () => Number(await log().locator('li').first().getAttribute('aria-setsize'));
    const seqs = async () => log().getByTestId('message').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))));
    const held = await setSize();
    await log().evaluate((el) => (el.scrollTop = 0));
    await expect.poll(setSize).toBe(held + HISTORY_PAGE);
    // The page went in above: the first row on screen is still the newest page's first message.
    await expect.poll(async () => (await seqs()).includes(BIG - HISTORY_PAGE + 1)).toBe(true);
    expect(await inView(BIG - HISTORY_PAGE + 1)).toBe(true);
  });

  it('Home, again and again, reaches the first message; then no earlier line is shown', async () => {
    await log().focus();
    await expect
      .poll(
        async () => {
          await page.keyboard.press('Home');
          return row(1).count();
        },
        { timeout: 30_000, interval: 100 },
      )
      .toBe(1);
    await expect.poll(() => log().getByTestId('earlier-messages').count()).toBe(0);
    expect(await row(1).textContent()).toContain('chat line 1');
  });

  it('Save transcript writes the whole chat', async () => {
    // A fresh page opens the chat on its newest page again: the file must still hold all of it.
    await page.reload();
    await page.getByTestId('queue-item').filter({ hasText: 'Lena Long' }).click();
    await row(BIG + 2).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save transcript' }).click()]);
    const text = Buffer.concat(await (await download.createReadStream()).toArray()).toString('utf8');
    expect(text).toContain(': chat line 1\n');
    expect(text).toContain(': chat line 2500\n');
    expect(text).toContain(': new line 2');
  });
});
