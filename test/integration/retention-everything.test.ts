// Retention of every row of POLICY §3b on a real hub with an injected clock: each kind goes exactly
// when its own clock says — answered tickets and closed cases (with their photos) 13 months on,
// widget sessions at expiry, customer records once nothing refers to them, privacy request
// records 3 years after closing, audit events after 6 years (the chain still verifies) — and a
// chat nobody ended ends by itself 30 minutes after its customer left. An open case postpones.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockAt } from '../../server/clock';
import type { Hub } from '../../server/hub';
import { purgeAt } from '../../shared/domain/retention';
import { customerToken, startTestHub } from '../helpers/hub';
import { connectCustomer, ok } from '../helpers/sockets';

const T0 = new Date('2026-01-10T10:00:00.000Z');
const months = (n: number, plus = 0) => new Date(purgeAt(T0, n).getTime() + plus);
const count = (hub: Hub, sql: string, ...args: unknown[]) => (hub.store.db.prepare(sql).get(...args) as { n: number }).n;

describe('retention of every row of §3b, each on its own clock', () => {
  const clock = clockAt(T0, { frozen: true });
  let hub: Hub;
  let present: Awaited<ReturnType<typeof connectCustomer>>;
  let presentChat = '';
  const ids = { ticketAnswered: '', ticketOpen: '', caseClosed: 'case-closed', caseOpen: 'case-open', sessionOnly: '', abandoned: '', request: '' };
  let photo = '';

  beforeAll(async () => {
    hub = await startTestHub({ clock, settings: { demoOrdersOnFirstRun: false } });
    const db = hub.store.db;
    const at = T0.toISOString();
    // Tickets: one answered at T0, one never answered.
    ids.ticketAnswered = (await hub.tickets.create({ name: 'Tess Ticket', email: 'tess@shop.test', body: 'Where is my parcel?' })).id;
    ids.ticketOpen = (await hub.tickets.create({ name: 'Olly Open', email: 'olly@shop.test', body: 'Still waiting' })).id;
    // Solved at T0 (migration 19: a solved ticket's retention clock is its solved_at).
    db.prepare("UPDATE tickets SET status = 'solved', updated_at = ?, solved_at = ? WHERE id = ?").run(at, at, ids.ticketAnswered);
    // Cases: one closed at T0 with a photo on disk, one still open that an erasure made due (purge_at T0).
    for (const [id, order, status, closed] of [
      [ids.caseClosed, 'PO-R1', 'closed', at],
      [ids.caseOpen, 'PO-R2', 'requested', null],
    ] as const) {
      db.prepare(`INSERT INTO orders (id, brand_id, customer_email, customer_name, payment_method, shipping, imported_at) VALUES (?, 'default', 'cass@shop.test', 'Cass Case', 'card', 'paid', ?)`).run(order, at);
      db.prepare(`INSERT INTO cases (id, kind, brand_id, order_id, status, customer_email, created_at, updated_at, closed_at, purge_at) VALUES (?, 'rma', 'default', ?, ?, 'cass@shop.test', ?, ?, ?, ?)`).run(
        id,
        order,
        status,
        at,
        at,
        closed,
        closed ? null : at,
      );
    }
    mkdirSync(join(hub.store.dataDir, 'cases', ids.caseClosed), { recursive: true });
    photo = join(hub.store.dataDir, 'cases', ids.caseClosed, 'p1');
    writeFileSync(photo, 'JPEG bytes');
    db.prepare(`INSERT INTO case_evidence (id, case_id, kind, path, mime, size, name, added_by_kind, created_at) VALUES ('ev1', ?, 'photo', ?, 'image/jpeg', 10, 'box.jpg', 'customer', ?)`).run(
      ids.caseClosed,
      join('cases', ids.caseClosed, 'p1'),
      at,
    );
    // A widget session and nothing else; a chat its customer walked away from.
    await customerToken(hub.url, 'Sid Session', 'sid@shop.test');
    ids.sessionOnly = hub.store.privacy.customerByEmail('sid@shop.test')!.id;
    const walker = await connectCustomer(hub.url, await customerToken(hub.url, 'Wally Walker', 'wally@shop.test'));
    ids.abandoned = (await ok(walker, 'chat:start', {})).conversation.id;
    walker.close();
    // A customer still connected, who has not written for a while, is not gone.
    present = await connectCustomer(hub.url, await customerToken(hub.url, 'Connie Connected', 'connie@shop.test'));
    presentChat = (await ok(present, 'chat:start', {})).conversation.id;
    // A privacy request closed at T0.
    const r = await hub.privacy.create({ kind: 'access', email: 'rita@shop.test', source: 'email', actor: { kind: 'system', id: 'test' } });
    await hub.privacy.refuse({ kind: 'system', id: 'test' }, r.id, 'Duplicate');
    ids.request = r.id;
  });
  afterAll(async () => {
    present?.close();
    await hub?.close();
  });

  it('a chat nobody ended ends by itself once its customer has been gone 30 minutes; its transcript then has 13 months', async () => {
    clock.set(new Date(T0.getTime() + 29 * 60_000));
    expect((await hub.retention.run()).chatsEnded).toEqual([]);
    clock.set(new Date(T0.getTime() + 30 * 60_000 + 1000));
    const r = await hub.retention.run();
    expect(r.chatsEnded).toEqual([ids.abandoned]);
    expect(hub.store.conversations.get(presentChat)!.status).not.toBe('ended');
    const c = hub.store.conversations.get(ids.abandoned)!;
    expect(c.status).toBe('ended');
    expect(c.endedAt).toBe(new Date(T0.getTime() + 30 * 60_000).toISOString());
    expect(hub.store.transcripts.meta(ids.abandoned)!.purgeAt).toBe(purgeAt(new Date(c.endedAt!), 13).toISOString());
  });

  it('a widget session goes at its expiry, and with it a customer record nothing else refers to', async () => {
    clock.set(new Date(T0.getTime() + 30 * 24 * 3600_000 - 1000));
    let r = await hub.retention.run();
    expect(r.other.widgetSessions).toBe(0);
    expect(hub.store.privacy.customerById(ids.sessionOnly)).toBeDefined();
    clock.set(new Date(T0.getTime() + 30 * 24 * 3600_000 + 1000));
    r = await hub.retention.run();
    expect(r.other.widgetSessions).toBe(2);
    expect(r.other.customers).toBe(1);
    expect(hub.store.privacy.customerById(ids.sessionOnly)).toBeUndefined();
    // Wally's record stays: his transcript still refers to it.
    expect(hub.store.privacy.customerByEmail('wally@shop.test')).toBeDefined();
  });

  it('an answered ticket and a closed case (photo file, order) go 13 months after; the open ticket and the open case stay', async () => {
    clock.set(months(13, -1000));
    let r = await hub.retention.run();
    expect(r.other).toMatchObject({ tickets: 0, cases: 0 });
    expect(r.heldOpenCases).toBe(1);
    clock.set(months(13));
    r = await hub.retention.run();
    expect(r.other).toMatchObject({ tickets: 1, cases: 1, casePhotos: 1, orders: 1 });
    expect(count(hub, 'SELECT COUNT(*) AS n FROM tickets WHERE id = ?', ids.ticketAnswered)).toBe(0);
    expect(count(hub, 'SELECT COUNT(*) AS n FROM tickets WHERE id = ?', ids.ticketOpen)).toBe(1);
    expect(count(hub, 'SELECT COUNT(*) AS n FROM cases WHERE id = ?', ids.caseClosed)).toBe(0);
    expect(count(hub, "SELECT COUNT(*) AS n FROM case_evidence WHERE id = 'ev1'")).toBe(0);
    expect(existsSync(photo)).toBe(false);
    expect(count(hub, 'SELECT COUNT(*) AS n FROM cases WHERE id = ?', ids.caseOpen)).toBe(1);
    // The abandoned chat ended 30 minutes after T0: its transcript is not due yet.
    expect(hub.store.conversations.get(ids.abandoned)).toBeDefined();
  });

  it('an erasure waits for the open case and says why', async () => {
    const plan = await hub.privacy.preview({ email: 'cass@shop.test' });
    expect(plan.postponed).toEqual([{ kind: 'case', id: ids.caseOpen, reason: 'open_case', detail: `case ${ids.caseOpen} is still open (a refund or claim in progress)` }]);
  });

  it('the open case goes once it closes', async () => {
    hub.store.db.prepare("UPDATE cases SET status = 'closed', closed_at = ? WHERE id = ?").run(clock.now().toISOString(), ids.caseOpen);
    const r = await hub.retention.run();
    expect(r.other.cases).toBe(1);
    expect(count(hub, 'SELECT COUNT(*) AS n FROM cases')).toBe(0);
    expect(count(hub, 'SELECT COUNT(*) AS n FROM orders')).toBe(0);
  });

  it('a privacy request record goes 3 years after it closed', async () => {
    clock.set(months(36, -1000));
    expect((await hub.retention.run()).other.privacyRequests).toBe(0);
    clock.set(months(36, 1000));
    expect((await hub.retention.run()).other.privacyRequests).toBe(1);
    expect(hub.store.privacy.get(ids.request)).toBeUndefined();
    // The abandoned chat's transcript went at its own date long since, and then its customer record.
    expect(hub.store.conversations.get(ids.abandoned)).toBeUndefined();
    expect(hub.store.privacy.customerByEmail('wally@shop.test')).toBeUndefined();
  });

  it('audit events go after 6 years, only the oldest, and the chain still verifies and grows', async () => {
    const before = count(hub, 'SELECT COUNT(*) AS n FROM audit_log WHERE at <= ?', months(0, 3600_000).toISOString());
    expect(before).toBeGreaterThan(0);
    clock.set(months(72, 3600_000));
    const r = await hub.retention.run();
    expect(r.other.auditEvents).toBe(before);
    expect(count(hub, 'SELECT COUNT(*) AS n FROM audit_log WHERE at <= ?', months(0, 3600_000).toISOString())).toBe(0);
    expect(hub.store.audit.verify()).toMatchObject({ ok: true });
    // The log refuses any other deletion still.
    expect(() => hub.store.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect((await hub.retention.run()).other.auditEvents).toBe(0);
    expect(hub.store.audit.verify()).toMatchObject({ ok: true });
  });
});
