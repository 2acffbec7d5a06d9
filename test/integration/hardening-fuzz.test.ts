// Issue 12: property-based fuzzing (fast-check) of every socket.io event and HTTP route the hub
// registers — the list is taken at runtime, the way the authorization matrix takes it, so a new
// event or route is fuzzed without anyone listing it. Random and mutated payloads (wrong types,
// real ids in the wrong places, lone surrogates, huge strings, deep nesting) must never crash the
// hub, must always get a typed answer, and a refused call must leave the database as it was.
import fc from 'fast-check';
import { Socket as ServerSocket } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { Router } from '../../server/http/router';
import type { Hub } from '../../server/hub';
import { ERROR_CODES } from '../../shared/protocol/errors';
import { addStaff, customerToken, login, startTestHub } from '../helpers/hub';
import { call, connectAgent, connectCustomer, ok, type AgentSocket, type CustomerSocket } from '../helpers/sockets';

const RESERVED = new Set(['connect', 'connect_error', 'disconnect', 'disconnecting', 'error', 'newListener', 'removeListener']);
/** Routes that would end or lock the caller's own session: fuzzed without a token, so the rest keep one. */
const ENDS_SESSION = /logout|revoke|lock/;

/** Field names the desk's payloads use, so mutated objects reach past the first schema check. */
const FIELDS = [
  'conversationId', 'clientId', 'body', 'afterSeq', 'seq', 'typing', 'caseId', 'orderId', 'skus', 'claimKind', 'description',
  'userId', 'brands', 'brand', 'brandId', 'status', 'ticketId', 'to', 'reason', 'format', 'query', 'filters', 'page', 'limit',
  'tag', 'email', 'name', 'password', 'code', 'role', 'disabled', 'sessionId', 'beforeSeq', 'kind', 'note', 'text', 'id', 'evidenceId',
  'copyId', 'targetId', 'target', 'open', 'overdue', 'answer', 'title', '__proto__', 'constructor',
];

let hub: Hub;
let admin: AgentSocket;
let customer: CustomerSocket;
let adminToken: string;
let customerTok: string;
let known: Record<string, Record<string, unknown>> = {};
const registered = { agent: new Set<string>(), customer: new Set<string>(), http: new Set<string>() };
const realIds: string[] = [];
const internalErrors: string[] = [];
/** What the fuzzing did, so it cannot pass by sending nothing. */
const tally = { socket: 0, http: 0, accepted: 0, codes: new Set<string>() };

/** The database as a value: every table (but the search index), without the columns time alone moves. */
function dbState(): string {
  const db = hub.store.db;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%' ORDER BY name").all() as { name: string }[];
  return JSON.stringify(
    tables.map(({ name }) => [
      name,
      (db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[])
        .filter((r) => !(name === 'audit_log' && String(r.action).startsWith('staff.sign-in')))
        .map((r) => {
          if (name === 'staff_sessions') delete r.last_seen_at;
          return JSON.stringify(r);
        }),
    ]),
  );
}

/** Lets mail and case notices started by an accepted call finish, so they are not taken for the next call's change. */
async function settle(): Promise<void> {
  await hub.copies.idle();
  await hub.cases.settled();
}

function payloads(): fc.Arbitrary<unknown> {
  const nasty = fc.constantFrom('', ' ', '\ud800', 'a\udfffb', '\u0000', '../../etc/passwd', 'x'.repeat(70_000), '{"a":1}', '4111 1111 1111 1111', '💥', 'null');
  const id = fc.constantFrom(...realIds);
  const scalar = fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 40 }), nasty, id, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(-1), fc.constant(2 ** 53));
  const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 3 }));
  const mutated = fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 6 });
  return fc.oneof({ weight: 3, arbitrary: mutated }, { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) }, { weight: 1, arbitrary: scalar });
}

/** A well-formed payload per event or route (where one is known), for mutating one field at a time. */
function samples(ids: { conv: string; admin: string; adminEmail: string }): Record<string, Record<string, unknown>> {
  const c = { conversationId: ids.conv };
  return {
    'agent:set-status': { status: 'away' },
    'chat:send': { ...c, clientId: 'fuzz-abcdefgh', body: 'hello again' },
    'chat:sync': { ...c, afterSeq: 0 },
    'chat:typing': { ...c, typing: true },
    'chat:read': { ...c, seq: 1 },
    'conversation:accept': c,
    'conversation:open': c,
    'conversation:end': c,
    'transcripts:search': { query: 'hello' },
    'transcripts:get': c,
    'transcripts:export': { ...c, format: 'txt' },
    'transcripts:tag': { ...c, tag: 'vip' },
    'transcripts:untag': { ...c, tag: 'vip' },
    'transcripts:hold': { ...c, reason: 'review' },
    'transcripts:release': c,
    'transcripts:comment': { ...c, body: 'fine' },
    'transcripts:copies': c,
    'transcripts:send-copy': { ...c, to: 'copy@shop.test', reason: 'asked for it' },
    'transcript:email-copy': c,
    'cases:get': { caseId: 'c_nope' },
    'cases:open-rma': { ...c, orderId: 'PO-100', skus: ['SCARF'] },
    'orders:search': { query: 'PO' },
    'orders:get': { orderId: 'PO-100' },
    'routing:set-brands': { userId: ids.admin, brands: ['default'] },
    'POST /api/widget/session': { name: 'Fuzz Shopper', email: 'fuzz@shop.test' },
    'POST /api/widget/offline-message': { name: 'Fuzz Shopper', email: 'fuzz@shop.test', body: 'Where is my parcel?' },
    'POST /api/auth/login': { email: ids.adminEmail, password: 'not the password' },
    'POST /api/users': { email: 'new@desk.test', name: 'New Agent', role: 'agent', password: 'long enough password' },
    'POST /api/users/update': { userId: ids.admin, name: 'Fuzz Admin' },
    'POST /api/setup': { code: 'AAAA-BBBB-CCCC', email: 'setup@desk.test', name: 'Setup', password: 'long enough password' },
  };
}

/** The sample as it is, or with one field junk, one missing, or one unknown field added. */
function mutations(sample: Record<string, unknown> | undefined): fc.Arbitrary<unknown> {
  if (!sample) return payloads();
  const keys = Object.keys(sample);
  const junk = fc.oneof(fc.string(), fc.constantFrom('\ud800', '', 'x'.repeat(70_000), ...realIds), fc.integer(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
  const variants: fc.Arbitrary<unknown>[] = [fc.constant(sample), fc.tuple(fc.string({ minLength: 1, maxLength: 8 }), junk).map(([k, v]) => ({ ...sample, [k]: v }))];
  if (keys.length) {
    variants.push(fc.tuple(fc.constantFrom(...keys), junk).map(([k, v]) => ({ ...sample, [k]: v })));
    variants.push(fc.constantFrom(...keys).map((k) => Object.fromEntries(Object.entries(sample).filter(([key]) => key !== k))));
  }
  return fc.oneof({ weight: 3, arbitrary: fc.oneof(...variants) }, { weight: 1, arbitrary: payloads() });
}

const seedOf = (name: string) => [...name].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) | 0, 12);

function isTypedRefusal(r: unknown): boolean {
  if (!r || typeof r !== 'object') return false;
  const a = r as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (a.ok === true) return true;
  return a.ok === false && (ERROR_CODES as readonly unknown[]).includes(a.error?.code) && typeof a.error?.message === 'string' && a.error.message.length > 0;
}

describe('fuzzing every event and route (issue 12)', () => {
  beforeAll(async () => {
    const routeGet = vi.spyOn(Router.prototype, 'get');
    const routePost = vi.spyOn(Router.prototype, 'post');
    const socketOn = vi.spyOn(ServerSocket.prototype, 'on');
    hub = await startTestHub({
      settings: { demoOrdersOnFirstRun: true },
      log: (level, msg, extra) => {
        if (level === 'error') internalErrors.push(`${msg} ${JSON.stringify(extra ?? {})}`.slice(0, 500));
      },
      mailer: { send: async () => ({ messageId: 'm', response: '250 OK' }), close() {} },
    });
    const a = await addStaff(hub, 'admin', 'Fuzz Admin');
    adminToken = await login(hub.url, a.email);
    admin = await connectAgent(hub.url, adminToken);
    await ok(admin, 'agent:set-status', { status: 'away' });
    customerTok = await customerToken(hub.url, 'Fuzz Customer');
    customer = await connectCustomer(hub.url, customerTok);
    const conversationId = (await ok(customer, 'chat:start', {})).conversation.id as string;
    await ok(customer, 'chat:send', { conversationId, clientId: 'fuzz-hello-1', body: 'hello' });
    realIds.push(conversationId, a.id, 'PO-100', 'PO-300', 'default', 'c_nope');
    known = samples({ conv: conversationId, admin: a.id, adminEmail: a.email });
    for (const [method, spy] of [['GET', routeGet], ['POST', routePost]] as const) for (const [path] of spy.mock.calls) registered.http.add(`${method} ${path}`);
    socketOn.mock.calls.forEach(([event], i) => {
      const ns = (socketOn.mock.contexts[i] as ServerSocket).nsp.name.replace(/^\//, '');
      if (typeof event === 'string' && !RESERVED.has(event) && (ns === 'agent' || ns === 'customer')) registered[ns].add(event);
    });
    vi.restoreAllMocks();
  });

  afterAll(async () => {
    admin?.close();
    customer?.close();
    await hub?.close();
  });

  async function socketFor(ns: 'agent' | 'customer'): Promise<AgentSocket | CustomerSocket> {
    // A payload may legitimately end the chat or the socket; carry on with a live one.
    if (ns === 'agent') {
      if (!admin.connected) admin = await connectAgent(hub.url, adminToken);
      return admin;
    }
    if (!customer.connected) customer = await connectCustomer(hub.url, customerTok);
    return customer;
  }

  it('the runtime lists are there (the fuzzing below covers each)', () => {
    expect(registered.agent.size).toBeGreaterThan(20);
    expect(registered.customer.size).toBeGreaterThan(5);
    expect(registered.http.size).toBeGreaterThan(10);
  });

  it('socket events: random and mutated payloads get a typed ack; a refused one stores nothing', async () => {
    const events = [...[...registered.agent].map((e) => ['agent', e] as const), ...[...registered.customer].map((e) => ['customer', e] as const)];
    const runs = Math.max(3, Math.floor(240 / events.length));
    const failures: string[] = [];
    for (const [ns, event] of events) {
      await fc.assert(
        fc.asyncProperty(mutations(known[event]), async (payload) => {
          const socket = await socketFor(ns);
          await settle();
          const before = dbState();
          const r = await call(socket, event, payload, 15_000);
          await settle();
          tally.socket += 1;
          if (r.ok) tally.accepted += 1;
          else tally.codes.add(r.error.code);
          if (!isTypedRefusal(r)) failures.push(`${ns} ${event}: untyped answer ${JSON.stringify(r).slice(0, 200)}`);
          if (!r.ok && r.error.code === 'internal') failures.push(`${ns} ${event}: internal error for ${JSON.stringify(payload).slice(0, 200)}`);
          if (!r.ok && dbState() !== before) failures.push(`${ns} ${event}: refused (${r.error.code}) but the database changed`);
        }),
        // A seed per event (reproducible, not the same draws for all); the well-formed sample always runs.
        { numRuns: runs, seed: seedOf(`${ns} ${event}`), endOnFailure: true, examples: known[event] ? [[known[event]]] : [] },
      );
    }
    expect(failures).toEqual([]);
    // Still serving: both namespaces answer.
    expect(await call(await socketFor('agent'), 'queue:list', {})).toMatchObject({ ok: true });
    expect(await call(await socketFor('customer'), 'chat:current', {})).toMatchObject({ ok: true });
  }, 240_000);

  it('HTTP routes: random bodies, queries and content types get a typed JSON answer; a refused one stores nothing', async () => {
    const routes = [...registered.http].map((r) => r.split(' ') as [string, string]);
    const runs = Math.max(3, Math.floor(150 / routes.length));
    const failures: string[] = [];
    const query = fc.dictionary(fc.constantFrom(...FIELDS, 'format', 'brand', 'q'), fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom(...realIds, '\ud800', '%', '')), { maxKeys: 3 });
    for (const [method, path] of routes) {
      await fc.assert(
        fc.asyncProperty(mutations(known[`${method} ${path}`]), query, fc.constantFrom('application/json', 'text/plain', 'image/png', undefined), fc.boolean(), async (body, q, type, withToken) => {
          const token = withToken && !ENDS_SESSION.test(path) ? (path.startsWith('/api/widget') ? customerTok : adminToken) : undefined;
          const params = new URLSearchParams();
          for (const [k, v] of Object.entries(q)) params.set(k, v);
          await settle();
          const before = dbState();
          const res = await fetch(`${hub.url}${path}?${params}`, {
            method,
            headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(type && method === 'POST' ? { 'content-type': type } : {}) },
            body: method === 'POST' ? JSON.stringify(body) ?? 'null' : undefined,
          });
          tally.http += 1;
          await settle();
          const contentType = res.headers.get('content-type') ?? '';
          if (res.status === 200 && !contentType.startsWith('application/json')) {
            await res.arrayBuffer(); // a file reply (a transcript, a photo) for a valid request
            return;
          }
          const text = await res.text();
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            failures.push(`${method} ${path}: ${res.status} not JSON: ${text.slice(0, 100)}`);
            return;
          }
          if (!isTypedRefusal(json)) failures.push(`${method} ${path}: untyped answer ${text.slice(0, 200)}`);
          const refused = (json as { ok: boolean }).ok === false;
          if (refused && res.status === 500) failures.push(`${method} ${path}: 500 for ${JSON.stringify(body).slice(0, 200)}`);
          if (refused && dbState() !== before) failures.push(`${method} ${path}: refused (${res.status}) but the database changed`);
        }),
        {
          numRuns: runs,
          seed: seedOf(`${method} ${path}`),
          endOnFailure: true,
          examples: known[`${method} ${path}`] ? [[known[`${method} ${path}`], {}, 'application/json', true]] : [],
        },
      );
    }
    expect(failures).toEqual([]);
    expect((await fetch(`${hub.url}/api/health`)).status).toBe(200);
  }, 240_000);

  it('nothing the fuzzing sent made the hub log an internal failure', () => {
    expect(internalErrors).toEqual([]);
    expect(tally.socket).toBeGreaterThanOrEqual(200);
    expect(tally.http).toBeGreaterThanOrEqual(100);
    // Some payloads got through the schemas, others were refused for all kinds of reasons.
    expect(tally.accepted).toBeGreaterThan(0);
    expect([...tally.codes]).toEqual(expect.arrayContaining(['invalid_payload', 'not_found']));
  });
});
