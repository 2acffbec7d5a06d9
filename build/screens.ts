// `npm run screens`: the main screens as PNGs in docs/screens/, which the README shows. A real hub
// on a loopback port with a throwaway data folder, a few people and chats, driven in Chromium (the
// tests' Chromium, test/helpers/browser.ts). Needs `npm run build` first (the hub serves dist/).
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ALWAYS_OPEN } from '../shared/domain/hours';
import { staffAuth } from '../server/auth/staff';
import { systemClock } from '../server/clock';
import { startHub } from '../server/hub';
import { importOrders } from '../server/orders/import';
import { launchChromium } from '../test/helpers/browser';
import { testOrders } from '../test/helpers/cases';
import { connectAgent, connectCustomer, ok } from '../test/helpers/sockets';

const OUT = join(import.meta.dirname, '..', 'docs', 'screens');
const PASSWORD = 'correct horse battery';

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const hub = await startHub({
    dataDir: mkdtempSync(join(tmpdir(), 'caredesk-screens-')),
    port: 0,
    log: () => {},
    policy: { hours: ALWAYS_OPEN },
    settings: {
      demoOrdersOnFirstRun: false,
      deskName: 'Maison Care',
      returnAddress: 'Maison Returns\n10 Harbour Road\nNewark, NJ 07102',
      brands: { luxe: { deskName: 'Maison Luxe' } },
    },
  });
  const auth = staffAuth(hub.api, systemClock, { sessionIdleMs: 3_600_000 });
  const person = async (email: string, name: string, role: 'agent' | 'supervisor' | 'admin') => auth.createUser({ email, name, role, password: PASSWORD });
  await person('admin@maison.example', 'Adèle Admin', 'admin');
  const sup = await person('sue@maison.example', 'Sue Supervisor', 'supervisor');
  const ann = await person('ann@maison.example', 'Ann Agent', 'agent');
  await importOrders(hub.api, systemClock, testOrders(systemClock.now(), 'ada.lovelace@example.com'));

  const login = async (email: string) => {
    const r = await fetch(`${hub.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
    return ((await r.json()) as { data: { token: string } }).data.token;
  };
  const customer = async (name: string, email: string) => {
    const r = await fetch(`${hub.url}/api/widget/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name, email }) });
    return connectCustomer(hub.url, ((await r.json()) as { data: { token: string } }).data.token);
  };

  // A little history: rated chats for Reports, one low.
  const annSocket = await connectAgent(hub.url, await login(ann.email));
  await ok(annSocket, 'agent:set-status', { status: 'away' });
  const supSocket = await connectAgent(hub.url, await login(sup.email));
  await ok(supSocket, 'canned:save', { shortcut: 'hello', title: 'Greeting', body: 'Hello {customer.firstName}, this is {agent.name}. How may I help?' });
  await ok(supSocket, 'canned:save', { shortcut: 'return', title: 'Returns', body: 'Your return for order {order.number} is authorized: the instructions follow in this chat.' });
  const past = [
    ['Béatrice Moreau', 'Do you ship to Monaco?', 5],
    ['Carl Jensen', 'My watch strap is too long.', 4],
    ['Dora Ito', 'I waited a long time for an answer.', 2],
  ] as const;
  for (const [i, [name, text, score]] of past.entries()) {
    const c = await customer(name, `customer${i}@example.com`);
    const id = (await ok(c, 'chat:start', {})).conversation.id;
    await ok(c, 'chat:send', { conversationId: id, clientId: `screens-c-${i}-0001`, body: text });
    await ok(annSocket, 'conversation:accept', { conversationId: id });
    await ok(annSocket, 'chat:send', { conversationId: id, clientId: `screens-a-${i}-0001`, body: 'Thank you, I am looking into it now.' });
    await ok(c, 'chat:end', { conversationId: id });
    await ok(c, 'chat:rate', { conversationId: id, score, ...(score < 3 ? { comment: 'Too slow to answer.' } : {}) });
    c.close();
  }
  // Back to available for when she signs in to the console.
  await ok(annSocket, 'agent:set-status', { status: 'available' });
  annSocket.close();
  supSocket.close();

  const browser = await launchChromium();
  const page = async (width: number, height: number) => (await browser.newContext({ viewport: { width, height } })).newPage();
  const shot = async (p: Page, name: string) => {
    await p.waitForTimeout(400);
    await p.screenshot({ path: join(OUT, `${name}.png`) });
    console.log(`docs/screens/${name}.png`);
  };
  const signIn = async (p: Page, email: string) => {
    await p.goto(`${hub.url}/console/`);
    await p.getByLabel('Email').fill(email);
    await p.getByLabel('Password').fill(PASSWORD);
    await p.getByRole('button', { name: 'Sign in' }).click();
    await p.getByTestId('signed-in-user').waitFor();
  };
  const section = (p: Page, name: string) => p.getByRole('navigation', { name: 'Desk sections' }).getByRole('button', { name }).click();

  try {
    const widget = await page(400, 700);
    await widget.goto(`${hub.url}/widget/`);
    await shot(widget, 'widget-start');
    await widget.getByLabel('Name').fill('Ada Lovelace');
    await widget.getByLabel('Email').fill('ada.lovelace@example.com');
    await widget.getByRole('button', { name: 'Start chat' }).click();
    await widget.getByLabel('Message').fill('Hello, I would like to return the silk scarf from my last order.');
    await widget.getByLabel('Message').press('Enter');

    const agent = await page(1366, 768);
    await signIn(agent, ann.email);
    await agent.getByTestId('offer').waitFor();
    await shot(agent, 'console-offer');
    await agent.getByTestId('offer').getByRole('button', { name: /Accept offer/ }).click();
    await agent.getByLabel('Message').fill('/hello');
    await agent.getByTestId('canned-option').first().waitFor();
    await agent.keyboard.press('Enter');
    await agent.getByLabel('Message').press('Enter');
    await widget.getByTestId('message').filter({ hasText: 'this is Ann Agent' }).waitFor();
    await shot(agent, 'console-chat');
    await shot(widget, 'widget-chat');

    await widget.getByTestId('end-chat').click();
    await widget.getByRole('button', { name: 'Yes, end the chat' }).click();
    await widget.getByTestId('rate-chat').waitFor();
    await shot(widget, 'widget-rating');

    const supervisor = await page(1366, 768);
    await signIn(supervisor, sup.email);
    await section(supervisor, 'Reports');
    await supervisor.locator('.recharts-surface').first().waitFor();
    await shot(supervisor, 'reports');
    await section(supervisor, 'Live');
    await supervisor.getByTestId('live-agents').waitFor();
    await shot(supervisor, 'live');
    await section(supervisor, 'Canned replies');
    await supervisor.getByTestId('canned-list').waitFor();
    await shot(supervisor, 'canned-replies');
    await section(supervisor, 'Transcripts');
    await supervisor.getByRole('heading', { name: 'Transcripts', level: 2 }).waitFor();
    await shot(supervisor, 'transcripts');

    const narrow = await page(1024, 700);
    await signIn(narrow, 'admin@maison.example');
    await section(narrow, 'Accounts');
    await narrow.getByTestId('accounts-table').waitFor();
    await shot(narrow, 'accounts-1024');
  } finally {
    await browser.close();
    await hub.close();
  }
}

await main();
