// The audit log (store.audit) on both backends: a keyed hash chain whose rows hash byte for byte the
// same on SQLite and PostgreSQL, sealed when a store opens, verified end to end (edits, gaps,
// truncation against a checkpoint, the anchor retention leaves), and one chain with several hubs
// appending at once.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { clockAt } from '../../server/clock';
import { toAuditKeys } from '../../server/keys';
import { sqliteApi, type StoreApi } from '../../server/store/api';
import { GENESIS_HASH, rowHash, type AuditEvent, type AuditLogRow, type AuditRow } from '../../server/store/audit';
import type { Db } from '../../server/store/db';
import { openStore } from '../../server/store/index';
import { openPgStore } from '../../server/store/pg/api';
import type pg from 'pg';
import { plainDataDir } from '../helpers/hub';
import { forEachBackend, type BackendUnderTest } from '../helpers/storeBackends';

const event = (n: number, over: Partial<AuditEvent> = {}): AuditEvent => ({
  at: `2026-12-01T10:${String(n % 60).padStart(2, '0')}:00.000Z`,
  actorKind: 'staff',
  actorId: `u_${n}`,
  action: 'transcript.view',
  subjectKind: 'conversation',
  subjectId: `c_${n}`,
  detail: { n },
  ...over,
});

// ---- reaching under the interface: SQL per backend, for what no store method does on purpose
// (tampering as someone with the database would, and the anchor retention writes, which belongs to
// the privacy module). `?` placeholders become $1… on PostgreSQL.
type Raw = { db: Db } | { pool: pg.Pool };

async function sql(t: Raw, text: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  if ('db' in t) {
    const st = t.db.prepare(text);
    if (st.reader) return st.all(...params) as Record<string, unknown>[];
    st.run(...params);
    return [];
  }
  let i = 0;
  return (await t.pool.query(text.replace(/\?/g, () => `$${++i}`), params)).rows as Record<string, unknown>[];
}

const rawOf = (b: BackendUnderTest): Raw => (b.name === 'sqlite' ? { db: b.sqlite().db } : { pool: b.postgres().pool });

async function rawRows(t: Raw): Promise<AuditLogRow[]> {
  return (await sql(t, 'SELECT * FROM audit_log ORDER BY id')).map((r) => ({ ...(r as unknown as AuditLogRow), id: Number(r.id) }));
}

/** Drops the append-only guard, as someone with the database could. */
async function unguard(t: Raw): Promise<void> {
  if ('db' in t) t.db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete');
  else await t.pool.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
}

/** What retention does (privacy.pruneAudit): record the anchor at `throughId`, remove the rows up to it. */
async function retainAfter(t: Raw, throughId: number, keyId: string | null): Promise<void> {
  const [row] = await sql(t, 'SELECT hash FROM audit_log WHERE id = ?', [throughId]);
  await sql(t, 'INSERT INTO audit_log_anchor (id, through_id, through_hash, key_id, at) VALUES (1, ?, ?, ?, ?)', [throughId, row!.hash, keyId, '2026-12-02T00:00:00.000Z']);
  await sql(t, 'DELETE FROM audit_log WHERE id <= ?', [throughId]);
}

// ---- stores of the test's own, on a location of its own, with keys it knows (a hub opening) ----
interface Opened {
  api: StoreApi;
  sealed: AuditRow | null;
  raw: Raw;
}

forEachBackend('audit log', (b) => {
  const opened: StoreApi[] = [];
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });

  /** A new, empty desk: a data folder, or a database on the test's PostgreSQL server. */
  async function freshLocation(): Promise<string> {
    if (b.name === 'sqlite') return plainDataDir('audit-conformance');
    const name = `audit_${randomBytes(6).toString('hex')}`;
    await b.postgres().pool.query(`CREATE DATABASE ${name}`);
    const url = new URL(b.postgres().pool.options.connectionString!);
    url.pathname = `/${name}`;
    return url.toString();
  }

  /** Opens the store at `location` as a hub would, with `keys` (current first); seals unless told not to. */
  async function openAt(location: string, keys: Buffer[], opts: { seal?: boolean; at?: string } = {}): Promise<Opened> {
    const clock = clockAt(new Date(opts.at ?? '2026-12-01T09:00:00.000Z'), { frozen: true });
    if (b.name === 'sqlite') {
      const store = openStore(location, { keys: { databaseKey: null, auditKeys: keys, defaultAuditKeyFile: join(location, 'not-used.key') }, seal: opts.seal, clock });
      const api = sqliteApi(store);
      opened.push(api);
      return { api, sealed: store.sealed, raw: { db: store.db } };
    }
    const store = await openPgStore(location, { auditKeys: toAuditKeys(keys), seal: opts.seal, clock });
    opened.push(store);
    return { api: store, sealed: store.sealed, raw: { pool: store.pool } };
  }

  const keyIdOf = (key: Buffer) => createHmac('sha256', key).update('caredesk audit key id').digest('hex').slice(0, 16);

  it('a new desk’s log starts with the row that keys it; appends chain after it, newest first in recent', async () => {
    const s = b.api();
    expect(await s.audit.sealed()).toBe(true);
    expect(s.audit.keyId).toMatch(/^[0-9a-f]{16}$/);
    const [keyed] = await s.audit.recent(10);
    expect(keyed).toMatchObject({ id: 1, action: 'audit.keyed', actorKind: 'system', actorId: 'hub', subjectKind: null, subjectId: null, prevHash: GENESIS_HASH });
    expect(keyed!.detail).toEqual({ keyId: s.audit.keyId, scheme: 'hmac-sha256', reason: 'new desk', previousKeyId: null, rowsBefore: 0 });

    const a = await s.write((tx) => tx.audit.append(event(1)));
    const c = await s.write((tx) => tx.audit.append(event(2, { actorKind: 'customer', actorId: null, subjectKind: null, subjectId: null, detail: {} })));
    expect(a).toMatchObject({ id: 2, prevHash: keyed!.hash, at: '2026-12-01T10:01:00.000Z', actorId: 'u_1', subjectId: 'c_1', detail: { n: 1 }, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(c).toMatchObject({ id: 3, prevHash: a.hash, actorKind: 'customer', actorId: null, subjectKind: null, subjectId: null, detail: {} });
    expect(await s.audit.recent(10)).toEqual([c, a, keyed]);
    expect(await s.audit.recent(2)).toEqual([c, a]);
    expect(await s.audit.recent(0)).toEqual([]);
    expect(await s.audit.recent(-1)).toEqual([c, a, keyed]);
    expect(await s.audit.verify()).toEqual({ ok: true, count: 3, keyedFrom: 1 });
  });

  it('rows hash byte for byte as specified: HMAC-SHA-256 of the previous hash and the row’s canonical JSON, text times kept as written', async () => {
    const key = Buffer.alloc(32, 7);
    const desk = await openAt(await freshLocation(), [key], { at: '2026-12-01T09:00:00.000Z' });
    await desk.api.write(async (tx) => {
      await tx.audit.append(event(1, { detail: { z: 1, a: { y: [1, 'two', true], b: null }, gone: undefined } }));
      await tx.audit.append(event(2, { at: '2026-12-01T10:02:00.123456Z', detail: { note: 'café ✓ 🛍️ «x»', digest: 'ab'.repeat(16) } }));
    });
    const rows = await rawRows(desk.raw);
    // Written out by hand here (keys sorted at every level, undefined dropped), not with the store's helper.
    expect(rows.map((r) => r.detail)).toEqual([
      `{"keyId":"${keyIdOf(key)}","previousKeyId":null,"reason":"new desk","rowsBefore":0,"scheme":"hmac-sha256"}`,
      '{"a":{"b":null,"y":[1,"two",true]},"z":1}',
      `{"digest":"${'ab'.repeat(16)}","note":"café ✓ 🛍️ «x»"}`,
    ]);
    expect(rows.map((r) => r.at)).toEqual(['2026-12-01T09:00:00.000Z', '2026-12-01T10:01:00.000Z', '2026-12-01T10:02:00.123456Z']);
    let prev = GENESIS_HASH;
    for (const r of rows) {
      const body = JSON.stringify({ action: r.action, actor_id: r.actor_id, actor_kind: r.actor_kind, at: r.at, detail: r.detail, id: r.id, prev_hash: r.prev_hash, subject_id: r.subject_id, subject_kind: r.subject_kind });
      expect(r.prev_hash).toBe(prev);
      expect(r.hash).toBe(createHmac('sha256', key).update(prev + body).digest('hex'));
      prev = r.hash;
    }
    // What the store hands back is what it stored.
    expect((await desk.api.audit.recent(3)).reverse().map((r) => [r.id, r.prevHash, r.hash])).toEqual(rows.map((r) => [r.id, r.prev_hash, r.hash]));
  });

  it('detail keeps its values; forSubject lists one record’s events in order', async () => {
    const s = b.api();
    await s.write(async (tx) => {
      await tx.audit.append(event(1, { subjectId: 'c_a', detail: { b: 2, a: [1, { y: 'x', c: null }] } }));
      await tx.audit.append(event(2, { subjectId: 'c_b' }));
      await tx.audit.append(event(3, { subjectId: 'c_a', subjectKind: 'case' }));
      await tx.audit.append(event(4, { subjectId: 'c_a', action: 'transcript.export' }));
    });
    const rows = await s.audit.forSubject('conversation', 'c_a');
    expect(rows.map((r) => [r.id, r.action])).toEqual([
      [2, 'transcript.view'],
      [5, 'transcript.export'],
    ]);
    expect(rows[0]!.detail).toEqual({ a: [1, { c: null, y: 'x' }], b: 2 });
    expect(await s.audit.forSubject('case', 'c_a')).toHaveLength(1);
    expect(await s.audit.forSubject('conversation', 'nobody')).toEqual([]);
  });

  it('a write that fails leaves no row of its own and no gap in the chain', async () => {
    const s = b.api();
    await s.write((tx) => tx.audit.append(event(1)));
    await expect(
      s.write(async (tx) => {
        await tx.audit.append(event(2));
        throw new Error('the change it recorded failed');
      }),
    ).rejects.toThrow('the change it recorded failed');
    const after = await s.write((tx) => tx.audit.append(event(3)));
    expect(after.id).toBe(3);
    expect((await s.audit.recent(10)).map((r) => r.actorId)).toEqual(['u_3', 'u_1', 'hub']);
    expect(await s.audit.verify()).toMatchObject({ ok: true, count: 3 });
  });

  it('two stores (two hubs) appending at once keep one chain: no fork, no lost event, verify passes', async () => {
    const s = b.api();
    const other = await b.another();
    // Each write appends twice around a read, so on PostgreSQL the transactions overlap: the second
    // hub's append must wait for the first's commit and chain after it.
    const writes = Array.from({ length: 16 }, (_, i) =>
      (i % 2 ? other : s).write(async (tx) => {
        const first = await tx.audit.append(event(i * 2));
        await tx.audit.recent(1);
        const second = await tx.audit.append(event(i * 2 + 1));
        return [first, second];
      }),
    );
    const appended = (await Promise.all(writes)).flat();
    const ids = appended.map((r) => r.id).sort((x, y) => x - y);
    expect(ids).toEqual(Array.from({ length: 32 }, (_, i) => i + 2));
    // A write's two appends are adjacent: the chain's tail is held until its write commits.
    for (let i = 0; i < appended.length; i += 2) expect(appended[i + 1]!.prevHash).toBe(appended[i]!.hash);
    const all = (await s.audit.recent(100)).reverse();
    expect(all).toHaveLength(33);
    expect(new Set(all.map((r) => r.actorId))).toEqual(new Set(['hub', ...Array.from({ length: 32 }, (_, i) => `u_${i}`)]));
    expect(await s.audit.verify()).toEqual({ ok: true, count: 33, keyedFrom: 1 });
    expect(await other.audit.verify()).toEqual({ ok: true, count: 33, keyedFrom: 1 });
  });

  it('an append outside a write still chains after the last row (its own transaction)', async () => {
    const s = b.api();
    const other = await b.another();
    await Promise.all([s.audit.append(event(1)), other.audit.append(event(2)), s.audit.append(event(3)), other.audit.append(event(4))]);
    expect(await s.audit.verify()).toEqual({ ok: true, count: 5, keyedFrom: 1 });
  });

  it('the digest is keyed and stable (trimmed, any case), the same from every store with the key', async () => {
    const s = b.api();
    const d = s.audit.digest('Parcel 4711');
    expect(d).toMatch(/^[0-9a-f]{32}$/);
    expect(s.audit.digest('  parcel 4711 ')).toBe(d);
    expect(s.audit.digest('parcel 4712')).not.toBe(d);
    expect((await b.another()).audit.digest('PARCEL 4711')).toBe(d);
    const elsewhere = await openAt(await freshLocation(), [randomBytes(32)]);
    expect(elsewhere.api.audit.digest('Parcel 4711')).not.toBe(d);
  });

  it('the append-only guard refuses edits and deletes of the log', async () => {
    const s = b.api();
    await s.write((tx) => tx.audit.append(event(1)));
    const raw = rawOf(b);
    await expect(sql(raw, "UPDATE audit_log SET action = 'x' WHERE id = 2")).rejects.toThrow(/append-only/);
    await expect(sql(raw, 'DELETE FROM audit_log WHERE id = 1')).rejects.toThrow(/append-only/);
    expect(await s.audit.verify()).toMatchObject({ ok: true, count: 2 });
  });

  it('verify names the first row that was edited (even with a recomputed plain hash) or removed', async () => {
    const s = b.api();
    await s.write(async (tx) => {
      for (let i = 1; i <= 4; i++) await tx.audit.append(event(i));
    });
    const raw = rawOf(b);
    await unguard(raw);
    // Without the audit key, the best a forger can do is a plain SHA-256 over the edited row.
    const forged = { ...(await rawRows(raw))[2]!, actor_id: 'u_someone_else' };
    await sql(raw, 'UPDATE audit_log SET actor_id = ?, hash = ? WHERE id = 3', [forged.actor_id, rowHash(forged)]);
    expect(await s.audit.verify()).toEqual({ ok: false, count: 3, badId: 3, reason: 'its content does not match its keyed hash (edited, or rewritten without the audit key)' });

    const t = await openAt(await freshLocation(), [randomBytes(32)]);
    await t.api.write(async (tx) => {
      for (let i = 1; i <= 4; i++) await tx.audit.append(event(i));
    });
    await unguard(t.raw);
    await sql(t.raw, 'DELETE FROM audit_log WHERE id = 3');
    expect(await t.api.audit.verify()).toEqual({ ok: false, count: 3, badId: 4, reason: 'row 3 is missing' });
  });

  it('a long log is walked to its end: an edit far down is still found, with the count up to it', async () => {
    const s = b.api();
    await s.write(async (tx) => {
      for (let i = 1; i <= 1100; i++) await tx.audit.append(event(i));
    });
    expect(await s.audit.verify()).toEqual({ ok: true, count: 1101, keyedFrom: 1 });
    const cp = await s.audit.checkpoint('2026-12-01T12:00:00.000Z');
    expect(await s.audit.verify(cp)).toEqual({ ok: true, count: 1101, keyedFrom: 1, checkpoint: { seq: 1101 } });
    const raw = rawOf(b);
    await unguard(raw);
    await sql(raw, "UPDATE audit_log SET action = 'transcript.export' WHERE id = 1050");
    expect(await s.audit.verify()).toMatchObject({ ok: false, count: 1050, badId: 1050 });
  });

  it('a relinked row (prev_hash changed) does not follow the row before it', async () => {
    const s = b.api();
    await s.write(async (tx) => {
      for (let i = 1; i <= 3; i++) await tx.audit.append(event(i));
    });
    const raw = rawOf(b);
    await unguard(raw);
    await sql(raw, 'UPDATE audit_log SET prev_hash = ? WHERE id = 3', [GENESIS_HASH]);
    expect(await s.audit.verify()).toMatchObject({ ok: false, badId: 3, reason: 'does not follow the previous row' });
  });

  it('checkpoints: signed heads; the log that grew extends one; cut short, forged or foreign ones fail', async () => {
    const s = b.api();
    await s.write((tx) => tx.audit.append(event(1)));
    await s.write((tx) => tx.audit.append(event(2)));
    const cp = await s.audit.checkpoint('2026-12-01T12:00:00.000Z');
    const [head] = await s.audit.recent(1);
    expect(cp).toEqual({ v: 1, seq: 3, hash: head!.hash, at: '2026-12-01T12:00:00.000Z', keyId: s.audit.keyId, mac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await s.audit.verify(cp)).toEqual({ ok: true, count: 3, keyedFrom: 1, checkpoint: { seq: 3 } });

    await s.write((tx) => tx.audit.append(event(3)));
    expect(await s.audit.verify(cp)).toEqual({ ok: true, count: 4, keyedFrom: 1, checkpoint: { seq: 3 } });
    expect(await s.audit.verify({ ...cp, seq: 2 })).toMatchObject({ ok: false, badId: 2, reason: 'the checkpoint is not signed with any of the audit keys given' });
    const foreign = await openAt(await freshLocation(), [randomBytes(32)]);
    await foreign.api.write((tx) => tx.audit.append(event(9)));
    expect(await s.audit.verify(await foreign.api.audit.checkpoint('2026-12-01T12:00:00.000Z'))).toMatchObject({ ok: false, reason: 'the checkpoint is not signed with any of the audit keys given' });

    // Cut back past the checkpoint: the rest is intact, so only the checkpoint tells.
    const raw = rawOf(b);
    await unguard(raw);
    await sql(raw, 'DELETE FROM audit_log WHERE id >= 3');
    expect(await s.audit.verify()).toEqual({ ok: true, count: 2, keyedFrom: 1 });
    expect(await s.audit.verify(cp)).toEqual({
      ok: false,
      count: 2,
      badId: 3,
      reason: 'the log was cut short: the checkpoint of 2026-12-01T12:00:00.000Z names row 3, but the log ends at row 2',
    });
    // Rewritten to the same length under the key (a replay of other rows): the row is not the one seen.
    await s.write((tx) => tx.audit.append(event(7)));
    expect(await s.audit.verify(cp)).toMatchObject({ ok: false, badId: 3, reason: 'row 3 is not the one the checkpoint of 2026-12-01T12:00:00.000Z saw (the log was rewritten)' });
  });

  it('a checkpoint of the empty log names row 0 and the genesis hash', async () => {
    const t = await openAt(await freshLocation(), [randomBytes(32)]);
    const raw = t.raw;
    await unguard(raw);
    await sql(raw, 'DELETE FROM audit_log');
    const cp = await t.api.audit.checkpoint('2026-12-01T12:00:00.000Z');
    expect(cp).toMatchObject({ seq: 0, hash: GENESIS_HASH });
    // Without its keyed row the log is not sealed: verify says so, checkpoint or not.
    expect(await t.api.audit.verify(cp)).toMatchObject({ ok: false, count: 0, badId: 1, reason: expect.stringMatching(/^the log is not sealed with the audit key/) });
    expect(await t.api.audit.sealed()).toBe(false);
  });

  it('after retention removed the oldest rows, verify starts at the anchor; appends continue the chain', async () => {
    const s = b.api();
    const checkpoints = [];
    for (let i = 1; i <= 6; i++) {
      await s.write((tx) => tx.audit.append(event(i)));
      checkpoints.push(await s.audit.checkpoint(`2026-12-01T11:0${i}:00.000Z`));
    }
    // Rows 1 (keyed) to 4 go; 5, 6 and 7 stay.
    await retainAfter(rawOf(b), 4, s.audit.keyId);
    expect(await s.audit.verify()).toEqual({ ok: true, count: 3, keyedFrom: 4 });
    // A checkpoint of a row retention removed: the anchor vouches for it; at the anchor, its hash does.
    expect(await s.audit.verify(checkpoints[1])).toEqual({ ok: true, count: 3, keyedFrom: 4, checkpoint: { seq: 3 } });
    expect(await s.audit.verify(checkpoints[2])).toEqual({ ok: true, count: 3, keyedFrom: 4, checkpoint: { seq: 4 } });
    expect(await s.audit.verify(checkpoints[4])).toEqual({ ok: true, count: 3, keyedFrom: 4, checkpoint: { seq: 6 } });
    const next = await s.write((tx) => tx.audit.append(event(7)));
    expect(next.id).toBe(8);
    expect(await s.audit.verify()).toEqual({ ok: true, count: 4, keyedFrom: 4 });
    // The anchor's row edited: the first retained row no longer follows it.
    const raw = rawOf(b);
    await sql(raw, 'UPDATE audit_log_anchor SET through_hash = ? WHERE id = 1', [GENESIS_HASH]);
    expect(await s.audit.verify()).toMatchObject({ ok: false, badId: 5, reason: 'does not follow the previous row' });
  });

  it('when retention removed every row, the next append chains from the anchor', async () => {
    const s = b.api();
    const last = await s.write((tx) => tx.audit.append(event(1)));
    await retainAfter(rawOf(b), last.id, s.audit.keyId);
    expect(await s.audit.recent(10)).toEqual([]);
    expect(await s.audit.verify()).toEqual({ ok: true, count: 0, keyedFrom: 2 });
    const next = await s.write((tx) => tx.audit.append(event(2)));
    expect(next).toMatchObject({ id: 3, prevHash: last.hash });
    expect(await s.audit.verify()).toEqual({ ok: true, count: 1, keyedFrom: 2 });
  });

  it('an anchor under a key not given fails verify, naming the key', async () => {
    const s = b.api();
    const last = await s.write((tx) => tx.audit.append(event(1)));
    await retainAfter(rawOf(b), last.id, 'feedfacecafebeef');
    expect(await s.audit.verify()).toEqual({
      ok: false,
      count: 0,
      badId: 3,
      reason: 'the retained log continues a stretch keyed with audit key feedfacecafebeef, which is not among the audit keys given',
    });
  });

  it('opening seals: a new desk once (hubs starting together too); a reopen does not; a new key starts its own stretch', async () => {
    const location = await freshLocation();
    const oldKey = randomBytes(32);
    const [one, two] = await Promise.all([openAt(location, [oldKey]), openAt(location, [oldKey])]);
    const seals = [one.sealed, two.sealed].filter((x) => x !== null);
    expect(seals).toHaveLength(1);
    expect(seals[0]).toMatchObject({ id: 1, action: 'audit.keyed', at: '2026-12-01T09:00:00.000Z', detail: { reason: 'new desk', keyId: keyIdOf(oldKey), rowsBefore: 0, previousKeyId: null } });
    await one.api.write((tx) => tx.audit.append(event(1)));
    expect((await openAt(location, [oldKey])).sealed).toBeNull();

    const newKey = randomBytes(32);
    const rotated = await openAt(location, [newKey, oldKey], { at: '2026-12-03T09:00:00.000Z' });
    expect(rotated.sealed).toMatchObject({ id: 3, at: '2026-12-03T09:00:00.000Z', detail: { reason: 'new key', keyId: keyIdOf(newKey), previousKeyId: keyIdOf(oldKey), rowsBefore: 2 } });
    expect(await rotated.api.audit.sealed()).toBe(true);
    const after = await rotated.api.write((tx) => tx.audit.append(event(2)));
    expect(after.id).toBe(4);
    expect(await rotated.api.audit.verify()).toEqual({ ok: true, count: 4, keyedFrom: 1 });
    // The old stretch needs the old key; a store with the old key only sees the log is not its own.
    const onlyNew = await openAt(location, [newKey], { seal: false });
    expect(await onlyNew.api.audit.verify()).toMatchObject({ ok: false, badId: 1, reason: expect.stringContaining(`audit key ${keyIdOf(oldKey)}, which is not among the audit keys given`) });
    expect(await one.api.audit.sealed()).toBe(false);
  });

  it('a store still on the old key after another rotated refuses to append, so the chain stays whole', async () => {
    const location = await freshLocation();
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const stale = await openAt(location, [oldKey]);
    await stale.api.write((tx) => tx.audit.append(event(1)));
    const rotated = await openAt(location, [newKey, oldKey], { at: '2026-12-03T09:00:00.000Z' });
    expect(rotated.sealed).toMatchObject({ id: 3, detail: { reason: 'new key' } });
    await expect(stale.api.write((tx) => tx.audit.append(event(2)))).rejects.toThrow(/continues under another audit key than this one/);
    await expect(stale.api.audit.append(event(3))).rejects.toThrow(/continues under another audit key than this one/);
    expect((await rotated.api.write((tx) => tx.audit.append(event(4)))).id).toBe(4);
    expect(await rotated.api.audit.verify()).toEqual({ ok: true, count: 4, keyedFrom: 1 });
  });

  it('a plain chain from before keys is sealed by its first keyed row ("first key"); rewriting it then breaks the seal', async () => {
    const location = await freshLocation();
    const key = randomBytes(32);
    const desk = await openAt(location, [key]);
    await unguard(desk.raw);
    await sql(desk.raw, 'DELETE FROM audit_log');
    // Three rows of a plain SHA-256 chain, as a desk from before keys wrote them.
    let prev = GENESIS_HASH;
    for (let id = 1; id <= 3; id++) {
      const row = { action: 'transcript.view', actor_id: `u_${id}`, actor_kind: 'staff', at: `2025-0${id}-01T00:00:00.000Z`, detail: '{}', id, prev_hash: prev, subject_id: `c_${id}`, subject_kind: 'conversation' };
      const hash = createHash('sha256').update(prev + JSON.stringify(row)).digest('hex');
      await sql(desk.raw, 'INSERT INTO audit_log (id, at, actor_kind, actor_id, action, subject_kind, subject_id, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)', [
        id, row.at, row.actor_kind, row.actor_id, row.action, row.subject_kind, row.subject_id, row.detail, prev, hash,
      ]);
      prev = hash;
    }
    // Opened only to read (audit verify): nothing is sealed and the unkeyed log is reported.
    const reader = await openAt(location, [key], { seal: false });
    expect(reader.sealed).toBeNull();
    expect(await reader.api.audit.verify()).toMatchObject({ ok: false, count: 3, badId: 4, reason: expect.stringMatching(/^the log is not sealed/) });

    const hub = await openAt(location, [key]);
    expect(hub.sealed).toMatchObject({ id: 4, prevHash: prev, detail: { reason: 'first key', rowsBefore: 3, previousKeyId: null } });
    expect(await hub.api.audit.verify()).toEqual({ ok: true, count: 4, keyedFrom: 4 });
    await sql(desk.raw, "UPDATE audit_log SET actor_id = 'u_nobody' WHERE id = 2");
    expect(await hub.api.audit.verify()).toMatchObject({ ok: false, badId: 2, reason: 'its content does not match its hash' });
  });

  it('without an audit key: nothing is written, digests and checkpoints are refused, verify cannot vouch', async () => {
    const location = await freshLocation();
    const key = randomBytes(32);
    const desk = await openAt(location, [key]);
    await desk.api.write((tx) => tx.audit.append(event(1)));
    const keyless = await openAt(location, [], { seal: false });
    expect(keyless.api.audit.keyId).toBeNull();
    expect(await keyless.api.audit.sealed()).toBe(false);
    await expect(keyless.api.write((tx) => tx.audit.append(event(2)))).rejects.toThrow('the audit log cannot be written without the audit key');
    await expect(keyless.api.write((tx) => tx.audit.seal('2026-12-01T12:00:00.000Z', 'new key'))).rejects.toThrow('the audit log cannot be written without the audit key');
    await expect(keyless.api.audit.checkpoint('2026-12-01T12:00:00.000Z')).rejects.toThrow('a checkpoint needs the audit key');
    expect(() => keyless.api.audit.digest('x')).toThrow('a digest needs the audit key');
    expect(await keyless.api.audit.verify()).toMatchObject({ ok: false, badId: 1, reason: expect.stringContaining(`audit key ${keyIdOf(key)}, which is not among`) });
    expect((await desk.api.audit.recent(10)).map((r) => r.id)).toEqual([2, 1]);
  });

  it('seal inside a write is a no-op while the log ends under the current key', async () => {
    const s = b.api();
    expect(await s.write((tx) => tx.audit.seal('2026-12-01T12:00:00.000Z', 'new key'))).toBeNull();
    expect(await s.audit.recent(10)).toHaveLength(1);
  });
});
