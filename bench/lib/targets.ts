// The issue's targets, each judged against the figure measured: met, missed by how much, or not
// measured and why. The same rows print as the bench's table and go into latest.json.
import type { ClusterBenchResult } from './clusterBench';
import type { ConsoleBenchResult } from './consoleBench';
import type { HubBenchResult } from './hubBench';
import { round } from './stats';
import type { StoreBenchResult } from './storeBench';

type Section<T> = T | { error: string } | { skipped: true };

export interface Row {
  area: string;
  figure: string;
  value: string;
  target?: string;
  verdict?: string;
  met?: boolean | null;
}

function got<T extends object>(s: Section<T>): T | null {
  return 'error' in s || 'skipped' in s ? null : s;
}
function why<T extends object>(s: Section<T>): string {
  if ('error' in s) return `not measured: the section failed (${s.error.split('\n')[0]})`;
  if ('skipped' in s) return 'not measured: section not run (--only)';
  return 'not measured';
}

const fmt = (x: number, unit = '') => (Number.isFinite(x) ? `${x.toLocaleString('en-US', { maximumFractionDigits: 2 })}${unit}` : 'n/a');

/** "below" targets (latency): the figure must be under `limit`. */
function below(value: number, limit: number, unit: string): Pick<Row, 'verdict' | 'met'> {
  if (!Number.isFinite(value)) return { verdict: 'not measured: no samples', met: null };
  if (value < limit) return { verdict: `met (${fmt(round(limit - value, 1), unit)} to spare)`, met: true };
  return { verdict: `MISSED by ${fmt(round(value - limit, 1), unit)} (${fmt(round(value / limit, 1))}× the target)`, met: false };
}

function atLeast(value: number, limit: number, unit = ''): Pick<Row, 'verdict' | 'met'> {
  if (!Number.isFinite(value)) return { verdict: 'not measured: no samples', met: null };
  if (value >= limit) return { verdict: 'met', met: true };
  return { verdict: `MISSED by ${fmt(round(limit - value, 2), unit)} (${fmt(round((value / limit) * 100, 0))}% of the target)`, met: false };
}

export function evaluateTargets(r: {
  quick: boolean;
  hub: Section<HubBenchResult>;
  store: Section<StoreBenchResult>;
  console: Section<ConsoleBenchResult>;
  cluster?: Section<ClusterBenchResult>;
}): Row[] {
  const rows: Row[] = [];
  const hub = got(r.hub);
  if (hub) {
    const deskCl = hub.desk.closedLoop.at(-1)!;
    rows.push({ area: 'hub', figure: `desk messages/s (${hub.activeCustomers} customers + ${hub.agents} agents, ${hub.windowPerSender} in flight each)`, value: fmt(hub.messagesPerSec) });
    rows.push({ area: 'hub', figure: 'bare socket.io relay messages/s, same load', value: fmt(hub.relayMessagesPerSec) });
    rows.push({ area: 'hub', figure: 'throughputRatio (desk ÷ relay)', value: fmt(hub.throughputRatio), target: '≥ 0.7', ...atLeast(hub.throughputRatio, 0.7) });
    rows.push({
      area: 'hub',
      figure: 'server CPU per message, desk / relay (ratio relay ÷ desk)',
      value: `${fmt(hub.deskCpuMsPerMessage, ' ms')} / ${fmt(hub.relayCpuMsPerMessage, ' ms')} (${fmt(hub.cpuNormalisedRatio)})`,
    });
    rows.push({ area: 'hub', figure: 'customer→agent p50 / p99 at closed-loop peak', value: `${fmt(round(deskCl.e2e.p50), ' ms')} / ${fmt(round(deskCl.e2e.p99), ' ms')}` });
    rows.push({ area: 'hub', figure: 'customer→agent p50 at 2,000 msg/s', value: fmt(hub.p50Ms, ' ms') });
    rows.push({ area: 'hub', figure: 'customer→agent p99 at 2,000 msg/s', value: fmt(hub.p99Ms, ' ms'), target: '< 25 ms', ...below(hub.p99Ms, 25, ' ms') });
    rows.push({ area: 'hub', figure: 'relay p99 at 2,000 msg/s (baseline)', value: fmt(hub.relayP99Ms, ' ms') });
    const idleTarget = 5000;
    const idleVerdict =
      hub.idleRequested < idleTarget
        ? { verdict: `not measured at 5,000 (${r.quick ? 'quick mode' : 'configured'}: ${fmt(hub.idleRequested)})`, met: null }
        : hub.idleCustomers >= idleTarget
          ? below(hub.p99WithIdleMs, 25, ' ms')
          : { verdict: `MISSED: ${fmt(hub.idleCustomers)} of ${fmt(idleTarget)} connected`, met: false };
    rows.push({
      area: 'hub',
      figure: `idle customers connected with 200 active; p99 at 2,000 msg/s then`,
      value: `${fmt(hub.idleCustomers)} / ${fmt(hub.idleRequested)}; ${fmt(hub.p99WithIdleMs, ' ms')}`,
      target: '5,000 with p99 < 25 ms',
      ...idleVerdict,
    });
    const mlb = hub.maxLoopBlock;
    const purgeRun = hub.purgeInHub as { completed?: boolean; error?: string; seconds?: number; purgedMessages?: number | null; live?: { e2e: { p99: number } } };
    rows.push({
      area: 'hub',
      figure: `longest event-loop block in the hub: at 2,000 msg/s / during a purge of ${fmt(mlb.purgedMessages ?? NaN)} messages in a ${fmt(mlb.purgeStoreMessages ?? NaN)}-message store`,
      value: `${fmt(mlb.ingestAt2000MsgPerSecMs, ' ms')} / ${mlb.purgeMs === null ? '—' : fmt(mlb.purgeMs, ' ms')}`,
      target: '< 20 ms',
      ...(mlb.purgeMs === null
        ? { verdict: `purge not measured (${purgeRun.error ?? 'failed'}); ingest ${below(mlb.ingestAt2000MsgPerSecMs, 20, ' ms').verdict}`, met: null }
        : (mlb.purgeStoreMessages ?? 0) < 5_000_000
          ? { verdict: `${below(hub.maxLoopBlockMs, 20, ' ms').verdict}; purge not in a 5M store (${r.quick ? 'quick mode' : 'configured'})`, met: hub.maxLoopBlockMs < 20 ? null : false }
          : below(hub.maxLoopBlockMs, 20, ' ms')),
    });
    if (purgeRun.live) {
      rows.push({
        area: 'hub',
        figure: `purge in the hub: ${purgeRun.completed ? 'finished' : 'NOT finished'} in ${fmt(purgeRun.seconds ?? NaN, ' s')}; customer→agent p99 meanwhile (2,000 msg/s)`,
        value: fmt(round(purgeRun.live.e2e.p99), ' ms'),
      });
    }
    rows.push({ area: 'hub', figure: 'memory per idle connection, desk (relay)', value: `${fmt(hub.memoryPerIdleConnectionKiB, ' KiB')} (${hub.relayMemoryPerIdleConnectionKiB === null ? 'full mode only' : fmt(hub.relayMemoryPerIdleConnectionKiB, ' KiB')})` });
  } else {
    rows.push({ area: 'hub', figure: 'throughputRatio', value: '—', target: '≥ 0.7', verdict: why(r.hub), met: null });
    rows.push({ area: 'hub', figure: 'customer→agent p99 at 2,000 msg/s', value: '—', target: '< 25 ms', verdict: why(r.hub), met: null });
    rows.push({ area: 'hub', figure: '5,000 idle customers with 200 active', value: '—', target: '5,000', verdict: why(r.hub), met: null });
  }

  const store = got(r.store);
  if (store) {
    const tag = (real: boolean) => (real ? '' : ' [FALLBACK impl]');
    rows.push({ area: 'store', figure: `ingest, ${fmt(store.ingestMessages)} messages (store.write + appendMessage)`, value: fmt(store.ingestMessagesPerSec, ' msg/s') });
    for (const s of store.search) {
      rows.push({ area: 'store', figure: `search p50 / p95 at ${fmt(s.messages)} messages${tag(store.searchIsReal)}`, value: `${fmt(s.p50Ms, ' ms')} / ${fmt(s.p95Ms, ' ms')}` });
    }
    const at5m = store.search.find((s) => s.messages >= 5_000_000);
    rows.push({
      area: 'store',
      figure: `search p95 at 5M messages${tag(store.searchIsReal)}`,
      value: at5m ? fmt(at5m.p95Ms, ' ms') : '—',
      target: '< 50 ms',
      ...(at5m ? below(at5m.p95Ms, 50, ' ms') : { verdict: `not measured at 5M (${r.quick ? 'quick mode' : 'run'}: largest ${fmt(store.searchLargestMessages)}, p95 ${fmt(store.searchP95MsAtLargest, ' ms')})`, met: null }),
    });
    for (const b of store.corpusBuild) {
      rows.push({ area: 'store', figure: `corpus built by bulk insert, ${fmt(b.from)}→${fmt(b.to)} messages`, value: `${fmt(b.seconds, ' s')} (${fmt(b.messagesPerSec, ' msg/s')})` });
    }
    const pg = store.postgres;
    for (const l of pg.loads) {
      rows.push({ area: 'store', figure: `PostgreSQL: corpus copied to ${fmt(l.messages)} messages (insert + GIN index)`, value: `${fmt(l.insertSeconds, ' s')} + ${fmt(l.indexSeconds, ' s')}` });
    }
    for (const s of pg.search) {
      rows.push({ area: 'store', figure: `PostgreSQL search p50 / p95 at ${fmt(s.messages)} messages`, value: `${fmt(s.p50Ms, ' ms')} / ${fmt(s.p95Ms, ' ms')}` });
    }
    const pg5m = pg.search.find((s) => s.messages >= 5_000_000);
    const pgLargest = pg.search.at(-1);
    rows.push({
      area: 'store',
      figure: 'PostgreSQL search p95 at 5M messages (same corpus)',
      value: pg5m ? fmt(pg5m.p95Ms, ' ms') : '—',
      target: '< 50 ms',
      ...(pg5m
        ? below(pg5m.p95Ms, 50, ' ms')
        : { verdict: pg.error ? `not measured: ${pg.error}` : `not measured at 5M (${r.quick ? 'quick mode' : 'run'}: largest ${fmt(pgLargest?.messages ?? NaN)}, p95 ${fmt(pgLargest?.p95Ms ?? NaN, ' ms')})`, met: null }),
    });
    if (pg.resultCountMismatches.length) {
      rows.push({ area: 'store', figure: 'queries where PostgreSQL and SQLite returned a different number of results', value: String(pg.resultCountMismatches.length), verdict: 'see store.postgres.resultCountMismatches' });
    }
    rows.push({ area: 'store', figure: `retention purge rate${tag(store.purgeIsReal)}`, value: `${fmt(store.purge.messagesPerSec, ' msg/s')} (${fmt(store.purge.messages)} in ${fmt(store.purge.seconds, ' s')})` });
    rows.push({
      area: 'store',
      figure: `live write p99 during the purge (${store.purge.liveRatePerSec}/s; idle p99 ${fmt(store.purge.liveIdle.p99, ' ms')})`,
      value: fmt(store.liveP99DuringPurgeMs, ' ms'),
      target: '< 50 ms',
      ...below(store.liveP99DuringPurgeMs, 50, ' ms'),
    });
  } else {
    rows.push({ area: 'store', figure: 'search p95 at 5M messages', value: '—', target: '< 50 ms', verdict: why(r.store), met: null });
    rows.push({ area: 'store', figure: 'live p99 during a purge', value: '—', target: '< 50 ms', verdict: why(r.store), met: null });
  }

  const c = got(r.console);
  if (c && c.measured) {
    rows.push({
      area: 'console',
      figure: `${fmt(c.transcriptMessages)}-message transcript in the Transcripts viewer (virtualized)`,
      value: fmt(c.viewerOpenTranscriptMs, ' ms'),
      target: '< 300 ms',
      ...below(c.viewerOpenTranscriptMs, 300, ' ms'),
    });
    rows.push({ area: 'console', figure: `${fmt(c.transcriptMessages)}-message chat opened in the chat pane (cold)`, value: fmt(c.openTranscriptMs, ' ms'), target: '< 300 ms', ...below(c.openTranscriptMs, 300, ' ms') });
    rows.push({ area: 'console', figure: 'switch among 10 open chats p50 / p95', value: `${fmt(c.switchMs.p50, ' ms')} / ${fmt(c.switchMs.p95, ' ms')}` });
    rows.push({ area: 'console', figure: 'JS heap after opening all 10 (after GC)', value: fmt(c.jsHeapMiB, ' MiB') });
    rows.push({ area: 'console', figure: 'long tasks: count, total, longest', value: `${c.longTasks.count}, ${fmt(c.longTasks.totalMs, ' ms')}, ${fmt(c.longTasks.maxMs, ' ms')}` });
  } else {
    const reason = c && !c.measured ? `not measured: ${c.reason}` : why(r.console);
    rows.push({ area: 'console', figure: '5,000-message transcript on screen', value: '—', target: '< 300 ms', verdict: reason, met: null });
  }
  if (r.cluster) rows.push(...clusterRows(r.cluster));
  return rows;
}

/** Several hubs on one PostgreSQL: no target, only the figures and what limited each. */
export function clusterRows(s: Section<ClusterBenchResult>): Row[] {
  const cl = got(s);
  if (!cl) return [{ area: 'cluster', figure: 'msg/s and p99 with 1, 2 and 3 hubs on one PostgreSQL', value: '—', verdict: why(s), met: null }];
  const rows: Row[] = [];
  // "the machine's 2 cores (hubs …)" → "the machine's 2 cores": the full split is in latest.json.
  const short = (limit: string) => limit.replace(/ \(.*$/, '');
  for (const e of cl.hubs) {
    const label = `${e.hubs} hub${e.hubs > 1 ? 's' : ''} on one PostgreSQL`;
    if ('error' in e) {
      rows.push({ area: 'cluster', figure: `${label}: msg/s, p99`, value: '—', verdict: `not measured: ${e.error.split('\n')[0]}`, met: null });
      continue;
    }
    rows.push({
      area: 'cluster',
      figure: `${label}: msg/s, closed loop (CPU per message: hubs / PostgreSQL)`,
      value: `${fmt(e.msgPerSec)} (${fmt(e.cpuMsPerMessage.hubs, ' ms')} / ${fmt(e.cpuMsPerMessage.postgres, ' ms')})`,
      verdict: `measured; limited by ${short(e.limitedBy.closedLoop)}`,
      met: null,
    });
    rows.push({
      area: 'cluster',
      figure: `${label}: customer→agent p50 / p99 at ${fmt(e.offeredMsgPerSec)} msg/s${e.saturatedBelowTarget ? ` (${fmt(cl.targetRate)} saturates it)` : ''}`,
      value: `${fmt(e.p50Ms, ' ms')} / ${fmt(e.p99Ms, ' ms')}`,
      verdict: `measured; ${e.keptUp ? '' : `fell behind (${fmt(e.ackedMsgPerSec)} acked/s); `}${short(e.limitedBy.fixedRate)}`,
      met: null,
    });
  }
  return rows;
}

export function formatTable(rows: Row[]): string {
  const head: Row = { area: 'area', figure: 'figure', value: 'measured', target: 'target', verdict: 'verdict' };
  const all = [head, ...rows];
  const w = (k: keyof Row) => Math.max(...all.map((r) => String(r[k] ?? '').length));
  const widths = { area: w('area'), figure: w('figure'), value: w('value'), target: w('target') };
  const line = (r: Row) =>
    [String(r.area).padEnd(widths.area), String(r.figure).padEnd(widths.figure), String(r.value).padStart(widths.value), String(r.target ?? '').padEnd(widths.target), r.verdict ?? ''].join(' │ ').trimEnd();
  const sep = [widths.area, widths.figure, widths.value, widths.target, 20].map((n) => '─'.repeat(n)).join('─┼─');
  return [line(head), sep, ...rows.map(line)].join('\n');
}
