import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, rowHash } from '../../server/store/audit';
import { addStaff, customerToken, login, openDbDirect, startTestHub, tempDataDir } from '../helpers/hub';
import { call, connectAgent, connectCustomer, ok } from '../helpers/sockets';
import { caredesk } from '../helpers/transcripts';

describe('audit log: every staff read recorded, append-only, hash-chained', () => {
  it('records views, searches and exports with actor, time and subject; verify passes, then names the altered row', async () => {
    const dir = tempDataDir('audit');
    // A new desk's log starts with the row that keys it (docs/SECURITY.md).
    expect(caredesk(['audit', 'verify', '--data', dir]).stdout.trim()).toBe('audit log intact (1 event, keyed from row 1)');

    const hub = await startTestHub({ dataDir: dir });
    const s = await addStaff(hub, 'supervisor', 'Sue Supervisor');
    const sup = await connectAgent(hub.url, await login(hub.url, s.email));
    const customer = await connectCustomer(hub.url, await customerToken(hub.url, 'Audrey', 'audrey@shop.test'));
    const { conversation } = await ok(customer, 'chat:start', {});
    await ok(customer, 'chat:send', { conversationId: conversation.id, clientId: 'aud-00000001', body: 'hello there' });
    await ok(sup, 'conversation:open', { conversationId: conversation.id });
    await ok(sup, 'transcripts:search', { query: 'hello 4111 1111 1111 1111' });
    await ok(sup, 'transcripts:get', { conversationId: conversation.id });
    await ok(sup, 'transcripts:export', { conversationId: conversation.id, format: 'txt' });
    await ok(sup, 'transcripts:hold', { conversationId: conversation.id, reason: 'Complaint review' });
    await ok(sup, 'transcripts:release', { conversationId: conversation.id });

    const events = hub.store.audit.recent(100).reverse();
    const mine = events.filter((e) => e.actorId === s.id);
    expect(mine.map((e) => e.action)).toEqual(['conversation.view', 'transcripts.search', 'transcript.view', 'transcript.export', 'transcript.hold', 'transcript.release']);
    for (const e of mine) {
      expect(e.actorKind).toBe('staff');
      expect(Date.parse(e.at)).not.toBeNaN();
      if (e.action !== 'transcripts.search') expect(e).toMatchObject({ subjectKind: 'conversation', subjectId: conversation.id });
    }
    // The query may name a customer: the log keeps a keyed digest of it (of the masked text), never the text.
    expect(mine[1]!.detail.query).toBeUndefined();
    expect(mine[1]!.detail.queryDigest).toBe(hub.store.audit.digest('hello **** **** **** 1111'));
    expect(JSON.stringify(events)).not.toMatch(/hello|Audrey|audrey@shop\.test|Complaint review/);
    // The chain: each row links to the one before and hashes its own content.
    expect(events[0]!.prevHash).toBe(GENESIS_HASH);
    events.slice(1).forEach((e, i) => expect(e.prevHash).toBe(events[i]!.hash));

    // Append-only: the database itself refuses edits and deletes.
    expect(() => hub.store.db.prepare("UPDATE audit_log SET action = 'x' WHERE id = 1").run()).toThrow(/append-only/);
    expect(() => hub.store.db.prepare('DELETE FROM audit_log WHERE id = 1').run()).toThrow(/append-only/);

    sup.close();
    customer.close();
    await hub.close();

    const intact = caredesk(['audit', 'verify', '--data', dir]);
    expect(intact.status).toBe(0);
    expect(intact.stdout.trim()).toBe(`audit log intact (${events.length} events, keyed from row 1)`);

    // Someone with the file drops the guard and rewrites who viewed the chat.
    const viewRow = events.find((e) => e.action === 'conversation.view')!;
    const db = openDbDirect(join(dir, 'caredesk.sqlite'));
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET actor_id = 'u_someone_else' WHERE id = ?").run(viewRow.id);
    db.close();
    const broken = caredesk(['audit', 'verify', '--data', dir]);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(new RegExp(`audit log broken at row ${viewRow.id}\\b`));
  }, 120_000); // three `caredesk` processes: slow on a loaded machine

  it('a removed row, or a row rewritten with a recomputed plain hash, breaks the chain', async () => {
    const dir = tempDataDir('audit');
    const hub = await startTestHub({ dataDir: dir });
    const s = await addStaff(hub, 'admin');
    const sock = await connectAgent(hub.url, await login(hub.url, s.email));
    for (const q of ['one', 'two', 'three', 'four']) await ok(sock, 'transcripts:search', { query: q });
    sock.close();
    await hub.close();

    const db = openDbDirect(join(dir, 'caredesk.sqlite'));
    db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete');
    const rows = db.prepare("SELECT * FROM audit_log WHERE action = 'transcripts.search' ORDER BY id").all() as Record<string, string | number>[];
    // Forge row 2 with a recomputed plain SHA-256: without the audit key its keyed hash cannot be made.
    const forged = { ...rows[1]!, detail: '{"query":"nothing to see"}' } as Parameters<typeof rowHash>[0] & { hash: string };
    db.prepare('UPDATE audit_log SET detail = ?, hash = ? WHERE id = ?').run(forged.detail, rowHash(forged), forged.id);
    db.close();
    const r1 = caredesk(['audit', 'verify', '--data', dir]);
    expect(r1.status).toBe(1);
    expect(r1.stderr).toContain(`broken at row ${rows[1]!.id}: its content does not match its keyed hash`);

    const dir2 = tempDataDir('audit');
    const hub2 = await startTestHub({ dataDir: dir2 });
    const s2 = await addStaff(hub2, 'admin');
    const sock2 = await connectAgent(hub2.url, await login(hub2.url, s2.email));
    for (const q of ['one', 'two', 'three']) await ok(sock2, 'transcripts:search', { query: q });
    expect(await call(sock2, 'transcripts:search', { query: 'x', filters: { nope: 1 } })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    sock2.close();
    await hub2.close();
    const db2 = openDbDirect(join(dir2, 'caredesk.sqlite'));
    db2.exec('DROP TRIGGER audit_log_no_delete');
    const victim = (db2.prepare("SELECT id FROM audit_log WHERE action = 'transcripts.search' ORDER BY id LIMIT 1 OFFSET 1").get() as { id: number }).id;
    db2.prepare('DELETE FROM audit_log WHERE id = ?').run(victim);
    db2.close();
    const r2 = caredesk(['audit', 'verify', '--data', dir2]);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toContain(`broken at row ${victim + 1}`);
  });

  it('audit list prints the latest events (JSON for machines)', async () => {
    const dir = tempDataDir('audit');
    const hub = await startTestHub({ dataDir: dir });
    const s = await addStaff(hub, 'supervisor');
    const sock = await connectAgent(hub.url, await login(hub.url, s.email));
    await ok(sock, 'transcripts:search', { query: 'parcel' });
    sock.close();
    await hub.close();
    const r = caredesk(['audit', 'list', '--data', dir, '--json', '--limit', '1']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([expect.objectContaining({ action: 'transcripts.search', actorKind: 'staff', actorId: s.id })]);
  });
});
