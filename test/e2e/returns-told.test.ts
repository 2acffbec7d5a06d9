// Returns told up front, in real Chromium with a real SMTP server (issue 9): a hub still on its
// demo return address warns the admin and refuses the RMA; the admin fixes it in Settings and the
// next RMA uses it without a restart (the widget's greeting too). The deductions are told before
// authorization — in the console, in the customer's chat, in the RMA email — and the refund after
// inspection matches. A parcel that arrived damaged goes to a claim; a supervisor waives a
// deduction; a prepaid label is asked for, approved, and the agent hears back.
import { simpleParser } from 'mailparser';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { expectNoAxeViolations, launchChromium } from '../helpers/browser';
import { expectCaseStatus, screenshot, signIn, startVerifiedChat, systemMessages, takeChat } from '../helpers/caseScreens';
import { addStaff, startTestHub } from '../helpers/hub';
import { startSmtp } from '../helpers/transcripts';

const NEW_ADDRESS = 'Maison Returns\n10 Harbour Road\nNewark, NJ 07114';

describe('returns told up front, settings in the console, label approval', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hub: Hub;
  let browser: Browser;
  let admin: Page;
  let agent: Page;
  let supervisor: Page;
  let ada: Page;
  let grace: Page;
  const emails: Record<'admin' | 'agent' | 'supervisor', string> = { admin: '', agent: '', supervisor: '' };
  let rmaNumber = '';

  beforeAll(async () => {
    smtp = await startSmtp();
    // No return address of its own: the hub keeps the demo placeholder (the demo orders load).
    hub = await startTestHub({ settings: { smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'care@maison.test', connectionTimeoutMs: 5000 } } });
    emails.admin = (await addStaff(hub, 'admin', 'Ada Admin')).email;
    emails.agent = (await addStaff(hub, 'agent', 'Grace Agent')).email;
    emails.supervisor = (await addStaff(hub, 'supervisor', 'Sam Supervisor')).email;
    browser = await launchChromium();
    const page = async (width: number, height: number) => (await browser.newContext({ viewport: { width, height } })).newPage();
    admin = await page(1366, 768);
    agent = await page(1440, 900);
    supervisor = await page(1440, 900);
    ada = await page(480, 860);
    grace = await page(480, 860);
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await smtp?.close();
  });

  const wizard = () => agent.getByTestId('case-wizard');
  const panelCard = () => agent.getByTestId('cases-panel').getByTestId('case-card').first();
  const mailTo = async (address: string, subject: RegExp) => {
    for (const m of smtp.mails.filter((x) => x.to.includes(address))) {
      const parsed = await simpleParser(m.raw);
      if (subject.test(parsed.subject ?? '')) return parsed;
    }
    return null;
  };

  it('the agent picks the items and the reason; the terms show before authorization and the customer is told them in the chat', async () => {
    await startVerifiedChat(ada, hub.url, 'Ada Lovelace', 'ada.lovelace@example.com', 'I would like to return the silk scarf from DEMO-1001.');
    await signIn(agent, hub.url, emails.agent);
    await takeChat(agent, 'Ada Lovelace');
    await agent.getByTestId('cases-panel').getByRole('button', { name: 'New return (RMA)' }).click();
    await wizard().getByRole('button', { name: 'Choose order DEMO-1001' }).click();
    await wizard().getByRole('checkbox', { name: /Silk twill scarf/ }).check();
    // No reason, no request.
    expect(await wizard().getByRole('button', { name: 'Check eligibility' }).isDisabled()).toBe(true);
    await wizard().getByLabel('Reason for the return').selectOption('doesnt_fit');
    await wizard().getByLabel('In the customer’s words').fill('One size too small');
    await expectNoAxeViolations(agent, 'return wizard with the reason');
    await wizard().getByRole('button', { name: 'Check eligibility' }).click();

    const terms = wizard().getByTestId('rma-terms');
    await terms.waitFor();
    expect(await terms.getByTestId('terms-deduction').allTextContents()).toEqual(['Free standard shipping−$15.00']);
    expect(await terms.getByTestId('terms-conditional').allTextContents()).toEqual(['Only if the box lacks the RMA number: restocking fee (no RMA number on the box)−$13.50']);
    expect(await terms.getByTestId('terms-refund').textContent()).toBe('$435.00');
    expect(await wizard().getByTestId('rma-reason').textContent()).toBe('Reason: Doesn’t fit — “One size too small”');
    await expectNoAxeViolations(agent, 'return wizard with the terms');
    await screenshot(agent, 'returns-1-terms');

    // The customer, before anything is authorized: the date, each deduction, the refund to expect.
    await expect.poll(async () => (await systemMessages(ada)).join('\n')).toContain('Before we authorize your return of Silk twill scarf');
    const told = (await systemMessages(ada)).find((m) => m.includes('Before we authorize'))!;
    expect(told).toContain('Deducted: free standard shipping deduction, $15.00');
    expect(told).toContain('Only if the box arrives without the RMA number written on it: restocking fee (no RMA number on the box), $13.50');
    expect(told).toMatch(/Refund expected if the parcel comes back as required .*: \$435\.00, to the card you paid with/);
    expect(told).toMatch(/Ship the parcel back no later than \d{1,2} \w+ \d{4}/);
    await expectNoAxeViolations(ada, 'widget with the terms');
  });

  it('authorizing while the return address is the demo value is refused, with the reason; nothing reaches the customer', async () => {
    await wizard().getByRole('button', { name: 'Authorize return' }).click();
    const refusal = wizard().getByTestId('case-refusal');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('its return address is still the demo placeholder');
    expect(hub.store.cases.list({ limit: 5 })[0]).toMatchObject({ status: 'requested', number: null });
    expect((await systemMessages(ada)).join('\n')).not.toContain('demo address');
  });

  it('the admin is warned in the console, sets the return address and greeting in Settings; applied without a restart', async () => {
    await signIn(admin, hub.url, emails.admin);
    const banner = admin.getByTestId('settings-warning');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('the return address is still the demo value "Returns Department (demo address: set settings.returnAddress in config.json)"');
    await expectNoAxeViolations(admin, 'desk with the demo-settings banner');
    await banner.getByRole('button', { name: 'Open Settings' }).click();
    const form = admin.getByTestId('settings-form');
    await form.waitFor();
    expect(await form.getByTestId('source-returnAddress').textContent()).toContain('Built-in default');
    await expectNoAxeViolations(admin, 'Settings');
    await screenshot(admin, 'returns-2-settings');

    await form.getByLabel('Return address').fill(NEW_ADDRESS);
    await form.getByLabel('Widget greeting').fill('Welcome to Maison: how may we help?');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByTestId('settings-saved').waitFor();
    await expect.poll(() => form.getByTestId('source-returnAddress').textContent()).toContain('Set here');
    // No demo value left: the banner goes, here and for the supervisor who signs in now.
    await expect.poll(() => banner.count()).toBe(0);
    await signIn(supervisor, hub.url, emails.supervisor);
    expect(await supervisor.getByTestId('settings-warning').count()).toBe(0);

    // The widget's next load greets with the new words.
    const fresh = await (await browser.newContext()).newPage();
    await fresh.goto(`${hub.url}/widget/`);
    expect(await fresh.getByTestId('brand-greeting').textContent()).toBe('Welcome to Maison: how may we help?');
    await fresh.close();
  });

  it('the next try issues the RMA with the new address; the RMA email received by the SMTP server repeats the terms', async () => {
    await wizard().getByRole('button', { name: 'Authorize return' }).click();
    const number = wizard().getByTestId('wizard-rma-number');
    await number.waitFor();
    rmaNumber = (await number.textContent())!;
    expect(await wizard().textContent()).toContain('10 Harbour Road');
    await wizard().getByRole('button', { name: 'Done' }).click();
    await expectCaseStatus(agent, 'instructions_sent');

    await expect.poll(async () => (await systemMessages(ada)).join('\n')).toContain(`Your RMA number is ${rmaNumber}`);
    const instructions = (await systemMessages(ada)).find((m) => m.includes(`Your RMA number is ${rmaNumber}`))!;
    expect(instructions).toMatch(/Please send the items to:\s*Maison Returns\s*10 Harbour Road/);
    expect(instructions).toContain('$435.00');

    await expect.poll(() => mailTo('ada.lovelace@example.com', new RegExp(rmaNumber)).then(Boolean), { timeout: 10_000 }).toBe(true);
    const mail = (await mailTo('ada.lovelace@example.com', new RegExp(rmaNumber)))!;
    expect(mail.from?.value[0]?.address).toBe('care@maison.test');
    expect(mail.text).toContain('10 Harbour Road');
    expect(mail.text).toContain('Deducted: free standard shipping deduction, $15.00');
    expect(mail.text).toContain('restocking fee (no RMA number on the box), $13.50');
    expect(mail.text).toContain('$435.00, to the card you paid with');
    // Only the RMA email: the terms before authorization were told in the chat.
    expect(await mailTo('ada.lovelace@example.com', /what to expect/)).toBeNull();
  });

  it('received as required, the refund is what the customer was told', async () => {
    await panelCard().getByTestId('case-steps').getByRole('button', { name: 'Receive and inspect' }).click();
    const form = panelCard().getByTestId('step-form');
    await form.getByRole('checkbox', { name: /RMA number .* written on the box/ }).check();
    await form.getByRole('checkbox', { name: /tag .* intact/ }).check();
    await form.getByLabel('Condition of the items').selectOption('as_new');
    await form.getByRole('button', { name: 'Record inspection' }).click();
    await expectCaseStatus(agent, 'received');
    expect(await panelCard().getByTestId('refund-amount').textContent()).toBe('$435.00');
    expect(await panelCard().getByTestId('refund-told').textContent()).toBe('As told to the customer before authorization: $435.00.');
    await expectNoAxeViolations(agent, 'received return with the refund as told');
    await screenshot(agent, 'returns-3-refund-as-told');
  });

  it('"Arrived damaged" turns the return wizard into a damage claim', async () => {
    await agent.getByTestId('cases-panel').getByRole('button', { name: 'New return (RMA)' }).click();
    await wizard().getByRole('button', { name: 'Choose order DEMO-1006' }).click();
    await wizard().getByLabel('Reason for the return').selectOption('arrived_damaged');
    await wizard().getByLabel('In the customer’s words').fill('The vase arrived cracked.');
    expect(await wizard().getByTestId('damage-to-claim').textContent()).toContain('is a shipping-damage claim, not a return');
    expect(await wizard().getByRole('button', { name: 'Check eligibility' }).count()).toBe(0);
    await expectNoAxeViolations(agent, 'return wizard routing damage to a claim');
    await wizard().getByRole('button', { name: 'Open a damage claim instead' }).click();
    await wizard().getByRole('heading', { name: /What happened/ }).waitFor();
    expect(await wizard().getAttribute('data-kind')).toBe('claim');
    expect(await wizard().getByRole('radio', { name: /Damaged in shipping/ }).isChecked()).toBe(true);
    expect(await wizard().getByLabel('What happened, in the customer’s words').inputValue()).toBe('The vase arrived cracked.');
    await wizard().getByRole('button', { name: 'Open claim' }).click();
    await wizard().getByRole('button', { name: 'Done' }).click();
    const claim = hub.store.cases.list({ kind: 'claim', limit: 5 })[0]!;
    expect(claim).toMatchObject({ orderId: 'DEMO-1006', status: 'opened' });
    expect(hub.store.cases.list({ kind: 'rma', limit: 10 }).filter((c) => c.orderId === 'DEMO-1006')).toHaveLength(0);
  });

  it('a supervisor waives a deduction with a reason: the terms change and the customer is told', async () => {
    // Ada's tote: another return request, left for later.
    await agent.getByTestId('cases-panel').getByRole('button', { name: 'New return (RMA)' }).click();
    await wizard().getByRole('button', { name: 'Choose order DEMO-1001' }).click();
    await wizard().getByRole('checkbox', { name: /Leather tote/ }).check();
    await wizard().getByLabel('Reason for the return').selectOption('changed_mind');
    await wizard().getByRole('button', { name: 'Check eligibility' }).click();
    await wizard().getByTestId('rma-terms').waitFor();
    await wizard().getByRole('button', { name: 'Finish later' }).click();

    await supervisor.getByRole('navigation', { name: 'Desk sections' }).getByRole('button', { name: 'Cases' }).click();
    await supervisor.getByTestId('case-row').filter({ hasText: 'DEMO-1001' }).filter({ hasText: 'Return request' }).getByRole('button', { name: 'Return request' }).click();
    const card = supervisor.locator('.cases-page__detail').getByTestId('case-card');
    await card.getByTestId('case-steps').getByRole('button', { name: 'Waive a deduction' }).click();
    const form = card.getByTestId('step-form');
    await form.getByLabel('Deduction').selectOption('shipping_standard_free');
    await form.getByLabel('Reason').fill('A long-standing client; the tote was a gift.');
    await expectNoAxeViolations(supervisor, 'waiver form');
    await form.getByRole('button', { name: 'Waive deduction' }).click();
    await expect.poll(() => card.getByTestId('terms-refund').textContent()).toBe('$2,150.00');
    expect(await card.getByTestId('terms-waived').textContent()).toContain('Waived by Sam Supervisor: free standard shipping (A long-standing client; the tote was a gift.)');
    await card.getByTestId('case-timeline').getByText(/Waived the free standard shipping deduction \(\$15\.00\)/).waitFor();
    await expect.poll(async () => (await systemMessages(ada)).join('\n')).toMatch(/waived the free standard shipping deduction \(\$15\.00\).*The refund expected is now \$2,150\.00/);
    await screenshot(supervisor, 'returns-4-waiver');
  });

  it('a prepaid label: the agent asks, the supervisor sees it live and approves, the agent hears back', async () => {
    await startVerifiedChat(grace, hub.url, 'Grace Hopper', 'grace.hopper@example.com', 'I need to return the watch from DEMO-1002, with a label please.');
    await takeChat(agent, 'Grace Hopper');
    await agent.getByTestId('cases-panel').getByRole('button', { name: 'New return (RMA)' }).click();
    await wizard().getByRole('button', { name: 'Choose order DEMO-1002' }).click();
    await wizard().getByLabel('Reason for the return').selectOption('not_as_described');
    await wizard().getByRole('button', { name: 'Check eligibility' }).click();
    await wizard().getByRole('radio', { name: /Yes: send a prepaid label/ }).check();
    await wizard().getByRole('button', { name: 'Authorize return' }).click();
    await wizard().getByTestId('case-refusal').waitFor();
    // No badge yet for the supervisor.
    const badge = supervisor.getByRole('navigation', { name: 'Desk sections' }).getByTestId('label-approvals-badge');
    expect(await badge.count()).toBe(0);
    await wizard().getByRole('button', { name: 'Ask a supervisor to approve the label' }).click();
    await expect.poll(() => wizard().getByTestId('label-status').getAttribute('data-label-status')).toBe('pending');
    await expectNoAxeViolations(agent, 'wizard with the label asked for');

    // Pushed to the supervisor: the badge, and the case under "Labels to approve".
    await expect.poll(() => badge.textContent()).toMatch(/^1/);
    await supervisor.getByRole('checkbox', { name: 'Labels to approve' }).check();
    const row = supervisor.getByTestId('case-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByTestId('case-label-pending').textContent()).toBe('Prepaid label to approve');
    await row.getByRole('button', { name: 'Return request' }).click();
    const card = supervisor.locator('.cases-page__detail').getByTestId('case-card');
    expect(await card.getByTestId('label-status').textContent()).toContain('Prepaid label asked for by Grace Agent');
    await expectNoAxeViolations(supervisor, 'Cases with a label to approve');
    await card.getByTestId('case-steps').getByRole('button', { name: 'Approve prepaid label' }).click();
    await expect.poll(() => badge.count()).toBe(0);

    // The agent hears back at once, visibly; the timeline records both.
    const notice = agent.getByTestId('label-decision');
    await notice.waitFor();
    expect(await notice.getAttribute('data-approved')).toBe('true');
    expect(await notice.textContent()).toContain('Prepaid label approved by Sam Supervisor');
    await expectNoAxeViolations(agent, 'desk with a label decision');
    await screenshot(agent, 'returns-5-label-approved');
    await wizard().getByRole('radio', { name: /Yes: send a prepaid label/ }).check();
    await wizard().getByRole('button', { name: 'Authorize return' }).click();
    await wizard().getByTestId('wizard-rma-number').waitFor();
    await wizard().getByRole('button', { name: 'Done' }).click();
    await expectCaseStatus(agent, 'instructions_sent');
    const actions = await panelCard().getByTestId('case-timeline').locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(actions).toEqual(expect.arrayContaining(['request_label', 'approve_label', 'authorize']));
    await notice.getByRole('button', { name: /Dismiss/ }).click();
    await expect.poll(() => notice.count()).toBe(0);
    await expect.poll(async () => (await systemMessages(grace)).join('\n')).toContain('We will send you a prepaid return label');
  });
});
