// Retention of everything (POLICY §3b): each kind of row on its own clock, in one paced run. The
// transcript purge (purge.ts) is the first part; then tickets with their attachment files, cases with their photos, widget
// sessions, customer records nothing refers to any more, privacy request records, and the oldest
// audit events. Every batch is a short write that yields to the event loop between, as the
// transcript purge does, so live chat never waits long. A dry run counts what would go.
import type { RetentionPolicy } from '../../shared/domain/config';
import { purgeAt } from '../../shared/domain/retention';
import { auditEvent, systemActor } from '../audit/record';
import type { StoreApi } from '../store/api';
import { emptyPurgeResult, openCasesOf, pacer, removeStoredFiles, runPurge, yieldToEventLoop, type OpenCaseCheck, type PurgeDeps, type PurgeResult } from './purge';

export interface RetentionKinds {
  tickets: number;
  cases: number;
  casePhotos: number;
  /** Files of email ticket attachments deleted with their tickets. */
  ticketAttachmentFiles: number;
  caseEvents: number;
  orders: number;
  widgetSessions: number;
  customers: number;
  privacyRequests: number;
  childErasureRecords: number;
  auditEvents: number;
}

export interface RetentionResult extends PurgeResult {
  dryRun: boolean;
  /** Chats nobody ended, ended by this run (the customer had been gone longer than policy.retention.chatIdleEndMs). */
  chatsEnded: string[];
  /** Everything beyond transcripts this run deleted (or, dry, would delete). */
  other: RetentionKinds;
  /** Cases due but still open (an erasure waits for them to close). */
  heldOpenCases: number;
  /** Erasures whose postponed parts have now all gone (references). */
  erasuresCompleted: string[];
  /** Another hub of the cluster was running it (one at a time): this hub did nothing. */
  ranElsewhere?: true;
}

/** The result of a run this hub left to another hub of the cluster: nothing done here. */
export function ranElsewhere(now: Date): RetentionResult {
  return {
    ...emptyPurgeResult(now.toISOString()),
    dryRun: false,
    chatsEnded: [],
    other: { ...EMPTY },
    heldOpenCases: 0,
    erasuresCompleted: [],
    ranElsewhere: true,
  };
}

/** What the transcript purge needs (PurgeDeps), and what only a whole run does. */
export interface RetentionDeps extends PurgeDeps {
  /** A chat whose customer is connected now is never abandoned (the hub knows; the CLI does not). */
  customerPresent?: (conversationId: string) => boolean;
  /** When the customer was last connected to the chat (ms), if the caller knows better than the messages. */
  customerLastSeen?: (conversationId: string) => number;
  /** Told of each chat this run ended, so the hub can update the widget and the console. */
  chatEnded?: (conversationId: string) => void;
  /** Finishes erasures whose postponed parts are gone (server/privacy/service.ts); returns their references. */
  settleErasures?: () => Promise<string[]>;
}

const EMPTY: RetentionKinds = {
  tickets: 0,
  cases: 0,
  casePhotos: 0,
  ticketAttachmentFiles: 0,
  caseEvents: 0,
  orders: 0,
  widgetSessions: 0,
  customers: 0,
  privacyRequests: 0,
  childErasureRecords: 0,
  auditEvents: 0,
};

/** Ends chats whose customer has been gone longer than the policy allows; the end is when they left + the idle time. */
export async function endAbandonedChats(deps: RetentionDeps, dryRun: boolean): Promise<string[]> {
  const { store, clock } = deps;
  const policy = deps.policy();
  const now = clock.now().getTime();
  const ended: string[] = [];
  for (const c of await store.privacy.openChats()) {
    if (deps.customerPresent?.(c.id)) continue;
    const endAt = Math.max(Date.parse(c.lastCustomerActivity), deps.customerLastSeen?.(c.id) ?? 0) + policy.chatIdleEndMs;
    if (endAt > now) continue;
    if (!dryRun) {
      const at = new Date(endAt);
      const done = await store.writeCalls((tx) => tx.conversations.end(c.id, at.toISOString(), purgeAt(at, policy.transcriptMonths).toISOString()));
      if (!done) continue;
      deps.chatEnded?.(c.id);
    }
    ended.push(c.id);
  }
  return ended;
}

/** Gives closed tickets and cases the purge date they lack (closed + the policy's months). */
async function backfill(store: StoreApi, policy: RetentionPolicy, batch: number): Promise<void> {
  for (;;) {
    const t = await store.privacy.ticketsWithoutPurge(batch);
    const c = await store.privacy.casesWithoutPurge(batch);
    if (t.length === 0 && c.length === 0) return;
    await store.write(async (tx) => {
      for (const x of t) await tx.privacy.setTicketPurge(x.id, purgeAt(new Date(x.closedAt), policy.ticketMonths).toISOString());
      for (const x of c) await tx.privacy.setCasePurge(x.id, purgeAt(new Date(x.closedAt), policy.caseMonths).toISOString());
    });
    await yieldToEventLoop();
  }
}

/** Deletes rows in paced batches: `next` gives the ids due, `drop` deletes one (false: no longer due). */
async function paced(pace: ReturnType<typeof pacer>, next: (limit: number) => Promise<string[]>, drop: (id: string) => Promise<boolean>): Promise<number> {
  let n = 0;
  const tried = new Set<string>();
  for (;;) {
    const ids = (await next(pace.size + tried.size)).filter((id) => !tried.has(id)).slice(0, pace.size);
    if (ids.length === 0) return n;
    const t0 = performance.now();
    for (const id of ids) {
      tried.add(id);
      if (await drop(id)) n += 1;
    }
    pace.took(performance.now() - t0);
    await yieldToEventLoop();
  }
}

/** Customers looked at per store call: a page costs the store's writer about a millisecond. */
const ORPHAN_SCAN = 1000;

/** The customer records nothing refers to any more, found a page of customers at a time. */
export async function* orphanCustomers(store: StoreApi): AsyncGenerator<string> {
  for (let after: string | null = ''; after !== null; ) {
    const page = await store.privacy.orphanCustomers(ORPHAN_SCAN, after);
    yield* page.orphans;
    after = page.next;
    await yieldToEventLoop();
  }
}

async function dropOrphanCustomers(store: StoreApi): Promise<number> {
  let n = 0;
  for await (const id of orphanCustomers(store)) if (await store.writeCalls((tx) => tx.privacy.deleteCustomer(id))) n += 1;
  return n;
}

export async function runRetention(deps: RetentionDeps, opts: { dryRun?: boolean } = {}): Promise<RetentionResult> {
  const { store, clock } = deps;
  const dryRun = opts.dryRun ?? false;
  const policy = deps.policy();
  const openCase = deps.openCase ?? openCasesOf(store);
  const nowDate = clock.now();
  const now = nowDate.toISOString();
  const batch = Math.max(1, policy.purgeBatchSize);
  const pace = pacer(batch, policy.purgeSliceMs);
  const other: RetentionKinds = { ...EMPTY };

  const chatsEnded = await endAbandonedChats(deps, dryRun);
  if (dryRun) return dryRunResult(deps, now, chatsEnded, openCase);

  const transcripts = await runPurge({ store, dataDir: deps.dataDir, checkpoint: deps.checkpoint, clock, policy: deps.policy, openCase, log: deps.log, actor: deps.actor, auditClock: deps.auditClock });
  await backfill(store, policy, batch);

  other.tickets = await paced(pace, (l) => store.privacy.dueTickets(now, l), async (id) => {
    // Attachment files before rows (their rows go with the ticket, by cascade), as for chats and case photos.
    other.ticketAttachmentFiles += await removeStoredFiles(deps.dataDir, await store.privacy.ticketAttachments(id));
    return store.writeCalls((tx) => tx.privacy.deleteTicket(id, now));
  });
  other.cases = await paced(pace, (l) => store.privacy.dueCases(now, l), async (id) => {
    // Photos before rows, as for attachments: a crash in between leaves rows the next run cleans up.
    await removeStoredFiles(deps.dataDir, await store.privacy.casePhotos(id));
    const rows = await store.writeCalls((tx) => tx.privacy.deleteCase(id, now));
    if (!rows) return false;
    other.casePhotos += rows.photos;
    other.caseEvents += rows.events;
    if (rows.order) other.orders += 1;
    return true;
  });
  other.widgetSessions = await paced(pace, (l) => store.privacy.expiredSessions(now, l), (id) => store.writeCalls((tx) => tx.privacy.deleteSession(id)));
  other.customers = await dropOrphanCustomers(store);
  other.privacyRequests = await paced(pace, (l) => store.privacy.dueRequests(now, l), (id) => store.writeCalls((tx) => tx.privacy.deleteRequest(id)));
  other.childErasureRecords = await store.writeCalls((tx) => tx.privacy.purgeChildErasures(now));
  // Expired one-time codes and identity-token uses (issue 12) hold addresses too.
  await store.writeCalls((tx) => tx.identity.prune(now));
  other.auditEvents = await pruneAudit(store, purgeAt(nowDate, -policy.auditMonths).toISOString(), now, pace);

  const erasuresCompleted = deps.settleErasures ? await deps.settleErasures() : [];
  const heldOpenCases = await store.privacy.countDueOpenCases(now);

  const removed = Object.values(other).reduce((a, b) => a + b, 0);
  await store.writeCalls((tx) =>
    tx.audit.append(
      auditEvent(deps.auditClock ?? clock, deps.actor ?? systemActor, 'retention.run', null, {
        now,
        ...(deps.auditClock ? { simulatedNow: now } : {}),
        chatsEnded: chatsEnded.length,
        conversationIds: chatsEnded,
        ...other,
        heldOpenCases,
        erasuresCompleted,
      }),
    ),
  );
  if (removed > 0 && !transcripts.walCheckpointed && deps.checkpoint) transcripts.walCheckpointed = await deps.checkpoint();
  return { ...transcripts, dryRun, chatsEnded, other, heldOpenCases, erasuresCompleted };
}

/** Removes the oldest audit events, those written before `cut`: only a prefix of the chain, anchored. */
async function pruneAudit(store: StoreApi, cut: string, now: string, pace: ReturnType<typeof pacer>): Promise<number> {
  const through = await store.privacy.auditCut(cut);
  if (!through) return 0;
  let n = 0;
  for (;;) {
    const size = pace.size;
    const t0 = performance.now();
    const deleted = await store.writeCalls((tx) => tx.privacy.pruneAudit(through, now, size));
    pace.took(performance.now() - t0);
    n += deleted;
    await yieldToEventLoop();
    if (deleted < size) return n;
  }
}

/** What a run at `now` would delete, counted without deleting anything. */
async function dryRunResult(deps: RetentionDeps, now: string, chatsEnded: string[], openCase: OpenCaseCheck): Promise<RetentionResult> {
  const { store } = deps;
  const policy = deps.policy();
  const all = Number.MAX_SAFE_INTEGER;
  const nowDate = new Date(now);
  const due = (await store.transcripts.dueForPurge(now, all)).map((c) => c.id);
  const going: string[] = [];
  for (const id of due) if (!(await openCase(id))) going.push(id);
  const sessions = await store.privacy.expiredSessions(now, all);
  const w = await store.privacy.wouldPurge({
    now,
    ticketCut: purgeAt(nowDate, -policy.ticketMonths).toISOString(),
    caseCut: purgeAt(nowDate, -policy.caseMonths).toISOString(),
    going,
    sessions,
    auditThrough: await store.privacy.auditCut(purgeAt(nowDate, -policy.auditMonths).toISOString()),
  });
  const other: RetentionKinds = {
    ...EMPTY,
    tickets: w.tickets,
    cases: w.cases,
    widgetSessions: sessions.length,
    customers: w.customers,
    privacyRequests: (await store.privacy.dueRequests(now, all)).length,
    childErasureRecords: w.childErasureRecords,
    auditEvents: w.auditEvents,
  };
  return {
    now,
    conversations: going,
    messages: w.messages,
    attachments: w.attachments,
    attachmentFiles: 0,
    tags: 0,
    comments: 0,
    copies: 0,
    heldByLegalHold: await store.transcripts.countDueOnHold(now),
    heldByOpenCase: due.length - going.length,
    failed: [],
    backfilled: 0,
    walCheckpointed: false,
    dryRun: true,
    chatsEnded,
    other,
    heldOpenCases: await store.privacy.countDueOpenCases(now),
    erasuresCompleted: [],
  };
}
