// Erasure (POLICY §3a): everything the desk holds about one customer, everywhere — chats with
// their messages, index rows, attachments, notes, tags, comments and copies; tickets with their
// attachment files; cases with their photos and timelines; the orders nothing else needs; widget
// sessions; opt-outs; and the customer record. A legal hold or an open case postpones its part: those rows are made due now
// and the ordinary retention run takes them once the hold is lifted or the case closes. The same
// paced deletes as the transcript purge, and the same WAL checkpoint afterwards.
import type { RetentionPolicy } from '../../shared/domain/config';
import { isOpenStatus, type CaseStatus } from '../../shared/domain/cases';
import type { ErasureCounts, ErasurePlan, PostponedPart } from '../../shared/protocol/privacy';
import { openCaseCheck } from '../cases/holds';
import type { Clock } from '../clock';
import { pacer, purgeConversation, removeStoredFiles, yieldToEventLoop, type OpenCaseCheck, type PurgeCounts } from '../retention/purge';
import type { Store } from '../store/index';

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
function openCaseNumbers(store: Store, email: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const c of store.privacy.casesOf(email)) if (isOpenStatus(c.status as CaseStatus)) out.set(c.id, c.number ?? c.id);
  return out;
}

function postponedParts(store: Store, email: string, openCase: OpenCaseCheck): PostponedPart[] {
  const parts: PostponedPart[] = [];
  const openCases = openCaseNumbers(store, email);
  {
    for (const c of store.privacy.conversationsOf(email)) {
      const hold = store.transcripts.hold(c.id);
      if (hold) parts.push({ kind: 'conversation', id: c.id, reason: 'legal_hold', detail: `on legal hold: ${hold.reason}` });
      else if (openCase(c.id)) {
        const numbers = casesOfConversation(store, c.id, openCases);
        parts.push({ kind: 'conversation', id: c.id, reason: 'open_case', detail: `needed by open case ${numbers.join(', ') || '(another customer’s)'}` });
      }
    }
  }
  for (const [id, number] of openCases) parts.push({ kind: 'case', id, reason: 'open_case', detail: `case ${number} is still open (a refund or claim in progress)` });
  return parts;
}

function casesOfConversation(store: Store, conversationId: string, openCases: Map<string, string>): string[] {
  return store.privacy.casesOfConversation(conversationId).filter((id) => openCases.has(id)).map((id) => openCases.get(id)!);
}

/** What an erasure of `email` would remove now, per kind, and what it would postpone, and why. */
export function previewErasure(store: Store, email: string, openCase: OpenCaseCheck = openCaseCheck(store)): ErasurePlan {
  const customers = store.privacy.customersByEmail(email);
  const customerId = customers[0]?.id ?? null;
  const postponed = postponedParts(store, email, openCase);
  const held = new Set(postponed.map((p) => p.id));
  const going = emptyCounts();
  const convs = store.privacy.conversationsOf(email).filter((c) => !held.has(c.id));
  going.conversations = convs.length;
  const m = store.privacy.messageAndAttachmentCounts(convs.map((c) => c.id));
  going.messages = m.messages;
  going.attachments = m.attachments;
  going.widgetSessions = store.privacy.sessionCount(email);
  going.tickets = store.privacy.ticketsOf(email).length;
  const cases = store.privacy.casesOf(email).filter((c) => !held.has(c.id));
  going.cases = cases.length;
  going.casePhotos = cases.reduce((n, c) => n + store.privacy.casePhotos(c.id).length, 0);
  const keptOrders = new Set(store.privacy.casesOf(email).filter((c) => held.has(c.id)).map((c) => store.privacy.caseOrderId(c.id)));
  going.orders = store.privacy.ordersOf(email).filter((o) => !keptOrders.has(o)).length;
  going.optOuts = store.privacy.optOuts(email).length;
  going.customerRecord = postponed.some((p) => p.kind === 'conversation') ? 0 : customers.length;
  return { email, customerId, found: customers.length > 0 || going.tickets + going.cases + going.orders + going.optOuts > 0, going, postponed };
}

export interface ErasureDeps {
  store: Store;
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
  const openCase = deps.openCase ?? openCaseCheck(store);
  const policy = deps.policy();
  const now = deps.clock.now().toISOString();
  const pace = pacer(Math.max(1, policy.purgeBatchSize), policy.purgeSliceMs);
  const customers = store.privacy.customersByEmail(email);
  const customerId = customers[0]?.id ?? null;
  const erased = emptyCounts();

  // Everything becomes due now, in one write; the deletes below and any later retention run take it from there.
  await store.write(() => store.privacy.markErased(email, now));
  const postponed = postponedParts(store, email, openCase);
  const held = new Set(postponed.map((p) => p.id));

  {
    for (const c of store.privacy.conversationsOf(email)) {
      if (held.has(c.id)) continue;
      const counts: PurgeCounts = { messages: 0, attachments: 0, attachmentFiles: 0, tags: 0, comments: 0, copies: 0 };
      if (await purgeConversation(store, c.id, now, pace, counts)) {
        erased.conversations += 1;
        erased.messages += counts.messages;
        erased.attachments += counts.attachments;
      } else {
        postponed.push({ kind: 'conversation', id: c.id, reason: 'legal_hold', detail: 'a legal hold was placed while it was being erased' });
      }
    }
  }
  for (const id of store.privacy.ticketsOf(email)) {
    // The files of the mails' attachments first: their rows go with the ticket.
    await removeStoredFiles(store.dataDir, store.privacy.ticketAttachments(id));
    if (await store.write(() => store.privacy.deleteTicket(id, now))) erased.tickets += 1;
    await yieldToEventLoop();
  }
  for (const c of store.privacy.casesOf(email)) {
    if (held.has(c.id)) continue;
    await removeStoredFiles(store.dataDir, store.privacy.casePhotos(c.id));
    const rows = await store.write(() => store.privacy.deleteCase(c.id, now));
    if (rows) {
      erased.cases += 1;
      erased.casePhotos += rows.photos;
      if (rows.order) erased.orders += 1;
    }
    await yieldToEventLoop();
  }
  await store.write(() => {
    for (const o of store.privacy.ordersOf(email)) if (store.privacy.deleteOrderUnlessCase(o)) erased.orders += 1;
    erased.optOuts = store.privacy.deleteOptOuts(email);
    store.privacy.deleteCodesOf(email);
    erased.widgetSessions = store.privacy.deleteSessionsOf(email);
    for (const k of customers) if (store.privacy.deleteCustomer(k.id)) erased.customerRecord += 1;
    // What stays until a postponed part goes: only what that part needs. The rest of the record goes now.
    store.privacy.stripCustomer(email);
  });
  const walCheckpointed = await store.checkpoint();
  return { erasedAt: now, customerId, erased, postponed, walCheckpointed };
}

/** Whether anything about `email` is still held (a postponed part not yet gone). */
export function anythingLeft(store: Store, email: string): boolean {
  return store.privacy.customersByEmail(email).length > 0 || store.privacy.ticketsOf(email).length > 0 || store.privacy.casesOf(email).length > 0;
}
