// Console bench in real Chromium (Debian's, through playwright-core): an agent signs in to the
// console the hub serves, opens a 5,000-message transcript, then switches among 10 open chats.
// Figures come from inside the page (performance.now, requestAnimationFrame, longtask entries)
// so the driver's round trips do not count. Anything missing (no Chromium, no console build, the
// UI not ready) gives "not measured: <reason>" rather than a failure.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { chromiumPath, launchChromium } from '../../test/helpers/browser';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startHub, type Hub } from '../../server/hub';
import { openStore } from '../../server/store/index';
import { corpus } from './corpus';
import { seedStaff, STAFF_PASSWORD } from './desk';
import { ROOT } from './proc';
import { round, summarize } from './stats';
import { ALWAYS_OPEN } from '../../shared/domain/hours';


export interface ConsoleBenchOptions {
  quick: boolean;
  log: (line: string) => void;
}

export type ConsoleBenchResult =
  | { measured: false; reason: string }
  | {
      measured: true;
      build: string;
      transcriptMessages: number;
      openTranscriptMs: number;
      reopenTranscriptMs: number;
      /** The same transcript opened from a search result in the Transcripts view (virtualized viewer). */
      viewerOpenTranscriptMs: number;
      switchMs: { n: number; p50: number; p95: number; max: number };
      jsHeapMiB: number;
      longTasks: { count: number; totalMs: number; maxMs: number; duringOpenMs: number; duringSwitchesMs: number };
    };

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * The built console: dist/renderer when it is newer than every source it is built from, else a
 * private build in a temp folder (never over dist/, which other people's tests may be serving).
 */
async function consoleBuild(log: (l: string) => void, quick: boolean): Promise<{ dir: string; label: string; temp: boolean }> {
  const dist = join(ROOT, 'dist/renderer');
  const index = join(dist, 'console/index.html');
  const sources = Math.max(newestMtime(join(ROOT, 'renderer')), newestMtime(join(ROOT, 'shared')));
  if (existsSync(index) && statSync(index).mtimeMs > sources) return { dir: dist, label: 'dist/renderer (up to date)', temp: false };
  // Quick mode saves the half minute of a build and says the figure may be for an older console.
  if (existsSync(index) && quick) return { dir: dist, label: 'dist/renderer (OLDER than renderer/: run `npm run build` or a full bench)', temp: false };
  const out = mkdtempSync(join(tmpdir(), 'caredesk-bench-console-'));
  log(`  building the console into ${out} (dist/renderer is missing or older than renderer/)…`);
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => (text += d.toString()));
    child.stderr.on('data', (d: Buffer) => (text += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 240_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code === 0 && existsSync(join(out, 'console/index.html'))) resolve();
      else reject(new Error(`vite build failed (${code}): ${text.slice(-600)}`));
    });
  });
  return { dir: out, label: `private vite build (${round((performance.now() - t0) / 1000)} s)`, temp: true };
}

interface Seeded {
  email: string;
  conversations: { id: string; lastSeq: number; marker: string }[];
}

/** One agent with 10 active chats: the first holds `big` messages, the others 300 + i. */
async function seed(dataDir: string, big: number): Promise<Seeded> {
  const store = openStore(dataDir);
  try {
    await seedStaff(store, 1, 'admin'); // a desk with an admin: the console shows sign-in, not setup
    const [agent] = await seedStaff(store, 1, 'agent');
    const text = corpus(7);
    const now = new Date().toISOString();
    const conversations: Seeded['conversations'] = [];
    for (let i = 0; i < 10; i++) {
      const count = i === 0 ? big : 300 + i;
      const marker = `(last message of chat #${i})`;
      const id = await store.write(() => {
        const k = store.conversations.createGuest({ id: `k_console${i}`, email: `console${i}@shop.test`, name: `Console Customer ${i}`, createdAt: now });
        const c = store.conversations.create({ id: `c_console${i}`, customerId: k.id, widgetSessionId: null, brandId: 'default', createdAt: now });
        store.conversations.assign(c.id, agent!.id);
        for (let s = 1; s <= count; s++) {
          const customer = s % 2 === 1;
          store.conversations.appendMessage({
            conversationId: c.id,
            clientId: `console${i}m${s}xx`,
            authorKind: customer ? 'customer' : 'agent',
            authorId: customer ? k.id : agent!.id,
            authorName: customer ? k.name : agent!.name,
            body: s === count ? `${text.next()} ${marker}` : text.next(),
            createdAt: now,
          });
        }
        return c.id;
      });
      conversations.push({ id, lastSeq: count, marker });
    }
    return { email: agent!.email, conversations };
  } finally {
    store.close();
  }
}

// In-page code is plain JavaScript text: tsx's transform adds helpers (__name) to functions in
// this file that would not exist inside the page if the functions were passed to evaluate().
const OPEN_CHAT = `async ({ id, lastSeq, marker, timeoutMs }) => {
  const item = document.querySelector('[data-testid="queue-item"][data-conversation-id="' + id + '"]');
  if (!item) throw new Error('no queue-item for ' + id);
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  const shown = () => {
    const last = document.querySelector('[data-testid="message"][data-seq="' + lastSeq + '"]');
    return !!last && (last.textContent || '').includes(marker) && !document.querySelector('[data-testid="message"][data-seq="' + (lastSeq + 1) + '"]');
  };
  const t0 = performance.now();
  item.click();
  while (!shown()) {
    if (performance.now() - t0 > timeoutMs) throw new Error('chat ' + id + ' not on screen after ' + timeoutMs + ' ms');
    await frame();
  }
  await frame(); // the next frame is the first that can have painted it
  return performance.now() - t0;
}`;

// The same, in the Transcripts view: a click on a search result until the viewer's (virtualized)
// list shows the transcript's last message.
const OPEN_IN_VIEWER = `async ({ id, lastSeq, marker, timeoutMs }) => {
  const button = document.querySelector('[data-testid="transcript-result"][data-conversation-id="' + id + '"] button');
  if (!button) throw new Error('no transcript-result for ' + id);
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  const shown = () => {
    const last = document.querySelector('[data-testid="transcript-viewer"][data-conversation-id="' + id + '"] [data-testid="message"][data-seq="' + lastSeq + '"]');
    return !!last && (last.textContent || '').includes(marker);
  };
  const t0 = performance.now();
  button.click();
  while (!shown()) {
    if (performance.now() - t0 > timeoutMs) throw new Error('transcript ' + id + ' not in the viewer after ' + timeoutMs + ' ms');
    await frame();
  }
  await frame();
  return performance.now() - t0;
}`;

const LONG_TASKS = `(() => {
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {
    // longtask entries unsupported: the figure stays empty
  }
})();`;

/** Clicks a chat in the queue and times, in the page, until its last message is in a painted frame. */
function openChat(page: Page, c: Seeded['conversations'][number], timeoutMs = 30_000): Promise<number> {
  const args = JSON.stringify({ id: c.id, lastSeq: c.lastSeq, marker: c.marker, timeoutMs });
  return page.evaluate(`(${OPEN_CHAT})(${args})`) as Promise<number>;
}

interface LongTaskWindow {
  __longTasks?: { start: number; duration: number }[];
}

export async function runConsoleBench(o: ConsoleBenchOptions): Promise<ConsoleBenchResult> {
  const { log } = o;
  // The tests' Chromium (Debian's, or the npm package's): the bench measures the same browser.
  let executable: string;
  try {
    executable = await chromiumPath();
  } catch (e) {
    return { measured: false, reason: `no Chromium: ${(e as Error).message}` };
  }
  let build: Awaited<ReturnType<typeof consoleBuild>>;
  try {
    build = await consoleBuild(log, o.quick);
  } catch (e) {
    return { measured: false, reason: `the console could not be built: ${(e as Error).message}` };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'caredesk-bench-console-data-'));
  let hub: Hub | null = null;
  let browser: Browser | null = null;
  try {
    const big = 5000;
    const seeded = await seed(dataDir, big);
    hub = await startHub({ dataDir, port: 0, rendererDir: build.dir, policy: { hours: ALWAYS_OPEN }, log: (level, msg) => level === 'error' && log(`  [hub] ${msg}`) });
    log(`  console in ${executable}`);
    browser = await launchChromium();
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.addInitScript(LONG_TASKS);
    await page.goto(`${hub.url}/console/`);
    try {
      await page.getByLabel(/email/i).fill(seeded.email, { timeout: 20_000 });
      await page.getByLabel(/password/i).fill(STAFF_PASSWORD);
      await page.getByRole('button', { name: /sign in/i }).click();
      await page.locator('[data-testid="queue-item"]').nth(9).waitFor({ timeout: 20_000 });
    } catch (e) {
      return { measured: false, reason: `the console UI did not sign in and list 10 chats: ${(e as Error).message.split('\n')[0]}` };
    }
    const longTasksSince = async (from: number) =>
      ((await page.evaluate('window.__longTasks || []')) as NonNullable<LongTaskWindow['__longTasks']>).filter((t) => t.start >= from);
    const now = () => page.evaluate('performance.now()') as Promise<number>;

    // Cold open of the big transcript (fetch from the hub + render), then the other nine.
    const openFrom = await now();
    const prof = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
    if (prof) {
      await prof.send('Profiler.enable');
      await prof.send('Profiler.start');
    }
    const openTranscriptMs = await openChat(page, seeded.conversations[0]!);
    if (prof) {
      const { profile } = (await prof.send('Profiler.stop')) as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[]; samples: number[]; timeDeltas: number[] } };
      const self = new Map<number, number>();
      profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
      const byFn = new Map<string, number>();
      for (const n of profile.nodes) {
        const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
        byFn.set(k, (byFn.get(k) ?? 0) + (self.get(n.id) ?? 0) / 1000);
      }
      for (const [k, ms] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 15)) log(`    profile: ${round(ms)} ms ${k}`);
    }
    const duringOpen = (await longTasksSince(openFrom)).reduce((a, t) => a + t.duration, 0);
    log(`  console: ${big}-message transcript on screen in ${round(openTranscriptMs)} ms`);
    for (const c of seeded.conversations.slice(1)) await openChat(page, c);
    // Switching among the 10 open chats: every chat in turn, twice round (quick: once).
    const switchFrom = await now();
    const switches: number[] = [];
    const rounds = o.quick ? 1 : 2;
    for (let r = 0; r < rounds; r++) for (const c of seeded.conversations) switches.push(await openChat(page, c));
    const reopenTranscriptMs = switches[0]!;
    const tasks = await longTasksSince(switchFrom);
    const allTasks = await longTasksSince(openFrom);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    // The Transcripts view: the agent's chats are listed newest first without a query.
    await page.getByRole('navigation', { name: 'Desk sections' }).getByRole('button', { name: 'Transcripts' }).click();
    const bigChat = seeded.conversations[0]!;
    await page.locator(`[data-testid="transcript-result"][data-conversation-id="${bigChat.id}"]`).waitFor({ timeout: 20_000 });
    const viewerOpenTranscriptMs = (await page.evaluate(
      `(${OPEN_IN_VIEWER})(${JSON.stringify({ id: bigChat.id, lastSeq: bigChat.lastSeq, marker: bigChat.marker, timeoutMs: 30_000 })})`,
    )) as number;
    log(`  console: ${big}-message transcript in the Transcripts viewer in ${round(viewerOpenTranscriptMs)} ms`);
    const s = summarize(switches);
    log(`  console: switch p50 ${round(s.p50)} ms, p95 ${round(s.p95)} ms; JS heap ${round(heap.usedSize / 2 ** 20)} MiB; ${allTasks.length} long tasks`);
    return {
      measured: true,
      build: build.label,
      transcriptMessages: big,
      openTranscriptMs: round(openTranscriptMs),
      reopenTranscriptMs: round(reopenTranscriptMs),
      viewerOpenTranscriptMs: round(viewerOpenTranscriptMs),
      switchMs: { n: s.n, p50: round(s.p50), p95: round(s.p95), max: round(s.max) },
      jsHeapMiB: round(heap.usedSize / 2 ** 20),
      longTasks: {
        count: allTasks.length,
        totalMs: round(allTasks.reduce((a, t) => a + t.duration, 0)),
        maxMs: round(Math.max(0, ...allTasks.map((t) => t.duration))),
        duringOpenMs: round(duringOpen),
        duringSwitchesMs: round(tasks.reduce((a, t) => a + t.duration, 0)),
      },
    };
  } catch (e) {
    return { measured: false, reason: `console bench failed: ${(e as Error).message.split('\n')[0]}` };
  } finally {
    await browser?.close().catch(() => {});
    await hub?.close().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
    if (build.temp) rmSync(build.dir, { recursive: true, force: true });
  }
}
