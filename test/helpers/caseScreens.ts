// Shared steps for the case end-to-end tests (test/e2e/cases-*.test.ts): signing staff in to the
// console, a customer starting a chat from the widget, the agent taking it, and a small real PNG.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Hub, HubOptions } from '../../server/hub';
import { launchChromium } from './browser';
import { addStaff, PASSWORD, startTestHub } from './hub';
import { identityToken } from './identityToken';

export interface CaseScreens {
  hub: Hub;
  browser: Browser;
  /** The console, desktop size. */
  agent: Page;
  /** The widget, phone size. */
  customer: Page;
  /** An agent's sign-in (an admin exists too, so the desk is set up). */
  agentEmail: string;
}

/** A hub with an admin and an agent, and Chromium with a console and a widget page. */
export async function openCaseScreens(opts: Partial<HubOptions> = {}): Promise<CaseScreens> {
  const hub = await startTestHub(opts);
  let browser: Browser | undefined;
  try {
    await addStaff(hub, 'admin', 'Ada Admin');
    browser = await launchChromium();
    const agent = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    const customer = await (await browser.newContext({ viewport: { width: 480, height: 860 } })).newPage();
    const agentEmail = (await addStaff(hub, 'agent', 'Grace Agent')).email;
    return { hub, browser, agent, customer, agentEmail };
  } catch (e) {
    // The test's afterAll never gets these: close them here, or the run waits on them.
    await browser?.close().catch(() => undefined);
    await hub.close();
    throw e;
  }
}

/** Fills the console's sign-in form and waits for the desk. */
export async function signIn(page: Page, url: string, email: string): Promise<void> {
  await page.goto(`${url}/console/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('signed-in-user').waitFor();
}

/** A customer starts a chat on the widget and writes a first message. */
export async function startChat(page: Page, url: string, name: string, email: string, message: string): Promise<void> {
  await page.goto(`${url}/widget/`);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Start chat' }).click();
  await page.getByLabel('Message').fill(message);
  await page.getByLabel('Message').press('Enter');
  await page.getByTestId('message').filter({ hasText: message }).waitFor();
}

/**
 * A shopper signed in at the shop starts a chat: the page embeds the widget with the identity
 * token the shop's server signed (issue 12), so the customer is verified and may have cases
 * opened on their orders.
 */
export async function startVerifiedChat(page: Page, url: string, name: string, email: string, message: string): Promise<void> {
  const token = await identityToken({ sub: `shop-${email}`, email, name, jti: `e2e-${email}-${Date.now()}` });
  await page.goto(`${url}/widget/#identityToken=${token}`);
  await page.getByLabel('Message').fill(message);
  await page.getByLabel('Message').press('Enter');
  await page.getByTestId('message').filter({ hasText: message }).waitFor();
}

/** The agent opens the customer's chat from the queue and accepts it. */
export async function takeChat(page: Page, customerName: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Desk sections' }).getByRole('button', { name: 'Chats' }).click();
  await page.getByTestId('queue-item').filter({ hasText: customerName }).click();
  await page.getByRole('button', { name: 'Accept chat' }).click();
  await expect.poll(() => page.getByTestId('conversation-status').textContent()).toMatch(/active/i);
}

/** A case card by its status, in the chat's panel or the Cases view. */
export const caseStatus = (page: Page) => page.getByTestId('case-card').first().getByTestId('case-status');

/** Waits until the first case card shows `status` (the hub's status name, e.g. 'in_transit'). */
export async function expectCaseStatus(page: Page, status: string): Promise<void> {
  await expect.poll(() => caseStatus(page).getAttribute('data-status'), { timeout: 10_000 }).toBe(status);
}

/** The system messages the customer has been sent in the chat. */
export async function systemMessages(page: Page): Promise<string[]> {
  return page.locator('[data-testid="message"][data-author-kind="system"]').allTextContents();
}

/** Screenshots for a person to look at, when SCREENSHOTS=<folder> is set; nothing otherwise. */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A real, small PNG (RGB, 8-bit) built here: a `size`×`size` picture of a cracked vase's colours
 * — a warm diagonal gradient with a dark crack — so the thumbnail is visibly an image.
 */
export function makePng(size = 48): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3); // filter byte 0, then RGB
    for (let x = 0; x < size; x++) {
      const crack = Math.abs(x - y - Math.round(4 * Math.sin(y / 3))) <= 1;
      const t = (x + y) / (2 * size);
      row[1 + x * 3] = crack ? 40 : Math.round(230 - 60 * t);
      row[2 + x * 3] = crack ? 30 : Math.round(200 - 90 * t);
      row[3 + x * 3] = crack ? 30 : Math.round(170 - 120 * t);
    }
    rows.push(row);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}
