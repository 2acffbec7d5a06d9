// `npm run soak -- --minutes N`: chat under dropped connections and hub SIGKILLs, then compare
// every client's ledger with the store. Exits 1 on any loss, duplicate or reordering.
// `--hubs 3`: three hubs on one (embedded) PostgreSQL, one of them killed at a time.
import { parseArgs } from 'node:util';
import { formatSoak, runSoak } from './lib/soak';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '1' },
    hubs: { type: 'string', default: '1' },
    customers: { type: 'string', default: '8' },
    agents: { type: 'string', default: '3' },
    seed: { type: 'string' },
    'keep-data': { type: 'boolean', default: false },
    // Reproduces the reordering that buffering sends while offline causes (see docs/PERFORMANCE.md).
    'buffer-while-offline': { type: 'boolean', default: false },
  },
});

const minutes = Number(values.minutes);
if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60) {
  console.error('soak: --minutes must be a number of minutes (0 < N <= 1440)');
  process.exit(2);
}
const customers = Number(values.customers);
const agents = Number(values.agents);
if (!Number.isInteger(customers) || customers < 1 || customers > 200 || !Number.isInteger(agents) || agents < 1 || agents > 50) {
  console.error('soak: --customers must be 1..200 and --agents 1..50');
  process.exit(2);
}
const hubs = Number(values.hubs);
if (!Number.isInteger(hubs) || hubs < 1 || hubs > 8) {
  console.error('soak: --hubs must be 1..8 (1: one hub on SQLite; 2 or more: a cluster on PostgreSQL)');
  process.exit(2);
}
const result = await runSoak({
  hubs,
  durationMs: minutes * 60_000,
  customers,
  agents,
  ...(values.seed ? { seed: Number(values.seed) } : {}),
  keepData: values['keep-data'],
  bufferWhileOffline: values['buffer-while-offline'],
  log: (l) => console.log(l),
});
console.log(formatSoak(result));
console.log(`  repeat the chaos schedule with --seed ${result.seed}`);
process.exit(result.ok ? 0 : 1);
