// Cases, independent of transport: returns (RMA) and shipping claims from the chat they start in
// to closed. The state machines in shared/domain/cases.ts decide every step; this service loads
// the facts, stores the decision in one transaction (case, timeline, evidence), then tells the
// customer — a system message in their chat, and an email when the hub has a mailer.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { maskCardNumbers } from '../../shared/domain/cardMask';
import { formatDay, notices, type Notice } from '../../shared/domain/caseNotices';
import {
  CLAIM_ACTIONS,
  CLAIM_NOT_RETURN,
  CLAIM_NOT_RETURN_TEXT,
  ClaimInputSchema,
  REQUEST_KIND_TEXT,
  RETURN_REASON_TEXT,
  RMA_ACTIONS,
  RmaInputSchema,
  claimDeadline,
  claimOpenProblem,
  decideClaim,
  decideRma,
  eligibilityText,
  cameBack,
  isOpenStatus,
  rmaEligibility,
  rmaExpiryDue,
  rmaTerms,
  shipBy,
  type ActorRole,
  type CaseKind,
  type ClaimData,
  type ClaimInput,
  type DecideContext,
  type RmaData,
  type RmaInput,
} from '../../shared/domain/cases';
import type { Order } from '../../shared/domain/orders';
import { isCameBackKind } from '../../shared/domain/returns';
import type { CaseDetail, CaseLink, CaseListQuery, CaseNote, CaseSummary, CaseTransition, CustomerCase, LabelDecision, OpenClaim, OpenRma, OrderView, UploadReply } from '../../shared/protocol/cases';
import { pickLocale, type Locale } from '../../shared/i18n/locales';
import { DeskError } from '../../shared/protocol/errors';
import type { StaffUser } from '../../shared/protocol/schemas';
import type { CustomerIdentity } from '../auth/widget';
import { brandPolicy } from '../brands';
import type { ChatService } from '../chat/chatService';
import type { Clock } from '../clock';
import { brandDesk, brandReturnAddress, type HubConfig } from '../config';
import { newId } from '../ids';
import { auditEvent, recordAudit, staffActor, type AuditAction } from '../audit/record';
import { mailFailureReason, type Mailer } from '../mail/mailer';
import type { OrderSource } from '../orders/source';
import { parsePayload, type Log } from '../realtime/handle';
import type { CaseRecord } from '../store/cases';
import type { CustomerIdentityService } from '../identity/service';
import type { StoreApi, StoreModules } from '../store/api';
import { TYPE_NAMES, detectImageType, photoLabel, photoPath, removeQuietly, writeDurably } from './uploads';
import { TAKES_PHOTOS, customerView, detail, evidenceView, facts, summary } from './views';

/** Who takes a step: a signed-in staff member, or the hub's own scheduled job. */
export type CaseActor = { kind: 'staff'; user: StaffUser } | { kind: 'system' };

export interface CaseEvents {
  /** After every committed change: agents get the summary, the linked chats the customer's view. */
  caseChanged(summary: CaseSummary, customer: CustomerCase, conversationIds: string[]): void;
  /** A supervisor decided on a prepaid label: the agent who asked is told (issue 9). */
  labelDecided(agentId: string, decision: LabelDecision): void;
}

export interface CasesDeps {
  store: StoreApi;
  /** Where claim photos are kept (uploads/ under the data folder). */
  dataDir: string;
  clock: Clock;
  config: HubConfig;
  chat: ChatService;
  orders: OrderSource;
  /** Null when the hub has no outgoing mail: the chat message still goes out. */
  mailer: () => Mailer | null;
  events: CaseEvents;
  log: Log;
  /**
   * Whether a chat's customer has shown an order is theirs (issue 12). Its calls (and chat's) are
   * awaited: those services move to the async store too, and an unawaited refusal would let the case open.
   */
  identity: Pick<CustomerIdentityService, 'requireOrderOwner'>;
  /** Why no RMA may be issued for a brand now (its return address is the demo value), or null. */
  returnAddressProblem?: (brandId: string) => string | null;
}

const NOUN: Record<CaseKind, string> = { rma: 'return', claim: 'claim' };
const STEPS: Record<CaseKind, readonly string[]> = { rma: RMA_ACTIONS, claim: CLAIM_ACTIONS };
const LIST_LIMIT = 200;
/** What a decision sees as the number before one is allocated (see applyStep); never stored. */
const NUMBER_PENDING = 'RMA-PENDING';

export function casesService(deps: CasesDeps) {
  const { store, clock, config, chat, orders, events, log } = deps;
  /** The numbers a case is held to: its brand's (server/brands.ts). */
  const policy = (brandId: string) => brandPolicy(config, brandId);
  const staff = (user: StaffUser): CaseActor => ({ kind: 'staff', user });
  const roleOf = (a: CaseActor): ActorRole => (a.kind === 'system' ? 'system' : a.user.role);
  const who = (a: CaseActor) =>
    a.kind === 'system'
      ? { actorKind: 'system' as const, actorId: null, actorName: 'Care desk' }
      : { actorKind: 'staff' as const, actorId: a.user.id, actorName: a.user.name };
  /** Emails still being sent: tests and shutdown can wait for them. */
  const sending = new Set<Promise<void>>();

  // `db`: the store, or inside a write its transaction (`tx`), so reads there see the write's own rows.
  async function load(caseId: string, db: StoreModules = store): Promise<CaseRecord> {
    const c = await db.cases.get(caseId);
    if (!c) throw new DeskError('not_found', 'No such case.');
    return c;
  }

  async function orderOf(c: CaseRecord, db: StoreModules = store): Promise<Order> {
    const o = await db.orders.get(c.orderId);
    if (!o) throw new DeskError('conflict', `Order ${c.orderId} is no longer on record.`);
    return o;
  }

  async function changed(caseId: string): Promise<CaseRecord> {
    const c = await load(caseId);
    const conversations = (await store.cases.conversations(c.id)).map((x) => x.id);
    events.caseChanged(summary(c, clock.now()), await customerView(store, c, policy(c.brandId), config.settings.uploads), conversations);
    return c;
  }

  const detailFor = (c: CaseRecord, role: ActorRole) => detail(store, c, role, clock.now(), policy(c.brandId));
  // Cases and orders hold customers' names, addresses and photos: every staff read is recorded
  // (POLICY §3), before the data is handed out.
  const audit = (user: StaffUser, action: AuditAction, subject: { kind: string; id: string } | null, detail: Record<string, unknown> = {}) =>
    recordAudit(store, clock, staffActor(user), action, subject, detail);

  async function listCases(q: CaseListQuery): Promise<CaseSummary[]> {
    const now = clock.now();
    const limit = q.limit ?? LIST_LIMIT;
    // Overdue depends on the clock, so it is filtered here, over every candidate.
    const derived = q.overdue !== undefined || q.labelPending !== undefined;
    const rows = await store.cases.list({ statuses: q.status, kind: q.kind, open: q.open, orderId: q.orderId, limit: derived ? 100_000 : limit });
    const list = rows
      .map((c) => summary(c, now))
      .filter((s) => q.overdue === undefined || (s.overdue !== null) === q.overdue)
      .filter((s) => q.labelPending === undefined || s.labelPending === q.labelPending);
    return list.slice(0, limit);
  }

  async function requireOrder(orderId: string): Promise<Order> {
    const o = await orders.get(orderId);
    if (!o) throw new DeskError('not_found', `No order ${orderId} on record. Import the shop's orders first (caredesk orders import).`);
    return o;
  }

  function pickItems(order: Order, skus: string[]) {
    if (new Set(skus).size !== skus.length) throw new DeskError('invalid_payload', 'An item is listed twice.');
    return skus.map((sku) => {
      const item = order.items.find((i) => i.sku === sku);
      if (!item) throw new DeskError('not_found', `Order ${order.id} has no item ${sku}.`);
      return item;
    });
  }

  /** What the agent is shown of an order: the window its brand gives an item that states none. */
  const orderView = (o: Order): OrderView => ({ ...o, defaultReturnWindowDays: policy(o.brandId).returns.defaultWindowDays });

  /** Inside the opening transaction, so two agents cannot open the same item twice. */
  async function refuseCovered(tx: StoreModules, order: Order, kind: CaseKind, skus: string[]): Promise<void> {
    const [busy] = await tx.cases.openCasesCovering(order.id, kind, skus);
    if (busy) throw new DeskError('conflict', `${busy.sku} of order ${order.id} is already in an open ${NOUN[kind]} (${busy.number ?? busy.id}).`);
  }

  /**
   * A parcel that came back is not also lost: a came-back return and an overdue or lost claim on the
   * same items would refund them twice. Either refuses the other while it is open, and once it
   * refunded them. Inside the opening transaction, after refuseCovered: its look-up holds the
   * order's cases until the write ends, on PostgreSQL too.
   */
  async function refusePaidTwice(tx: StoreModules, order: Order, skus: string[], other: (c: CaseRecord) => boolean): Promise<void> {
    const pays = (c: CaseRecord) => isOpenStatus(c.status) || Boolean((c.data as RmaData | ClaimData).refund);
    const hit = (await tx.cases.list({ orderId: order.id, limit: 100_000 })).find((c) => other(c) && pays(c) && c.items.some((i) => skus.includes(i.sku)));
    if (!hit) return;
    const sku = hit.items.find((i) => skus.includes(i.sku))!.sku;
    const name = `${NOUN[hit.kind]} (${hit.number ?? hit.id})`;
    throw new DeskError('conflict', isOpenStatus(hit.status) ? `${sku} of order ${order.id} is already in an open ${name}.` : `${sku} of order ${order.id} was already refunded by a ${name}.`);
  }
  const cameBackCase = (c: CaseRecord) => c.kind === 'rma' && cameBack(c.data as RmaData);
  const missingParcelClaim = (c: CaseRecord) => c.kind === 'claim' && (c.data as ClaimData).claimKind !== 'damaged';

  /**
   * The customer's language: that of the chat the notices go to (the most recently linked one),
   * as the widget set it; English when the chat has none.
   */
  async function customerLocale(caseId: string, db: StoreModules = store): Promise<Locale> {
    const latest = (await db.cases.conversations(caseId)).at(-1);
    return pickLocale([latest ? (await db.conversations.get(latest.id))?.customerLocale : null]);
  }

  /** Tells the customer: a system message in the most recently linked chat, and an email. */
  async function tell(c: CaseRecord, notice: Notice, eventId: number, channels: { email: boolean } = { email: true }): Promise<void> {
    const { deskName, from } = brandDesk(config.settings, c.brandId);
    const latest = (await store.cases.conversations(c.id)).at(-1);
    if (latest) {
      try {
        // One client id per timeline event: a retried step never posts the notice twice.
        await chat.postSystem(latest.id, `case-${c.id}-${eventId}`, deskName, notice.text);
      } catch (e) {
        log('warn', 'case notice not posted in the chat', { caseId: c.id, error: String(e) });
      }
    }
    const mailer = deps.mailer();
    if (!mailer || !channels.email) return;
    const sent = email(mailer, c, notice, { name: deskName, address: from }).finally(() => sending.delete(sent));
    sending.add(sent);
  }

  /** Sent after the step is stored and acknowledged: a slow mail server never holds up the desk. */
  async function email(mailer: Mailer, c: CaseRecord, notice: Notice, from: { name: string; address: string }): Promise<void> {
    let outcome: { action: string; summary: string };
    try {
      await mailer.send({ from, to: c.customerEmail, subject: notice.subject, text: notice.text, html: textToHtml(notice.text), attachments: [] });
      outcome = { action: 'emailed', summary: `Emailed the customer: ${notice.subject}` };
    } catch (e) {
      outcome = { action: 'email_failed', summary: `Email to the customer failed: ${mailFailureReason(e)}` };
      log('warn', 'case email failed', { caseId: c.id, error: mailFailureReason(e) });
    }
    try {
      const at = clock.now().toISOString();
      await store.writeCalls((tx) => tx.cases.addEvent({ caseId: c.id, at, ...who({ kind: 'system' }), ...outcome, detail: { to: c.customerEmail, subject: notice.subject } }));
    } catch (e) {
      log('warn', 'case email outcome not recorded', { caseId: c.id, error: String(e) });
    }
  }

  function parseStep(kind: CaseKind, p: CaseTransition): RmaInput | ClaimInput {
    if (!STEPS[kind].includes(p.action)) {
      throw new DeskError('invalid_payload', `"${p.action}" is not a step of a ${NOUN[kind]}. Its steps are: ${STEPS[kind].join(', ')}.`);
    }
    const raw = { ...(p.data ?? {}), action: p.action };
    return kind === 'rma' ? parsePayload(RmaInputSchema, raw) : parsePayload(ClaimInputSchema, raw);
  }

  /**
   * Decides and stores one step; runs inside store.write (`tx`), so a refusal (thrown) rolls back
   * everything the transaction did, and a step stored is stored whole.
   */
  async function applyStep(tx: StoreModules, caseId: string, input: RmaInput | ClaimInput, actor: CaseActor, now: Date): Promise<{ notice: Notice | null; eventId: number }> {
    const c = await load(caseId, tx);
    const f = facts(c, await orderOf(c, tx), await tx.cases.evidence(c.id));
    if (input.action === 'authorize') {
      const problem = deps.returnAddressProblem?.(c.brandId) ?? null;
      if (problem) {
        log('warn', 'RMA refused: the return address is the demo value', { caseId: c.id, brandId: c.brandId });
        throw new DeskError('conflict', problem);
      }
    }
    const ctx: DecideContext = {
      role: roleOf(actor),
      actorId: who(actor).actorId,
      actorName: who(actor).actorName,
      now,
      policy: policy(c.brandId),
      returnAddress: brandReturnAddress(config.settings, c.brandId),
      nextNumber: () => NUMBER_PENDING,
      locale: await customerLocale(c.id, tx),
    };
    const decide = (nextNumber: () => string) => (f.kind === 'rma' ? decideRma(f, input as RmaInput, { ...ctx, nextNumber }) : decideClaim(f, input as ClaimInput, { ...ctx, nextNumber }));
    // The decision is pure and its number comes from the store, which answers asynchronously: it
    // is taken first without one; only a step that goes ahead and wants a number (an authorization)
    // is decided again with the number allocated, so a refused step never uses one up.
    let wantsNumber = false;
    let d = decide(() => {
      wantsNumber = true;
      return NUMBER_PENDING;
    });
    if (d.ok && wantsNumber) {
      const number = await tx.cases.nextNumber(`RMA-${now.getUTCFullYear()}`);
      d = decide(() => number);
    }
    if (!d.ok) throw new DeskError(d.code, d.message);
    const at = now.toISOString();
    await tx.cases.update({ id: c.id, fromStatus: c.status, status: d.status, data: d.data, number: d.number ?? null, at, finished: !isOpenStatus(d.status) });
    if (d.evidence) {
      const a = who(actor);
      await tx.cases.addEvidence({
        id: newId('ev'),
        caseId: c.id,
        ...d.evidence,
        path: null,
        mime: null,
        size: null,
        name: null,
        addedByKind: 'staff',
        addedById: a.actorId,
        createdAt: at,
      });
    }
    const eventId = await tx.cases.addEvent({ caseId: c.id, at, ...who(actor), action: input.action, summary: d.summary, detail: d.detail });
    // Money given up is on the tamper-evident log too, in the same transaction as the waiver.
    if (input.action === 'waive' && actor.kind === 'staff') {
      await tx.audit.append(auditEvent(clock, staffActor(actor.user), 'case.waive', { kind: 'case', id: c.id }, { code: input.code, reason: input.reason, ...d.detail }));
    }
    return { notice: d.notice, eventId };
  }

  const service = {
    async list(user: StaffUser, q: CaseListQuery): Promise<CaseSummary[]> {
      const list = await listCases(q);
      await audit(user, 'cases.list', null, { query: q, count: list.length });
      return list;
    },

    async get(user: StaffUser, caseId: string): Promise<CaseDetail> {
      const d = await detailFor(await load(caseId), user.role);
      await audit(user, 'case.view', { kind: 'case', id: caseId });
      return d;
    },

    /** A return request (or another kind of request, POLICY §1) from the chat the agent is in: eligibility is quoted at once. */
    async openRma(user: StaffUser, p: OpenRma): Promise<CaseDetail> {
      const requestKind = p.requestKind ?? 'return';
      if (requestKind !== 'return' && (p.reason || p.reasonText)) {
        throw new DeskError('invalid_payload', `A reason is asked for returns only, not for ${REQUEST_KIND_TEXT[requestKind]}: put what the customer said in the note.`);
      }
      // Damage in shipping is the carrier's insurance, not a return (POLICY §2): refused before anything.
      if (p.reason && CLAIM_NOT_RETURN.has(p.reason)) throw new DeskError('conflict', CLAIM_NOT_RETURN_TEXT);
      const conversation = await chat.workable({ kind: 'staff', user }, p.conversationId);
      const order = await requireOrder(p.orderId);
      // Nobody opens a case, and the desk emails nobody, on an order the chat's customer has not shown is theirs.
      await deps.identity.requireOrderOwner(conversation, order);
      const back = isCameBackKind(requestKind);
      if (back && order.deliveredAt) {
        throw new DeskError('conflict', `Order ${order.id} was delivered on ${formatDay(order.deliveredAt)}, so it did not come back on its own: open a return instead.`);
      }
      const items = pickItems(order, p.skus);
      const now = clock.now();
      const at = now.toISOString();
      const eligibility = rmaEligibility(order, items, now, policy(order.brandId).returns, requestKind);
      // What the customer is told now, before authorization, from the engine that settles it later.
      const terms = rmaTerms(order, items, at, policy(order.brandId).returns, [], requestKind);
      const shipDate = shipBy({ requestKind, eligibility });
      const verdict = back
        ? `no authorization needed, to be checked in and refunded`
        : eligibility.eligible
          ? `eligible${shipDate ? `, to be shipped by ${formatDay(shipDate)}` : ''}`
          : `not eligible: ${eligibilityText(eligibility.reasons)}`;
      const reason = p.reason ? { code: p.reason, text: p.reasonText ? maskCardNumbers(p.reasonText) : null } : undefined;
      const reasonText = reason ? ` (reason: ${RETURN_REASON_TEXT[reason.code]}${reason.text ? `: ${reason.text}` : ''})` : '';
      const id = newId('case');
      // A return stays as it was stored before there were kinds: no requestKind.
      const data: RmaData = { ...(requestKind === 'return' ? {} : { requestKind }), eligibility, terms, ...(reason ? { reason } : {}) };
      const eventId = await store.write(async (tx) => {
        await refuseCovered(tx, order, 'rma', p.skus);
        if (back) await refusePaidTwice(tx, order, p.skus, missingParcelClaim);
        await tx.cases.create({ id, number: null, kind: 'rma', brandId: order.brandId, orderId: order.id, status: 'requested', customerEmail: order.customerEmail, createdBy: user.id, createdAt: at, data, items });
        await tx.cases.link(id, p.conversationId, at, user.id);
        const eventId = await tx.cases.addEvent({
          caseId: id,
          at,
          ...who(staff(user)),
          action: 'opened',
          summary: `Opened ${requestKind === 'return' ? 'a return request' : `a case for ${REQUEST_KIND_TEXT[requestKind]}`} for ${p.skus.join(', ')}${reasonText}: ${verdict}`,
          detail: { orderId: order.id, skus: p.skus, requestKind, eligibility, terms, reason: reason ?? null, conversationId: p.conversationId },
        });
        if (p.note) await tx.cases.addEvent({ caseId: id, at, ...who(staff(user)), action: 'note', summary: maskCardNumbers(p.note), detail: {} });
        return eventId;
      });
      const c = await changed(id);
      // Told in the chat before authorization; the RMA email repeats it with the number and address.
      if (terms) {
        const names = items.map((i) => i.name);
        const locale = await customerLocale(c.id);
        const notice = isCameBackKind(requestKind)
          ? notices.cameBack({ items: names, kind: requestKind, terms }, locale)
          : notices.rmaTerms({ items: names, terms, waivers: [], authenticity: requestKind === 'authenticity' }, locale);
        await tell(c, notice, eventId, { email: false });
      }
      return detailFor(c, user.role);
    },

    /** A damage, overdue or lost claim: the customer is told what the carrier needs. */
    async openClaim(user: StaffUser, p: OpenClaim): Promise<CaseDetail> {
      const conversation = await chat.workable({ kind: 'staff', user }, p.conversationId);
      const order = await requireOrder(p.orderId);
      await deps.identity.requireOrderOwner(conversation, order);
      const items = pickItems(order, p.skus);
      const problem = claimOpenProblem(p.claimKind, order);
      if (problem) throw new DeskError('conflict', problem);
      const now = clock.now();
      const at = now.toISOString();
      const id = newId('case');
      const { deadline } = claimDeadline(order, order.carrier, policy(order.brandId).claims);
      const data: ClaimData = { claimKind: p.claimKind, description: p.description ? maskCardNumbers(p.description) : null, carrier: order.carrier, tracking: order.tracking, deadline };
      const { number, eventId } = await store.write(async (tx) => {
        await refuseCovered(tx, order, 'claim', p.skus);
        if (p.claimKind !== 'damaged') await refusePaidTwice(tx, order, p.skus, cameBackCase);
        const number = await tx.cases.nextNumber(`CLM-${now.getUTCFullYear()}`);
        await tx.cases.create({ id, number, kind: 'claim', brandId: order.brandId, orderId: order.id, status: 'opened', customerEmail: order.customerEmail, createdBy: user.id, createdAt: at, data, items });
        await tx.cases.link(id, p.conversationId, at, user.id);
        const eventId = await tx.cases.addEvent({
          caseId: id,
          at,
          ...who(staff(user)),
          action: 'opened',
          summary: `Opened ${number}: ${p.claimKind} (${p.skus.join(', ')})${deadline ? `; file with ${order.carrier ?? 'the carrier'} by ${formatDay(deadline)}` : ''}`,
          detail: { orderId: order.id, skus: p.skus, claimKind: p.claimKind, deadline, conversationId: p.conversationId },
        });
        return { number, eventId };
      });
      const c = await changed(id);
      const serialSkus = items.filter((i) => i.serialRequired).map((i) => i.sku);
      await tell(c, notices.claimOpened({ number, kind: p.claimKind, photosNeeded: policy(order.brandId).claims.requiredDamagePhotos, serialSkus }, await customerLocale(c.id)), eventId);
      return detailFor(c, user.role);
    },

    /** One step of the workflow; an authorization also sends the customer the instructions. */
    async transition(actor: CaseActor, p: CaseTransition): Promise<CaseRecord> {
      const input = parseStep((await load(p.caseId)).kind, p);
      const now = clock.now();
      const told = await store.write(async (tx) => {
        const steps = [await applyStep(tx, p.caseId, input, actor, now)];
        // The customer gets the instructions in the same breath as the authorization (POLICY §1).
        if (input.action === 'authorize') steps.push(await applyStep(tx, p.caseId, { action: 'send_instructions' }, actor, now));
        return steps;
      });
      const c = await changed(p.caseId);
      if ((input.action === 'approve_label' || input.action === 'decline_label') && c.kind === 'rma') {
        const asked = (c.data as RmaData).labelRequest;
        if (asked?.byId && asked.decidedAt) {
          events.labelDecided(asked.byId, { caseId: c.id, number: c.number, orderId: c.orderId, approved: asked.status === 'approved', by: asked.decidedBy ?? '', reason: asked.reason ?? null, at: asked.decidedAt });
        }
      }
      for (const s of told) if (s.notice) await tell(c, s.notice, s.eventId);
      return await load(p.caseId);
    },

    async transitionAs(user: StaffUser, p: CaseTransition): Promise<CaseDetail> {
      return detailFor(await service.transition(staff(user), p), user.role);
    },

    /** An internal note on the timeline (never shown to the customer). */
    async note(user: StaffUser, p: CaseNote): Promise<CaseDetail> {
      await load(p.caseId);
      const at = clock.now().toISOString();
      await store.write(async (tx) => {
        await tx.cases.addEvent({ caseId: p.caseId, at, ...who(staff(user)), action: 'note', summary: maskCardNumbers(p.text), detail: {} });
        await tx.cases.touch(p.caseId, at);
      });
      return detailFor(await changed(p.caseId), user.role);
    },

    /** Links another chat to the case (a follow-up): notices go to the latest linked chat. */
    async link(user: StaffUser, p: CaseLink): Promise<CaseDetail> {
      const c = await load(p.caseId);
      const conversation = await chat.workable({ kind: 'staff', user }, p.conversationId);
      // Notices go to the latest linked chat: only one whose customer has shown the order is theirs.
      await deps.identity.requireOrderOwner(conversation, await orderOf(c));
      const at = clock.now().toISOString();
      await store.write(async (tx) => {
        if (!(await tx.cases.link(p.caseId, p.conversationId, at, user.id))) return;
        await tx.cases.addEvent({ caseId: p.caseId, at, ...who(staff(user)), action: 'linked', summary: 'Linked a chat to the case', detail: { conversationId: p.conversationId } });
        await tx.cases.touch(p.caseId, at);
      });
      return detailFor(await changed(p.caseId), user.role);
    },

    /** Expires returns nothing was shipped for by their return-by date. Returns how many. */
    async expireDue(): Promise<number> {
      const now = clock.now();
      const due = (await store.cases.list({ kind: 'rma', statuses: ['authorized', 'instructions_sent'], limit: 100_000 })).filter((c) => rmaExpiryDue(c, now));
      let expired = 0;
      for (const c of due) {
        try {
          await service.transition({ kind: 'system' }, { caseId: c.id, action: 'expire' });
          expired += 1;
        } catch (e) {
          log('warn', 'case expiry failed', { caseId: c.id, error: String(e) });
        }
      }
      return expired;
    },

    // ---- orders, for agents ----

    async searchOrders(user: StaffUser, query: string, limit = 20): Promise<OrderView[]> {
      const found = await orders.search(query, limit);
      await audit(user, 'orders.search', null, { queryDigest: store.audit.digest(maskCardNumbers(query)), count: found.length });
      return found.map(orderView);
    },

    async order(user: StaffUser, orderId: string): Promise<{ order: OrderView; cases: CaseSummary[] }> {
      const order = await requireOrder(orderId);
      await audit(user, 'order.view', { kind: 'order', id: orderId });
      return { order: orderView(order), cases: await listCases({ orderId }) };
    },

    // ---- the customer's side ----

    async mine(identity: CustomerIdentity): Promise<CustomerCase[]> {
      const cases = await store.cases.forWidgetSession(identity.widgetSessionId);
      return Promise.all(cases.map((c) => customerView(store, c, policy(c.brandId), config.settings.uploads)));
    },

    /** A claim photo from the widget. Type and size limits come from settings.uploads. */
    async uploadPhoto(identity: CustomerIdentity, caseId: string, body: unknown, fileName: string | null): Promise<UploadReply> {
      // Only cases linked to this widget session's chats; anything else reads as unknown.
      const c = (await store.cases.forWidgetSession(identity.widgetSessionId)).find((x) => x.id === caseId);
      if (!c) throw new DeskError('not_found', 'No such case.');
      const limits = config.settings.uploads;
      if (c.kind !== 'claim' || (c.data as ClaimData).claimKind !== 'damaged') throw new DeskError('conflict', 'Photos are only taken for damage claims.');
      if (!TAKES_PHOTOS.has(c.status)) throw new DeskError('conflict', 'This claim has been filed with the carrier: it takes no more photos.');
      if (!Buffer.isBuffer(body) || body.length === 0) throw new DeskError('invalid_payload', 'The upload is empty: send the photo as the request body.');
      const type = detectImageType(body);
      if (!type || !limits.types.includes(type)) {
        throw new DeskError('invalid_payload', `Only ${limits.types.map((t) => TYPE_NAMES[t]).join(', ')} photos can be uploaded.`);
      }
      const evidenceId = newId('ev');
      const path = photoPath(c.id, evidenceId, type);
      const file = join(deps.dataDir, path);
      const at = clock.now().toISOString();
      const name = photoLabel(fileName, type);
      await writeDurably(file, body);
      try {
        await store.write(async (tx) => {
          // Counted inside the transaction: parallel uploads cannot overshoot the limit.
          const photos = (await tx.cases.evidence(c.id)).filter((e) => e.kind === 'photo').length;
          if (photos >= limits.maxPerCase) throw new DeskError('too_large', `A claim takes at most ${limits.maxPerCase} photos.`);
          await tx.cases.addEvidence({ id: evidenceId, caseId: c.id, kind: 'photo', sku: null, value: null, path, mime: type, size: body.length, name, addedByKind: 'customer', addedById: identity.customer.id, createdAt: at });
          await tx.cases.addEvent({ caseId: c.id, at, actorKind: 'customer', actorId: identity.customer.id, actorName: identity.customer.name, action: 'photo', summary: `The customer uploaded a photo (${name})`, detail: { evidenceId, mime: type, size: body.length } });
          await tx.cases.touch(c.id, at);
        });
      } catch (e) {
        await removeQuietly(file);
        throw e;
      }
      const updated = await changed(c.id);
      const evidence = (await store.cases.evidenceById(evidenceId))!;
      return { evidence: evidenceView(evidence), case: await customerView(store, updated, policy(updated.brandId), limits) };
    },

    /** A photo's bytes, for staff. */
    async photo(user: StaffUser, evidenceId: string): Promise<{ bytes: Buffer; mime: string; name: string }> {
      const e = await store.cases.evidenceById(evidenceId);
      if (!e || e.kind !== 'photo' || !e.path || !e.mime) throw new DeskError('not_found', 'No such photo.');
      let bytes: Buffer;
      try {
        bytes = await readFile(join(deps.dataDir, e.path));
      } catch {
        throw new DeskError('not_found', 'The photo file is missing from the data folder.');
      }
      await audit(user, 'case.photo-view', { kind: 'case', id: e.caseId }, { evidenceId });
      return { bytes, mime: e.mime, name: e.name ?? 'photo' };
    },

    /** Resolves once every email already started has been sent or has failed. */
    async settled(): Promise<void> {
      while (sending.size) await Promise.allSettled([...sending]);
    },
  };
  return service;
}
export type CasesService = ReturnType<typeof casesService>;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The notice as simple HTML: paragraphs and line breaks, everything escaped. */
function textToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
}
