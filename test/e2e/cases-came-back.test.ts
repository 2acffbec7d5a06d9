// A parcel that came back on its own (POLICY §1, undelivered), in real Chromium: the agent picks
// "A parcel that came back undelivered" in the return wizard, which asks no return reason and
// offers nothing to authorize; the customer is told in the widget what will be refunded; the case
// is received straight away (no RMA-number box to tick), gets its number, and is refunded less the
// shipping deduction and the 7% fee.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { expectNoAxeViolations } from '../helpers/browser';
import { expectCaseStatus, openCaseScreens, signIn, startVerifiedChat, systemMessages, takeChat } from '../helpers/caseScreens';

describe('cases in the console: a parcel that came back undelivered', () => {
  let hub: Hub;
  let browser: Browser;
  let agent: Page;
  let customer: Page;
  let agentEmail: string;

  beforeAll(async () => {
    // The demo orders (server/orders/demo.ts): DEMO-1005 is Hedy's, never delivered.
    ({ hub, browser, agent, customer, agentEmail } = await openCaseScreens({ settings: { returnAddress: 'Maison Returns\n10 Harbour Road\nNewark, NJ 07114' } }));
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  const panel = () => agent.getByTestId('cases-panel');
  const wizard = () => agent.getByTestId('case-wizard');
  const card = () => panel().getByTestId('case-card').first();

  it('the wizard takes the kind of request instead of a return reason, and offers nothing to authorize', async () => {
    await startVerifiedChat(customer, hub.url, 'Hedy Lamarr', 'hedy.lamarr@example.com', 'The courier says my bag was sent back to you.');
    await signIn(agent, hub.url, agentEmail);
    await takeChat(agent, 'Hedy Lamarr');
    await panel().getByRole('button', { name: 'New return (RMA)' }).click();
    await wizard().getByRole('button', { name: 'Choose order DEMO-1005' }).click();
    await wizard().getByRole('heading', { name: /Step 2 of 4/ }).waitFor();
    await wizard().getByRole('checkbox', { name: /Top-handle bag/ }).check();
    // A return asks why; the check is refused until a reason is chosen.
    expect(await wizard().getByRole('button', { name: 'Check eligibility' }).isDisabled()).toBe(true);
    // Only what this order can be: it never arrived, so no authenticity concern.
    expect(await wizard().getByLabel('What the customer needs').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['return', 'undelivered', 'incorrect_address']);
    await wizard().getByLabel('What the customer needs').selectOption('undelivered');
    expect(await wizard().getByLabel('Reason for the return').count()).toBe(0);
    await expectNoAxeViolations(agent, 'return wizard: a parcel that came back');
    await wizard().getByRole('button', { name: 'Check eligibility' }).click();

    await wizard().getByTestId('rma-request-kind').waitFor();
    expect(await wizard().getByTestId('rma-request-kind').textContent()).toBe('Parcel that came back undelivered: nothing to authorize. Receive it when it is checked in, then refund it.');
    expect(await wizard().getByRole('button', { name: 'Authorize return' }).count()).toBe(0);
    await expectNoAxeViolations(agent, 'return wizard: nothing to authorize');

    // The customer is told what came back and what will be refunded, with no return conditions.
    await expect.poll(async () => (await systemMessages(customer)).join('\n')).toContain('came back to us undelivered');
    const told = (await systemMessages(customer)).find((m) => m.includes('came back to us undelivered'))!;
    expect(told).toContain('Refund: $5,178.00, to the card you paid with');
    expect(told).not.toMatch(/RMA number on the box/);

    await wizard().getByRole('button', { name: 'Done' }).click();
    await expectCaseStatus(agent, 'requested');
    expect(await card().locator('.case-card__sub').textContent()).toMatch(/ · A parcel that came back undelivered$/);
    // Named for what it is, not a return: its eligibility and its cancel step.
    expect(await card().getByTestId('rma-eligibility').locator('.eligibility__verdict').textContent()).toBe('Eligible for a refund once checked in');
    expect(await card().getByTestId('case-steps').getByRole('button').allTextContents()).toEqual(['Receive and inspect', 'Cancel parcel case']);
  });

  it('checked in without an RMA-number box, it gets its number; refunded less the shipping and the 7% fee', async () => {
    await card().getByTestId('case-steps').getByRole('button', { name: 'Receive and inspect' }).click();
    const form = card().getByTestId('step-form');
    expect(await form.getByRole('checkbox', { name: /RMA number/ }).count()).toBe(0);
    await form.getByRole('checkbox', { name: /tag .* intact/ }).check();
    await form.getByLabel('Condition of the items').selectOption('as_new');
    await expectNoAxeViolations(agent, 'checking in a parcel that came back');
    await form.getByRole('button', { name: 'Record inspection' }).click();
    await expectCaseStatus(agent, 'received');
    const number = await card().getByTestId('rma-number').textContent();
    expect(number).toMatch(/^RMA-\d{4}-\d{6}$/);
    await expect.poll(async () => (await systemMessages(customer)).join('\n')).toContain(`checked in under reference ${number}`);
    // The widget tells it as the parcel it is: it came back and was checked in, never authorized or sent.
    // Folded: the customer has nothing to do for it; they open it to see where it stands.
    await customer.getByTestId('your-cases').getByRole('button', { name: /Show \(1\)/ }).click();
    const yourCase = customer.getByTestId('your-case');
    await yourCase.getByText(`Parcel ${number}`).waitFor();
    expect(await yourCase.locator('[aria-current="step"]').textContent()).toBe('Checked in');
    expect(await yourCase.locator('li').allTextContents()).toEqual(['Came back to us (done)', 'Checked in', 'Refunded']);
    await expectNoAxeViolations(customer, 'widget with a parcel checked in');

    const settlement = card().getByTestId('rma-settlement');
    expect(await settlement.getByTestId('refund-deduction').allTextContents()).toEqual(['Free overnight shipping−$30.00', 'Undelivered parcel fee−$392.00']);
    expect(await settlement.getByTestId('refund-amount').textContent()).toBe('$5,178.00');
    await card().getByTestId('case-steps').getByRole('button', { name: 'Refund customer' }).click();
    await card().getByTestId('step-form').getByRole('button', { name: 'Refund $5,178.00' }).click();
    await expectCaseStatus(agent, 'refunded');
    await expect.poll(async () => (await systemMessages(customer)).join('\n')).toMatch(/refunding \$5,178\.00/);
  });

  it('the Cases view lists it with what it is under its number', async () => {
    const number = (await card().getByTestId('rma-number').textContent())!;
    await agent.getByRole('navigation', { name: 'Desk sections' }).getByRole('button', { name: 'Cases' }).click();
    await agent.getByRole('heading', { name: 'Cases', level: 2 }).waitFor();
    const row = agent.getByTestId('case-row').filter({ hasText: number });
    await row.waitFor();
    expect(await row.locator('.cases-table__kind').textContent()).toBe('A parcel that came back undelivered');
    await expectNoAxeViolations(agent, 'Cases view listing a parcel that came back');
  });
});
