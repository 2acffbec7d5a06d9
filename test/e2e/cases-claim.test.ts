// Shipping claims in real Chromium. A damage claim from a chat to refunded: the agent opens it with
// the wizard, completing the evidence too early is refused, the customer uploads a photo from the
// widget (a wrong type first: the hub's reason shows), the agent sees the thumbnail, files with the
// carrier (deadline countdown), records approval, payment and the refund. And an overdue-delivery
// claim the carrier denies: escalated, only a supervisor (another browser) may close it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { expectNoAxeViolations, launchChromium } from '../helpers/browser';
import { expectCaseStatus, makePng, screenshot, signIn, startVerifiedChat, systemMessages, takeChat } from '../helpers/caseScreens';
import { addStaff, startTestHub } from '../helpers/hub';

describe('a damage claim from a chat, with a photo from the widget, to refunded', () => {
  let hub: Hub;
  let browser: Browser;
  let agent: Page;
  let customer: Page;
  let agentEmail: string;
  let claimNumber = '';
  const png = makePng();

  beforeAll(async () => {
    // Demo orders on a first run: DEMO-1006 is Ada's porcelain vase, delivered yesterday by UPS.
    hub = await startTestHub();
    await addStaff(hub, 'admin', 'Ada Admin');
    agentEmail = (await addStaff(hub, 'agent', 'Grace Agent')).email;
    browser = await launchChromium();
    agent = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    customer = await (await browser.newContext({ viewport: { width: 480, height: 900 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  const wizard = () => agent.getByTestId('case-wizard');
  const card = () => agent.getByTestId('cases-panel').getByTestId('case-card').first();
  const steps = () => card().getByTestId('case-steps');
  const form = () => card().getByTestId('step-form');

  it('the wizard opens a damage claim: number, the carrier’s deadline counting down, what is still needed', async () => {
    await startVerifiedChat(customer, hub.url, 'Ada Lovelace', 'ada.lovelace@example.com', 'My porcelain vase from DEMO-1006 arrived broken.');
    await signIn(agent, hub.url, agentEmail);
    await takeChat(agent, 'Ada Lovelace');
    await agent.getByRole('button', { name: 'New damage / overdue claim' }).click();
    await wizard().getByRole('button', { name: 'Choose order DEMO-1006' }).click();
    await wizard().getByRole('heading', { name: /Step 2 of 4/ }).waitFor();
    expect(await wizard().getByRole('checkbox', { name: /Porcelain vase/ }).isChecked()).toBe(true);
    await wizard().getByRole('button', { name: 'Next' }).click();

    // Delivered, so "damaged" is preselected.
    expect(await wizard().getByRole('radio', { name: /Damaged in shipping/ }).isChecked()).toBe(true);
    await wizard().getByLabel('What happened, in the customer’s words').fill('Arrived with the neck snapped off; box crushed on one corner.');
    await expectNoAxeViolations(agent, 'claim wizard: kind step');
    await wizard().getByRole('button', { name: 'Open claim' }).click();

    const number = wizard().getByTestId('wizard-claim-number');
    await number.waitFor();
    claimNumber = (await number.textContent()) ?? '';
    expect(claimNumber).toMatch(/^CLM-\d{4}-\d{6}$/);
    // UPS: 60 days from delivery (yesterday).
    const deadline = wizard().getByTestId('claim-deadline');
    expect(await deadline.getAttribute('data-days-left')).toBe('59');
    expect(await deadline.textContent()).toMatch(/59 days left.*File with UPS by/);
    await expectNoAxeViolations(agent, 'claim wizard: opened');
    await screenshot(agent, 'claim-1-opened');
    await wizard().getByRole('button', { name: 'Done' }).click();
    await expectCaseStatus(agent, 'opened');

    // The customer is told what the carrier needs.
    await expect.poll(async () => (await systemMessages(customer)).join('\n')).toMatch(/opened claim CLM-.*Keep the original packaging.*Upload photos here/s);
  });

  it('completing the evidence without the photos is refused, with what is missing; nothing changes', async () => {
    await steps().getByRole('button', { name: 'Mark evidence complete' }).click();
    const refusal = steps().getByTestId('case-refusal');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Not possible now: The evidence is not complete yet. Missing: Photos from the customer; The customer keeps the original packaging for inspection.');
    await expectCaseStatus(agent, 'opened');
    await expectNoAxeViolations(agent, 'claim with a refusal');
    await screenshot(agent, 'claim-2-evidence-refused');
  });

  it('the customer adds photos from the widget: a GIF is refused with the hub’s reason, a PNG goes in', async () => {
    const yourCase = customer.getByTestId('your-case');
    await yourCase.getByText(`Claim ${claimNumber}`).waitFor();
    expect(await yourCase.locator('[aria-current="step"]').textContent()).toBe('Claim opened');
    expect(await customer.getByTestId('photo-count').textContent()).toBe('No photos yet (at least 1 needed)');
    const picker = customer.getByLabel('Add photos');
    expect(await picker.getAttribute('accept')).toContain('image/png');

    await picker.setInputFiles({ name: 'vase.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1') });
    const failed = customer.locator('[data-testid="upload"][data-state="failed"]');
    await failed.waitFor();
    expect(await failed.textContent()).toContain('Only JPEG, PNG, WebP, HEIC photos can be uploaded.');
    await expectNoAxeViolations(customer, 'widget with a refused upload');

    await picker.setInputFiles({ name: 'broken-vase.png', mimeType: 'image/png', buffer: png });
    await customer.locator('[data-testid="upload"][data-state="done"]').filter({ hasText: 'broken-vase.png' }).waitFor();
    await expect.poll(() => customer.getByTestId('photo-count').textContent()).toBe('1 photo received. Thank you.');
    await expectNoAxeViolations(customer, 'widget after an upload');
    await screenshot(customer, 'claim-3-widget-photo');
  });

  it('the agent sees the photo as a thumbnail (fetched with the staff token), records the packaging, completes the evidence', async () => {
    const photo = card().getByTestId('claim-photo');
    await photo.waitFor();
    const img = photo.getByRole('img', { name: 'Photo from the customer: broken-vase.png' });
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBe(48);
    expect(await img.getAttribute('src')).toMatch(/^blob:/);
    expect(await card().locator('[data-key="photos"]').getAttribute('data-done')).toBe('true');

    await card().getByRole('button', { name: 'Customer keeps it' }).click();
    await expect.poll(() => card().locator('[data-key="packaging_kept"]').getAttribute('data-done')).toBe('true');
    await expectNoAxeViolations(agent, 'claim with its evidence');
    await screenshot(agent, 'claim-4-evidence');
    await steps().getByRole('button', { name: 'Mark evidence complete' }).click();
    await expectCaseStatus(agent, 'evidence_complete');
  });

  it('filed with the carrier (their reference), approved, paid, refunded — the customer told at each step', async () => {
    await steps().getByRole('button', { name: 'File with carrier' }).click();
    expect(await form().getByLabel('Carrier', { exact: true }).inputValue()).toBe('UPS');
    await form().getByLabel('Carrier’s claim reference').fill('UPS-CLM-55821');
    await form().getByRole('button', { name: 'File claim' }).click();
    await expectCaseStatus(agent, 'filed_with_carrier');
    expect(await card().getByTestId('claim-reference').textContent()).toBe('UPS-CLM-55821');
    expect(await card().getByTestId('claim-deadline').textContent()).toMatch(/^Filed with UPS on/);
    await expect.poll(async () => (await systemMessages(customer)).join('\n')).toContain('their reference UPS-CLM-55821');
    // Filed: the widget takes no more photos.
    await customer.getByText('This claim has been sent to the carrier: it takes no more photos.').waitFor();
    expect(await customer.getByLabel('Add photos').count()).toBe(0);

    await steps().getByRole('button', { name: 'Carrier approved' }).click();
    expect(await form().getByLabel('Amount approved').inputValue()).toBe('1200.00');
    await form().getByRole('button', { name: 'Record approval' }).click();
    await expectCaseStatus(agent, 'approved');
    expect(await card().getByTestId('claim-decision').textContent()).toBe('Approved: $1,200.00');

    await steps().getByRole('button', { name: 'Carrier paid' }).click();
    await form().getByLabel('Payment reference').fill('UPS-PAY-9001');
    await form().getByRole('button', { name: 'Record payment' }).click();
    await expectCaseStatus(agent, 'paid');

    await steps().getByRole('button', { name: 'Refund customer' }).click();
    await expectNoAxeViolations(agent, 'claim refund form');
    await form().getByRole('button', { name: 'Refund $1,200.00' }).click();
    await expectCaseStatus(agent, 'refunded');
    expect(await card().getByTestId('claim-refund').textContent()).toMatch(/^\$1,200\.00 · To the original card/);
    await screenshot(agent, 'claim-5-refunded');

    await expect.poll(async () => (await systemMessages(customer)).join('\n')).toContain(`Your claim ${claimNumber} is settled. We are refunding $1,200.00 to the card you paid with.`);
    await expect.poll(() => customer.getByTestId('your-case-refund').textContent()).toMatch(/Refund of \$1,200\.00 to the card you paid with/);
    expect(await customer.getByTestId('your-case').locator('[aria-current="step"]').textContent()).toBe('Refunded');
    await expectNoAxeViolations(customer, 'widget with a refunded claim');
    await screenshot(customer, 'claim-6-widget-refunded');

    const timeline = await card().getByTestId('case-timeline').locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(timeline.filter((a) => a !== 'emailed' && a !== 'email_failed')).toEqual(['opened', 'photo', 'record_packaging', 'complete_evidence', 'file', 'approve', 'carrier_paid', 'refund']);
    expect(await card().getByTestId('case-timeline').textContent()).toContain('Ada Lovelace (customer)');
  });
});

describe('an overdue delivery the carrier denies: escalated to a supervisor', () => {
  let hub: Hub;
  let browser: Browser;
  let agent: Page;
  let customer: Page;
  let supervisor: Page;
  let agentEmail: string;
  let supervisorEmail: string;

  beforeAll(async () => {
    // DEMO-1005: Hedy's bag, scheduled four days ago with FedEx, never delivered.
    hub = await startTestHub();
    await addStaff(hub, 'admin', 'Ada Admin');
    agentEmail = (await addStaff(hub, 'agent', 'Grace Agent')).email;
    supervisorEmail = (await addStaff(hub, 'supervisor', 'Sam Supervisor')).email;
    browser = await launchChromium();
    agent = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    customer = await (await browser.newContext()).newPage();
    supervisor = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('the agent files and records the denial; the claim is escalated and the agent can go no further', async () => {
    await startVerifiedChat(customer, hub.url, 'Hedy Lamarr', 'hedy.lamarr@example.com', 'My bag (DEMO-1005) never arrived.');
    await signIn(agent, hub.url, agentEmail);
    await takeChat(agent, 'Hedy Lamarr');
    const wizard = agent.getByTestId('case-wizard');
    await agent.getByRole('button', { name: 'New damage / overdue claim' }).click();
    await wizard.getByRole('button', { name: 'Choose order DEMO-1005' }).click();
    await wizard.getByRole('button', { name: 'Next' }).click();
    // Not delivered, so "overdue" is preselected.
    expect(await wizard.getByRole('radio', { name: /Delivery overdue/ }).isChecked()).toBe(true);
    await wizard.getByRole('button', { name: 'Open claim' }).click();
    await wizard.getByRole('button', { name: 'Done' }).click();

    const card = agent.getByTestId('cases-panel').getByTestId('case-card').first();
    const steps = card.getByTestId('case-steps');
    await steps.getByRole('button', { name: 'Mark evidence complete' }).click();
    await expectCaseStatus(agent, 'evidence_complete');
    await steps.getByRole('button', { name: 'File with carrier' }).click();
    await card.getByTestId('step-form').getByLabel('Carrier’s claim reference').fill('FX-7781');
    await card.getByTestId('step-form').getByRole('button', { name: 'File claim' }).click();
    await expectCaseStatus(agent, 'filed_with_carrier');
    await steps.getByRole('button', { name: 'Carrier denied' }).click();
    await card.getByTestId('step-form').getByLabel('Carrier’s reason').fill('Delivered to a neighbour, signed for');
    await card.getByTestId('step-form').getByRole('button', { name: 'Record denial' }).click();
    await expectCaseStatus(agent, 'denied');

    expect(await card.getByTestId('claim-decision').textContent()).toBe('Denied: Delivered to a neighbour, signed for Escalated to a supervisor');
    // The next steps are there, but an agent may not take them: disabled, saying who may.
    for (const name of ['Refile (appeal)', 'Close case']) {
      const b = steps.getByRole('button', { name });
      expect(await b.isDisabled()).toBe(true);
      expect(await b.getAttribute('aria-describedby')).toBeTruthy();
    }
    expect(await steps.textContent()).toContain('Needs a supervisor.');
    await expect.poll(async () => (await systemMessages(customer)).join('\n')).toContain('A customer-care supervisor is reviewing it');
    await expectNoAxeViolations(agent, 'denied claim, as an agent');
    await screenshot(agent, 'claim-7-denied-agent');
  });

  it('the supervisor finds it among the denied cases and closes it with a note for the customer', async () => {
    await signIn(supervisor, hub.url, supervisorEmail);
    await supervisor.getByRole('navigation', { name: 'Desk sections' }).getByRole('button', { name: 'Cases' }).click();
    await supervisor.getByLabel('Status').selectOption('denied');
    const row = supervisor.getByTestId('case-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('Escalated to a supervisor');
    await row.getByRole('button', { name: /^Claim CLM-/ }).click();
    const card = supervisor.locator('.cases-page__detail').getByTestId('case-card');
    await card.getByTestId('case-steps').getByRole('button', { name: 'Close case' }).click();
    await card.getByTestId('step-form').getByLabel('Note to the customer').fill('We are sending a goodwill voucher.');
    await expectNoAxeViolations(supervisor, 'closing a denied claim');
    await card.getByTestId('step-form').getByRole('button', { name: 'Close claim' }).click();
    await expect.poll(() => card.getByTestId('case-status').getAttribute('data-status')).toBe('closed');
    await screenshot(supervisor, 'claim-8-supervisor-closed');
    await expect.poll(async () => (await systemMessages(customer)).join('\n')).toContain('We are sending a goodwill voucher.');
    // The agent's panel follows.
    await expectCaseStatus(agent, 'closed');
  });
});
