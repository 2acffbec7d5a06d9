// The desktop app itself, driven by Playwright's Electron support (`npm run test:electron`, where
// an Electron runtime exists; build/test-electron.mjs picks the packaged app from release/ or the
// runtime with this checkout). Against a team hub on loopback, so the test can take the hub away:
// sign in, chat with a customer, the unread badge, and a message typed while the hub is down that
// survives quitting and restarting the app.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import type { Message } from '../../shared/protocol/schemas';
import { PASSWORD, addStaff, customerToken, startTestHub, tempDataDir } from '../helpers/hub';
import { collect, connectCustomer, ok, until, type CustomerSocket } from '../helpers/sockets';

const root = fileURLToPath(new URL('../..', import.meta.url));

function launchOptions(hubUrl: string, home: string) {
  // userData under a temp home on every OS: XDG_CONFIG_HOME (Linux), HOME (macOS), APPDATA (Windows).
  const env = { ...process.env, CAREDESK_HUB_URL: hubUrl, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), APPDATA: join(home, 'AppData') } as Record<string, string>;
  const packaged = process.env.CAREDESK_APP_EXECUTABLE;
  if (packaged) return { executablePath: packaged, args: [] as string[], env };
  const binary = process.env.CAREDESK_ELECTRON_BINARY;
  if (!binary) throw new Error('Run this suite with `npm run test:electron` (it finds the Electron runtime or the packaged app).');
  return { executablePath: binary, args: [root], env };
}

async function openApp(hubUrl: string, home: string): Promise<{ app: ElectronApplication; page: Page }> {
  const app = await _electron.launch(launchOptions(hubUrl, home));
  const page = await app.firstWindow();
  await page.waitForURL(`${hubUrl}/console/**`);
  // Record what main asks of the dock/launcher badge (and the Windows overlay).
  await app.evaluate(({ app: a, BrowserWindow }) => {
    const g = globalThis as unknown as { badges: number[]; overlays: string[] };
    g.badges = [];
    g.overlays = [];
    const set = a.setBadgeCount.bind(a);
    a.setBadgeCount = (n?: number) => {
      g.badges.push(n ?? 0);
      return set(n);
    };
    for (const w of BrowserWindow.getAllWindows()) {
      const overlay = w.setOverlayIcon.bind(w);
      w.setOverlayIcon = (icon, description) => {
        g.overlays.push(description);
        overlay(icon, description);
      };
    }
  });
  return { app, page };
}

async function signIn(page: Page, email: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-user').waitFor();
}

const lastBadge = (app: ElectronApplication) =>
  app.evaluate(() => {
    const g = globalThis as unknown as { badges: number[]; overlays: string[] };
    return process.platform === 'win32' ? (g.overlays.at(-1) ?? '') : String(g.badges.at(-1) ?? '');
  });

describe('the desktop app (Playwright drives Electron)', () => {
  let hub: Hub;
  let port: number;
  const dataDir = tempDataDir('desktop-app');
  const home = mkdtempSync(join(tmpdir(), 'caredesk-home-'));
  let agentEmail: string;
  let customer: CustomerSocket;
  let customerTok: string;
  let conversationId: string;

  beforeAll(async () => {
    hub = await startTestHub({ dataDir });
    port = hub.port;
    agentEmail = (await addStaff(hub, 'agent', 'Agent Desktop')).email;
  });
  afterAll(async () => {
    customer?.disconnect();
    await hub.close().catch(() => {});
    rmSync(home, { recursive: true, force: true });
  });

  it('signs in, accepts a chat, and the unread badge counts what the customer writes in another chat', async () => {
    const { app, page } = await openApp(hub.url, home);
    try {
      await signIn(page, agentEmail);
      customerTok = await customerToken(hub.url, 'Ada Desktop', 'ada.desktop@shop.test');
      customer = await connectCustomer(hub.url, customerTok, { reconnection: true });
      conversationId = (await ok(customer, 'chat:start', {})).conversation.id;
      await page.getByTestId('queue-item').filter({ hasText: 'Ada Desktop' }).click();
      await page.getByRole('button', { name: 'Accept chat' }).click();
      await page.getByLabel('Message').fill('Good afternoon, how can I help?');
      await page.getByLabel('Message').press('Enter');
      const toCustomer = collect<Message>(customer, 'message:new');
      await until(() => toCustomer.some((m) => m.body === 'Good afternoon, how can I help?'), 20_000, 'customer receives the reply');

      // A second customer's chat on screen: messages in Ada's chat are unread, and the badge says so.
      const other = await connectCustomer(hub.url, await customerToken(hub.url, 'Bea Other', 'bea@shop.test'));
      await ok(other, 'chat:start', {});
      await page.getByTestId('queue-item').filter({ hasText: 'Bea Other' }).click();
      await ok(customer, 'chat:send', { conversationId, clientId: 'desktopbadge001', body: 'Is it in stock?' });
      await ok(customer, 'chat:send', { conversationId, clientId: 'desktopbadge002', body: 'In black?' });
      await expect.poll(() => lastBadge(app), { timeout: 20_000 }).toMatch(process.platform === 'win32' ? /^2 unread messages$/ : /^2$/);
      await page.getByTestId('queue-item').filter({ hasText: 'Ada Desktop' }).click();
      await expect.poll(() => lastBadge(app), { timeout: 20_000 }).toMatch(process.platform === 'win32' ? /^$/ : /^0$/);
      other.disconnect();
    } finally {
      await app.close();
    }
  });

  it('a message typed while the hub is down survives quitting and restarting the app, and reaches the customer', async () => {
    let { app, page } = await openApp(hub.url, home);
    try {
      // The session token is kept only where the OS key store works; otherwise sign in again.
      if (!(await page.getByTestId('signed-in-user').isVisible())) await signIn(page, agentEmail);
      await page.getByTestId('queue-item').filter({ hasText: 'Ada Desktop' }).click();
      await page.getByLabel('Message').waitFor();
      await hub.close();
      await page.getByLabel('Message').fill('Yes, in black, reserved for you.');
      await page.getByLabel('Message').press('Enter');
      await page.getByText('Yes, in black, reserved for you.').waitFor();
    } finally {
      await app.close();
    }

    hub = await startTestHub({ dataDir, port });
    const toCustomer = collect<Message>(customer, 'message:new');
    // The widget reconnects by itself and resumes its chat, as after any hub restart.
    await until(() => customer.connected, 30_000, 'customer reconnected');
    await ok(customer, 'chat:current', {});
    ({ app, page } = await openApp(hub.url, home));
    try {
      if (!(await page.getByTestId('signed-in-user').isVisible())) await signIn(page, agentEmail);
      await until(() => toCustomer.some((m) => m.body === 'Yes, in black, reserved for you.'), 30_000, 'the restored message reaches the customer');
      const t = await ok<{ messages: Message[] }>(customer, 'chat:sync', { conversationId, afterSeq: 0 });
      expect(t.messages.filter((m) => m.body === 'Yes, in black, reserved for you.')).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
