// A return (RMA) in real Chromium, from a chat to refunded: the agent walks the wizard (order →
// items → eligibility → authorize), the customer gets the instructions in the widget, then in
// transit → received with the inspection checklist → refunded with its deduction → closed. And a
// refusal the agent sees: a prepaid label above the threshold needs a supervisor, who approves it
// from the Cases view in another browser.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDay } from '../../shared/domain/caseNotices';
import { DAY_MS } from '../../shared/domain/time';
import { clockAt } from '../../server/clock';
import type { Hub } from '../../server/hub';
import { expectNoAxeViolations, launchChromium } from '../helpers/browser';
import { expectCaseStatus, screenshot, signIn, startChat, systemMessages, takeChat } from '../helpers/caseScreens';
import { addStaff, startTestHub } from '../helpers/hub';

const RETURN_ADDRESS = 'Maison Returns\n10 Harbour Road\nNewark, NJ 07114';

describe('cases in the console: a return from a chat to refunded', () => {
  let hub: Hub;
  let browser: Browser;
  let agent: Page;
  let customer: Page;
  let agentEmail: string;
  let rmaNumber = '';

  beforeAll(async () => {
    // The hub loads its demo orders on a first run (server/orders/demo.ts): DEMO-1001 is Ada's.
    hub = await startTestHub({ settings: { returnAddress: RETURN_ADDRESS } });
    await addStaff(hub, 'admin', 'Ada Admin'); // a desk with an admin is set up: the console signs in
    agentEmail = (await addStaff(hub, 'agent', 'Grace Agent')).email;
    browser = await launchChromium();
    agent = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    customer = await (await browser.newContext({ viewport: { width: 480, height: 860 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  const panel = () => agent.getByTestId('cases-panel');
  const wizard = () => agent.getByTestId('case-wizard');
  const card = () => panel().getByTestId('case-card').first();

  it('the agent takes the chat and finds the Cases panel beside it, with nothing linked yet', async () => {
    await startChat(customer, hub.url, 'Ada Lovelace', 'ada.lovelace@example.com', 'Hello, I would like to return the silk scarf from DEMO-1001.');
    await signIn(agent, hub.url, agentEmail);
    await takeChat(agent, 'Ada Lovelace');
    await panel().getByTestId('no-cases').waitFor();
    await expectNoAxeViolations(agent, 'chat with the Cases panel');
  });

  it('the wizard finds her orders, takes the items, and shows the hub’s eligibility with the return-by date', async () => {
    await panel().getByRole('button', { name: 'New return (RMA)' }).click();
    // Focus lands in the wizard, on the step's heading.
    await expect.poll(() => agent.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/Step 1 of 4: Find the order/);
    // Searched by the customer's email straight away: her two orders.
    const choices = wizard().getByTestId('order-choice');
    await expect.poll(() => choices.count()).toBe(2);
    await expectNoAxeViolations(agent, 'return wizard: order step');
    await wizard().getByRole('button', { name: 'Choose order DEMO-1001' }).click();

    await wizard().getByRole('heading', { name: /Step 2 of 4/ }).waitFor();
    await wizard().getByRole('checkbox', { name: /Silk twill scarf/ }).check();
    await wizard().getByLabel('Reason for the return').selectOption('not_as_described');
    await wizard().getByLabel('Internal note').fill('Wrong colour; customer prefers a refund.');
    await expectNoAxeViolations(agent, 'return wizard: items step');
    await wizard().getByRole('button', { name: 'Check eligibility' }).click();

    const eligibility = wizard().getByTestId('rma-eligibility');
    await eligibility.waitFor();
    expect(await eligibility.getAttribute('data-eligible')).toBe('true');
    // Delivered three days ago with the default 7-day window: return by delivery + 7 days.
    const delivered = Date.parse(hub.store.orders.get('DEMO-1001')!.deliveredAt!);
    expect(await wizard().getByTestId('rma-return-by').textContent()).toBe(formatDay(new Date(delivered + 7 * DAY_MS).toISOString()));
    await expectNoAxeViolations(agent, 'return wizard: eligibility step');
    await screenshot(agent, 'rma-1-eligibility');
  });

  it('authorizing shows the RMA number and return address; the customer gets the instructions in the widget', async () => {
    await wizard().getByRole('button', { name: 'Authorize return' }).click();
    const number = wizard().getByTestId('wizard-rma-number');
    await number.waitFor();
    rmaNumber = (await number.textContent()) ?? '';
    expect(rmaNumber).toMatch(/^RMA-\d{4}-\d{6}$/);
    expect(await wizard().textContent()).toContain('Newark, NJ 07114');
    await expectNoAxeViolations(agent, 'return wizard: authorized');
    await screenshot(agent, 'rma-2-authorized');

    // The customer: the instructions as a message, and the case with its steps above the chat.
    await expect.poll(async () => (await systemMessages(customer)).join('\n')).toContain(`Your RMA number is ${rmaNumber}`);
    const instructions = (await systemMessages(customer)).find((m) => m.includes(rmaNumber))!;
    expect(instructions).toMatch(/Please send the items to:\s*Maison Returns/);
    expect(instructions).toMatch(/Write the RMA number .* on the box/);
    const yourCase = customer.getByTestId('your-case');
    await yourCase.getByText(`Return ${rmaNumber}`).waitFor();
    expect(await yourCase.locator('[aria-current="step"]').textContent()).toBe('Authorized');
    expect(await yourCase.textContent()).toContain('10 Harbour Road');
    await expectNoAxeViolations(customer, 'widget with an authorized return');
    await screenshot(customer, 'rma-3-widget-instructions');

    // Done: the wizard closes onto the case, which takes focus.
    await wizard().getByRole('button', { name: 'Done' }).click();
    await expectCaseStatus(agent, 'instructions_sent');
    await expect.poll(() => agent.evaluate(() => document.activeElement?.textContent ?? '')).toBe(`Return ${rmaNumber}`);
    expect(await card().getByTestId('rma-number').textContent()).toBe(rmaNumber);
    expect(await card().getByTestId('rma-label').textContent()).toMatch(/^No: the customer pays/);
  });

  it('in transit with carrier and tracking, then received with the inspection checklist', async () => {
    const steps = card().getByTestId('case-steps');
    // Only the legal next steps for an agent, from the shared helper.
    expect(await steps.getByRole('button').allTextContents()).toEqual(['Mark in transit', 'Receive and inspect', 'Cancel return']);
    await steps.getByRole('button', { name: 'Mark in transit' }).click();
    const form = card().getByTestId('step-form');
    await form.getByLabel('Carrier', { exact: true }).fill('UPS');
    await form.getByLabel('Tracking number').fill('1Z999AA10123456999');
    await expectNoAxeViolations(agent, 'step form: in transit');
    await form.getByRole('button', { name: 'Mark in transit' }).click();
    await expectCaseStatus(agent, 'in_transit');
    await expect.poll(async () => (await systemMessages(customer)).join('\n')).toContain('1Z999AA10123456999');
    await expect.poll(() => customer.getByTestId('your-case').locator('[aria-current="step"]').textContent()).toBe('On its way back');

    await steps.getByRole('button', { name: 'Receive and inspect' }).click();
    await form.getByRole('checkbox', { name: /RMA number .* written on the box/ }).check();
    await form.getByRole('checkbox', { name: /tag .* intact/ }).check();
    await form.getByLabel('Condition of the items').selectOption('as_new');
    await screenshot(agent, 'rma-4-inspection');
    await form.getByRole('button', { name: 'Record inspection' }).click();
    await expectCaseStatus(agent, 'received');
    expect(await card().getByTestId('rma-inspection').textContent()).toMatch(/RMA number on the box: yes · tags intact: yes · condition: as new/);
  });

  it('the refund shows the amount, each deduction, the method and due date; refunded, then closed', async () => {
    const settlement = card().getByTestId('rma-settlement');
    expect(await settlement.getByTestId('refund-deduction').allTextContents()).toEqual(['Free standard shipping−$15.00']);
    expect(await settlement.getByTestId('refund-amount').textContent()).toBe('$435.00');
    expect(await settlement.getByTestId('refund-method').textContent()).toBe('To the original card');
    expect(await settlement.getByTestId('refund-due').textContent()).toMatch(/^Due by \d{1,2} \w+ \d{4}/);
    await expectNoAxeViolations(agent, 'received return with its refund');
    await screenshot(agent, 'rma-5-refund-due');

    await card().getByTestId('case-steps').getByRole('button', { name: 'Refund customer' }).click();
    await card().getByTestId('step-form').getByRole('button', { name: 'Refund $435.00' }).click();
    await expectCaseStatus(agent, 'refunded');
    await expect.poll(async () => (await systemMessages(customer)).join('\n')).toMatch(/refunding \$435\.00 \(after deductions: free standard shipping \$15\.00\) to the card you paid with/);
    await expect.poll(() => customer.getByTestId('your-case-refund').textContent()).toMatch(/Refund of \$435\.00 to the card you paid with/);
    expect(await customer.getByTestId('your-case').locator('[aria-current="step"]').textContent()).toBe('Refunded');
    await expectNoAxeViolations(customer, 'widget with a refunded return');

    await card().getByTestId('case-steps').getByRole('button', { name: 'Close case' }).click();
    await expectCaseStatus(agent, 'closed');
    const timeline = await card().getByTestId('case-timeline').locator('li').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')));
    expect(timeline.filter((a) => a !== 'emailed' && a !== 'email_failed')).toEqual(['opened', 'note', 'authorize', 'send_instructions', 'ship', 'receive', 'refund', 'close']);
    expect(await card().getByTestId('case-timeline').textContent()).toContain('Grace Agent');
    await screenshot(agent, 'rma-6-closed');
  });

  it('a note goes on the timeline', async () => {
    await card().getByLabel('Internal note').fill('Customer thanked us.');
    await card().getByRole('button', { name: 'Add note' }).click();
    await card().getByTestId('case-timeline').getByText('Customer thanked us.').waitFor();
  });

  it('the Cases view lists it, with filters, reached from the top bar', async () => {
    await agent.getByRole('navigation', { name: 'Desk sections' }).getByRole('button', { name: 'Cases' }).click();
    await agent.getByRole('heading', { name: 'Cases', level: 2 }).waitFor();
    // Open cases only by default: the closed return is not there until that filter is off.
    await expect.poll(() => agent.getByTestId('cases-count').textContent()).toBe('0 cases');
    await agent.getByRole('checkbox', { name: 'Open cases only' }).uncheck();
    const row = agent.getByTestId('case-row').filter({ hasText: rmaNumber });
    await row.waitFor();
    await agent.getByLabel('Kind').selectOption('claim');
    await expect.poll(() => agent.getByTestId('case-row').count()).toBe(0);
    await agent.getByLabel('Kind').selectOption('rma');
    await row.getByRole('button', { name: `Return ${rmaNumber}` }).click();
    await agent.locator('.cases-page__detail').getByTestId('case-card').waitFor();
    await expectNoAxeViolations(agent, 'Cases view with a case open');
    await screenshot(agent, 'rma-7-cases-view');
  });
});

describe('a prepaid label above the threshold: the agent is refused, a supervisor approves', () => {
  let hub: Hub;
  let browser: Browser;
  let agent: Page;
  let customer: Page;
  let supervisor: Page;
  let agentEmail: string;
  let supervisorEmail: string;

  // A clock the test can move, to let a refund fall overdue; sessions that outlive the jump.
  const clock = clockAt(new Date());

  beforeAll(async () => {
    hub = await startTestHub({ clock, settings: { returnAddress: RETURN_ADDRESS, staffSessionIdleMs: 1000 * DAY_MS, staffSessionMaxMs: 1000 * DAY_MS, widgetSessionTtlMs: 1000 * DAY_MS } });
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

  const wizard = () => agent.getByTestId('case-wizard');

  it('an agent authorizing a prepaid label for a $12,500 watch is told a supervisor must approve; nothing changes', async () => {
    await startChat(customer, hub.url, 'Grace Hopper', 'grace.hopper@example.com', 'I need to return the watch from DEMO-1002.');
    await signIn(agent, hub.url, agentEmail);
    await takeChat(agent, 'Grace Hopper');
    await agent.getByRole('button', { name: 'New return (RMA)' }).click();
    await wizard().getByRole('button', { name: 'Choose order DEMO-1002' }).click();
    // A single item is picked already.
    expect(await wizard().getByRole('checkbox', { name: /Chronograph watch/ }).isChecked()).toBe(true);
    await wizard().getByLabel('Reason for the return').selectOption('changed_mind');
    await wizard().getByRole('button', { name: 'Check eligibility' }).click();
    await wizard().getByTestId('rma-eligibility').waitFor();

    await wizard().getByRole('radio', { name: /Yes: send a prepaid label/ }).check();
    await wizard().getByRole('button', { name: 'Authorize return' }).click();
    const refusal = wizard().getByTestId('case-refusal');
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain("Not allowed: A prepaid return label for $12,500.00 is above $5,000.00: it needs a supervisor's approval first.");
    expect(await refusal.getAttribute('role')).toBe('alert');
    // Still on the same step, still not authorized, no RMA number.
    expect(await wizard().getAttribute('data-step')).toBe('review');
    const [c] = hub.store.cases.list({ limit: 10 });
    expect(c).toMatchObject({ status: 'requested', number: null });
    await expectNoAxeViolations(agent, 'wizard with a refusal');
    await screenshot(agent, 'rma-8-label-refused');
    await wizard().getByRole('button', { name: 'Finish later' }).click();
    await expectCaseStatus(agent, 'requested');
  });

  it('the supervisor approves the label from the Cases view; the agent then authorizes it', async () => {
    await signIn(supervisor, hub.url, supervisorEmail);
    await supervisor.getByRole('navigation', { name: 'Desk sections' }).getByRole('button', { name: 'Cases' }).click();
    const row = supervisor.getByTestId('case-row').filter({ hasText: 'DEMO-1002' });
    await row.getByRole('button', { name: 'Return request' }).click();
    const card = supervisor.locator('.cases-page__detail').getByTestId('case-card');
    await card.getByTestId('case-steps').getByRole('button', { name: 'Approve prepaid label' }).click();
    await card.getByTestId('case-timeline').getByText(/Approved a prepaid return label for \$12,500\.00/).waitFor();
    await expectNoAxeViolations(supervisor, 'Cases view as a supervisor');
    await screenshot(supervisor, 'rma-9-supervisor-approved');

    // The agent's panel follows the push: the approval shows, and authorizing with a label now works.
    const agentCard = agent.getByTestId('cases-panel').getByTestId('case-card').first();
    await agentCard.getByText('Prepaid label approved by Sam Supervisor.').waitFor();
    await agentCard.getByTestId('case-steps').getByRole('button', { name: 'Authorize return' }).click();
    await agentCard.getByRole('radio', { name: /Yes: send a prepaid label/ }).check();
    await agentCard.getByTestId('step-form').getByRole('button', { name: 'Authorize return' }).click();
    await expectCaseStatus(agent, 'instructions_sent');
    expect(await agentCard.getByTestId('rma-label').textContent()).toBe('Yes: the desk sends a prepaid return label (approved by Sam Supervisor)');
    await expect.poll(async () => (await systemMessages(customer)).join('\n')).toContain('We will send you a prepaid return label');
  });

  it('received without the RMA number on the box: two deductions; not refunded by its due date, it is marked overdue', async () => {
    const agentCard = agent.getByTestId('cases-panel').getByTestId('case-card').first();
    await agentCard.getByTestId('case-steps').getByRole('button', { name: 'Receive and inspect' }).click();
    const form = agentCard.getByTestId('step-form');
    await form.getByRole('checkbox', { name: /tag .* intact/ }).check();
    await form.getByLabel('Condition of the items').selectOption('as_new');
    await form.getByRole('button', { name: 'Record inspection' }).click();
    await expectCaseStatus(agent, 'received');
    // Free overnight shipping ($30) and the 3% restocking fee for a box without the RMA number.
    const deductions = await agentCard.getByTestId('refund-deduction').allTextContents();
    expect(deductions.sort()).toEqual(['Free overnight shipping−$30.00', 'Restocking fee (no RMA number on the box)−$375.00']);
    expect(await agentCard.getByTestId('refund-amount').textContent()).toBe('$12,095.00');

    // Ten days on, nobody has refunded it: the desk is late.
    clock.set(new Date(Date.now() + 10 * DAY_MS));
    await supervisor.getByRole('checkbox', { name: 'Overdue only' }).check();
    const row = supervisor.getByTestId('case-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.getByTestId('case-overdue').textContent()).toContain('Refund overdue');
    await row.getByRole('button', { name: /^Return RMA-/ }).click();
    const card = supervisor.locator('.cases-page__detail').getByTestId('case-card');
    await expect.poll(() => card.getByTestId('refund-due').textContent()).toMatch(/overdue: refund now/);
    expect(await card.getAttribute('class')).toContain('case-card--overdue');
    await expectNoAxeViolations(supervisor, 'Cases view with an overdue refund');
    await screenshot(supervisor, 'rma-10-overdue');

    await card.getByTestId('case-steps').getByRole('button', { name: 'Refund customer' }).click();
    await card.getByTestId('step-form').getByRole('button', { name: 'Refund $12,095.00' }).click();
    await expect.poll(() => card.getByTestId('case-status').getAttribute('data-status')).toBe('refunded');
    // No longer late: it leaves the overdue list.
    await expect.poll(() => row.count()).toBe(0);
  });
});
