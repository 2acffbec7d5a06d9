// An authenticity concern raised after its window (POLICY §1), in real Chromium: the return wizard
// says the desk cannot accept the concern, not "this return", and when the agent cancels it the
// customer reads why in those words.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { expectNoAxeViolations } from '../helpers/browser';
import { expectCaseStatus, openCaseScreens, signIn, startVerifiedChat, systemMessages, takeChat } from '../helpers/caseScreens';

describe('cases in the console: an authenticity concern raised too late', () => {
  let hub: Hub;
  let browser: Browser;
  let agent: Page;
  let customer: Page;
  let agentEmail: string;

  beforeAll(async () => {
    // The demo orders (server/orders/demo.ts): DEMO-1004 is Alan's, delivered three weeks ago,
    // past an authenticity window of 14 days.
    ({ hub, browser, agent, customer, agentEmail } = await openCaseScreens({ policy: { returns: { authenticityWindowDays: 14 } } }));
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  const wizard = () => agent.getByTestId('case-wizard');

  it('the wizard names the concern it cannot accept, and the customer is told why in the same words', async () => {
    await startVerifiedChat(customer, hub.url, 'Alan Turing', 'alan.turing@example.com', 'I am not sure these sunglasses are genuine.');
    await signIn(agent, hub.url, agentEmail);
    await takeChat(agent, 'Alan Turing');
    await agent.getByTestId('cases-panel').getByRole('button', { name: 'New return (RMA)' }).click();
    await wizard().getByRole('button', { name: 'Choose order DEMO-1004' }).click();
    await wizard().getByRole('heading', { name: /Step 2 of 4/ }).waitFor();
    await wizard().getByRole('checkbox', { name: /Acetate sunglasses/ }).check();
    await wizard().getByLabel('What the customer needs').selectOption('authenticity');
    await wizard().getByRole('button', { name: 'Check eligibility' }).click();

    const verdict = wizard().getByTestId('rma-eligibility');
    await verdict.waitFor();
    expect(await verdict.locator('.eligibility__verdict').textContent()).toBe('Not eligible as an authenticity concern');
    await wizard().getByText('The desk cannot accept this authenticity concern. Cancel the request (the customer is told why), or keep it on record.').waitFor();
    expect(await wizard().getByText(/cannot authorize this return/).count()).toBe(0);
    await expectNoAxeViolations(agent, 'return wizard: an authenticity concern it cannot accept');

    await wizard().getByRole('button', { name: 'Cancel the request' }).click();
    await expectCaseStatus(agent, 'cancelled');
    await expect.poll(async () => (await systemMessages(customer)).join('\n')).toMatch(/This authenticity concern cannot be accepted: .+\./);
    expect((await systemMessages(customer)).join('\n')).not.toMatch(/This return cannot be accepted/);
  });
});
