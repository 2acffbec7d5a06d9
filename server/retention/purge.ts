// Retention (POLICY §3): a transcript is deleted at its purge date (end + the configured months):
// messages (their search-index rows go with them, by trigger), attachments (rows and files), tags,
// comments, copies, and the conversation itself. Not while on legal hold, and not while linked to
// an open case. Deletes run in small batches that yield to the event loop, so live chat, which
// shares the one database connection, never waits long.
import { rm } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import type { RetentionPolicy } from '../../shared/domain/config';
import { purgeAt } from '../../shared/domain/retention';
import { auditEvent, systemActor, type AuditActor } from '../audit/record';
import type { Clock } from '../clock';
import type { Log } from '../realtime/handle';
import type { StoreApi } from '../store/api';

/**
 * Seam for cases (issue 5): true when the conversation is linked to a case that is still open,
 * which holds its transcript until the case closes.
 */
export type OpenCaseCheck = (conversationId: string) => boolean | Promise<boolean>;

/** The default check: the cases in the store (as server/cases/holds.ts reads them, on the async store). */
export const openCasesOf =
  (store: StoreApi): OpenCaseCheck =>
  (conversationId) =>
    store.cases.isConversationHeld(conversationId);

export interface PurgeResult {
  /** The clock's time the run judged "due" against. */
  now: string;
  conversations: string[];
  messages: number;
  attachments: number;
  attachmentFiles: number;
  tags: number;
  comments: number;
  copies: number;
  /** Due, but kept: on legal hold, or linked to an open case. */
  heldByLegalHold: number;
  heldByOpenCase: number;
  /** Conversations the run could not finish (logged by id); the next run tries again. */
  failed: string[];
  /** Ended conversations given a purge date they lacked (ended before retention existed). */
  backfilled: number;
  walCheckpointed: boolean;
}

export interface PurgeDeps {
  store: StoreApi;
  /** The data folder the stored files' paths are relative to (attachments, photos). */
  dataDir: string;
  /**
   * Drops deleted pages from the write-ahead log (SQLite's `store.checkpoint()`); resolves true
   * when it ran. Without it (a backend with no WAL of its own to trim) nothing is checkpointed.
   */
  checkpoint?: () => Promise<boolean>;
  clock: Clock;
  policy: () => RetentionPolicy;
  openCase?: OpenCaseCheck;
  log?: Log;
  actor?: AuditActor;
  /**
   * The clock audit events are stamped with, when it is not `clock`: a run "as of" a simulated
   * time (`retention run --now`) is recorded at the real time, the simulated one beside it, so
   * the log stays in time order.
   */
  auditClock?: Clock;
}

export const yieldToEventLoop = () => new Promise<void>((r) => setImmediate(r));

export interface Pace {
  /** Messages to delete in the next batch. */
  size: number;
  took(ms: number): void;
}

/**
 * Each batch of deletes holds the hub's one thread, and what a message costs to delete grows with
 * the search index (FTS5 secure-delete rewrites index pages): the batch size follows the time a
 * batch took, halving when it ran over the slice and doubling (up to the configured batch size)
 * when it took under half of it.
 */
export function pacer(max: number, sliceMs: number): Pace {
  const pace: Pace = {
    size: max,
    took(ms) {
      if (ms > sliceMs) pace.size = Math.max(1, Math.floor(pace.size / 2));
      else if (ms < sliceMs / 2) pace.size = Math.min(max, pace.size * 2);
    },
  };
  return pace;
}

/** An attachment's file, only if its stored path stays inside the data folder. */
export function attachmentFile(dataDir: string, path: string): string | null {
  const full = resolve(dataDir, path);
  const rel = relative(resolve(dataDir), full);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? full : null;
}

/**
 * Deletes the stored files of rows about to go (chat attachments, claim photos, ticket
 * attachments; paths relative to the data folder), before the rows: a crash in between leaves
 * rows pointing at missing files, which the next run cleans up, never files nothing points at.
 * Returns how many it removed; a path that would leave the data folder is skipped.
 */
export async function removeStoredFiles(dataDir: string, paths: Iterable<string>): Promise<number> {
  let n = 0;
  for (const p of paths) {
    const file = attachmentFile(dataDir, p);
    if (!file) continue;
    await rm(file, { force: true });
    n += 1;
  }
  return n;
}

/** A purge at `now` that has done nothing yet. */
export function emptyPurgeResult(now: string): PurgeResult {
  return {
    now,
    conversations: [],
    messages: 0,
    attachments: 0,
    attachmentFiles: 0,
    tags: 0,
    comments: 0,
    copies: 0,
    heldByLegalHold: 0,
    heldByOpenCase: 0,
    failed: [],
    backfilled: 0,
    walCheckpointed: false,
  };
}

export async function runPurge(deps: PurgeDeps): Promise<PurgeResult> {
  const { store, clock } = deps;
  const policy = deps.policy();
  // Every purge, from the hub or the CLI, spares chats that an open case still needs.
  const openCase = deps.openCase ?? openCasesOf(store);
  const log = deps.log ?? (() => {});
  const now = clock.now().toISOString();
  // At least one row per batch: a zero in config.json must not turn the purge into a busy loop.
  const batch = Math.max(1, policy.purgeBatchSize);
  const pace = pacer(batch, policy.purgeSliceMs);
  const result = emptyPurgeResult(now);

  for (;;) {
    const missing = await store.transcripts.endedWithoutPurgeAt(batch);
    if (missing.length === 0) break;
    await store.write(async (tx) => {
      for (const c of missing) await tx.transcripts.setPurgeAt(c.id, purgeAt(new Date(c.endedAt), policy.transcriptMonths).toISOString());
    });
    result.backfilled += missing.length;
    await yieldToEventLoop();
  }

  result.heldByLegalHold = await store.transcripts.countDueOnHold(now);
  let cursor: { purgeAt: string; id: string } | undefined;
  for (;;) {
    const due = await store.transcripts.dueForPurge(now, batch, cursor);
    if (due.length === 0) break;
    cursor = due.at(-1);
    for (const { id } of due) {
      if (await openCase(id)) {
        result.heldByOpenCase += 1;
        continue;
      }
      try {
        if (await purgeConversation(store, deps.dataDir, id, now, pace, result)) result.conversations.push(id);
      } catch (e) {
        result.failed.push(id);
        log('error', 'purge of a transcript failed; the next run retries it', { conversationId: id, error: String(e) });
      }
    }
  }

  await store.writeCalls((tx) =>
    tx.audit.append(
      auditEvent(deps.auditClock ?? clock, deps.actor ?? systemActor, 'retention.purge', null, {
        now,
        ...(deps.auditClock ? { simulatedNow: now } : {}),
        conversations: result.conversations.length,
        conversationIds: result.conversations,
        messages: result.messages,
        attachments: result.attachments,
        attachmentFiles: result.attachmentFiles,
        tags: result.tags,
        comments: result.comments,
        copies: result.copies,
        heldByLegalHold: result.heldByLegalHold,
        heldByOpenCase: result.heldByOpenCase,
        failed: result.failed,
        backfilled: result.backfilled,
      }),
    ),
  );
  // Only after something was deleted: the checkpoint is what drops the old pages from the WAL.
  if ((result.conversations.length > 0 || result.messages > 0) && deps.checkpoint) result.walCheckpointed = await deps.checkpoint();
  return result;
}

/** What purging one conversation removed; an erasure (server/privacy/erasure.ts) adds these up too. */
export type PurgeCounts = Pick<PurgeResult, 'messages' | 'attachments' | 'attachmentFiles' | 'tags' | 'comments' | 'copies'>;

/**
 * Deletes one due conversation in paced batches, files before rows. False when it stopped being
 * due part-way (a hold was placed meanwhile).
 */
export async function purgeConversation(store: StoreApi, dataDir: string, id: string, now: string, pace: Pace, result: PurgeCounts): Promise<boolean> {
  for (;;) {
    const size = pace.size;
    // Timed to the commit, not just the DELETE: FTS5 applies its (secure) deletes to the index when
    // the transaction commits, and that is most of the cost.
    const t0 = performance.now();
    const deleted = await store.writeCalls((tx) => tx.transcripts.purgeMessages(id, now, size));
    pace.took(performance.now() - t0);
    result.messages += deleted;
    await yieldToEventLoop();
    if (deleted < size) break;
  }
  // Files before rows: a crash in between leaves rows pointing at missing files, which the next
  // run cleans up, never files that nothing points at any more. Re-checked first: a hold placed
  // while the messages went keeps the files.
  if (!(await store.transcripts.isPurgeable(id, now))) return false;
  result.attachmentFiles += await removeStoredFiles(dataDir, (await store.transcripts.attachments(id)).map((a) => a.path));
  const rows = await store.writeCalls((tx) => tx.transcripts.deleteConversation(id, now));
  if (!rows) return false;
  result.attachments += rows.attachments;
  result.tags += rows.tags;
  result.comments += rows.comments;
  result.copies += rows.copies;
  return true;
}

/**
 * The hub's schedule: one run at start, then one every purgeIntervalMs. Runs never overlap;
 * stop() waits for a run under way, so the store is not closed beneath it.
 */
export function retentionSchedule<R extends PurgeResult = PurgeResult>(deps: PurgeDeps, runner: () => Promise<R> = () => runPurge(deps) as Promise<R>) {
  let running: Promise<R> | null = null;
  let stopped = false;
  const log = deps.log ?? (() => {});

  const run = (): Promise<R> => {
    if (running) return running;
    running = runner().finally(() => (running = null));
    return running;
  };
  const tick = () => {
    if (stopped) return;
    run().then(
      (r) => {
        if (r.conversations.length > 0) log('info', `retention: purged ${r.conversations.length} transcript(s), ${r.messages} message(s)`);
      },
      (e) => log('error', 'retention run failed', { error: String(e) }),
    );
  };
  const startup = setImmediate(tick);
  const timer = setInterval(tick, deps.policy().purgeIntervalMs);
  timer.unref();

  return {
    /** Runs now (or joins the run under way). */
    run,
    async stop(): Promise<void> {
      stopped = true;
      clearImmediate(startup);
      clearInterval(timer);
      if (running) await running.catch(() => undefined);
    },
  };
}
export type RetentionSchedule = ReturnType<typeof retentionSchedule>;
