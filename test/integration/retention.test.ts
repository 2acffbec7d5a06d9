import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockAt } from '../../server/clock';
import type { Hub } from '../../server/hub';
import { newId } from '../../server/ids';
import { purgeAt } from '../../shared/domain/retention';
import { addStaff, customerToken, login, openDbDirect, plainDataDir, startTestHub, tempDataDir } from '../helpers/hub';
import { call, connectAgent, connectCustomer, ok, type AgentSocket } from '../helpers/sockets';
import { caredesk, caredeskInProcess, findInFiles } from '../helpers/transcripts';

const T0 = new Date('2025-01-31T10:00:00.000Z');
const BATCH = 7;

describe('retention: a run with an injected clock deletes exactly the transcripts that are due', () => {
  let hub: Hub;
  const clock = clockAt(T0, { frozen: true });
  let supervisor: AgentSocket;
  let agent: AgentSocket;
  const ids: Record<'due' | 'held' | 'later' | 'open', string> = { due: '', held: '', later: '', open: '' };
  const files: Record<string, string> = {};

  let chats = 0;
  /** A chat through the real sockets: customer writes `n` messages with `word`, agent ends it. */
  async function chat(word: string, n: number, end: boolean): Promise<string> {
    const customer = await connectCustomer(hub.url, await customerToken(hub.url, 'Rita Retention', `rita${++chats}@shop.test`));
    const { conversation } = await ok(customer, 'chat:start', {});
    for (let i = 0; i < n; i++) await ok(customer, 'chat:send', { conversationId: conversation.id, clientId: `${word}-${String(i).padStart(4, '0')}`, body: `${word} message ${i}` });
    await ok(agent, 'chat:send', { conversationId: conversation.id, clientId: `${word}-agent-01`, body: `About your ${word}` });
    if (end) await ok(agent, 'conversation:end', { conversationId: conversation.id });
    customer.close();
    return conversation.id;
  }

  function attach(conversationId: string, name: string): string {
    const rel = join('attachments', conversationId, newId('a'));
    mkdirSync(join(hub.store.dataDir, 'attachments', conversationId), { recursive: true });
    writeFileSync(join(hub.store.dataDir, rel), `photo bytes of ${name}`);
    void hub.store.write(() =>
      hub.store.transcripts.addAttachment({ id: newId('a'), conversationId, messageSeq: 1, name, mime: 'image/jpeg', size: 20, path: rel, createdAt: T0.toISOString() }),
    );
    return join(hub.store.dataDir, rel);
  }

  let staffEmails: { supervisor: string; agent: string };
  /** Moves the clock; staff sign in again, since their sessions idle out across such jumps. */
  async function at(d: Date): Promise<void> {
    clock.set(d);
    supervisor?.close();
    agent?.close();
    supervisor = await connectAgent(hub.url, await login(hub.url, staffEmails.supervisor));
    agent = await connectAgent(hub.url, await login(hub.url, staffEmails.agent));
  }

  const ftsCount = (word: string) => (hub.store.db.prepare('SELECT COUNT(*) AS n FROM messages_fts WHERE messages_fts MATCH ?').get(`"${word}"`) as { n: number }).n;
  const messageCount = (id: string) => (hub.store.db.prepare('SELECT COUNT(*) AS n FROM messages WHERE conversation_id = ?').get(id) as { n: number }).n;

  beforeAll(async () => {
    // Plain SQLite: the test scans the files for purged words (an encrypted file hides them anyway).
    hub = await startTestHub({ dataDir: plainDataDir('retention'), clock, policy: { retention: { purgeBatchSize: BATCH } } });
    staffEmails = { supervisor: (await addStaff(hub, 'supervisor')).email, agent: (await addStaff(hub, 'agent')).email };
    await at(T0);

    ids.due = await chat('zanzibarquux', 3 * BATCH + 2, true);
    ids.held = await chat('heldwordplugh', 4, true);
    const later = new Date(T0.getTime() + 40 * 24 * 3600_000);
    await at(later);
    ids.later = await chat('laterwordxyzzy', 4, true);
    ids.open = await chat('openwordfrob', 2, false);
    files.due = attach(ids.due, 'receipt.jpg');
    files.held = attach(ids.held, 'box.jpg');
    await ok(supervisor, 'transcripts:tag', { conversationId: ids.due, tag: 'damaged' });
    await ok(supervisor, 'transcripts:comment', { conversationId: ids.due, body: 'Handled well.' });
    await ok(supervisor, 'transcripts:hold', { conversationId: ids.held, reason: 'Litigation 2025-17' });
    await at(T0);
  });
  afterAll(async () => {
    supervisor?.close();
    agent?.close();
    await hub?.close();
  });

  it('ending a conversation sets its purge date (end + 13 months, clamped) in the same write', async () => {
    const meta = (await ok(supervisor, 'transcripts:get', { conversationId: ids.due, limit: 1 })).meta;
    expect(meta.conversation.endedAt).toBe(T0.toISOString());
    expect(meta.purgeAt).toBe('2026-02-28T10:00:00.000Z');
    expect(meta.purgeAt).toBe(purgeAt(T0, 13).toISOString());
    const open = (await ok(supervisor, 'transcripts:get', { conversationId: ids.open, limit: 1 })).meta;
    expect(open.purgeAt).toBeNull();
    const held = (await ok(supervisor, 'transcripts:get', { conversationId: ids.held, limit: 1 })).meta;
    expect(held.hold).toMatchObject({ reason: 'Litigation 2025-17' });
  });

  it('nothing is purged a moment before the purge date', async () => {
    await at(new Date(Date.parse('2026-02-28T10:00:00.000Z') - 1));
    const r = await hub.retention.run();
    expect(r.conversations).toEqual([]);
    expect(messageCount(ids.due)).toBe(3 * BATCH + 3);
  });

  it('at the purge date: messages, index rows, attachment rows and files, tags and comments go; holds and later ones stay', async () => {
    await at(new Date('2026-02-28T10:00:00.000Z'));
    // Indexed now rather than at the hub's next indexing tick (migration 0012), so the purge has index rows to remove.
    hub.store.searchIndex.indexPending();
    expect(ftsCount('zanzibarquux')).toBe(3 * BATCH + 3);
    const r = await hub.retention.run();
    expect(r.conversations).toEqual([ids.due]);
    expect(r).toMatchObject({ messages: 3 * BATCH + 3, attachments: 1, attachmentFiles: 1, tags: 1, comments: 1, heldByLegalHold: 1, failed: [] });

    expect(hub.store.conversations.get(ids.due)).toBeUndefined();
    expect(messageCount(ids.due)).toBe(0);
    expect(ftsCount('zanzibarquux')).toBe(0);
    expect(existsSync(files.due!)).toBe(false);
    expect(hub.store.db.prepare('SELECT COUNT(*) AS n FROM attachments WHERE conversation_id = ?').get(ids.due)).toEqual({ n: 0 });
    expect(hub.store.db.prepare('SELECT COUNT(*) AS n FROM conversation_tags WHERE conversation_id = ?').get(ids.due)).toEqual({ n: 0 });
    // The index is consistent with its content table after the deletes.
    expect(() => hub.store.db.prepare("INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')").run()).not.toThrow();

    // On hold, not yet due, and still open: all untouched.
    expect(messageCount(ids.held)).toBe(5);
    expect(existsSync(files.held!)).toBe(true);
    expect(ftsCount('heldwordplugh')).toBe(5);
    expect(messageCount(ids.later)).toBe(5);
    expect(messageCount(ids.open)).toBe(3);

    // The purged words are gone from every file (WAL checkpointed), and search no longer finds
    // them (searched last: the audit log records the query itself).
    expect(r.walCheckpointed).toBe(true);
    expect(findInFiles(hub.store.dataDir, ['zanzibarquux', 'Handled well.', 'receipt.jpg'])).toEqual([]);
    expect((await ok(supervisor, 'transcripts:search', { query: 'zanzibarquux' })).total).toBe(0);
  });

  it('each run is an audit event with its counts', () => {
    const runs = hub.store.audit.recent(50).filter((e) => e.action === 'retention.purge');
    expect(runs[0]).toMatchObject({ actorKind: 'system', detail: { conversations: 1, conversationIds: [ids.due], messages: 3 * BATCH + 3, heldByLegalHold: 1 } });
  });

  it('only a supervisor or an admin may hold or release; released, the transcript goes at the next run', async () => {
    expect(await call(agent, 'transcripts:release', { conversationId: ids.held })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(agent, 'transcripts:hold', { conversationId: ids.later, reason: 'I want it' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await call(supervisor, 'transcripts:hold', { conversationId: ids.held, reason: 'again' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const meta = await ok(supervisor, 'transcripts:release', { conversationId: ids.held });
    expect(meta.hold).toBeNull();
    const r = await hub.retention.run();
    expect(r.conversations).toEqual([ids.held]);
    expect(existsSync(files.held!)).toBe(false);
    expect(ftsCount('heldwordplugh')).toBe(0);
    expect(messageCount(ids.later)).toBe(5);
  });

  it('a later run, past the later purge date, takes the next one; the chat nobody ended ended by itself and goes 13 months on', async () => {
    // POLICY §3b: its customer left (no socket, no message) long ago, so it ended (at an earlier
    // run) 30 minutes after their last message, and its transcript is kept 13 months from then.
    await at(new Date('2027-01-01T00:00:00.000Z'));
    const r = await hub.retention.run();
    expect([...r.conversations].sort()).toEqual([ids.later, ids.open].sort());
    expect(messageCount(ids.open)).toBe(0);
  });

  it('a seam for cases: a conversation linked to an open case is kept', async () => {
    const dir = tempDataDir('retention-case');
    const c2 = clockAt(T0, { frozen: true });
    const h = await startTestHub({ dataDir: dir, clock: c2, openCase: () => true });
    try {
      const s = await addStaff(h, 'agent');
      const sock = await connectAgent(h.url, await login(h.url, s.email));
      const cust = await connectCustomer(h.url, await customerToken(h.url));
      const { conversation } = await ok(cust, 'chat:start', {});
      await ok(cust, 'chat:send', { conversationId: conversation.id, clientId: 'case-00000001', body: 'my claim' });
      await ok(sock, 'conversation:end', { conversationId: conversation.id });
      c2.set(new Date('2030-01-01T00:00:00Z'));
      const r = await h.retention.run();
      expect(r).toMatchObject({ conversations: [], heldByOpenCase: 1 });
      sock.close();
      cust.close();
    } finally {
      await h.close();
    }
  });
});

describe('caredesk retention run (CLI)', () => {
  it('purges what is due as of --now and prints it (JSON with --json); a second run finds nothing', async () => {
    const dir = tempDataDir('retention-cli');
    const hub = await startTestHub({ dataDir: dir, clock: clockAt(T0, { frozen: true }) });
    const s = await addStaff(hub, 'agent');
    const agent = await connectAgent(hub.url, await login(hub.url, s.email));
    const customer = await connectCustomer(hub.url, await customerToken(hub.url));
    const { conversation } = await ok(customer, 'chat:start', {});
    await ok(customer, 'chat:send', { conversationId: conversation.id, clientId: 'cli-00000001', body: 'old news' });
    await ok(agent, 'conversation:end', { conversationId: conversation.id });
    agent.close();
    customer.close();
    await hub.close();

    const early = caredesk(['retention', 'run', '--data', dir, '--now', '2026-01-01T00:00:00Z', '--json']);
    expect(early.stderr).toBe('');
    expect(JSON.parse(early.stdout)).toMatchObject({ conversations: [], messages: 0 });

    const due = caredesk(['retention', 'run', '--data', dir, '--now', '2026-03-01T00:00:00Z']);
    expect(due.status).toBe(0);
    expect(due.stdout).toMatch(/Purged 1 transcript\(s\) due by 2026-03-01T00:00:00.000Z: 1 message\(s\)/);
    expect(due.stdout).toContain(conversation.id);

    const again = caredesk(['retention', 'run', '--data', dir, '--now', '2026-03-01T00:00:00Z', '--json']);
    expect(JSON.parse(again.stdout).conversations).toEqual([]);
    const db = openDbDirect(join(dir, 'caredesk.sqlite'), { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM conversations').get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT actor_kind FROM audit_log WHERE action = 'retention.purge' ORDER BY id DESC LIMIT 1").get()).toEqual({ actor_kind: 'operator' });
    db.close();

    expect(caredesk(['retention', 'run', '--data', dir, '--now', 'yesterday']).stderr).toMatch(/--now must be an ISO date/);
  }, 120_000); // several `caredesk` processes or hub restarts: slow on a loaded machine
});

describe('caredesk retention run beside a running hub', () => {
  it("does not end a chat whose customer is connected but quiet: it goes by when the hub last saw them", async () => {
    const dir = tempDataDir('retention-beside-hub');
    const idle = { chatIdleEndMs: 1500, chatIdleCheckMs: 100 };
    // The command reads the folder's config.json: the same idle time as the hub's.
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ policy: { retention: idle } }));
    const hub = await startTestHub({ dataDir: dir, policy: { retention: idle } });
    try {
      const customer = await connectCustomer(hub.url, await customerToken(hub.url, 'Quinn Quiet'));
      const { conversation } = await ok(customer, 'chat:start', {});
      await ok(customer, 'chat:send', { conversationId: conversation.id, clientId: 'quiet-0000001', body: 'Let me find the receipt' });
      await new Promise((r) => setTimeout(r, 2 * idle.chatIdleEndMs));
      // The command line sees no socket; before, it ended this chat as abandoned.
      const r = await caredeskInProcess(['retention', 'run', '--data', dir, '--json']);
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout).chatsEnded).toEqual([]);
      expect((await hub.api.conversations.get(conversation.id))?.status).not.toBe('ended');
      customer.close();
    } finally {
      await hub.close();
    }
  });
});
