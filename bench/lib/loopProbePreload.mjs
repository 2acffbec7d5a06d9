// Preloaded into the hub process by the bench (`node --import …/loopProbePreload.mjs bin/caredesk.mjs hub`),
// so the hub's own event loop is measured from inside, with no change to the hub: perf_hooks'
// monitorEventLoopDelay samples the loop every millisecond, and the longest delay it saw is the
// longest stretch in which the hub served no socket (a synchronous SQL statement, an fsync, a GC
// pause, a long callback). The bench reads and resets it over the IPC channel it spawned the hub
// with: { loopProbe: 'reset' } starts a window, { loopProbe: 'read', id } answers with that window's
// figures. Without an IPC channel (any other way the hub is started) this file does nothing.
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, PerformanceObserver, constants } from 'node:perf_hooks';

if (typeof process.send === 'function') {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  let since = performance.now();
  let cpu = process.cpuUsage();
  // The hub thread's GC pauses in the window: a loop block as long as the longest one was the
  // collector's, not the hub's code.
  const KINDS = { [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major', [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb' };
  let gc = { count: 0, totalMs: 0, maxMs: 0, maxKind: '' };
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gc.count += 1;
      gc.totalMs += e.duration;
      if (e.duration > gc.maxMs) gc = { ...gc, maxMs: e.duration, maxKind: KINDS[e.detail?.kind] ?? String(e.detail?.kind) };
    }
  }).observe({ entryTypes: ['gc'] });
  // BENCH_LOOP_SCHED=1: the longest gaps between two 1 ms ticks, each split by the kernel's own
  // accounting of this thread (/proc/thread-self/schedstat) into time it ran (the hub's code or
  // GC) and time it waited for a core (the machine). Costs a file read per tick: off by default.
  let gaps = [];
  if (process.env.BENCH_LOOP_SCHED === '1') {
    const sched = () => readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ').map(Number);
    let last = { at: performance.now(), s: sched() };
    setInterval(() => {
      const now = { at: performance.now(), s: sched() };
      const gapMs = now.at - last.at;
      if (gapMs > 10) {
        gaps.push({ gapMs: Math.round(gapMs * 10) / 10, ranMs: Math.round((now.s[0] - last.s[0]) / 1e5) / 10, waitedMs: Math.round((now.s[1] - last.s[1]) / 1e5) / 10 });
        gaps.sort((a, b) => b.gapMs - a.gapMs);
        gaps.length = Math.min(gaps.length, 8);
      }
      last = now;
    }, 1).unref();
  }
  process.on('message', (m) => {
    if (!m || typeof m !== 'object' || typeof m.loopProbe !== 'string') return;
    if (m.loopProbe === 'reset') {
      histogram.reset();
      since = performance.now();
      cpu = process.cpuUsage();
      gc = { count: 0, totalMs: 0, maxMs: 0, maxKind: '' };
      gaps = [];
    } else if (m.loopProbe === 'read') {
      const ms = (ns) => Math.round(ns / 1e4) / 100;
      const used = process.cpuUsage(cpu);
      const wall = performance.now() - since;
      process.send({
        loopProbe: 'reading',
        id: m.id,
        seconds: Math.round(wall) / 1000,
        // CPU the hub got over the window, as a share of one core: well under 1 with a loop that
        // was never idle means the machine, not the hub, set the delays.
        cpuShare: Math.round(((used.user + used.system) / 1000 / wall) * 100) / 100,
        samples: histogram.count,
        maxMs: ms(histogram.max),
        p99Ms: ms(histogram.percentile(99)),
        p999Ms: ms(histogram.percentile(99.9)),
        meanMs: ms(histogram.mean),
        ...(gaps.length ? { gaps } : {}),
        gc: { count: gc.count, totalMs: Math.round(gc.totalMs * 100) / 100, maxMs: Math.round(gc.maxMs * 100) / 100, maxKind: gc.maxKind },
      });
    }
  });
  // The channel must not keep a hub alive that was told to stop.
  process.channel?.unref();
}
