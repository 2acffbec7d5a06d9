// Transcripts in real Chromium (issue 4): a supervisor searches, opens a 5,000-message transcript
// (windowed: only a screenful of rows in the DOM), pages back through it, tags it and puts it on
// legal hold; a customer asks for a copy at the end of a chat and the email with its PDF arrives at
// a real SMTP server started here; a copy the server refuses is shown as failed in the console.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { expectNoAxeViolations, launchChromium } from '../helpers/browser';
import { screenshot, signIn, startChat } from '../helpers/caseScreens';
import { addStaff, login, startTestHub } from '../helpers/hub';
import { connectAgent, ok, type AgentSocket } from '../helpers/sockets';
import { mimeParts, seedConversation, startSmtp } from '../helpers/transcripts';
import { nextCode } from '../helpers/identity';

const BIG = 5000;

describe('transcripts in Chromium: search, the 5,000-message viewer, review, copies', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hub: Hub;
  let browser: Browser;
  let sup: Page;
  let customer: Page;
  let agent: AgentSocket;
  let supEmail: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    hub = await startTestHub({
      settings: {
        smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'care@desk.test', connectionTimeoutMs: 5000 },
        brands: { default: { deskName: 'Maison Care', careAddress: 'care@maison.test' } },
      },
    });
    await addStaff(hub, 'admin', 'Ada Admin'); // a desk with an admin is set up: the console signs in
    supEmail = (await addStaff(hub, 'supervisor', 'Sofia Supervisor')).email;
    const a = await addStaff(hub, 'agent', 'Grace Agent');
    agent = await connectAgent(hub.url, await login(hub.url, a.email));
    // Seeded through the store's write path: 5,000 messages over sockets would take minutes.
    const bodies = Array.from({ length: BIG }, (_, i) => `line ${i + 1} of the long chat${i === 4321 ? ' about the marmalade stain' : ''}`);
    await seedConversation(hub, { email: 'bianca@shop.test', name: 'Bianca Long', agentId: a.id, bodies, endedAt: new Date() });
    await seedConversation(hub, { email: 'carl@shop.test', name: 'Carl Short', agentId: a.id, bodies: ['My handbag strap broke.', 'Sorry to hear that.'], endedAt: new Date() });
    await seedConversation(hub, { email: 'dora@shop.test', name: 'Dora Short', agentId: a.id, bodies: ['Where is my parcel?', 'It ships today.'], endedAt: new Date() });
    browser = await launchChromium();
    sup = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    customer = await (await browser.newContext({ acceptDownloads: true })).newPage();
  });
  afterAll(async () => {
    agent?.close();
    await browser?.close();
    await hub?.close();
    await smtp?.close();
  });

  const viewer = () => sup.getByTestId('transcript-viewer');
  const rows = () => viewer().getByTestId('message');
  const seqs = async () => (await rows().evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-seq'))))).sort((x, y) => x - y);

  it('a supervisor searches and sees ranked results with the matched words highlighted', async () => {
    await signIn(sup, hub.url, supEmail);
    await sup.getByRole('navigation', { name: 'Desk sections' }).getByRole('button', { name: 'Transcripts' }).click();
    // The view opens on the newest transcripts.
    await expect.poll(() => sup.getByTestId('transcript-result').count()).toBe(3);
    await expectNoAxeViolations(sup, 'transcripts view');
    // The retention the desk is configured with, not a number written into the words.
    await expect.poll(() => sup.locator('.page__lead').first().textContent()).toContain(`Ended chats are kept ${hub.config.policy.retention.transcriptMonths} months`);

    // "/" jumps to the search box from anywhere in the view.
    await sup.locator('body').click({ position: { x: 5, y: 5 } });
    await sup.keyboard.press('/');
    await sup.keyboard.type('marmalade');
    await sup.keyboard.press('Enter');
    await expect.poll(() => sup.getByTestId('transcript-result').count()).toBe(1);
    const result = sup.getByTestId('transcript-result').first();
    expect(await result.getByRole('button').first().textContent()).toBe('Bianca Long');
    expect(await result.locator('mark').allTextContents()).toEqual(['marmalade']);
    expect(await result.getByTestId('result-snippet').textContent()).toContain('about the marmalade stain');

    await sup.getByRole('searchbox').fill('nothingmatchesthis');
    await sup.getByRole('button', { name: 'Search', exact: true }).click();
    await sup.getByTestId('transcripts-none').waitFor();
    await expectNoAxeViolations(sup, 'transcripts: no results');
  });

  it('opens the 5,000-message transcript at the search hit with only a window of rows in the DOM; End goes to the latest; older pages load on scrolling up', async () => {
    await sup.getByRole('searchbox').fill('marmal*');
    await sup.getByRole('searchbox').press('Enter');
    await sup.getByTestId('transcript-result').first().getByRole('button', { name: 'Bianca Long' }).click();

    // At the hit (issue 9), not at the bottom: message #4322 is in view, marked.
    const hit = viewer().locator('[data-testid="message"][data-seq="4322"]');
    await hit.waitFor();
    expect(await hit.getAttribute('data-hit')).toBe('true');
    expect(await hit.textContent()).toContain('about the marmalade stain');
    const list = viewer().getByRole('region', { name: 'Messages' });
    await expect
      .poll(async () => {
        const [box, hitBox] = [await list.boundingBox(), await hit.boundingBox()];
        return hitBox!.y >= box!.y && hitBox!.y + hitBox!.height <= box!.y + box!.height;
      })
      .toBe(true);
    expect(await viewer().getByTestId('transcript-loaded').textContent()).toContain('opened at the search hit (#4322)');
    const inDom = await rows().count();
    expect(inDom).toBeGreaterThan(3);
    expect(inDom).toBeLessThan(100);

    // End goes to the latest message, at the bottom of the list.
    await list.focus();
    await sup.keyboard.press('End');
    const last = viewer().locator(`[data-testid="message"][data-seq="${BIG}"]`);
    await last.waitFor();
    await expect
      .poll(async () => {
        const [box, lastBox] = [await list.boundingBox(), await last.boundingBox()];
        return lastBox!.y + lastBox!.height <= box!.y + box!.height + 2 && lastBox!.y >= box!.y;
      })
      .toBe(true);
    const firstLoaded = (await seqs())[0]!;
    await screenshot(sup, 'transcripts-viewer');

    // Scroll to the top of what is loaded, again and again: older pages come in, the DOM stays small.
    const loadedCount = async () => Number((await viewer().getByTestId('transcript-loaded').textContent())!.replace(/,/g, '').split(' ')[0]);
    const before = await loadedCount();
    for (let i = 0; i < 3; i++) {
      await list.evaluate((el) => (el.scrollTop = 0));
      await sup.waitForTimeout(150);
    }
    await expect.poll(loadedCount).toBeGreaterThan(before);
    await expect.poll(async () => (await seqs())[0]!).toBeLessThan(firstLoaded);
    expect(await rows().count()).toBeLessThan(100);
  });

  it('tags it and puts it on legal hold with a reason; purge date and hold are shown', async () => {
    await expect.poll(() => viewer().getByTestId('transcript-purge').textContent()).toMatch(/Purge date: \w/);
    await viewer().getByLabel('New tag').fill('Escalated');
    await viewer().getByRole('button', { name: 'Add tag' }).click();
    await expect.poll(() => viewer().getByTestId('transcript-tags').textContent()).toContain('escalated');

    await viewer().getByRole('button', { name: 'Put on hold' }).click();
    await viewer().getByLabel('Reason for the hold').fill('Litigation: disputed stain claim');
    await viewer().getByRole('button', { name: 'Place hold' }).click();
    await expect.poll(() => viewer().getByTestId('transcript-hold').textContent()).toContain('Litigation: disputed stain claim');
    expect(await viewer().getByTestId('transcript-hold').textContent()).toContain('Sofia Supervisor');
    expect(await viewer().getByRole('button', { name: 'Release hold' }).isVisible()).toBe(true);
    await screenshot(sup, 'transcripts-hold');
    await expectNoAxeViolations(sup, 'transcript viewer, tagged and on hold');
  });

  it('a customer ends a chat, asks for a copy, and the email with its PDF arrives; the download is a PDF too', async () => {
    await startChat(customer, hub.url, 'Ada Lovelace', 'ada@shop.test', 'My bag arrived with a scratch.');
    const { conversations } = await ok(agent, 'queue:list', {});
    const conv = conversations.find((c: { customer: { email: string } }) => c.customer.email === 'ada@shop.test');
    await ok(agent, 'conversation:accept', { conversationId: conv.id });
    await ok(agent, 'chat:send', { conversationId: conv.id, clientId: 'e2e-copy-reply-01', body: 'We will send a new one today.' });
    await ok(agent, 'conversation:end', { conversationId: conv.id });
    await customer.getByTestId('chat-ended').waitFor();
    await expectNoAxeViolations(customer, 'widget: ended chat with copy actions');

    // A guest confirms the address with a code first: the desk emails nobody on a typed address (issue 12).
    expect(await customer.getByRole('button', { name: 'Email me a copy' }).count()).toBe(0);
    const seen = smtp.mails.length;
    await customer.getByRole('button', { name: 'Confirm ada@shop.test' }).click();
    const code = await nextCode(smtp.mails, 'ada@shop.test', seen);
    await customer.getByLabel('Code from the email').fill(code);
    await expectNoAxeViolations(customer, 'widget: confirming the email with a code');
    await customer.getByTestId('verify-email-form').getByRole('button', { name: 'Confirm' }).click();
    await customer.getByTestId('widget-verified').waitFor();

    await customer.getByRole('button', { name: 'Email me a copy' }).click();
    await expect.poll(() => customer.getByTestId('copy-status').getAttribute('data-status'), { timeout: 15_000 }).toBe('sent');
    expect(await customer.getByTestId('copy-status').textContent()).toMatch(/has been sent/);
    const mail = smtp.mails.find((m) => m.to.includes('ada@shop.test') && mimeParts(m.raw).some((p) => p.type === 'application/pdf'))!;
    expect(mail.from).toBe('care@maison.test');
    const parts = mimeParts(mail.raw);
    expect(parts.find((p) => p.type === 'text/html')!.body.toString('utf8')).toContain('We will send a new one today.');
    const pdf = parts.find((p) => p.type === 'application/pdf')!;
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    await screenshot(customer, 'widget-copy-sent');

    const [download] = await Promise.all([customer.waitForEvent('download'), customer.getByRole('button', { name: 'Download (PDF)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    expect(readFileSync((await download.path())!).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('a copy the SMTP server refuses is shown as failed, with its reason, in the console', async () => {
    smtp.reject.add('ada.work@shop.test');
    await sup.getByRole('searchbox').fill('');
    await sup.getByLabel('Customer email').fill('ada@shop.test');
    await sup.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => sup.getByTestId('transcript-result').count()).toBe(1);
    await sup.getByTestId('transcript-result').first().getByRole('button', { name: 'Ada Lovelace' }).click();
    // The customer's own copy is listed, sent.
    await expect.poll(() => viewer().getByTestId('copy').first().getAttribute('data-status')).toBe('sent');

    await viewer().getByRole('button', { name: 'Send copy…' }).click();
    await viewer().getByLabel('Another address').check();
    await viewer().getByLabel('Address', { exact: true }).fill('ada.work@shop.test');
    await viewer().getByLabel('Reason (recorded)').fill('Customer asked on the phone for her work address');
    await viewer().getByRole('button', { name: 'Send copy', exact: true }).click();

    const failed = viewer().getByTestId('copy').filter({ hasText: 'ada.work@shop.test' });
    await expect.poll(() => failed.getAttribute('data-status'), { timeout: 15_000 }).toBe('failed');
    expect(await failed.getByTestId('copy-status').textContent()).toBe('Failed');
    expect(await failed.getByTestId('copy-error').textContent()).toMatch(/550.*Recipient address rejected/);
    expect(await failed.getByRole('button', { name: /Retry/ }).isVisible()).toBe(true);
    await screenshot(sup, 'transcripts-copy-failed');
    await expectNoAxeViolations(sup, 'transcript viewer with a failed copy');
  });
});
