// A desk serves several brands, each with its own widget look (issue 3): the widget opened with
// ?brand=ID shows the brand's name, greeting and accent colour, with the text on the accent kept
// readable (axe checks contrast); the default brand keeps the desk's own look.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../server/hub';
import { expectNoAxeViolations, launchChromium } from '../helpers/browser';
import { screenshot } from '../helpers/caseScreens';
import { startTestHub } from '../helpers/hub';

const css = (page: Page, selector: string, property: 'background-color' | 'color') =>
  page.locator(selector).first().evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), property);

describe('brand look in the widget', () => {
  let hub: Hub;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    hub = await startTestHub({
      settings: {
        deskName: 'Maison Care',
        brands: {
          // A light gold: white text on it would fail 4.5:1, so the text turns near-black.
          luxe: { deskName: 'Luxe Care', accentColor: '#d4af37', greeting: 'Bienvenue chez Luxe. How may we help?' },
          noir: { deskName: 'Noir Atelier', accentColor: '#7a1f3d', greeting: 'Welcome to the atelier.' },
        },
      },
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await hub?.close();
  });

  // A fresh context each time: the widget resumes a stored chat, and each brand starts from its form.
  const open = async (query: string) => {
    page = await (await browser.newContext()).newPage();
    await page.goto(`${hub.url}/widget/${query}`);
    await page.getByRole('button', { name: 'Start chat' }).waitFor();
  };

  it('?brand=luxe shows the brand’s name, greeting and gold accent, with dark text on it', async () => {
    await open('?brand=luxe');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Luxe Care');
    expect(await page.getByTestId('brand-greeting').textContent()).toBe('Bienvenue chez Luxe. How may we help?');
    expect(await css(page, '.widget__head', 'background-color')).toBe('rgb(212, 175, 55)');
    const button = '.btn--primary';
    expect(await css(page, button, 'background-color')).toBe('rgb(212, 175, 55)');
    // Near-black, not white, on the light accent.
    expect(await css(page, '.widget__head h1', 'color')).toBe('rgb(17, 20, 24)');
    expect(await css(page, button, 'color')).toBe('rgb(17, 20, 24)');
    await expectNoAxeViolations(page, 'widget start form, luxe brand');
    await screenshot(page, 'widget-brand-luxe');
  });

  it('the customer’s own messages wear the brand’s accent too, still readable', async () => {
    await page.getByLabel('Name').fill('Ada Lovelace');
    await page.getByLabel('Email').fill('ada@shop.test');
    await page.getByRole('button', { name: 'Start chat' }).click();
    await page.getByLabel('Message').fill('Is the Kelly bag back in gold?');
    await page.getByLabel('Message').press('Enter');
    const mine = page.getByTestId('message').filter({ hasText: 'Is the Kelly bag back in gold?' });
    await mine.waitFor();
    expect(await mine.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(212, 175, 55)');
    await expectNoAxeViolations(page, 'widget chat, luxe brand');
  });

  it('?brand=noir: a dark accent keeps white text', async () => {
    await open('?brand=noir');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Noir Atelier');
    expect(await page.getByTestId('brand-greeting').textContent()).toBe('Welcome to the atelier.');
    expect(await css(page, '.widget__head', 'background-color')).toBe('rgb(122, 31, 61)');
    expect(await css(page, '.widget__head h1', 'color')).toBe('rgb(255, 255, 255)');
    await expectNoAxeViolations(page, 'widget start form, noir brand');
  });

  it('the default brand looks as before: the desk’s name and its own blue', async () => {
    await open('');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Maison Care');
    expect(await page.getByTestId('brand-greeting').textContent()).toBe('Hello! How can we help you today?');
    expect(await css(page, '.widget__head', 'background-color')).toBe('rgb(30, 74, 114)');
    expect(await css(page, '.widget__head h1', 'color')).toBe('rgb(255, 255, 255)');
    expect(await css(page, '.btn--primary', 'background-color')).toBe('rgb(30, 74, 114)');
    await expectNoAxeViolations(page, 'widget start form, default brand');
    await screenshot(page, 'widget-brand-default');
  });
});
