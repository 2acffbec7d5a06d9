// Authorization (issue 3): every client→server socket event and every HTTP route, against every
// kind of caller. The rows are checked against what the hub really registers — every HTTP route
// (Router.get/post, spied at startup) and every event handler bound on a server socket of either
// namespace (spied as the test's sockets connect) — so an event or route added without a row here
// fails the first test, and so does a row whose event or route is gone.
//
// Columns (who calls):
//   anon        no token, or a token the hub does not know
//   customer    a customer who is no party to the object (another customer's chat, case, …)
//   owner       the customer whose chat / case it is
//   agent       an agent who is no party to the object (serves every brand)
//   assigned    the agent on the chat (or the ticket); for rows without an object, just an agent
//   supervisor, admin
//   locked      an admin whose console is idle-locked (POST /api/auth/lock): refused with `locked`
//               everywhere but unlock, sign-out and "who am I" (issue 12)
//
// For each row, every column not allowed is called with a well-formed payload naming real objects
// and must be refused (socket ack { ok: false, error: { code } }, HTTP 401/403/404 with the JSON
// error) with nothing changed in the database; then one allowed column is called and must get
// through (ok, or a refusal for a reason other than who is asking, e.g. `conflict`). Customers and
// anonymous callers cannot even connect to /agent, nor staff to /customer; on the namespace they
// can reach, the other namespace's event names are unknown events.
import MailComposer from 'nodemailer/lib/mail-composer';
import { Socket as ServerSocket } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Router } from '../../server/http/router';
import type { Hub } from '../../server/hub';
import type { OutgoingMail } from '../../server/mail/mailer';
import { importOrders } from '../../server/orders/import';
import { systemClock } from '../../server/clock';
import type { ErrorCode } from '../../shared/protocol/errors';
import { PNG, testOrders, upload } from '../helpers/cases';
import { addStaff, customerToken, login, openDbDirect, PASSWORD, postJson, startTestHub, verifiedCustomerToken } from '../helpers/hub';
import { call, connectAgent, connectCustomer, ok, type AgentSocket, type CustomerSocket } from '../helpers/sockets';

type Who = 'anon' | 'customer' | 'owner' | 'agent' | 'assigned' | 'supervisor' | 'admin' | 'locked';
type Staff = 'agent' | 'assigned' | 'supervisor' | 'admin' | 'locked';
const WHO: readonly Who[] = ['anon', 'customer', 'owner', 'agent', 'assigned', 'supervisor', 'admin', 'locked'];
const STAFF: readonly Staff[] = ['agent', 'assigned', 'supervisor', 'admin', 'locked'];
const isStaff = (w: Who): w is Staff => (STAFF as readonly Who[]).includes(w);
const isCustomer = (w: Who) => w === 'customer' || w === 'owner';

const ANY_STAFF: readonly Who[] = ['agent', 'assigned', 'supervisor', 'admin'];
/** What a locked console may still do: its own session (sign out, unlock, who am I). */
const ANY_STAFF_EVEN_LOCKED: readonly Who[] = STAFF;
const ON_CHAT: readonly Who[] = ['assigned', 'supervisor', 'admin'];
const REVIEWERS: readonly Who[] = ['supervisor', 'admin'];
const ADMIN: readonly Who[] = ['admin'];
const OWNER: readonly Who[] = ['owner'];
const CUSTOMERS: readonly Who[] = ['customer', 'owner'];
const PUBLIC: readonly Who[] = WHO;

const HTTP_STATUS: Partial<Record<ErrorCode, number>> = { unauthenticated: 401, forbidden: 403, not_found: 404, setup_closed: 403, conflict: 409, locked: 423, code_invalid: 400 };

/** Ids a row's setup made for it (fresh objects, so a row's allowed call does not disturb others). */
type State = Record<string, string>;

interface Probe {
  /** An allowed caller; its call must not be refused for who it is. */
  as: Who;
  /** A refusal that is about the object's state, not the caller (the role check was passed). */
  expect?: ErrorCode;
  /** HTTP: the token to use instead of the caller's usual one (a session the call may end). */
  token?: (s: State) => string;
}

interface Common {
  variant?: string;
  allow: readonly Who[];
  /** What a signed-in caller who may not gets; default forbidden (staff), not_found (a customer). */
  deny?: ErrorCode;
  setup?: () => Promise<State>;
  probe: Probe;
  /** Refusals by callers outside the columns (e.g. an agent who does not serve the chat's brand). */
  also?: { who: string; socket: () => AgentSocket; code: ErrorCode }[];
}

interface SocketRow extends Common {
  kind: 'socket';
  ns: 'agent' | 'customer';
  event: string;
  payload: (s: State) => unknown;
}

interface HttpRow extends Common {
  kind: 'http';
  method: 'GET' | 'POST';
  path: string;
  query?: (s: State) => Record<string, string>;
  /** JSON, or a Buffer sent as the raw body (uploads). */
  body?: (s: State) => unknown;
}

type Row = SocketRow | HttpRow;

interface Fixtures {
  ids: Record<Staff | 'luxe' | 'spare', string>;
  emails: Record<Staff | 'luxe' | 'spare', string>;
  /** What the mailer sent, for codes. */
  mail: OutgoingMail[];
  tokens: Record<Who, string | undefined>;
  staff: Record<Staff | 'luxe', AgentSocket>;
  customers: Record<'customer' | 'owner', CustomerSocket>;
  /** The owner's chat: active, assigned to `assigned`. */
  live: string;
  /** A chat `assigned` handled, now ended (a transcript). */
  ended: string;
  /** A return request (status requested) opened from `live`. */
  rma: string;
  /** A damage claim from `live`, with one photo. */
  claim: string;
  evidence: string;
  /** An email copy of `live` that failed (the mailer refuses bounce@ addresses). */
  failedCopy: string;
}

let hub: Hub;
let fx: Fixtures;
const mail: OutgoingMail[] = [];
const extraSockets: { close(): void }[] = [];
/** What the hub registers, seen through the spies. */
const registered = { agent: new Set<string>(), customer: new Set<string>(), http: new Set<string>() };
/** What each row's run established per column, for the coverage check at the end. */
const cells = new Map<string, Map<Who, 'refused' | 'refused at connect' | 'allowed' | 'allowed (probed)'>>();
let refusalCalls = 0;

const rowKey = (r: Row) => (r.kind === 'socket' ? `/${r.ns} ${r.event}` : `${r.method} ${r.path}`);
const rowName = (r: Row) => `${rowKey(r)}${r.variant ? ` (${r.variant})` : ''}`;
let seq = 0;
const uid = (p: string) => `${p}-${Date.now().toString(36)}-${++seq}`;

// ---- fresh objects ----

/** A new customer's chat; taken by `by` when given. */
async function freshChat(by?: Staff): Promise<string> {
  const c = await connectCustomer(hub.url, await customerToken(hub.url, 'Fresh Customer'));
  extraSockets.push(c);
  const id = (await ok(c, 'chat:start', {})).conversation.id as string;
  if (by) await ok(fx.staff[by], 'conversation:accept', { conversationId: id });
  return id;
}

/**
 * An ended chat of the owner's widget session, dated long ago so the owner's latest chat stays the
 * live one the other rows use (a widget session holds one open chat at a time).
 */
async function ownersPastChat(): Promise<string> {
  const live = hub.store.conversations.get(fx.live)!;
  const id = uid('past').replace(/[^A-Za-z0-9_-]/g, '');
  await hub.store.write(() => {
    hub.store.conversations.create({ id, customerId: live.customer.id, widgetSessionId: live.widgetSessionId, brandId: 'default', createdAt: '2025-01-02T10:00:00.000Z' });
    hub.store.conversations.end(id, '2025-01-02T10:20:00.000Z', '2099-01-01T00:00:00.000Z');
  });
  return id;
}

async function freshTicket(assignTo?: Staff): Promise<string> {
  const r = await postJson(`${hub.url}/api/widget/offline-message`, { name: 'Ticket Customer', email: `${uid('t')}@shop.test`, body: 'Where is my parcel?' });
  const id = r.json.data.ticket.id as string;
  if (assignTo) await ok(fx.staff[assignTo], 'tickets:assign', { ticketId: id });
  return id;
}

/** A mail with a text attachment, filed straight through the hub's inbox (no listener needed here). */
async function freshAttachment(): Promise<string> {
  const raw = await new MailComposer({
    from: `${uid('m')}@shop.test`,
    to: 'care@desk.test',
    subject: 'Receipt',
    text: 'Attached.',
    attachments: [{ filename: 'receipt.txt', content: 'Paid on 3 May.' }],
  })
    .compile()
    .build();
  const r = await hub.inbox.receive('default', raw, 'sender@shop.test');
  if (r.kind !== 'created') throw new Error(`mail not filed: ${r.kind}`);
  return hub.store.tickets.attachments(r.ticketId)[0]!.id;
}

/** A privacy request logged by email (issue 13), fresh for the row. */
async function freshRequest(kind: 'access' | 'erasure' = 'access'): Promise<State> {
  const r = await hub.privacy.create({ kind, email: `${uid('pr')}@shop.test`, source: 'email', actor: { kind: 'system', id: 'test' } });
  return { requestId: r.id, dueAt: r.dueAt };
}

/** A fresh customer (with a chat) for the rows that act on a customer record. */
async function freshCustomer(flagged = false): Promise<State> {
  const conversationId = await freshChat();
  const customerId = hub.store.conversations.get(conversationId)!.customer.id;
  if (flagged) await ok(fx.staff.agent, 'privacy:flag-under13', { customerId });
  return { customerId };
}

async function sessionOf(token: string): Promise<string> {
  const res = await fetch(`${hub.url}/api/auth/sessions`, { headers: { authorization: `Bearer ${token}` } });
  const { data } = (await res.json()) as { data: { sessions: { id: string; current: boolean }[] } };
  return data.sessions.find((s) => s.current)!.id;
}

// ---- calling ----

async function http(row: HttpRow, s: State, token: string | undefined): Promise<{ status: number; code: ErrorCode | null; okBody: boolean }> {
  const q = row.query ? `?${new URLSearchParams(row.query(s))}` : '';
  const body = row.body?.(s);
  const raw = Buffer.isBuffer(body);
  const res = await fetch(`${hub.url}${row.path}${q}`, {
    method: row.method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': raw ? 'image/png' : 'application/json' }) },
    body: body === undefined ? undefined : raw ? new Uint8Array(body) : JSON.stringify(body),
  });
  if (!(res.headers.get('content-type') ?? '').startsWith('application/json')) {
    await res.arrayBuffer();
    return { status: res.status, code: null, okBody: res.status === 200 };
  }
  const json = (await res.json()) as { ok: boolean; error?: { code: ErrorCode } };
  return { status: res.status, code: json.error?.code ?? null, okBody: json.ok };
}

/** Every table but the FTS shadow tables, in a canonical form; a session's last-seen time is not a change. */
function dbState(): string {
  const db = openDbDirect(hub.store.db.name, { readonly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name").all() as { name: string }[];
    return JSON.stringify(
      tables.map(({ name }) => [
        name,
        (db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[])
          .map((r) => {
            if (name === 'staff_sessions') delete r.last_seen_at;
            return JSON.stringify(r);
          })
          .sort(),
      ]),
    );
  } finally {
    db.close();
  }
}

/** Lets mail and case notices started by an allowed call finish, so they do not land in a later snapshot. */
async function settle(): Promise<void> {
  await hub.copies.idle();
  await hub.cases.settled();
}

// ---- the matrix ----

const live = (s: State) => s.conversationId ?? fx.live;

const ROWS: Row[] = [
  // /agent: chat
  { kind: 'socket', ns: 'agent', event: 'queue:list', allow: ANY_STAFF, payload: () => ({}), probe: { as: 'agent' } },
  // A live chat another agent handles is theirs to read too (issue 12); a waiting one, any agent of its brand.
  { kind: 'socket', ns: 'agent', event: 'conversation:open', variant: 'live chat', allow: ON_CHAT, payload: () => ({ conversationId: fx.live }), probe: { as: 'assigned' } },
  {
    kind: 'socket',
    ns: 'agent',
    event: 'conversation:open',
    variant: 'waiting chat',
    allow: ANY_STAFF,
    setup: async () => ({ conversationId: await freshChat() }),
    payload: (s) => ({ conversationId: live(s) }),
    also: [{ who: 'an agent who serves only another brand', socket: () => fx.staff.luxe, code: 'forbidden' }],
    probe: { as: 'agent' },
  },
  { kind: 'socket', ns: 'agent', event: 'conversation:open', variant: 'ended chat', allow: ON_CHAT, payload: () => ({ conversationId: fx.ended }), probe: { as: 'assigned' } },
  {
    kind: 'socket',
    ns: 'agent',
    event: 'conversation:accept',
    variant: 'waiting chat',
    allow: ANY_STAFF,
    setup: async () => ({ conversationId: await freshChat() }),
    payload: (s) => ({ conversationId: live(s) }),
    also: [{ who: 'an agent who serves only another brand', socket: () => fx.staff.luxe, code: 'forbidden' }],
    probe: { as: 'agent' },
  },
  { kind: 'socket', ns: 'agent', event: 'conversation:accept', variant: 'ended chat', allow: ON_CHAT, payload: () => ({ conversationId: fx.ended }), probe: { as: 'assigned', expect: 'conflict' } },
  // A live chat another agent has is theirs: only its agent, a supervisor or an admin acts in it.
  { kind: 'socket', ns: 'agent', event: 'conversation:end', variant: 'live chat', allow: ON_CHAT, setup: async () => ({ conversationId: await freshChat('assigned') }), payload: (s) => ({ conversationId: live(s) }), probe: { as: 'assigned' } },
  { kind: 'socket', ns: 'agent', event: 'conversation:end', variant: 'ended chat', allow: ON_CHAT, payload: () => ({ conversationId: fx.ended }), probe: { as: 'assigned' } },
  { kind: 'socket', ns: 'agent', event: 'chat:send', variant: 'live chat', allow: ON_CHAT, payload: () => ({ conversationId: fx.live, clientId: uid('send'), body: 'Happy to help.' }), probe: { as: 'assigned' } },
  {
    kind: 'socket',
    ns: 'agent',
    event: 'chat:send',
    variant: 'ended chat',
    allow: ON_CHAT,
    payload: () => ({ conversationId: fx.ended, clientId: uid('send'), body: 'Hello again' }),
    probe: { as: 'assigned', expect: 'conflict' },
  },
  { kind: 'socket', ns: 'agent', event: 'chat:sync', variant: 'live chat', allow: ON_CHAT, payload: () => ({ conversationId: fx.live, afterSeq: 0 }), probe: { as: 'assigned' } },
  { kind: 'socket', ns: 'agent', event: 'chat:sync', variant: 'ended chat', allow: ON_CHAT, payload: () => ({ conversationId: fx.ended, afterSeq: 0 }), probe: { as: 'assigned' } },
  { kind: 'socket', ns: 'agent', event: 'chat:typing', variant: 'live chat', allow: ON_CHAT, payload: () => ({ conversationId: fx.live, typing: true }), probe: { as: 'assigned' } },
  { kind: 'socket', ns: 'agent', event: 'chat:typing', variant: 'ended chat', allow: ON_CHAT, payload: () => ({ conversationId: fx.ended, typing: true }), probe: { as: 'assigned' } },
  // Read receipts: only the chat's own agent; a supervisor or admin watching does not mark it read.
  { kind: 'socket', ns: 'agent', event: 'chat:read', variant: 'live chat', allow: ['assigned'], payload: () => ({ conversationId: fx.live, seq: 1 }), probe: { as: 'assigned' } },
  { kind: 'socket', ns: 'agent', event: 'chat:read', variant: 'ended chat', allow: ['assigned'], payload: () => ({ conversationId: fx.ended, seq: 1 }), probe: { as: 'assigned' } },

  // /agent: transcripts (agents: their own chats only; reviewing: supervisors and admins)
  { kind: 'socket', ns: 'agent', event: 'transcripts:search', allow: ANY_STAFF, payload: () => ({ query: '' }), probe: { as: 'agent' } },
  { kind: 'socket', ns: 'agent', event: 'transcripts:get', allow: ON_CHAT, payload: () => ({ conversationId: fx.live }), probe: { as: 'assigned' } },
  { kind: 'socket', ns: 'agent', event: 'transcripts:tag', allow: REVIEWERS, payload: () => ({ conversationId: fx.live, tag: 'vip' }), probe: { as: 'supervisor' } },
  { kind: 'socket', ns: 'agent', event: 'transcripts:untag', allow: REVIEWERS, payload: () => ({ conversationId: fx.live, tag: 'vip' }), probe: { as: 'supervisor' } },
  { kind: 'socket', ns: 'agent', event: 'transcripts:comment', allow: REVIEWERS, payload: () => ({ conversationId: fx.live, body: 'Well handled.' }), probe: { as: 'supervisor' } },
  { kind: 'socket', ns: 'agent', event: 'transcripts:hold', allow: REVIEWERS, payload: () => ({ conversationId: fx.live, reason: 'A legal request' }), probe: { as: 'supervisor' } },
  {
    kind: 'socket',
    ns: 'agent',
    event: 'transcripts:release',
    allow: REVIEWERS,
    setup: async () => {
      await ok(fx.staff.supervisor, 'transcripts:hold', { conversationId: fx.ended, reason: 'A legal request' });
      return {};
    },
    payload: () => ({ conversationId: fx.ended }),
    probe: { as: 'supervisor' },
  },
  { kind: 'socket', ns: 'agent', event: 'transcripts:export', allow: ON_CHAT, payload: () => ({ conversationId: fx.live, format: 'txt' }), probe: { as: 'assigned' } },
  { kind: 'socket', ns: 'agent', event: 'transcripts:send-copy', allow: ON_CHAT, payload: () => ({ conversationId: fx.live }), probe: { as: 'assigned' } },
  { kind: 'socket', ns: 'agent', event: 'transcripts:retry-copy', allow: ON_CHAT, payload: () => ({ copyId: fx.failedCopy }), probe: { as: 'assigned' } },
  { kind: 'socket', ns: 'agent', event: 'transcripts:copies', allow: ON_CHAT, payload: () => ({ conversationId: fx.live }), probe: { as: 'assigned' } },
  { kind: 'socket', ns: 'agent', event: 'transcripts:tags', allow: ANY_STAFF, payload: () => ({}), probe: { as: 'agent' } },

  // /agent: routing
  { kind: 'socket', ns: 'agent', event: 'agent:status', allow: ANY_STAFF, payload: () => ({}), probe: { as: 'agent' } },
  { kind: 'socket', ns: 'agent', event: 'agent:set-status', allow: ANY_STAFF, payload: () => ({ status: 'away' }), probe: { as: 'supervisor' } },
  { kind: 'socket', ns: 'agent', event: 'routing:set-brands', allow: ADMIN, payload: () => ({ userId: fx.ids.luxe, brands: ['luxe'] }), probe: { as: 'admin' } },
  { kind: 'socket', ns: 'agent', event: 'agents:list', allow: ANY_STAFF, payload: () => ({}), probe: { as: 'agent' } },
  // For a chat: those who may hand it on (its agent, supervisors, admins); to anyone else it is unknown.
  { kind: 'socket', ns: 'agent', event: 'agents:list', variant: 'for a live chat', allow: ON_CHAT, deny: 'not_found', payload: () => ({ conversationId: fx.live }), probe: { as: 'assigned' } },
  {
    kind: 'socket',
    ns: 'agent',
    event: 'conversation:transfer',
    allow: ON_CHAT,
    setup: async () => ({ conversationId: await freshChat('assigned') }),
    payload: (s) => ({ conversationId: live(s), toBrandId: 'default', note: 'Back to the queue, please.' }),
    probe: { as: 'assigned' },
  },
  { kind: 'socket', ns: 'agent', event: 'chat:note', allow: ON_CHAT, payload: () => ({ conversationId: fx.live, clientId: uid('note'), body: 'Customer is a regular.' }), probe: { as: 'assigned' } },
  { kind: 'socket', ns: 'agent', event: 'chat:notes', allow: ON_CHAT, payload: () => ({ conversationId: fx.live }), probe: { as: 'assigned' } },

  // /agent: offline tickets
  { kind: 'socket', ns: 'agent', event: 'tickets:list', allow: ANY_STAFF, payload: () => ({}), probe: { as: 'agent' } },
  { kind: 'socket', ns: 'agent', event: 'tickets:assign', variant: 'to oneself', allow: ANY_STAFF, setup: async () => ({ ticketId: await freshTicket() }), payload: (s) => ({ ticketId: s.ticketId }), probe: { as: 'agent' } },
  {
    kind: 'socket',
    ns: 'agent',
    event: 'tickets:assign',
    variant: 'to someone else',
    allow: REVIEWERS,
    setup: async () => ({ ticketId: await freshTicket() }),
    payload: (s) => ({ ticketId: s.ticketId, agentId: fx.ids.spare }),
    probe: { as: 'supervisor' },
  },
  {
    kind: 'socket',
    ns: 'agent',
    event: 'tickets:answer',
    variant: "another agent's ticket",
    allow: ON_CHAT,
    setup: async () => ({ ticketId: await freshTicket('assigned') }),
    payload: (s) => ({ ticketId: s.ticketId, body: 'It ships tomorrow.' }),
    probe: { as: 'assigned' },
  },

  { kind: 'socket', ns: 'agent', event: 'tickets:get', allow: ANY_STAFF, setup: async () => ({ ticketId: await freshTicket() }), payload: (s) => ({ ticketId: s.ticketId }), probe: { as: 'agent' } },
  { kind: 'socket', ns: 'agent', event: 'tickets:note', allow: ANY_STAFF, setup: async () => ({ ticketId: await freshTicket() }), payload: (s) => ({ ticketId: s.ticketId, body: 'Asked the warehouse.' }), probe: { as: 'agent' } },
  { kind: 'socket', ns: 'agent', event: 'tickets:set-status', allow: ANY_STAFF, setup: async () => ({ ticketId: await freshTicket() }), payload: (s) => ({ ticketId: s.ticketId, status: 'solved' }), probe: { as: 'agent' } },
  {
    kind: 'socket',
    ns: 'agent',
    event: 'tickets:merge',
    allow: ANY_STAFF,
    setup: async () => ({ ticketId: await freshTicket(), into: await freshTicket() }),
    payload: (s) => ({ ticketId: s.ticketId, intoTicketId: s.into }),
    probe: { as: 'agent' },
  },

  // /agent: canned replies
  { kind: 'socket', ns: 'agent', event: 'canned:list', allow: ANY_STAFF, payload: () => ({}), probe: { as: 'agent' } },
  { kind: 'socket', ns: 'agent', event: 'canned:save', allow: REVIEWERS, payload: () => ({ shortcut: 'thanks', title: 'Thanks', body: 'Thank you for waiting.' }), probe: { as: 'supervisor' } },
  {
    kind: 'socket',
    ns: 'agent',
    event: 'canned:delete',
    allow: REVIEWERS,
    setup: async () => ({ id: (await ok(fx.staff.supervisor, 'canned:save', { shortcut: uid('bye').toLowerCase(), title: 'Bye', body: 'Goodbye!' })).reply.id }),
    payload: (s) => ({ id: s.id }),
    probe: { as: 'supervisor' },
  },

  // /agent: reports (issue 9)
  { kind: 'socket', ns: 'agent', event: 'reports:summary', allow: REVIEWERS, payload: () => ({ from: '2026-01-01', to: '2026-01-31' }), probe: { as: 'supervisor' } },

  // /agent: supervisors live (even the chat's own agent may not)
  { kind: 'socket', ns: 'agent', event: 'supervise:snapshot', allow: REVIEWERS, payload: () => ({}), probe: { as: 'supervisor' } },
  { kind: 'socket', ns: 'agent', event: 'supervise:open', allow: REVIEWERS, payload: () => ({ conversationId: fx.live }), probe: { as: 'supervisor' } },
  {
    kind: 'socket',
    ns: 'agent',
    event: 'supervise:reassign',
    allow: REVIEWERS,
    setup: async () => ({ conversationId: await freshChat('assigned') }),
    payload: (s) => ({ conversationId: live(s), toAgentId: fx.ids.agent }),
    // Past the role check, the hub refuses the target: Xavier is away (issue 9: only the available).
    probe: { as: 'supervisor', expect: 'conflict' },
  },

  // /agent: cases and orders
  { kind: 'socket', ns: 'agent', event: 'cases:list', allow: ANY_STAFF, payload: () => ({}), probe: { as: 'agent' } },
  { kind: 'socket', ns: 'agent', event: 'cases:get', allow: ANY_STAFF, payload: () => ({ caseId: fx.rma }), probe: { as: 'agent' } },
  { kind: 'socket', ns: 'agent', event: 'cases:open-rma', allow: ON_CHAT, payload: () => ({ conversationId: fx.live, orderId: 'PO-100', skus: ['TOTE'] }), probe: { as: 'assigned' } },
  {
    kind: 'socket',
    ns: 'agent',
    event: 'cases:open-claim',
    allow: ON_CHAT,
    payload: () => ({ conversationId: fx.live, orderId: 'PO-200', skus: ['WATCH'], claimKind: 'damaged' }),
    probe: { as: 'assigned' },
  },
  { kind: 'socket', ns: 'agent', event: 'cases:transition', variant: "a supervisor's step", allow: REVIEWERS, payload: () => ({ caseId: fx.rma, action: 'approve_label' }), probe: { as: 'supervisor' } },
  { kind: 'socket', ns: 'agent', event: 'cases:note', allow: ANY_STAFF, payload: () => ({ caseId: fx.rma, text: 'Called the customer.' }), probe: { as: 'agent' } },
  { kind: 'socket', ns: 'agent', event: 'cases:link', allow: ON_CHAT, payload: () => ({ caseId: fx.rma, conversationId: fx.live }), probe: { as: 'assigned' } },
  { kind: 'socket', ns: 'agent', event: 'orders:search', allow: ANY_STAFF, payload: () => ({ query: 'PO-' }), probe: { as: 'agent' } },
  { kind: 'socket', ns: 'agent', event: 'orders:get', allow: ANY_STAFF, payload: () => ({ orderId: 'PO-100' }), probe: { as: 'agent' } },
  // A code to the order's email, for the customer of the chat to enter (issue 12).
  { kind: 'socket', ns: 'agent', event: 'orders:request-code', allow: ON_CHAT, payload: () => ({ conversationId: fx.live, orderId: 'PO-100' }), probe: { as: 'assigned' } },
  // Brand settings (issue 9): admins change them; every console may read the demo warnings.
  { kind: 'socket', ns: 'agent', event: 'settings:get', allow: ADMIN, payload: () => ({}), probe: { as: 'admin' } },
  { kind: 'socket', ns: 'agent', event: 'settings:update', allow: ADMIN, payload: () => ({ brandId: 'default', set: { greeting: 'Welcome to the desk.' } }), probe: { as: 'admin' } },
  { kind: 'socket', ns: 'agent', event: 'settings:warnings', allow: ANY_STAFF, payload: () => ({}), probe: { as: 'agent' } },

  // /customer: a customer acts only in their own widget session's chats (another's reads as unknown)
  { kind: 'socket', ns: 'customer', event: 'chat:current', allow: CUSTOMERS, payload: () => ({}), probe: { as: 'owner' } },
  { kind: 'socket', ns: 'customer', event: 'chat:start', allow: CUSTOMERS, payload: () => ({}), probe: { as: 'owner' } },
  { kind: 'socket', ns: 'customer', event: 'chat:send', allow: OWNER, payload: () => ({ conversationId: fx.live, clientId: uid('cust'), body: 'Thanks!' }), probe: { as: 'owner' } },
  { kind: 'socket', ns: 'customer', event: 'chat:sync', allow: OWNER, payload: () => ({ conversationId: fx.live, afterSeq: 0 }), probe: { as: 'owner' } },
  { kind: 'socket', ns: 'customer', event: 'chat:typing', allow: OWNER, payload: () => ({ conversationId: fx.live, typing: true }), probe: { as: 'owner' } },
  { kind: 'socket', ns: 'customer', event: 'chat:read', allow: OWNER, payload: () => ({ conversationId: fx.live, seq: 1 }), probe: { as: 'owner' } },
  { kind: 'socket', ns: 'customer', event: 'cases:mine', allow: CUSTOMERS, payload: () => ({}), probe: { as: 'owner' } },
  // /customer: the customer's end of the chat and its rating (issue 9)
  { kind: 'socket', ns: 'customer', event: 'chat:end', allow: OWNER, setup: async () => ({ conversationId: await ownersPastChat() }), payload: (s) => ({ conversationId: s.conversationId }), probe: { as: 'owner' } },
  {
    kind: 'socket',
    ns: 'customer',
    event: 'chat:rate',
    allow: OWNER,
    setup: async () => ({ conversationId: await ownersPastChat() }),
    payload: (s) => ({ conversationId: s.conversationId, score: 4, comment: 'Helpful' }),
    probe: { as: 'owner' },
  },
  { kind: 'socket', ns: 'customer', event: 'transcript:email-copy', allow: OWNER, payload: () => ({ conversationId: fx.live }), probe: { as: 'owner' } },
  // Codes (issue 12): any widget session asks for its own; only the session that asked enters it.
  { kind: 'socket', ns: 'customer', event: 'identity:request-code', allow: CUSTOMERS, payload: () => ({}), probe: { as: 'customer' } },
  {
    kind: 'socket',
    ns: 'customer',
    event: 'identity:confirm-code',
    allow: ['customer'],
    setup: async () => {
      const sent = fx.mail.length;
      const { challengeId } = await ok(fx.customers.customer, 'identity:request-code', {});
      const code = /(\d{6})$/.exec(fx.mail.slice(sent).find((m) => m.subject.startsWith('Your verification code'))!.subject)![1]!;
      // A wrong code: the probe is refused for the code, not for who asks, and changes nothing else.
      return { challengeId, code: code.replace(/^./, (d) => String((Number(d) + 1) % 10)) };
    },
    payload: (s) => ({ challengeId: s.challengeId, code: s.code }),
    probe: { as: 'customer', expect: 'code_invalid' },
  },

  // /agent: privacy requests (issue 13): the Privacy section is for supervisors; any staff log a request on a customer's behalf
  { kind: 'socket', ns: 'agent', event: 'privacy:list', allow: REVIEWERS, payload: () => ({}), probe: { as: 'supervisor' } },
  { kind: 'socket', ns: 'agent', event: 'privacy:get', allow: REVIEWERS, setup: () => freshRequest(), payload: (s) => ({ requestId: s.requestId }), probe: { as: 'supervisor' } },
  { kind: 'socket', ns: 'agent', event: 'privacy:log', allow: ANY_STAFF, payload: () => ({ kind: 'access', email: `${uid('log')}@shop.test`, source: 'phone' }), probe: { as: 'agent' } },
  { kind: 'socket', ns: 'agent', event: 'privacy:assign', allow: REVIEWERS, setup: () => freshRequest(), payload: (s) => ({ requestId: s.requestId, ownerId: fx.ids.supervisor }), probe: { as: 'supervisor' } },
  { kind: 'socket', ns: 'agent', event: 'privacy:send-code', allow: REVIEWERS, setup: () => freshRequest(), payload: (s) => ({ requestId: s.requestId }), probe: { as: 'supervisor' } },
  { kind: 'socket', ns: 'agent', event: 'privacy:verify', allow: REVIEWERS, setup: () => freshRequest(), payload: (s) => ({ requestId: s.requestId, code: '000000' }), probe: { as: 'supervisor', expect: 'conflict' } },
  { kind: 'socket', ns: 'agent', event: 'privacy:send-new-email-code', allow: REVIEWERS, setup: () => freshRequest(), payload: (s) => ({ requestId: s.requestId }), probe: { as: 'supervisor', expect: 'conflict' } },
  { kind: 'socket', ns: 'agent', event: 'privacy:verify-new-email', allow: REVIEWERS, setup: () => freshRequest(), payload: (s) => ({ requestId: s.requestId, code: '000000' }), probe: { as: 'supervisor', expect: 'conflict' } },
  {
    kind: 'socket',
    ns: 'agent',
    event: 'privacy:extend',
    allow: REVIEWERS,
    setup: () => freshRequest(),
    payload: (s) => ({ requestId: s.requestId, dueAt: new Date(Date.parse(s.dueAt!) + 20 * 24 * 3600_000).toISOString(), reason: 'An archive must be restored' }),
    probe: { as: 'supervisor' },
  },
  { kind: 'socket', ns: 'agent', event: 'privacy:note', allow: REVIEWERS, setup: () => freshRequest(), payload: (s) => ({ requestId: s.requestId, body: 'Called back.' }), probe: { as: 'supervisor' } },
  { kind: 'socket', ns: 'agent', event: 'privacy:refuse', allow: REVIEWERS, setup: () => freshRequest(), payload: (s) => ({ requestId: s.requestId, reason: 'Duplicate' }), probe: { as: 'supervisor' } },
  { kind: 'socket', ns: 'agent', event: 'privacy:preview', allow: REVIEWERS, setup: () => freshRequest('erasure'), payload: (s) => ({ requestId: s.requestId }), probe: { as: 'supervisor' } },
  { kind: 'socket', ns: 'agent', event: 'privacy:fulfil', allow: REVIEWERS, setup: () => freshRequest('erasure'), payload: (s) => ({ requestId: s.requestId }), probe: { as: 'supervisor', expect: 'conflict' } },
  { kind: 'socket', ns: 'agent', event: 'privacy:customer', allow: ANY_STAFF, setup: () => freshCustomer(), payload: (s) => ({ customerId: s.customerId }), probe: { as: 'agent' } },
  { kind: 'socket', ns: 'agent', event: 'privacy:flag-under13', allow: ANY_STAFF, setup: () => freshCustomer(), payload: (s) => ({ customerId: s.customerId }), probe: { as: 'agent' } },
  { kind: 'socket', ns: 'agent', event: 'privacy:confirm-under13', allow: REVIEWERS, setup: () => freshCustomer(true), payload: (s) => ({ customerId: s.customerId }), probe: { as: 'supervisor' } },
  { kind: 'socket', ns: 'agent', event: 'privacy:guardian-agreement', allow: ANY_STAFF, setup: () => freshCustomer(), payload: (s) => ({ customerId: s.customerId }), probe: { as: 'agent' } },

  // /customer: "Your privacy" reaches only requests about the widget session's own address, made in it
  { kind: 'socket', ns: 'customer', event: 'privacy:request', allow: CUSTOMERS, payload: () => ({ kind: 'access' }), probe: { as: 'owner' } },
  {
    kind: 'socket',
    ns: 'customer',
    event: 'privacy:verify',
    allow: OWNER,
    setup: async () => ({ requestId: (await ok(fx.customers.owner, 'privacy:request', { kind: 'access' })).requestId }),
    payload: (s) => ({ requestId: s.requestId, code: '000000' }),
    // The owner is signed in at the shop: her request is verified already, no code needed (issue 12).
    probe: { as: 'owner' },
  },
  {
    kind: 'socket',
    ns: 'customer',
    event: 'privacy:download',
    allow: OWNER,
    setup: async () => ({ requestId: (await ok(fx.customers.owner, 'privacy:request', { kind: 'access' })).requestId }),
    payload: (s) => ({ requestId: s.requestId }),
    // Verified by the store's identity: her own data is hers to download at once.
    probe: { as: 'owner' },
  },

  // HTTP: public
  { kind: 'http', method: 'GET', path: '/api/health', allow: PUBLIC, probe: { as: 'anon' } },
  { kind: 'http', method: 'GET', path: '/api/setup', allow: PUBLIC, probe: { as: 'anon' } },
  {
    kind: 'http',
    method: 'POST',
    path: '/api/setup',
    allow: PUBLIC,
    body: () => ({ code: 'not-the-code', email: 'boss@desk.test', name: 'Boss', password: PASSWORD }),
    probe: { as: 'anon', expect: 'setup_closed' },
  },
  { kind: 'http', method: 'POST', path: '/api/auth/login', allow: PUBLIC, body: () => ({ email: fx.emails.agent, password: PASSWORD }), probe: { as: 'anon' } },
  { kind: 'http', method: 'GET', path: '/api/widget/config', allow: PUBLIC, probe: { as: 'anon' } },
  { kind: 'http', method: 'POST', path: '/api/widget/session', allow: PUBLIC, body: () => ({ name: 'New Customer', email: 'new@shop.test' }), probe: { as: 'anon' } },
  { kind: 'http', method: 'POST', path: '/api/widget/offline-message', allow: PUBLIC, body: () => ({ name: 'Night Owl', email: 'owl@shop.test', body: 'Call me back' }), probe: { as: 'anon' } },

  // HTTP: a signed-in console, its own session
  {
    kind: 'http',
    method: 'POST',
    path: '/api/auth/logout',
    allow: ANY_STAFF_EVEN_LOCKED,
    // A locked console may sign out: the probe's session is locked first.
    setup: async () => {
      const token = await login(hub.url, fx.emails.agent);
      await postJson(`${hub.url}/api/auth/lock`, {}, token);
      return { token };
    },
    probe: { as: 'agent', token: (s) => s.token! },
  },
  // A reloaded console learns it is locked, and whose password to ask for.
  { kind: 'http', method: 'GET', path: '/api/auth/me', allow: ANY_STAFF_EVEN_LOCKED, probe: { as: 'locked' } },
  { kind: 'http', method: 'GET', path: '/api/auth/sessions', variant: 'own', allow: ANY_STAFF, probe: { as: 'agent' } },
  { kind: 'http', method: 'GET', path: '/api/auth/sessions', variant: "another person's", allow: ADMIN, query: () => ({ userId: fx.ids.spare }), probe: { as: 'admin' } },
  {
    kind: 'http',
    method: 'POST',
    path: '/api/auth/sessions/revoke',
    variant: 'own',
    // The session is the agent's: to the other staff it is someone else's, which only an admin may end.
    allow: ['agent', 'admin'],
    deny: 'not_found',
    setup: async () => {
      const token = await login(hub.url, fx.emails.agent);
      return { sessionId: await sessionOf(token) };
    },
    body: (s) => ({ sessionId: s.sessionId }),
    probe: { as: 'agent' },
  },
  {
    kind: 'http',
    method: 'POST',
    path: '/api/auth/sessions/revoke',
    variant: "another person's",
    allow: ADMIN,
    // The hub does not say whether someone else's session exists.
    deny: 'not_found',
    setup: async () => ({ sessionId: await sessionOf(await login(hub.url, fx.emails.spare)) }),
    body: (s) => ({ sessionId: s.sessionId }),
    probe: { as: 'admin' },
  },
  {
    kind: 'http',
    method: 'POST',
    path: '/api/auth/lock',
    allow: ANY_STAFF_EVEN_LOCKED,
    setup: async () => ({ token: await login(hub.url, fx.emails.agent) }),
    probe: { as: 'agent', token: (s) => s.token! },
  },
  {
    kind: 'http',
    method: 'POST',
    path: '/api/auth/unlock',
    allow: ANY_STAFF_EVEN_LOCKED,
    setup: async () => {
      const token = await login(hub.url, fx.emails.agent);
      await postJson(`${hub.url}/api/auth/lock`, {}, token);
      return { token };
    },
    body: () => ({ password: PASSWORD }),
    probe: { as: 'agent', token: (s) => s.token! },
  },
  { kind: 'http', method: 'GET', path: '/api/console/config', allow: ANY_STAFF, probe: { as: 'agent' } },

  // HTTP: accounts, admins only
  { kind: 'http', method: 'GET', path: '/api/users', allow: ADMIN, probe: { as: 'admin' } },
  { kind: 'http', method: 'POST', path: '/api/users', allow: ADMIN, body: () => ({ email: 'hired@desk.test', name: 'New Hire', role: 'agent', password: PASSWORD }), probe: { as: 'admin' } },
  { kind: 'http', method: 'POST', path: '/api/users/update', allow: ADMIN, body: () => ({ userId: fx.ids.spare, name: 'Spare Renamed' }), probe: { as: 'admin' } },
  // The same password again: the account stays usable for the rows above if they are reordered.
  { kind: 'http', method: 'POST', path: '/api/users/reset-password', allow: ADMIN, body: () => ({ userId: fx.ids.spare, password: PASSWORD }), probe: { as: 'admin' } },

  // HTTP: the widget's own chat and case; staff photos
  { kind: 'http', method: 'GET', path: '/api/widget/transcript', allow: OWNER, query: () => ({ format: 'txt', conversationId: fx.live }), probe: { as: 'owner' } },
  { kind: 'http', method: 'POST', path: '/api/widget/uploads', allow: OWNER, query: () => ({ caseId: fx.claim, name: 'box.png' }), body: () => PNG, probe: { as: 'owner' } },
  { kind: 'http', method: 'GET', path: '/api/cases/evidence', allow: ANY_STAFF, query: () => ({ id: fx.evidence }), probe: { as: 'agent' } },
  { kind: 'http', method: 'GET', path: '/api/auth/locale', allow: ANY_STAFF, probe: { as: 'agent' } },
  { kind: 'http', method: 'POST', path: '/api/auth/locale', allow: ANY_STAFF, body: () => ({ locale: 'fr' }), probe: { as: 'agent' } },
  { kind: 'http', method: 'GET', path: '/api/tickets/attachment', allow: ANY_STAFF, setup: async () => ({ id: await freshAttachment() }), query: (s) => ({ id: s.id! }), probe: { as: 'agent' } },
];

describe('authorization: every event and route refuses the callers without the right', () => {
  beforeAll(async () => {
    // Spies first: routes are registered as the hub starts, socket handlers as each socket connects.
    const routeGet = vi.spyOn(Router.prototype, 'get');
    const routePost = vi.spyOn(Router.prototype, 'post');
    const socketOn = vi.spyOn(ServerSocket.prototype, 'on');

    hub = await startTestHub({
      settings: {
        demoOrdersOnFirstRun: false,
        brands: { luxe: { deskName: 'Luxe Care' } },
      },
      mailer: {
        async send(m) {
          if (m.to.startsWith('bounce@')) throw Object.assign(new Error('550 No such user'), { responseCode: 550, response: '550 No such user' });
          mail.push(m);
          return { messageId: `m${mail.length}`, response: '250 OK' };
        },
        close() {},
      },
    });

    const staffUsers = {
      agent: await addStaff(hub, 'agent', 'Xavier Agent'),
      assigned: await addStaff(hub, 'agent', 'Olive Agent'),
      supervisor: await addStaff(hub, 'supervisor', 'Sue Supervisor'),
      admin: await addStaff(hub, 'admin', 'Adam Admin'),
      locked: await addStaff(hub, 'admin', 'Lola Locked'),
      luxe: await addStaff(hub, 'agent', 'Lux Agent'),
      spare: await addStaff(hub, 'agent', 'Spare Agent'),
    };
    const ownerEmail = `owner-${Date.now()}@shop.test`;
    await importOrders(hub.api, systemClock, testOrders(systemClock.now(), ownerEmail));
    const tokens: Fixtures['tokens'] = {
      anon: undefined,
      customer: await customerToken(hub.url, 'Carl Stranger'),
      // The owner is signed in at the shop (issue 12): cases on her orders and copies need it.
      owner: await verifiedCustomerToken(hub.url, 'Ada Owner', ownerEmail),
      agent: await login(hub.url, staffUsers.agent.email),
      assigned: await login(hub.url, staffUsers.assigned.email),
      supervisor: await login(hub.url, staffUsers.supervisor.email),
      admin: await login(hub.url, staffUsers.admin.email),
      locked: await login(hub.url, staffUsers.locked.email),
    };
    const staff = {
      agent: await connectAgent(hub.url, tokens.agent!),
      assigned: await connectAgent(hub.url, tokens.assigned!),
      supervisor: await connectAgent(hub.url, tokens.supervisor!),
      admin: await connectAgent(hub.url, tokens.admin!),
      locked: await connectAgent(hub.url, tokens.locked!),
      luxe: await connectAgent(hub.url, await login(hub.url, staffUsers.luxe.email)),
    };
    const customers = { customer: await connectCustomer(hub.url, tokens.customer!), owner: await connectCustomer(hub.url, tokens.owner!) };
    const ids = Object.fromEntries(Object.entries(staffUsers).map(([k, u]) => [k, u.id])) as Fixtures['ids'];
    const emails = Object.fromEntries(Object.entries(staffUsers).map(([k, u]) => [k, u.email])) as Fixtures['emails'];
    await ok(staff.admin, 'routing:set-brands', { userId: ids.luxe, brands: ['luxe'] });
    // Away: the hub offers no chats on its own, so only the calls below write to the database.
    for (const s of [staff.agent, staff.assigned, staff.luxe]) await ok(s, 'agent:set-status', { status: 'away' });

    // The stranger has a waiting chat of their own; the owner's is taken by the assigned agent.
    await ok(customers.customer, 'chat:start', {});
    const liveId = (await ok(customers.owner, 'chat:start', {})).conversation.id as string;
    await ok(customers.owner, 'chat:send', { conversationId: liveId, clientId: 'owner-hello-1', body: 'Hello, my vase arrived broken.' });
    await ok(staff.assigned, 'conversation:accept', { conversationId: liveId });

    const past = await connectCustomer(hub.url, await customerToken(hub.url, 'Paula Past'));
    extraSockets.push(past);
    const endedId = (await ok(past, 'chat:start', {})).conversation.id as string;
    await ok(past, 'chat:send', { conversationId: endedId, clientId: 'past-hello-1', body: 'Is my order on its way?' });
    await ok(staff.assigned, 'conversation:accept', { conversationId: endedId });
    await ok(staff.assigned, 'conversation:end', { conversationId: endedId });

    const rma = (await ok(staff.assigned, 'cases:open-rma', { conversationId: liveId, orderId: 'PO-100', skus: ['SCARF'] })).case.id as string;
    const claim = (await ok(staff.assigned, 'cases:open-claim', { conversationId: liveId, orderId: 'PO-300', skus: ['VASE'], claimKind: 'damaged' })).case.id as string;
    const up = await upload(hub.url, tokens.owner, claim, PNG);
    expect(up.status).toBe(200);
    const failedCopy = (await ok(staff.supervisor, 'transcripts:send-copy', { conversationId: liveId, to: 'bounce@shop.test', reason: 'The customer asked for it there' })).copy.id as string;

    // Locked after connecting: the live link stays up, every request on it is refused.
    expect((await postJson(`${hub.url}/api/auth/lock`, {}, tokens.locked)).status).toBe(200);
    fx = { ids, emails, mail, tokens, staff, customers, live: liveId, ended: endedId, rma, claim, evidence: up.json.data.evidence.id, failedCopy };
    await settle();
    const { copies } = await ok(staff.supervisor, 'transcripts:copies', { conversationId: liveId });
    expect(copies.find((c: { id: string }) => c.id === failedCopy)).toMatchObject({ status: 'failed' });

    for (const [method, spy] of [
      ['GET', routeGet],
      ['POST', routePost],
    ] as const) {
      for (const [path] of spy.mock.calls) registered.http.add(`${method} ${path}`);
    }
    // Socket.io's own listeners on a socket are not client events.
    const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'error', 'newListener', 'removeListener']);
    socketOn.mock.calls.forEach(([event], i) => {
      const socket = socketOn.mock.contexts[i] as ServerSocket;
      const ns = socket.nsp.name.replace(/^\//, '');
      if (typeof event !== 'string' || RESERVED.has(event)) return;
      if (ns !== 'agent' && ns !== 'customer') throw new Error(`an event bound on an unexpected namespace: ${socket.nsp.name} ${event}`);
      registered[ns].add(event);
    });
    vi.restoreAllMocks();
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    for (const s of [...Object.values(fx?.staff ?? {}), ...Object.values(fx?.customers ?? {}), ...extraSockets]) s.close();
    await hub?.close();
  });

  it('every event and route the hub registers has a row, and every row names a registered one', () => {
    // The spies did see the hub: the well-known names are there.
    expect(registered.agent).toContain('queue:list');
    expect(registered.customer).toContain('chat:start');
    expect(registered.http).toContain('POST /api/auth/login');
    const have = new Set(ROWS.map(rowKey));
    const all = [...[...registered.agent].map((e) => `/agent ${e}`), ...[...registered.customer].map((e) => `/customer ${e}`), ...registered.http];
    expect(all.filter((k) => !have.has(k)).sort(), 'registered without a row in the authorization matrix').toEqual([]);
    expect([...have].filter((k) => !all.includes(k)).sort(), 'rows for events or routes the hub does not register').toEqual([]);
  });

  it('customers and callers without a session cannot connect to /agent; staff and callers without a session cannot connect to /customer', async () => {
    const refused = async (p: Promise<{ close(): void }>) => {
      const err = (await p.then(
        (s) => {
          s.close();
          return null;
        },
        (e: unknown) => e,
      )) as { data?: { code?: string } } | null;
      expect(err, 'the connection was accepted').not.toBeNull();
      expect(err?.data?.code).toBe('unauthenticated');
    };
    await refused(connectAgent(hub.url, undefined as unknown as string));
    await refused(connectAgent(hub.url, 'not-a-token'));
    await refused(connectAgent(hub.url, fx.tokens.owner!));
    await refused(connectAgent(hub.url, fx.tokens.customer!));
    await refused(connectCustomer(hub.url, undefined as unknown as string));
    await refused(connectCustomer(hub.url, 'not-a-token'));
    for (const who of STAFF) await refused(connectCustomer(hub.url, fx.tokens[who]!));
  });

  it.each(ROWS.map((r) => [rowName(r), r] as const))('%s', async (_name, row) => {
    const cell = new Map<Who, 'refused' | 'refused at connect' | 'allowed' | 'allowed (probed)'>();
    cells.set(rowName(row), cell);
    for (const w of row.allow) cell.set(w, 'allowed');
    const s = (await row.setup?.()) ?? {};

    const refusedUnchanged = async (label: string, run: () => Promise<unknown>, check: (r: any) => void) => {
      const before = dbState();
      const r = await run();
      refusalCalls += 1;
      try {
        check(r);
      } catch (e) {
        throw new Error(`${label}: ${(e as Error).message}\n got ${JSON.stringify(r)}`);
      }
      expect(dbState(), `${label}: a refused call changed the database`).toBe(before);
    };

    if (row.kind === 'socket') {
      const other = row.ns === 'agent' ? 'customer' : 'agent';
      expect(registered[row.ns], `${row.event} is not bound on /${row.ns}`).toContain(row.event);
      for (const who of WHO) {
        if (row.allow.includes(who)) continue;
        // Who cannot reach this namespace at all (the connection test above).
        const outside = row.ns === 'agent' ? !isStaff(who) : who === 'anon' || isStaff(who);
        if (outside) {
          cell.set(who, 'refused at connect');
          continue;
        }
        const socket = row.ns === 'agent' ? fx.staff[who as Staff] : fx.customers[who as 'customer' | 'owner'];
        const code = who === 'locked' ? 'locked' : (row.deny ?? (row.ns === 'agent' ? 'forbidden' : 'not_found'));
        await refusedUnchanged(`${who} calling ${row.event}`, () => call(socket, row.event, row.payload(s)), (r) => expect(r).toMatchObject({ ok: false, error: { code } }));
        cell.set(who, 'refused');
      }
      for (const extra of row.also ?? []) {
        await refusedUnchanged(`${extra.who} calling ${row.event}`, () => call(extra.socket(), row.event, row.payload(s)), (r) => expect(r).toMatchObject({ ok: false, error: { code: extra.code } }));
      }
      // The event's name on the namespace the other side can reach: an unknown event, nothing done.
      if (!registered[other].has(row.event)) {
        const socket = other === 'customer' ? fx.customers.owner : fx.staff.agent;
        await refusedUnchanged(`/${other} sending ${row.event}`, () => call(socket, row.event, row.payload(s)), (r) =>
          expect(r).toMatchObject({ ok: false, error: { code: 'invalid_payload', message: expect.stringMatching(/^Unknown event/) } }),
        );
      }

      const p = row.probe;
      expect(row.allow, 'the probe must be an allowed caller').toContain(p.as);
      const socket = row.ns === 'agent' ? fx.staff[p.as as Staff] : fx.customers[p.as as 'customer' | 'owner'];
      const r = await call(socket, row.event, row.payload(s));
      if (p.expect) expect(r, `${p.as} calling ${row.event}`).toMatchObject({ ok: false, error: { code: p.expect } });
      else expect(r, `${p.as} calling ${row.event}`).toMatchObject({ ok: true });
      cell.set(p.as, 'allowed (probed)');
    } else {
      expect(registered.http, `${rowKey(row)} is not registered`).toContain(rowKey(row));
      const staffRoute = row.allow.some(isStaff);
      const customerRoute = row.allow.some(isCustomer);
      for (const who of WHO) {
        if (row.allow.includes(who)) continue;
        const code: ErrorCode =
          who === 'anon' || (isCustomer(who) && !customerRoute) || (isStaff(who) && !staffRoute)
            ? 'unauthenticated'
            : who === 'locked'
              ? 'locked'
              : (row.deny ?? (isCustomer(who) ? 'not_found' : 'forbidden'));
        await refusedUnchanged(`${who} calling ${rowKey(row)}`, () => http(row, s, fx.tokens[who]), (r) => expect(r).toEqual({ status: HTTP_STATUS[code], code, okBody: false }));
        cell.set(who, 'refused');
      }
      const p = row.probe;
      expect(row.allow, 'the probe must be an allowed caller').toContain(p.as);
      const r = await http(row, s, p.token ? p.token(s) : fx.tokens[p.as]);
      if (p.expect) expect(r, `${p.as} calling ${rowKey(row)}`).toMatchObject({ status: HTTP_STATUS[p.expect], code: p.expect });
      else expect(r, `${p.as} calling ${rowKey(row)}`).toMatchObject({ status: 200, okBody: true });
      cell.set(p.as, 'allowed (probed)');
    }
    await settle();
  });

  it('every row × caller was decided: refused by a call, refused at connect, or allowed (one allowed caller probed per row)', () => {
    expect(cells.size).toBe(ROWS.length);
    for (const [name, cell] of cells) {
      expect([...cell.keys()].sort(), name).toEqual([...WHO].sort());
      expect([...cell.values()], name).toContain('allowed (probed)');
    }
    expect(refusalCalls).toBeGreaterThan(ROWS.length);
  });
});
