// `npm run bench [-- --quick] [-- --only hub,store,console,encryption,cluster]`: measures the hub,
// the store, the console and several hubs on one PostgreSQL, prints a table with each target and by how much it is missed, and writes
// bench/results/latest.json. All load goes to 127.0.0.1; every phase is bounded in count and time.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { runClusterBench, type ClusterBenchResult } from './lib/clusterBench';
import { runConsoleBench, type ConsoleBenchResult } from './lib/consoleBench';
import { runHubBench, type HubBenchResult } from './lib/hubBench';
import { ROOT } from './lib/proc';
import { round } from './lib/stats';
import { runEncryptionBench, runStoreBench, type EncryptionBenchResult, type StoreBenchResult } from './lib/storeBench';
import { evaluateTargets, formatTable } from './lib/targets';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string', default: join(ROOT, 'bench/results/latest.json') },
  },
});
const quick = values.quick!;
const sections = new Set((values.only ?? 'hub,store,console,encryption,cluster').split(',').map((s) => s.trim()));
const log = (line: string) => console.log(line);

// A bench that hangs would hold the machine: every phase has its own bounds, and this is the last one.
// The cluster phase adds ~5 minutes on a busy machine (three desks set up on PostgreSQL).
const HARD_LIMIT_MS = (quick ? 20 : 100) * 60_000;
setTimeout(() => {
  console.error(`bench: still running after ${HARD_LIMIT_MS / 60_000} min; stopping.`);
  process.exit(2);
}, HARD_LIMIT_MS).unref();

const started = new Date();
const t0 = performance.now();
const load0 = loadavg();
log(`bench (${quick ? 'quick' : 'full'}) on ${cpus().length} cores, ${round(totalmem() / 2 ** 30)} GiB, Node ${process.versions.node}; load average ${load0.map((x) => round(x, 2)).join(' ')}`);

type Section<T> = T | { error: string } | { skipped: true };

async function section<T>(name: string, run: () => Promise<T>): Promise<Section<T>> {
  if (!sections.has(name)) return { skipped: true };
  const s = performance.now();
  try {
    const r = await run();
    log(`${name}: done in ${round((performance.now() - s) / 1000)} s`);
    return r;
  } catch (e) {
    log(`${name}: FAILED: ${(e as Error).stack ?? String(e)}`);
    return { error: (e as Error).message ?? String(e) };
  }
}

const hub = await section<HubBenchResult>('hub', () => runHubBench({ quick, log }));
const store = await section<StoreBenchResult>('store', () => runStoreBench({ quick, log }));
const consoleR = await section<ConsoleBenchResult>('console', () => runConsoleBench({ quick, log }));
// The write cost of the database encrypted at rest (issue 12): `npm run bench -- --only encryption`.
const encryption = await section<EncryptionBenchResult>('encryption', () => runEncryptionBench({ quick, log }));
// 1, 2 and 3 hubs on one PostgreSQL (issue 11): `npm run bench -- --quick --only cluster`.
const cluster = await section<ClusterBenchResult>('cluster', () => runClusterBench({ quick, log }));

const targets = evaluateTargets({ quick, hub, store, console: consoleR, cluster });
const result = {
  meta: {
    mode: quick ? 'quick' : 'full',
    date: started.toISOString(),
    seconds: round((performance.now() - t0) / 1000),
    machine: {
      cores: cpus().length,
      cpu: cpus()[0]?.model ?? 'unknown',
      memoryGiB: round(totalmem() / 2 ** 30),
      node: process.versions.node,
      platform: `${process.platform} ${process.arch}`,
      loadAverageAtStart: load0.map((x) => round(x, 2)),
      loadAverageAtEnd: loadavg().map((x) => round(x, 2)),
    },
    note: 'Measured on a shared 2-core machine while other engineers ran builds and tests: figures are noisy; compare runs, not single numbers.',
  },
  hub,
  store,
  console: consoleR,
  encryption,
  cluster,
  targets,
};
mkdirSync(dirname(values.out!), { recursive: true });
writeFileSync(values.out!, JSON.stringify(result, null, 2) + '\n');
log('');
log(formatTable(targets));
log('');
log(`written ${values.out} (${quick ? 'quick' : 'full'} run, ${round((performance.now() - t0) / 1000)} s; load average now ${loadavg().map((x) => round(x, 2)).join(' ')})`);
process.exit(0);
