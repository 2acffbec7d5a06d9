// Child processes for the bench and the soak: a real `caredesk hub` (so it can be SIGKILLed and
// measured on its own) and small helpers to read a process's memory and CPU from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { ALWAYS_OPEN } from '../../shared/domain/hours';
import { LIMITED_ENDPOINTS } from '../../server/config';
import { LOOP_PROBE_ARGS } from './loopProbe';

export const ROOT = join(import.meta.dirname, '..', '..');

export interface ChildHandle {
  url: string;
  port: number;
  child: ChildProcess;
  /** The last 64 KiB the child printed (stdout and stderr), for error reports. */
  output(): string;
  /** Resolves once the process has exited (SIGKILL by default). */
  kill(signal?: NodeJS.Signals): Promise<void>;
  exited(): boolean;
}

const KEEP = 64 * 1024;

/**
 * Spawns `node <args>` and resolves when `ready` matches its output. The pipes are drained for the
 * whole life of the child: a full pipe would block a chatty hub and distort what we measure.
 */
export function spawnReady(args: string[], ready: RegExp, timeoutMs = 30_000, env: NodeJS.ProcessEnv = process.env, opts: { ipc?: boolean } = {}): Promise<ChildHandle & { match: RegExpExecArray }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: opts.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  let exitedFlag = false;
  child.once('exit', () => (exitedFlag = true));
  const keep = (d: Buffer) => {
    out += d.toString();
    if (out.length > KEEP * 2) out = out.slice(-KEEP);
  };
  return new Promise((resolve, reject) => {
    let done = false;
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      child.kill('SIGKILL');
      reject(new Error(`child did not become ready in ${timeoutMs} ms:\n${out.slice(-4000)}`));
    }, timeoutMs);
    const onData = (d: Buffer) => {
      keep(d);
      if (done) return;
      const m = ready.exec(out);
      if (!m) return;
      done = true;
      clearTimeout(timer);
      const url = m[1] ?? '';
      const port = Number(/:(\d+)$/.exec(url)?.[1] ?? m[2] ?? 0);
      resolve({
        url,
        port,
        match: m,
        child,
        output: () => out.slice(-KEEP),
        exited: () => exitedFlag,
        kill: (signal = 'SIGKILL') =>
          new Promise<void>((res) => {
            if (exitedFlag || child.exitCode !== null || child.signalCode) return res();
            child.once('exit', () => res());
            child.kill(signal);
          }),
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(new Error(`child exited (${code ?? signal}) before it was ready:\n${out.slice(-4000)}`));
    });
  });
}

/** A real hub, `caredesk hub --data DIR --port P`, in its own process. */
const UNLIMITED = { points: 1e9, windowMs: 60_000 };
const BENCH_LIMITS = {
  ...Object.fromEntries(LIMITED_ENDPOINTS.map((e) => [e, { perAddress: UNLIMITED, perEmail: UNLIMITED, perBrand: UNLIMITED }])),
  loginPerAddress: UNLIMITED,
};

/**
 * The bench's config.json in `dataDir`, unless one is there: always open, no limits on strangers.
 * `policy` is merged over the bench's; `settings` adds hub settings (a cluster's shared auditKeyFile).
 */
export function writeBenchConfig(dataDir: string, settings: Record<string, unknown> = {}, policy: Record<string, unknown> = {}): void {
  mkdirSync(dataDir, { recursive: true });
  const config = join(dataDir, 'config.json');
  // The bench measures the hub, not opening hours: a run at night must not be refused as closed.
  // Nor the limits on strangers (issue 12): thousands of sessions from one address.
  // BENCH_HUB_SETTINGS='{"storeInWorker":false}': the same run with other hub settings (an A/B).
  const extra = JSON.parse(process.env.BENCH_HUB_SETTINGS ?? '{}') as Record<string, unknown>;
  if (!existsSync(config)) writeFileSync(config, JSON.stringify({ policy: { hours: ALWAYS_OPEN, ...policy }, settings: { limits: BENCH_LIMITS, ...extra, ...settings } }));
}

export interface HubProcessOptions {
  /** Preload the event-loop probe (loopProbePreload.mjs) and open an IPC channel to read it. */
  loopProbe?: boolean;
  /** config.json's policy, merged over the bench's (always open). */
  policy?: Record<string, unknown>;
  /** After the hub's own arguments: `--database URL` for a hub of a cluster. */
  args?: string[];
}

export function spawnHubProcess(dataDir: string, port = 0, timeoutMs = 30_000, env: NodeJS.ProcessEnv = process.env, opts: HubProcessOptions = {}): Promise<ChildHandle> {
  writeBenchConfig(dataDir, {}, opts.policy);
  // BENCH_PROFILE_HUB=DIR: the hub writes a V8 CPU profile there when it exits (open it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE_HUB ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_HUB}`] : [];
  const probe = opts.loopProbe ? LOOP_PROBE_ARGS : [];
  // BENCH_HUB_NODE_FLAGS='--single-threaded-gc': Node/V8 flags for the hub's process alone (experiments).
  const flags = (process.env.BENCH_HUB_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  return spawnReady(
    [...flags, ...profile, ...probe, join(ROOT, 'bin/caredesk.mjs'), 'hub', '--data', dataDir, '--port', String(port), ...(opts.args ?? [])],
    /Console \(agents, supervisors\): (http:\/\/[^/\s]+)\/console\//,
    timeoutMs,
    env,
    { ipc: opts.loopProbe },
  );
}

/** Kills a child and makes sure it is gone, escalating from SIGTERM to SIGKILL after `graceMs`. */
export async function stopChild(h: ChildHandle, graceMs = 5000): Promise<void> {
  if (h.exited()) return;
  const t = setTimeout(() => void h.kill('SIGKILL'), graceMs);
  await h.kill('SIGTERM');
  clearTimeout(t);
}

/** Resident set size of a process in bytes (Linux /proc). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb * 1024;
}

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds (user + system) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may hold spaces; fields after its closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/**
 * CPU seconds a process and its children have used: its own, its live children's, and what its
 * children that already exited left in its cutime/cstime (PostgreSQL: the postmaster, its backends
 * and its background workers; a backend that ends mid-phase is counted once it is reaped).
 */
export function processTreeCpuSeconds(pid: number): number {
  const fieldsOf = (p: number | string) => {
    const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  };
  const own = fieldsOf(pid);
  let ticks = Number(own[11]) + Number(own[12]) + Number(own[13]) + Number(own[14]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === pid) continue;
    try {
      const f = fieldsOf(entry);
      if (Number(f[1]) === pid) ticks += Number(f[11]) + Number(f[12]);
    } catch {
      // exited between the listing and the read: its time is in the parent's cutime now
    }
  }
  return ticks / TICKS_PER_SECOND;
}

/** CPU use of a process and its children over a phase, as a share of one core (may exceed 1). */
export function processTreeCpuMeter(pid: number): () => number {
  const c0 = processTreeCpuSeconds(pid);
  const t0 = performance.now();
  return () => (processTreeCpuSeconds(pid) - c0) / ((performance.now() - t0) / 1000);
}

/** Cores the whole machine kept busy over a phase (everything, not only the bench's processes; /proc/stat). */
export function machineCpuMeter(): () => number {
  const read = () => {
    const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
    const total = f.slice(0, 8).reduce((a, b) => a + b, 0);
    return { total, idle: f[3]! + f[4]! };
  };
  const a = read();
  const cores = cpus().length;
  return () => {
    const b = read();
    const total = b.total - a.total;
    return total > 0 ? (cores * (total - (b.idle - a.idle))) / total : NaN;
  };
}

/** CPU use of a process over a phase, as a share of one core. */
export function cpuMeter(pid: number): () => number {
  const c0 = cpuSeconds(pid);
  const t0 = performance.now();
  return () => (cpuSeconds(pid) - c0) / ((performance.now() - t0) / 1000);
}

/** CPU use of this process over a phase, as a share of one core. */
export function selfCpuMeter(): () => number {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  return () => {
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1e6 / ((performance.now() - t0) / 1000);
  };
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/**
 * A free loopback port below Linux's ephemeral range (32768+), so that after a SIGKILL no
 * outgoing connection of another process can grab it before the hub is restarted on it.
 */
export async function pickStablePort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
  throw new Error('no free loopback port found in 20000-31999');
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
