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
import { screenshot, signIn, startVerifiedChat, takeChat } from '../helpers/caseScreens';
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
  admin: ['Chats', 'Live', 'Reports', 'Tickets', 'Cases', 'Transcripts', 'Canned replies', 'Accounts', 'Settings', 'Sessions'],
};
// Long enough to have broken a narrow column mid-word before issue 9.
const CUSTOMER = { name: 'Maximiliana Wolkenstein-Rosenthal', email: 'maximiliana.wolkenstein-rosenthal@example-longdomain.com' };

async function overflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

describe('the console fits 1024×700 and 1366×768 in every section; the widget keeps the conversation in view', () => {
  let hub: Hub;
  let browser: Browser;
  /** The customer's widget, kept open: their returns show in the session that started the chat. */
  let customerWidget: Page;
  const staff: Record<string, string> = {};

  beforeAll(async () => {
    hub = await startTestHub({
      settings: { demoOrdersOnFirstRun: false, returnAddress: 'Maison Returns\n10 Harbour Road\nNewark, NJ 07102', brands: { luxe: { deskName: 'Maison Luxe Customer Care' } } },
    });
    for (const role of ['admin', 'supervisor', 'agent'] as const) staff[role] = (await addStaff(hub, role, `Bartholomew ${role[0]!.toUpperCase()}${role.slice(1)}-Fitzgerald`)).email;
    await importOrders(hub.api, systemClock, testOrders(systemClock.now(), CUSTOMER.email));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  it('a customer has a chat with a return started, so Chats, Cases and Transcripts have content', async () => {
    const widget = (customerWidget = await (await browser.newContext({ viewport: { width: 400, height: 700 } })).newPage());
    const agent = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    await startVerifiedChat(widget, hub.url, CUSTOMER.name, CUSTOMER.email, 'I would like to return the scarf from my last order, please.');
    await signIn(agent, hub.url, staff.agent!);
    await takeChat(agent, CUSTOMER.name);
    const id = (await agent.locator('[data-conversation-id]').first().getAttribute('data-conversation-id'))!;
    const socket = await connectAgent(hub.url, await login(hub.url, staff.agent!));
    const rma = (await ok(socket, 'cases:open-rma', { conversationId: id, orderId: 'PO-100', skus: ['SCARF'] })).case.id;
    await ok(socket, 'cases:transition', { caseId: rma, action: 'authorize', data: { prepaidLabel: false } });
    socket.close();
    await agent.context().close();
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

  it('emails wrap at their own breaks, never mid-word; the Cases table keeps every column in view', async () => {
    const page = await (await browser.newContext({ viewport: VIEWPORTS[0] })).newPage();
    await signIn(page, hub.url, staff.agent!);
    await page.getByTestId('queue-item').filter({ hasText: CUSTOMER.name }).first().click();
    const email = page.getByTestId('customer-email');
    await email.waitFor();
    // Each line of the address as laid out ends at a '.', '@', '-' or '_' of its own, never inside a word.
    const lines = async () =>
      email.evaluate((el) => {
        const tops = new Map<number, string>();
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        const range = document.createRange();
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          for (let i = 0; i < node.textContent!.length; i++) {
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const top = Math.round(range.getBoundingClientRect().top);
            tops.set(top, (tops.get(top) ?? '') + node.textContent![i]);
          }
        }
        return [...tops.values()];
      });
    const laidOut = await lines();
    expect(laidOut.join('')).toBe(CUSTOMER.email);
    for (const line of laidOut.slice(0, -1)) expect(line, `a line of ${laidOut.join(' | ')}`).toMatch(/[.@\-_]$/);
    // Copying the address gives it whole.
    expect(await email.evaluate((el) => el.textContent)).toBe(CUSTOMER.email);

    await page.getByRole('navigation', { name: 'Desk sections' }).getByRole('button', { name: 'Cases' }).click();
    const table = page.getByTestId('cases-table');
    await table.waitFor();
    await page.getByTestId('case-row').first().getByRole('button').click();
    await page.waitForTimeout(300);
    const fit = await table.evaluate((t) => {
      const wrap = t.parentElement!;
      const box = wrap.getBoundingClientRect();
      const heads = [...t.querySelectorAll('th')].map((th) => {
        const r = th.getBoundingClientRect();
        return { name: th.textContent, inside: r.left >= box.left - 1 && r.right <= box.right + 1 };
      });
      return { scrolls: wrap.scrollWidth > wrap.clientWidth, heads };
    });
    expect(fit.scrolls).toBe(false);
    expect(fit.heads.filter((h) => !h.inside)).toEqual([]);
    await expectNoAxeViolations(page, 'cases at 1024×700');
    await page.context().close();
  });

  it('the 400×700 widget: the conversation keeps most of the height, the returns panel folds, the instructions read as a list', async () => {
    const widget = customerWidget;
    await widget.getByTestId('your-case').waitFor();
    // The authorized return has something to do (send it), so its panel is open; it folds away.
    const toggle = widget.getByRole('button', { name: /your returns and claims/ });
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const share = async () => widget.evaluate(() => {
      const log = document.querySelector('[role="log"]')!.getBoundingClientRect().height;
      return log / window.innerHeight;
    });
    // Open, the panel still leaves the conversation the larger share of the widget…
    const open = await share();
    const panel = await widget.getByTestId('your-cases').evaluate((el) => el.getBoundingClientRect().height / window.innerHeight);
    expect(panel).toBeLessThanOrEqual(0.26);
    expect(open).toBeGreaterThan(panel);
    await expectNoAxeViolations(widget, 'widget 400×700 with a return');
    await screenshot(widget, 'widget-400-return');
    // …and folded, the conversation has most of the height.
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await share()).toBeGreaterThan(0.5);
    expect(await overflow(widget)).toBeLessThanOrEqual(0);
    // The return instructions the customer was sent read as text with real bullets, left-aligned.
    const notice = widget.locator('[data-testid="message"][data-author-kind="system"]').filter({ hasText: 'RMA' }).first();
    await notice.waitFor();
    expect(await notice.locator('li').count()).toBeGreaterThan(1);
    expect(await notice.evaluate((el) => [getComputedStyle(el).textAlign, getComputedStyle(el).fontStyle])).toEqual(['left', 'normal']);
    await widget.context().close();
  });
});
