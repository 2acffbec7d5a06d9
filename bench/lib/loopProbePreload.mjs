// Preloaded into the hub process by the bench (`node --import …/loopProbePreload.mjs bin/caredesk.mjs hub`),
// so the hub's own event loop is measured from inside, with no change to the hub: perf_hooks'
// monitorEventLoopDelay samples the loop every millisecond, and the longest delay it saw is the
// longest stretch in which the hub served no socket (a synchronous SQL statement, an fsync, a GC
// pause, a long callback). The bench reads and resets it over the IPC channel it spawned the hub
// with: { loopProbe: 'reset' } starts a window, { loopProbe: 'read', id } answers with that window's
// figures. Without an IPC channel (any other way the hub is started) this file does nothing.
import { monitorEventLoopDelay } from 'node:perf_hooks';

if (typeof process.send === 'function') {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  let since = performance.now();
  let cpu = process.cpuUsage();
  process.on('message', (m) => {
    if (!m || typeof m !== 'object' || typeof m.loopProbe !== 'string') return;
    if (m.loopProbe === 'reset') {
      histogram.reset();
      since = performance.now();
      cpu = process.cpuUsage();
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
      });
    }
  });
  // The channel must not keep a hub alive that was told to stop.
  process.channel?.unref();
}
