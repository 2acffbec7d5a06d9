// Working the queue in real Chromium (issue 3): a supervisor's Live view follows the queue as
// customers arrive and are served, watches a chat read-only, whispers to its agent (never seen by
// the customer) and reassigns it; outside hours the widget says it is closed and takes a message,
// which an agent answers from the console's Tickets section by email through a real SMTP server.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockAt } from '../../server/clock';
import type { Hub } from '../../server/hub';
import { DEFAULT_POLICY } from '../../shared/domain/config';
import { expectNoAxeViolations, launchChromium } from '../helpers/browser';
import { screenshot, signIn, startChat } from '../helpers/caseScreens';
import { addStaff, login, startTestHub } from '../helpers/hub';
import { collect, connectAgent, ok, until, type AgentSocket } from '../helpers/sockets';
import { mimeParts, startSmtp } from '../helpers/transcripts';
import { header, mailTo, subjectOf } from '../helpers/mail';

const nav = (page: Page, section: string | RegExp) => page.getByRole('navigation', { name: 'Desk sections' }).getByRole('button', { name: section });

describe('supervisor live view in Chromium: numbers, watch, whisper, reassign, canned replies', () => {
  let hub: Hub;
  let browser: Browser;
  let sup: Page;
  const customers: Page[] = [];
  let ann: AgentSocket;
  let otto: AgentSocket;
  let annId: string;
  let ottoId: string;
  let servedId: string;

  beforeAll(async () => {
    hub = await startTestHub({ settings: { superviseUpdateMs: 50 } });
    await addStaff(hub, 'admin', 'Ada Admin');
    const supEmail = (await addStaff(hub, 'supervisor', 'Sue Supervisor')).email;
    const a = await addStaff(hub, 'agent', 'Ann Agent');
    const o = await addStaff(hub, 'agent', 'Otto Agent');
    annId = a.id;
    ottoId = o.id;
    ann = await connectAgent(hub.url, await login(hub.url, a.email));
    otto = await connectAgent(hub.url, await login(hub.url, o.email));
    // Away: nothing is offered automatically, so the queue only moves when someone takes a chat.
    await ok(ann, 'agent:set-status', { status: 'away' });
    await ok(otto, 'agent:set-status', { status: 'away' });
    browser = await launchChromium();
    sup = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    await signIn(sup, hub.url, supEmail);
  });
  afterAll(async () => {
    ann?.close();
    otto?.close();
    await browser?.close();
    await hub?.close();
  });

  const queueLength = async () => Number(await sup.getByTestId('live-queue-length').textContent());
  const longestWaitMs = async () => Number(await sup.getByTestId('live-longest-wait').getAttribute('data-ms'));
  const agentRow = (id: string) => sup.locator(`[data-testid="live-agent"][data-agent-id="${id}"]`);
  const load = async (id: string) => Number(await agentRow(id).getByTestId('live-agent-load').textContent());
  const watch = () => sup.getByTestId('watch-panel');

  it('the Live view shows the queue grow as customers arrive, and the longest wait ticks', async () => {
    await nav(sup, 'Live').click();
    await expect.poll(queueLength).toBe(0);
    expect(await sup.getByTestId('live-longest-wait').textContent()).toBe('—');
    expect(await agentRow(annId).getByTestId('live-agent-status').textContent()).toBe('Away');
    await expectNoAxeViolations(sup, 'live view, empty queue');

    for (const [name, email] of [
      ['Cora Client', 'cora@shop.test'],
      ['Dan Client', 'dan@shop.test'],
    ] as const) {
      const page = await (await browser.newContext()).newPage();
      customers.push(page);
      await startChat(page, hub.url, name, email, `Hello, this is ${name.split(' ')[0]}.`);
    }
    await expect.poll(queueLength, { timeout: 10_000 }).toBe(2);
    // The widget tells each customer their place, politely.
    await expect.poll(() => customers[0]!.getByTestId('queue-position').textContent()).toBe('You are next in line.');
    await expect.poll(() => customers[1]!.getByTestId('queue-position').textContent()).toBe('You are 2nd in line.');
    expect(await customers[1]!.getByTestId('queue-position').getAttribute('aria-live')).toBe('polite');
    await expectNoAxeViolations(customers[1]!, 'widget waiting with queue place');

    const first = await longestWaitMs();
    expect(first).toBeGreaterThan(0);
    const shown = await sup.getByTestId('live-longest-wait').textContent();
    expect(shown).toMatch(/^\d+ s$/);
    await expect.poll(longestWaitMs, { timeout: 5000 }).toBeGreaterThan(first + 1000);
    // It ticks on screen between the hub's pushes.
    await expect.poll(() => sup.getByTestId('live-longest-wait').textContent()).not.toBe(shown);
    expect(await sup.getByTestId('live-chat').count()).toBe(2);
    await screenshot(sup, 'live-two-waiting');
  });

  it('an agent takes a chat: the queue shrinks, their load rises, and the next customer moves up', async () => {
    const { conversations } = await ok(ann, 'queue:list', {});
    servedId = conversations.find((c: { customer: { email: string } }) => c.customer.email === 'cora@shop.test').id;
    await ok(ann, 'conversation:accept', { conversationId: servedId });
    await expect.poll(queueLength, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => load(annId)).toBe(1);
    expect(await load(ottoId)).toBe(0);
    expect(await sup.locator(`[data-testid="live-chat"][data-conversation-id="${servedId}"]`).getAttribute('data-status')).toBe('active');
    await expect.poll(() => customers[1]!.getByTestId('queue-position').textContent()).toBe('You are next in line.');
  });

  it('the supervisor watches the chat read-only and sees new messages arrive', async () => {
    await sup.locator(`[data-testid="live-chat"][data-conversation-id="${servedId}"]`).getByRole('button', { name: /Watch/ }).click();
    await expect.poll(() => watch().getByTestId('watch-state').textContent()).toContain('With Ann Agent');
    await watch().getByTestId('message').filter({ hasText: 'Hello, this is Cora.' }).waitFor();
    // Read-only: no box to write to the customer.
    expect(await watch().getByRole('textbox', { name: 'Message' }).count()).toBe(0);

    await ok(ann, 'chat:send', { conversationId: servedId, clientId: 'e2e-ann-reply-0001', body: 'Hi Cora, Ann here.' });
    const cora = customers[0]!;
    await cora.getByLabel('Message').fill('My scarf has a pulled thread.');
    await cora.getByLabel('Message').press('Enter');
    await watch().getByTestId('message').filter({ hasText: 'My scarf has a pulled thread.' }).waitFor();
    await watch().getByTestId('message').filter({ hasText: 'Hi Cora, Ann here.' }).waitFor();
    await expectNoAxeViolations(sup, 'live view watching a chat');
  });

  it('a whisper reaches the agent only, never the customer', async () => {
    const notes = collect<{ conversationId: string; kind: string; body: string }>(ann, 'note:new');
    await watch().getByLabel('Whisper to Ann Agent').fill('Offer the free repair service.');
    await watch().getByRole('button', { name: 'Send whisper' }).click();
    await until(() => notes.some((n) => n.kind === 'whisper' && n.body === 'Offer the free repair service.'), 5000, 'whisper on the agent socket');
    expect(notes.find((n) => n.kind === 'whisper')!.conversationId).toBe(servedId);
    await watch().locator('[data-testid="watch-note"][data-kind="whisper"]').filter({ hasText: 'Offer the free repair service.' }).waitFor();
    await expect.poll(() => sup.getByTestId('live-announcement').textContent()).toContain('Whisper sent to Ann Agent');

    // A message sent after the whisper reaches the customer, so the whisper had every chance to.
    await ok(ann, 'chat:send', { conversationId: servedId, clientId: 'e2e-ann-reply-0002', body: 'We can repair it for free.' });
    const cora = customers[0]!;
    await cora.getByTestId('message').filter({ hasText: 'We can repair it for free.' }).waitFor();
    expect(await cora.locator('body').textContent()).not.toContain('Offer the free repair service.');
  });

  it('reassigns the chat to a second agent with a note', async () => {
    const assigned = collect<{ conversation: { id: string }; note: { body: string } | null }>(otto, 'conversation:assigned');
    // Away, Otto is listed but cannot be chosen (issue 9: only an available colleague takes a chat).
    const ottoOption = watch().getByLabel('Reassign to').locator(`option[value="${ottoId}"]`);
    await expect.poll(() => ottoOption.isDisabled()).toBe(true);
    expect(await ottoOption.textContent()).toContain('away — not taking chats');
    await ok(otto, 'agent:set-status', { status: 'available' });
    await expect.poll(() => ottoOption.isDisabled()).toBe(false);
    await watch().getByLabel('Reassign to').selectOption({ value: ottoId });
    await watch().getByLabel('Note for them (optional)').fill('Cora wants the scarf repaired.');
    await watch().getByRole('button', { name: 'Reassign' }).click();
    await until(() => assigned.some((a) => a.conversation.id === servedId), 5000, 'conversation:assigned to Otto');
    expect(assigned[0]!.note?.body).toBe('Cora wants the scarf repaired.');
    // Away again: the other waiting chat, offered to him meanwhile, goes back (his load is this chat).
    await ok(otto, 'agent:set-status', { status: 'away' });
    await expect.poll(() => watch().getByTestId('watch-state').textContent()).toContain('With Otto Agent');
    await expect.poll(() => load(ottoId), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => load(annId)).toBe(0);
    await watch().locator('[data-testid="watch-note"][data-kind="transfer"]').filter({ hasText: 'Cora wants the scarf repaired.' }).waitFor();
    await expect.poll(() => customers[0]!.getByTestId('chat-status').textContent()).toContain('Otto Agent');
    await screenshot(sup, 'live-reassigned');
  });

  it('keeps the canned replies: add, edit, delete; agents see the change', async () => {
    // Their own section since issue 9, no longer the foot of Live.
    await sup.getByRole('navigation', { name: 'Desk sections' }).getByRole('button', { name: 'Canned replies' }).click();
    const canned = sup.getByRole('region', { name: 'Canned replies' });
    await canned.getByRole('button', { name: 'Add a reply' }).click();
    await canned.getByLabel('Shortcut', { exact: true }).fill('Repair');
    await canned.getByLabel('Title', { exact: true }).fill('Free repair');
    await canned.getByLabel('Reply text', { exact: true }).fill('We repair pulled threads free of charge.');
    await canned.getByRole('button', { name: 'Add reply' }).click();
    await canned.locator('[data-testid="canned-item"][data-shortcut="repair"]').waitFor();
    expect((await ok(ann, 'canned:list', { query: '/rep' })).replies.map((r: { title: string }) => r.title)).toEqual(['Free repair']);

    // A taken shortcut is refused with the hub's reason, next to the form.
    await canned.getByRole('button', { name: 'Add a reply' }).click();
    await canned.getByLabel('Shortcut', { exact: true }).fill('repair');
    await canned.getByLabel('Title', { exact: true }).fill('Duplicate');
    await canned.getByLabel('Reply text', { exact: true }).fill('x');
    await canned.getByRole('button', { name: 'Add reply' }).click();
    await canned.getByRole('alert').waitFor();
    await expectNoAxeViolations(sup, 'canned replies with a refusal');
    await canned.getByRole('button', { name: 'Cancel' }).click();

    await canned.getByRole('button', { name: 'Edit /repair' }).click();
    await canned.getByLabel('Title', { exact: true }).fill('Free repairs');
    await canned.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => canned.locator('[data-testid="canned-item"][data-shortcut="repair"]').textContent()).toContain('Free repairs');
    await canned.getByRole('button', { name: 'Delete /repair' }).click();
    await canned.getByText('No canned replies yet.').waitFor();
    expect((await ok(ann, 'canned:list', {})).replies).toEqual([]);
  });
});

// Sunday 15:00 UTC: closed everywhere in the policy's hours (Mon–Fri).
const SUNDAY = new Date('2025-06-01T15:00:00Z');
const MONDAY_11_NY = new Date('2025-06-02T15:00:00Z');

describe('outside hours in Chromium: the widget takes a message, the console answers it by email', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let hub: Hub;
  let browser: Browser;
  let customer: Page;
  let agent: Page;
  const clock = clockAt(SUNDAY, { frozen: true });
  let agentEmail: string;

  beforeAll(async () => {
    smtp = await startSmtp();
    hub = await startTestHub({
      clock,
      inboundSmtpPort: 0,
      policy: { hours: DEFAULT_POLICY.hours },
      settings: {
        smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'care@desk.test', connectionTimeoutMs: 5000 },
        brands: { luxe: { deskName: 'Luxe Care', careAddress: 'care@luxe.test', hours: { timeZone: 'Europe/Paris' } } },
      },
    });
    await addStaff(hub, 'admin', 'Ada Admin');
    agentEmail = (await addStaff(hub, 'agent', 'Grace Agent')).email;
    browser = await launchChromium();
    // The customer is in New York: the opening time is said in their time, with the desk's beside it.
    customer = await (await browser.newContext({ timezoneId: 'America/New_York', locale: 'en-US' })).newPage();
    agent = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    await smtp?.close();
  });

  const tickets = () => agent.getByTestId('ticket');
  const ticketOf = (name: string) => tickets().filter({ has: agent.getByRole('heading', { name }) });

  it('the widget says it is closed, when it opens in the customer’s time, and offers a message form', async () => {
    await customer.goto(`${hub.url}/widget/?brand=luxe`);
    await customer.getByTestId('widget-closed').waitFor();
    expect(await customer.getByRole('heading', { level: 1 }).textContent()).toBe('Luxe Care');
    // Monday 10:00 in Paris is 04:00 in New York.
    const when = await customer.getByTestId('next-opening').textContent();
    expect(when).toContain('Monday, June 2');
    expect(when).toMatch(/04:00\sAM/);
    expect(when).toMatch(/10:00\sAM Paris time/);
    expect(await customer.getByRole('button', { name: 'Start chat' }).count()).toBe(0);
    await expectNoAxeViolations(customer, 'widget closed with offline form');
  });

  it('says clearly what is wrong: missing fields, an invalid email, a message too long', async () => {
    await customer.getByRole('button', { name: 'Send message' }).click();
    expect(await customer.getByTestId('offline-name-error').textContent()).toContain('your name');
    expect(await customer.getByTestId('offline-body-error').textContent()).toContain('write your message');
    // Focus goes to the first field to fix.
    expect(await customer.evaluate(() => document.activeElement?.id)).toBe('offline-name');

    await customer.getByLabel('Name').fill('Ada Lovelace');
    await customer.getByLabel('Email').fill('ada@shop');
    await customer.getByLabel('Your message').fill('x'.repeat(4001));
    await customer.getByRole('button', { name: 'Send message' }).click();
    expect(await customer.getByTestId('offline-email-error').textContent()).toContain('is not an email address');
    expect(await customer.getByTestId('offline-body-error').textContent()).toContain('4,001 characters long; the limit is 4,000');
    expect(await customer.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(customer, 'offline form with errors');
    expect(hub.store.tickets.list({ status: null, assignee: null, limit: 10 })).toHaveLength(0);
  });

  it('a valid message is confirmed with the address the answer goes to', async () => {
    await customer.getByLabel('Email').fill('ada@shop.test');
    await customer.getByLabel('Your message').fill('Is the green Kelly bag coming back in stock? My card is 4111 1111 1111 1111.');
    await customer.getByRole('button', { name: 'Send message' }).click();
    await customer.getByTestId('offline-sent').waitFor();
    expect(await customer.getByTestId('offline-sent').textContent()).toContain('We’ll answer by email at ada@shop.test');
    await expectNoAxeViolations(customer, 'offline message sent');
    await screenshot(customer, 'widget-offline-sent');
  });

  it('the ticket appears in the console’s Tickets section with an open count, and updates live', async () => {
    await signIn(agent, hub.url, agentEmail);
    await expect.poll(() => nav(agent, /^Tickets/).textContent()).toBe('Tickets1 open');
    await nav(agent, /^Tickets/).click();
    await ticketOf('Ada Lovelace').waitFor();
    expect(await ticketOf('Ada Lovelace').textContent()).toContain('**** **** **** 1111');
    expect(await ticketOf('Ada Lovelace').getAttribute('data-status')).toBe('open');
    await expectNoAxeViolations(agent, 'tickets list');

    // A message left while the section is open arrives without a reload.
    smtp.reject.add('bounce@shop.test');
    const r = await fetch(`${hub.url}/api/widget/offline-message`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ brandId: 'luxe', name: 'Bo Bounce', email: 'bounce@shop.test', body: 'Do you ship to Monaco?' }),
    });
    expect(r.status).toBe(200);
    await ticketOf('Bo Bounce').waitFor();
    await expect.poll(() => nav(agent, /^Tickets/).textContent()).toBe('Tickets2 open');
  });

  it('an agent takes one and answers by email from the brand’s care address; it shows pending', async () => {
    const ada = ticketOf('Ada Lovelace');
    await ada.getByRole('button', { name: /^Take it/ }).click();
    await expect.poll(() => ada.locator('.ticket__meta').first().textContent()).toContain('yours');
    await expect.poll(() => nav(agent, /^Tickets/).textContent()).toBe('Tickets1 open');
    await ada.getByRole('button', { name: /^Open thread/ }).click();
    await ada.getByTestId('ticket-thread').waitFor();
    await ada.getByLabel('Answer to ada@shop.test').fill('The green Kelly is back on Thursday; we have put one aside for you.');
    await expectNoAxeViolations(agent, 'ticket thread with answer form');
    await ada.getByRole('button', { name: 'Send answer by email' }).click();
    await expect.poll(() => ada.getAttribute('data-status'), { timeout: 15_000 }).toBe('pending');
    expect(await ada.getByTestId('ticket-status').textContent()).toBe('Pending (waiting on the customer)');
    expect(await ada.getByTestId('ticket-message').last().textContent()).toContain('we have put one aside for you');
    await expect.poll(() => agent.getByTestId('tickets-announcement').textContent()).toContain('Answer sent to ada@shop.test');

    await until(() => smtp.mails.some((m) => m.to.includes('ada@shop.test')), 5000, 'the answer email');
    const mail = smtp.mails.find((m) => m.to.includes('ada@shop.test'))!;
    expect(mail.from).toBe('care@luxe.test');
    expect(mail.raw).toMatch(/^From: .*care@luxe\.test/m);
    const text = mimeParts(mail.raw).find((p) => p.type === 'text/plain')!.body.toString('utf8');
    expect(text).toContain('we have put one aside for you');
    expect(text).toMatch(/^Dear Ada Lovelace,/);
    expect(text).toContain('The Luxe Care team');
  });

  it('the customer’s emailed reply arrives in the thread live, and the ticket is open again', async () => {
    const ada = ticketOf('Ada Lovelace');
    const answer = smtp.mails.find((m) => m.to.includes('ada@shop.test'))!;
    const answerId = header(answer.raw, 'Message-ID')!;
    // The customer's mail program replies to the desk's mail, over real SMTP to the hub's listener.
    await mailTo(hub.inboundSmtp!.port, {
      from: 'Ada Lovelace <ada@shop.test>',
      to: 'care@luxe.test',
      subject: `Re: ${subjectOf(answer.raw)}`,
      text: 'Wonderful, I will collect it on Friday.\n\nOn Sunday, Luxe Care wrote:\n> The green Kelly is back on Thursday',
      inReplyTo: answerId,
      references: [answerId],
      attachments: [{ filename: 'receipt.txt', content: 'Paid with 4111 1111 1111 1111', contentType: 'text/plain' }],
    });
    await expect.poll(() => ada.getByTestId('ticket-message').last().textContent(), { timeout: 10_000 }).toContain('Wonderful, I will collect it on Friday.');
    // The attachment opens from the thread, card number masked.
    const [download] = await Promise.all([agent.waitForEvent('download'), ada.getByTestId('ticket-attachment').click()]);
    expect(download.suggestedFilename()).toBe('receipt.txt');
    expect(readFileSync((await download.path())!, 'utf8')).toBe('Paid with **** **** **** 1111');
    expect(await ada.getByTestId('ticket-message').last().getAttribute('data-kind')).toBe('customer');
    await expect.poll(() => ada.getAttribute('data-status')).toBe('open');
    await expectNoAxeViolations(agent, 'ticket thread with the customer’s reply');
    await screenshot(agent, 'tickets-thread');
  });

  it('a mail failure shows the server’s reason and leaves the ticket open', async () => {
    const bo = ticketOf('Bo Bounce');
    await bo.getByRole('button', { name: /^Take it/ }).click();
    await expect.poll(() => bo.locator('.ticket__meta').first().textContent()).toContain('yours');
    await bo.getByRole('button', { name: /^Open thread/ }).click();
    await bo.getByLabel('Answer to bounce@shop.test').fill('Yes, we ship to Monaco.');
    await bo.getByRole('button', { name: 'Send answer by email' }).click();
    await bo.getByTestId('ticket-error').waitFor({ timeout: 15_000 });
    expect(await bo.getByTestId('ticket-error').textContent()).toMatch(/could not be sent.*550/);
    expect(await bo.getAttribute('data-status')).toBe('open');
    // The draft is kept for another try.
    expect(await bo.getByLabel('Answer to bounce@shop.test').inputValue()).toBe('Yes, we ship to Monaco.');
    await expectNoAxeViolations(agent, 'ticket whose answer bounced');
    await screenshot(agent, 'tickets-bounce');
  });

  it('when the desk closes while the customer fills the start form, chat:start’s refusal switches to the message form', async () => {
    clock.set(MONDAY_11_NY);
    const late = await (await browser.newContext()).newPage();
    await late.goto(`${hub.url}/widget/`);
    await late.getByRole('button', { name: 'Start chat' }).waitFor();
    clock.set(SUNDAY);
    await late.getByLabel('Name').fill('Lena Late');
    await late.getByLabel('Email').fill('lena@shop.test');
    await late.getByRole('button', { name: 'Start chat' }).click();
    await late.getByTestId('widget-closed').waitFor();
    expect(await late.getByRole('status').filter({ hasText: 'just closed' }).count()).toBe(1);
    // What the customer already typed is kept.
    expect(await late.getByLabel('Email').inputValue()).toBe('lena@shop.test');
    await expectNoAxeViolations(late, 'widget closed meanwhile');
  });
});
