// Real Chromium driven by playwright-core; never a downloaded browser: Debian's /usr/bin/chromium
// where present (or CHROMIUM_PATH), else the one the @sparticuz/chromium npm package ships, so a
// fresh machine needs nothing from apt. A missing browser fails the tests loudly; nothing skips.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

const require = createRequire(import.meta.url);

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** Where the tests' Chromium is: CHROMIUM_PATH if set (it must exist), Debian's, or the npm package's. */
export async function chromiumPath(): Promise<string> {
  const wanted = process.env.CHROMIUM_PATH;
  if (wanted) {
    if (!existsSync(wanted)) throw new Error(`CHROMIUM_PATH=${wanted} does not exist`);
    return wanted;
  }
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  const packaged = (await import('@sparticuz/chromium')).default;
  return packaged.executablePath();
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

let axeSource: string | undefined;

/** Runs axe-core in the page and fails on any violation, listing what and where. */
export async function expectNoAxeViolations(page: Page, context = 'page'): Promise<void> {
  // Evaluated through DevTools, not a <script> tag: the pages' CSP (script-src 'self') stays on.
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(violations, `axe violations on ${context}`).toEqual([]);
}
