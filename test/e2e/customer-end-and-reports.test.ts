// Issue 9 in real Chromium: the customer ends the chat from the widget (after a confirmation),
// rates it and is offered the copy; the rating shows in the supervisor's Reports, and a low one
// opens its chat in Transcripts. The agent's own End chat (button and Alt+Shift+E) asks first.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { expectNoAxeViolations, launchChromium } from '../helpers/browser';
import { screenshot, signIn, startChat, takeChat } from '../helpers/caseScreens';
import { addStaff, startTestHub } from '../helpers/hub';

const RITA = { name: 'Rita Rating', email: 'rita.rating@example.com' };
const OLGA = { name: 'Olga Other', email: 'olga.other@example.com' };

describe('the customer’s end of the chat, the rating and Reports', () => {
  let hub: Hub;
  let browser: Browser;
  let agent: Page;
  let sup: Page;
  let rita: Page;
  let olga: Page;

  beforeAll(async () => {
    hub = await startTestHub();
    await addStaff(hub, 'admin', 'Ada Admin');
    const ann = await addStaff(hub, 'agent', 'Ann Agent');
    const sue = await addStaff(hub, 'supervisor', 'Sue Supervisor');
    browser = await launchChromium();
    const page = async (width: number, height: number) => (await browser.newContext({ viewport: { width, height } })).newPage();
    agent = await page(1366, 768);
    sup = await page(1366, 768);
    rita = await page(400, 700);
    olga = await page(400, 700);
    await signIn(agent, hub.url, ann.email);
    await signIn(sup, hub.url, sue.email);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('the customer ends the chat after confirming; the agent sees it ended', async () => {
    await startChat(rita, hub.url, RITA.name, RITA.email, 'Where is my parcel?');
    await takeChat(agent, RITA.name);
    await agent.getByLabel('Message').fill('It left our warehouse this morning.');
    await agent.getByLabel('Message').press('Enter');
    await rita.getByTestId('message').filter({ hasText: 'It left our warehouse' }).waitFor();

    await rita.getByTestId('end-chat').click();
    const confirm = rita.getByTestId('end-chat-confirm');
    await confirm.waitFor();
    await expectNoAxeViolations(rita, 'widget asking to end the chat');
    // "Keep chatting" (focused first, also Escape) leaves the chat as it was.
    await expect.poll(() => rita.evaluate(() => document.activeElement?.textContent)).toBe('Keep chatting');
    await rita.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    expect(await rita.getByTestId('chat-status').getAttribute('data-status')).toBe('active');

    await rita.getByTestId('end-chat').click();
    await rita.getByRole('button', { name: 'Yes, end the chat' }).click();
    await rita.getByTestId('chat-ended').waitFor();
    await expect.poll(() => agent.getByTestId('conversation-status').getAttribute('data-status')).toBe('ended');
  });

  it('rates it (a score is required), the copy is offered, and the widget thanks them', async () => {
    const form = rita.getByTestId('rate-chat');
    await form.waitFor();
    await rita.getByTestId('transcript-copy').waitFor();
    await expectNoAxeViolations(rita, 'widget rating form');
    await screenshot(rita, 'widget-rating');
    await form.getByRole('button', { name: 'Send rating' }).click();
    await form.getByRole('alert').filter({ hasText: 'Choose a score' }).waitFor();
    await form.getByLabel('2 of 5: Poor').check({ force: true });
    await form.getByLabel('Anything to add? (optional)').fill('Took a while to get an answer.');
    await form.getByRole('button', { name: 'Send rating' }).click();
    await expect.poll(() => rita.getByTestId('rating-thanks').textContent()).toContain('2 of 5');
    const conversationId = (await rita.locator('[data-conversation-id]').getAttribute('data-conversation-id'))!;
    expect(hub.store.reports.rating(conversationId)).toMatchObject({ score: 2, comment: 'Took a while to get an answer.' });
    await expectNoAxeViolations(rita, 'widget after rating');
  });

  it('the agent’s End chat asks first, by button and by Alt+Shift+E', async () => {
    await startChat(olga, hub.url, OLGA.name, OLGA.email, 'A question about sizes');
    await takeChat(agent, OLGA.name);
    await agent.keyboard.press('Alt+Shift+E');
    const dialog = agent.getByTestId('end-chat-dialog');
    await dialog.waitFor();
    await expectNoAxeViolations(agent, 'end chat confirmation');
    await dialog.getByRole('button', { name: 'Keep the chat open' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await agent.getByTestId('conversation-status').getAttribute('data-status')).toBe('active');
    await agent.getByRole('button', { name: 'End chat…' }).click();
    await agent.getByTestId('confirm-end-chat').click();
    await expect.poll(() => agent.getByTestId('conversation-status').getAttribute('data-status')).toBe('ended');
    await olga.getByTestId('rate-chat').waitFor();
  });

  it('the rating shows in Reports; the low one opens its chat in Transcripts; the CSV downloads', async () => {
    await sup.getByRole('navigation', { name: 'Desk sections' }).getByRole('button', { name: 'Reports' }).click();
    await sup.getByRole('heading', { name: 'Reports', level: 2 }).waitFor();
    await expect.poll(() => sup.getByTestId('report-satisfaction').textContent()).toBe('2.0 / 5 (1)');
    await expect.poll(() => sup.getByTestId('report-agents').locator('tbody tr').first().textContent()).toMatch(/Ann Agent.*2.*2\.0 \/ 5/s);
    await sup.locator('.recharts-surface').first().waitFor();
    await expectNoAxeViolations(sup, 'reports');
    await screenshot(sup, 'reports');

    const download = sup.waitForEvent('download');
    await sup.getByTestId('report-csv').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^care-desk-report-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await (await file.createReadStream()).toArray();
    expect(Buffer.concat(csv).toString('utf8')).toMatch(/^by,key,label,chats,.*\r\ntotal,all,All chats,2,0,/s);

    const low = sup.getByTestId('low-rating').filter({ hasText: RITA.name });
    await expect.poll(() => low.textContent()).toContain('Took a while to get an answer.');
    await low.getByRole('button', { name: /Open in Transcripts/ }).click();
    await sup.getByRole('heading', { name: 'Transcripts', level: 2 }).waitFor();
    await sup.getByText('It left our warehouse this morning.').first().waitFor();
  });
});
