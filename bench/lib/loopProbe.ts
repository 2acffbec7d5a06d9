// The bench's side of the event-loop probe preloaded into the hub process (loopProbePreload.mjs): spawn
// the hub with LOOP_PROBE_ARGS and an IPC channel, then reset() to open a window and read() to
// close it with the hub's own figures for that window.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface LoopReading {
  seconds: number;
  samples: number;
  /** The longest the hub's event loop went without running its 1 ms probe timer: its longest block. */
  maxMs: number;
  p99Ms: number;
  p999Ms: number;
  meanMs: number;
  /** The hub's CPU time over the window ÷ its length: the share of one core it got. */
  cpuShare: number;
  /** The hub thread's GC pauses in the window (the longest, and its kind: major, minor, incremental). */
  gc: { count: number; totalMs: number; maxMs: number; maxKind: string };
  /** With BENCH_LOOP_SCHED=1: the longest gaps between 1 ms ticks, split into time the hub's thread ran and waited for a core. */
  gaps?: { gapMs: number; ranMs: number; waitedMs: number }[];
}

/**
 * Node flags that preload the probe (before the hub's own modules load). Its file is not named
 * loopProbe.mjs: vite (vitest) resolves `./loopProbe` to a .mjs before a .ts, and the preload would
 * then install itself into a test worker and take over its IPC channel.
 */
export const LOOP_PROBE_ARGS = ['--import', pathToFileURL(join(import.meta.dirname, 'loopProbePreload.mjs')).href];

export interface LoopProbe {
  reset(): void;
  read(timeoutMs?: number): Promise<LoopReading>;
}

let nextId = 0;

export function loopProbe(child: ChildProcess): LoopProbe {
  if (!child.send) throw new Error('the hub was spawned without an IPC channel: the loop probe cannot reach it');
  return {
    reset() {
      child.send!({ loopProbe: 'reset' });
    },
    read(timeoutMs = 60_000) {
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          child.off('message', onMessage);
          reject(new Error(`the hub's loop probe did not answer in ${timeoutMs} ms`));
        }, timeoutMs);
        const onMessage = (m: unknown) => {
          const r = m as { loopProbe?: string; id?: number } & LoopReading;
          if (r?.loopProbe !== 'reading' || r.id !== id) return;
          clearTimeout(timer);
          child.off('message', onMessage);
          const { seconds, samples, maxMs, p99Ms, p999Ms, meanMs, cpuShare, gc, gaps } = r;
          resolve({ seconds, samples, maxMs, p99Ms, p999Ms, meanMs, cpuShare, gc, ...(gaps ? { gaps } : {}) });
        };
        child.on('message', onMessage);
        child.send!({ loopProbe: 'read', id });
      });
    },
  };
}
