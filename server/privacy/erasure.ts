// Erasure (POLICY §3a): everything the desk holds about one customer, everywhere — chats with
// their messages, index rows, attachments, notes, tags, comments and copies; tickets with their
// attachment files; cases with their photos and timelines; the orders nothing else needs; widget
// sessions; opt-outs; and the customer record. A legal hold or an open case postpones its part: those rows are made due now
// and the ordinary retention run takes them once the hold is lifted or the case closes. The same
// paced deletes as the transcript purge, and the same WAL checkpoint afterwards.
import type { RetentionPolicy } from '../../shared/domain/config';
import { isOpenStatus, type CaseStatus } from '../../shared/domain/cases';
import type { ErasureCounts, ErasurePlan, PostponedPart } from '../../shared/protocol/privacy';
import type { Clock } from '../clock';
import { openCasesOf, pacer, purgeConversation, removeStoredFiles, yieldToEventLoop, type OpenCaseCheck, type PurgeCounts } from '../retention/purge';
import type { StoreApi } from '../store/api';

const emptyCounts = (): ErasureCounts => ({
  conversations: 0,
  messages: 0,
  attachments: 0,
  tickets: 0,
  cases: 0,
  casePhotos: 0,
  orders: 0,
  widgetSessions: 0,
  optOuts: 0,
  customerRecord: 0,
});

/** Cases that hold one of the customer's chats, by conversation id (their numbers, for the reason). */
async function openCaseNumbers(store: StoreApi, email: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const c of await store.privacy.casesOf(email)) if (isOpenStatus(c.status as CaseStatus)) out.set(c.id, c.number ?? c.id);
  return out;
}

async function postponedParts(store: StoreApi, email: string, openCase: OpenCaseCheck): Promise<PostponedPart[]> {
  const parts: PostponedPart[] = [];
  const openCases = await openCaseNumbers(store, email);
  {
    for (const c of await store.privacy.conversationsOf(email)) {
      const hold = await store.transcripts.hold(c.id);
      if (hold) parts.push({ kind: 'conversation', id: c.id, reason: 'legal_hold', detail: `on legal hold: ${hold.reason}` });
      else if (await openCase(c.id)) {
        const numbers = await casesOfConversation(store, c.id, openCases);
        parts.push({ kind: 'conversation', id: c.id, reason: 'open_case', detail: `needed by open case ${numbers.join(', ') || '(another customer’s)'}` });
      }
    }
  }
  for (const [id, number] of openCases) parts.push({ kind: 'case', id, reason: 'open_case', detail: `case ${number} is still open (a refund or claim in progress)` });
  return parts;
}

async function casesOfConversation(store: StoreApi, conversationId: string, openCases: Map<string, string>): Promise<string[]> {
  return (await store.privacy.casesOfConversation(conversationId)).filter((id) => openCases.has(id)).map((id) => openCases.get(id)!);
}

/** What an erasure of `email` would remove now, per kind, and what it would postpone, and why. */
export async function previewErasure(store: StoreApi, email: string, openCase: OpenCaseCheck = openCasesOf(store)): Promise<ErasurePlan> {
  const customers = await store.privacy.customersByEmail(email);
  const customerId = customers[0]?.id ?? null;
  const postponed = await postponedParts(store, email, openCase);
  const held = new Set(postponed.map((p) => p.id));
  const going = emptyCounts();
  const convs = (await store.privacy.conversationsOf(email)).filter((c) => !held.has(c.id));
  going.conversations = convs.length;
  const m = await store.privacy.messageAndAttachmentCounts(convs.map((c) => c.id));
  going.messages = m.messages;
  going.attachments = m.attachments;
  going.widgetSessions = await store.privacy.sessionCount(email);
  going.tickets = (await store.privacy.ticketsOf(email)).length;
  const allCases = await store.privacy.casesOf(email);
  const cases = allCases.filter((c) => !held.has(c.id));
  going.cases = cases.length;
  for (const c of cases) going.casePhotos += (await store.privacy.casePhotos(c.id)).length;
  const keptOrders = new Set<string | undefined>();
  for (const c of allCases) if (held.has(c.id)) keptOrders.add(await store.privacy.caseOrderId(c.id));
  going.orders = (await store.privacy.ordersOf(email)).filter((o) => !keptOrders.has(o)).length;
  going.optOuts = (await store.privacy.optOuts(email)).length;
  going.customerRecord = postponed.some((p) => p.kind === 'conversation') ? 0 : customers.length;
  return { email, customerId, found: customers.length > 0 || going.tickets + going.cases + going.orders + going.optOuts > 0, going, postponed };
}

export interface ErasureDeps {
  store: StoreApi;
  /** The data folder the stored files' paths are relative to. */
  dataDir: string;
  /** The WAL checkpoint after the deletes, where the backend has one (server/retention/purge.ts PurgeDeps). */
  checkpoint?: () => Promise<boolean>;
  clock: Clock;
  policy: () => RetentionPolicy;
  openCase?: OpenCaseCheck;
}

export interface ErasureResult {
  erasedAt: string;
  customerId: string | null;
  erased: ErasureCounts;
  postponed: PostponedPart[];
  walCheckpointed: boolean;
}

/** Erases everything about `email` now, but what a hold or an open case postpones. */
export async function eraseCustomer(deps: ErasureDeps, email: string): Promise<ErasureResult> {
  const { store } = deps;
  const openCase = deps.openCase ?? openCasesOf(store);
  const policy = deps.policy();
  const now = deps.clock.now().toISOString();
  const pace = pacer(Math.max(1, policy.purgeBatchSize), policy.purgeSliceMs);
  const customers = await store.privacy.customersByEmail(email);
  const customerId = customers[0]?.id ?? null;
  const erased = emptyCounts();

  // Everything becomes due now, in one write; the deletes below and any later retention run take it from there.
  await store.writeCalls((tx) => tx.privacy.markErased(email, now));
  const postponed = await postponedParts(store, email, openCase);
  const held = new Set(postponed.map((p) => p.id));

  {
    for (const c of await store.privacy.conversationsOf(email)) {
      if (held.has(c.id)) continue;
      const counts: PurgeCounts = { messages: 0, attachments: 0, attachmentFiles: 0, tags: 0, comments: 0, copies: 0 };
      if (await purgeConversation(store, deps.dataDir, c.id, now, pace, counts)) {
        erased.conversations += 1;
        erased.messages += counts.messages;
        erased.attachments += counts.attachments;
      } else {
        postponed.push({ kind: 'conversation', id: c.id, reason: 'legal_hold', detail: 'a legal hold was placed while it was being erased' });
      }
    }
  }
  for (const id of await store.privacy.ticketsOf(email)) {
    // The files of the mails' attachments first: their rows go with the ticket.
    await removeStoredFiles(deps.dataDir, await store.privacy.ticketAttachments(id));
    if (await store.writeCalls((tx) => tx.privacy.deleteTicket(id, now))) erased.tickets += 1;
    await yieldToEventLoop();
  }
  for (const c of await store.privacy.casesOf(email)) {
    if (held.has(c.id)) continue;
    await removeStoredFiles(deps.dataDir, await store.privacy.casePhotos(c.id));
    const rows = await store.writeCalls((tx) => tx.privacy.deleteCase(c.id, now));
    if (rows) {
      erased.cases += 1;
      erased.casePhotos += rows.photos;
      if (rows.order) erased.orders += 1;
    }
    await yieldToEventLoop();
  }
  await store.write(async (tx) => {
    for (const o of await tx.privacy.ordersOf(email)) if (await tx.privacy.deleteOrderUnlessCase(o)) erased.orders += 1;
    erased.optOuts = await tx.privacy.deleteOptOuts(email);
    await tx.privacy.deleteCodesOf(email);
    erased.widgetSessions = await tx.privacy.deleteSessionsOf(email);
    for (const k of customers) if (await tx.privacy.deleteCustomer(k.id)) erased.customerRecord += 1;
    // What stays until a postponed part goes: only what that part needs. The rest of the record goes now.
    await tx.privacy.stripCustomer(email);
  });
  const walCheckpointed = deps.checkpoint ? await deps.checkpoint() : false;
  return { erasedAt: now, customerId, erased, postponed, walCheckpointed };
}

/** Whether anything about `email` is still held (a postponed part not yet gone). */
export async function anythingLeft(store: StoreApi, email: string): Promise<boolean> {
  return (await store.privacy.customersByEmail(email)).length > 0 || (await store.privacy.ticketsOf(email)).length > 0 || (await store.privacy.casesOf(email)).length > 0;
}
