// Transcript review in real Chromium (issue 9): a supervisor opens a search result and the viewer
// starts at the hit; the chat's private note, whisper and handover note sit among the messages,
// marked staff-only, and the claim photo shows beside them; tags take one spelling with
// suggestions from the tags in use; the brand filter offers the desk's brands.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../server/clock';
import type { Hub } from '../../server/hub';
import { importOrders } from '../../server/orders/import';
import { expectNoAxeViolations, launchChromium } from '../helpers/browser';
import { makePng, screenshot, signIn } from '../helpers/caseScreens';
import { testOrders, upload } from '../helpers/cases';
import { addStaff, verifiedCustomerToken, login, startTestHub } from '../helpers/hub';
import { connectAgent, connectCustomer, ok } from '../helpers/sockets';

describe('transcript review: at the hit, with notes and photos; tags with one spelling', () => {
  let hub: Hub;
  let browser: Browser;
  let sup: Page;
  let supEmail: string;
  let conversationId = '';

  beforeAll(async () => {
    hub = await startTestHub({
      settings: { demoOrdersOnFirstRun: false, returnAddress: 'Returns\n1 Quay St', brands: { maison: { deskName: 'Maison Care' } } },
    });
    await addStaff(hub, 'admin', 'Ada Admin');
    supEmail = (await addStaff(hub, 'supervisor', 'Sofia Supervisor')).email;
    const a = await addStaff(hub, 'agent', 'Grace Agent');
    const agent = await connectAgent(hub.url, await login(hub.url, a.email));
    const supSocket = await connectAgent(hub.url, await login(hub.url, supEmail));
    const email = 'vera.vase@shop.test';
    await importOrders(hub.api, systemClock, testOrders(new Date(), email));
    const token = await verifiedCustomerToken(hub.url, 'Vera Vase', email);
    const customer = await connectCustomer(hub.url, token);
    const { conversation } = await ok(customer, 'chat:start', {});
    conversationId = conversation.id;
    // A long enough chat that the hit is not at the bottom.
    await ok(customer, 'chat:send', { conversationId, clientId: 'review-e2e-first', body: 'Hello, my porcelain vase arrived shattered in the box.' });
    await ok(agent, 'conversation:accept', { conversationId });
    await ok(agent, 'chat:note', { conversationId, clientId: 'review-e2e-note1', body: 'Regular customer; handle gently.' });
    for (let i = 0; i < 40; i++) {
      await ok(i % 2 ? agent : customer, 'chat:send', { conversationId, clientId: `review-e2e-${String(i).padStart(4, '0')}`, body: `Follow-up message ${i + 1} about the delivery.` });
    }
    await ok(supSocket, 'chat:note', { conversationId, clientId: 'review-e2e-whisp', body: 'Open a damage claim, not a return.' });
    const { case: claim } = await ok(agent, 'cases:open-claim', { conversationId, orderId: 'PO-300', skus: ['VASE'], claimKind: 'damaged' });
    expect((await upload(hub.url, token, claim.id, makePng(), 'shattered-vase.png')).status).toBe(200);
    await ok(agent, 'conversation:transfer', { conversationId, toBrandId: 'default', note: 'Handover: claim open, photo in, carrier next.' });
    await ok(supSocket, 'transcripts:tag', { conversationId, tag: 'damage claim' });
    for (const s of [agent, supSocket, customer]) s.close();
    browser = await launchChromium();
    sup = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  const viewer = () => sup.getByTestId('transcript-viewer');

  it('the brand filter is a select of the desk’s brands; the tag filter suggests the tags in use', async () => {
    await signIn(sup, hub.url, supEmail);
    await sup.getByRole('navigation', { name: 'Desk sections' }).getByRole('button', { name: 'Transcripts' }).click();
    const brand = sup.getByLabel('Brand');
    expect(await brand.evaluate((el) => el.tagName)).toBe('SELECT');
    expect(await brand.locator('option').allTextContents()).toEqual(['Any brand', 'Customer Care (default)', 'Maison Care (maison)']);
    await expect.poll(() => sup.locator('datalist option').evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value))).toContain('damage-claim');
  });

  it('a search opens the transcript at the hit, with the notes and the claim photo marked as staff-only', async () => {
    await sup.getByRole('searchbox').fill('shattered');
    await sup.getByRole('searchbox').press('Enter');
    await sup.getByTestId('transcript-result').first().getByRole('button', { name: 'Vera Vase' }).click();
    const hit = viewer().locator('[data-testid="message"][data-hit="true"]');
    await hit.waitFor();
    expect(await hit.textContent()).toContain('arrived shattered');
    const list = viewer().getByRole('region', { name: 'Messages' });
    await expect
      .poll(async () => {
        const [box, at] = [await list.boundingBox(), await hit.boundingBox()];
        return at!.y >= box!.y && at!.y + at!.height <= box!.y + box!.height;
      })
      .toBe(true);
    // Not at the bottom: the last message is out of view.
    const scroll = await list.evaluate((el) => ({ top: el.scrollTop, max: el.scrollHeight - el.clientHeight }));
    expect(scroll.max - scroll.top).toBeGreaterThan(200);

    // The private note sits right after the first message, marked; the others further down.
    const note = viewer().locator('[data-testid="transcript-note"][data-note-kind="note"]');
    expect(await note.textContent()).toMatch(/Private note · staff only.*Grace Agent.*Regular customer; handle gently\./);
    await list.focus();
    await sup.keyboard.press('End');
    const kinds = viewer().locator('[data-testid="transcript-note"]');
    await expect.poll(() => kinds.evaluateAll((els) => els.map((e) => e.getAttribute('data-note-kind')))).toEqual(expect.arrayContaining(['whisper', 'transfer']));
    expect(await viewer().locator('[data-note-kind="transfer"]').textContent()).toContain('Handover note · staff only');
    expect(await viewer().locator('[data-note-kind="whisper"]').textContent()).toContain('Supervisor whisper · staff only');

    const photo = viewer().getByTestId('transcript-photos').getByRole('img');
    await photo.waitFor();
    expect(await photo.getAttribute('alt')).toMatch(/^shattered-vase\.png, claim CLM-\d{4}-\d{6}/);
    await expect.poll(() => photo.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(48);
    await expectNoAxeViolations(sup, 'transcript viewer with notes and photos');
    await screenshot(sup, 'transcript-review');
  });

  it('a tag typed another way is saved in the one spelling already in use', async () => {
    expect(await viewer().getByTestId('transcript-tags').textContent()).toContain('damage-claim');
    await viewer().getByLabel('New tag').fill('Damage_Claim');
    expect(await viewer().getByTestId('tag-normal').textContent()).toBe('Saved as “damage-claim”, a tag already in use.');
    await viewer().getByLabel('New tag').fill('Carrier delay');
    await viewer().getByRole('button', { name: 'Add tag' }).click();
    await expect.poll(() => viewer().getByTestId('transcript-tags').locator('li').allTextContents()).toEqual(['carrier-delay×', 'damage-claim×']);
    await expectNoAxeViolations(sup, 'transcript tags');
  });
});
