// The privacy and retention command lines as docs/PRIVACY.md specifies them, on a data folder a
// real hub wrote: requests with their due dates, the access bundle, erasure with its preview and a
// postponed part, opt-outs, holds from the command line, and a scan of every file afterwards.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../server/ids';
import { addStaff, customerToken, login, openDbDirect, plainDataDir, startTestHub, tempDataDir } from '../helpers/hub';
import { connectAgent, connectCustomer, ok } from '../helpers/sockets';
import { caredesk, caredeskInProcess as cli, filesUnder, findInFiles, startSmtp } from '../helpers/transcripts';

const PRIYA = { name: 'Priya Quillfeather', email: 'priya.quillfeather@shop.test', phone: '+44 7700 900417', phrase: 'velvetpangolin umbrella' };
const HENRY = { name: 'Henry Marchbanks', email: 'henry.marchbanks@shop.test', phrase: 'zeppelinorchid teapot' };

const json = async (args: string[]) => {
  const r = await cli(args);
  if (r.status !== 0) throw new Error(`caredesk ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
};
const occurrences = (bytes: Buffer, needle: string) => {
  let n = 0;
  for (let i = bytes.indexOf(needle); i >= 0; i = bytes.indexOf(needle, i + 1)) n += 1;
  return n;
};

describe('caredesk privacy | retention | transcripts hold on a data folder a hub wrote', () => {
  // Unencrypted (settings.databaseEncryption false), so the leftover scan reads what the file holds.
  const dir = plainDataDir('privacy-cli');
  const ids: { priya: string; henry: string; attachment: string } = { priya: '', henry: '', attachment: '' };
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const lettersTo = (to: string) => smtp.mails.filter((m) => m.to.includes(to)).map((m) => /^Subject: (.*)$/m.exec(m.raw)?.[1] ?? '');

  beforeAll(async () => {
    // The commands mail the customer through settings.smtp, as the hub does.
    smtp = await startSmtp();
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ settings: { databaseEncryption: false, smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'care@desk.test', connectionTimeoutMs: 5000 } } }));
    const hub = await startTestHub({ dataDir: dir });
    const s = await addStaff(hub, 'agent');
    const agent = await connectAgent(hub.url, await login(hub.url, s.email));
    for (const who of [PRIYA, HENRY]) {
      const customer = await connectCustomer(hub.url, await customerToken(hub.url, who.name, who.email));
      const { conversation } = await ok(customer, 'chat:start', {});
      await ok(customer, 'chat:send', { conversationId: conversation.id, clientId: newId('m'), body: `My parcel: the ${who.phrase} arrived crushed` });
      await ok(agent, 'chat:send', { conversationId: conversation.id, clientId: newId('m'), body: 'Sorry to hear that, let me look.' });
      await ok(agent, 'conversation:end', { conversationId: conversation.id });
      customer.close();
      if (who === PRIYA) ids.priya = conversation.id;
      else ids.henry = conversation.id;
    }
    // A photo sent in Priya's chat, and a message she left outside hours.
    const rel = join('attachments', ids.priya, 'a1');
    mkdirSync(join(dir, 'attachments', ids.priya), { recursive: true });
    writeFileSync(join(dir, rel), `JPEG of the ${PRIYA.phrase}`);
    await hub.store.write(() =>
      hub.store.transcripts.addAttachment({ id: newId('a'), conversationId: ids.priya, messageSeq: 1, name: 'parcel.jpg', mime: 'image/jpeg', size: 10, path: rel, createdAt: new Date().toISOString() }),
    );
    await hub.tickets.create({ name: PRIYA.name, email: PRIYA.email, body: `Still waiting about the ${PRIYA.phrase}` });
    await hub.store.write(() => hub.store.privacy.correct(PRIYA.email, { phone: PRIYA.phone }));
    agent.close();
    await hub.close();
  });
  afterAll(async () => {
    await smtp?.close();
  });

  it('privacy request logs a request with its reference and due time (received + 1 calendar month, clamped)', async () => {
    const r = await json(['privacy', 'request', '--kind', 'access', '--email', PRIYA.email, '--at', '2026-01-31T12:00:00Z', '--json', '--data', dir]);
    expect(r.reference).toMatch(/^PR-2026-\d{6}$/);
    expect(r).toMatchObject({ kind: 'access', state: 'received', receivedAt: '2026-01-31T12:00:00.000Z', dueAt: '2026-02-28T12:00:00.000Z', source: 'operator' });
    const second = await json(['privacy', 'request', '--kind', 'optout', '--email', PRIYA.email, '--brand', 'default', '--at', '2026-02-01T00:00:00Z', '--json', '--data', dir]);
    expect(Number(second.reference.slice(-6))).toBe(Number(r.reference.slice(-6)) + 1);
    const text = await cli(['privacy', 'request', '--kind', 'erasure', '--email', PRIYA.email, '--data', dir]);
    expect(text.stdout).toMatch(/^Logged PR-\d{4}-\d{6}: erasure, received .+, due .+\.$/m);
    expect((await cli(['privacy', 'request', '--kind', 'sell', '--email', PRIYA.email, '--data', dir])).stderr).toMatch(/--kind must be one of/);
    expect((await cli(['privacy', 'request', '--kind', 'access', '--email', 'not-an-email', '--data', dir])).status).toBe(1);
  });

  it('privacy list shows them with due status; --due-before keeps the open ones due before it', async () => {
    const all = await json(['privacy', 'list', '--json', '--data', dir]);
    expect(all.length).toBe(3);
    expect(all[0]).toMatchObject({ kind: 'access', due: 'overdue', effectiveDueAt: '2026-02-28T12:00:00.000Z' });
    const before = await json(['privacy', 'list', '--json', '--due-before', '2026-03-01T00:00:00Z', '--data', dir]);
    expect(before.map((r: { kind: string }) => r.kind)).toEqual(['access']);
    const later = await json(['privacy', 'list', '--json', '--due-before', '2026-03-01T00:00:01Z', '--data', dir]);
    expect(later.map((r: { kind: string }) => r.kind)).toEqual(['access', 'optout']);
  });

  it('privacy export writes the access bundle as JSON, and a PDF', async () => {
    const out = join(tempDataDir('bundle'), 'priya.json');
    const pdf = out.replace('.json', '.pdf');
    const r = await cli(['privacy', 'export', '--email', PRIYA.email, '--out', out, '--pdf', pdf, '--data', dir]);
    expect(r.status).toBe(0);
    const b = JSON.parse(readFileSync(out, 'utf8'));
    expect(b.customer).toMatchObject({ name: PRIYA.name, email: PRIYA.email, phone: PRIYA.phone });
    expect(b.transcripts[0].messages[0].text).toContain(PRIYA.phrase);
    expect(b.transcripts[0].attachments[0]).toMatchObject({ name: 'parcel.jpg' });
    expect(b.tickets[0].message).toContain(PRIYA.phrase);
    expect(b.privacyRequests.length).toBe(3);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('privacy erase --dry-run previews and changes nothing; run from a script it erases everything everywhere', async () => {
    const preview = await json(['privacy', 'erase', '--email', PRIYA.email, '--dry-run', '--json', '--data', dir]);
    expect(preview).toMatchObject({ dryRun: true, found: true, postponed: [] });
    expect(preview.wouldErase).toMatchObject({ conversations: 1, messages: 2, attachments: 1, tickets: 1, customerRecord: 1 });
    expect(findInFiles(dir, [PRIYA.phrase]).length).toBeGreaterThan(0);

    // No terminal to ask at: the command itself is the operator's decision (at a terminal it asks
    // first unless --yes).
    const r = await json(['privacy', 'erase', '--email', PRIYA.email, '--json', '--data', dir]);
    expect(r).toMatchObject({ dryRun: false, postponed: [], walCheckpointed: true });
    expect(r.reference).toMatch(/^PR-\d{4}-\d{6}$/);
    expect(r.erased).toMatchObject({ conversations: 1, messages: 2, attachments: 1, tickets: 1, customerRecord: 1, widgetSessions: 1 });
    expect(lettersTo(PRIYA.email)).toEqual([`Your data has been erased (${r.reference})`]);

    // No file in the data folder holds her name, phone or words; her email only in the request records.
    expect(findInFiles(dir, [PRIYA.name, PRIYA.phone, PRIYA.phrase, 'velvetpangolin', 'Quillfeather'])).toEqual([]);
    const db = openDbDirect(join(dir, 'caredesk.sqlite'), { readonly: true });
    const requests = (db.prepare('SELECT COUNT(*) AS n FROM privacy_requests WHERE email = ?').get(PRIYA.email) as { n: number }).n;
    db.close();
    expect(requests).toBe(4);
    for (const f of filesUnder(dir)) {
      // Each request record holds it twice: the row and its index entry (privacy_requests_email).
      const expected = f.path.endsWith('caredesk.sqlite') ? 2 * requests : 0;
      expect(`${f.path}: ${occurrences(f.bytes, PRIYA.email)}`).toBe(`${f.path}: ${expected}`);
    }
    expect(caredesk(['audit', 'verify', '--data', dir]).status).toBe(0);
  });

  it('a legal hold placed from the command line postpones an erasure; released, the next run finishes it', async () => {
    const held = await cli(['transcripts', 'hold', ids.henry, '--reason', 'Litigation 2026-88', '--data', dir]);
    expect(held.stdout).toContain('is on legal hold');
    expect((await cli(['transcripts', 'hold', ids.henry, '--reason', 'again', '--data', dir])).stderr).toMatch(/already on legal hold/);

    const r = await json(['privacy', 'erase', '--email', HENRY.email, '--yes', '--json', '--data', dir]);
    expect(r.postponed).toEqual([{ kind: 'conversation', id: ids.henry, reason: 'legal_hold', detail: 'on legal hold: Litigation 2026-88' }]);
    expect(r.erased).toMatchObject({ conversations: 0, customerRecord: 0 });
    // The held transcript is overdue now, and the list says what keeps it.
    const list = await json(['transcripts', 'list', '--json', '--data', dir]);
    expect(list.find((t: { id: string }) => t.id === ids.henry)).toMatchObject({ overdue: true, keptBy: { legalHold: { reason: 'Litigation 2026-88' }, openCases: [] } });
    const text = await cli(['transcripts', 'list', '--data', dir]);
    expect(text.stdout).toContain('overdue, kept by a legal hold (Litigation 2026-88)');
    const pending = (await json(['privacy', 'list', '--json', '--data', dir])).find((x: { reference: string }) => x.reference === r.reference);
    expect(pending.state).toBe('in_progress');

    expect((await cli(['transcripts', 'release', ids.henry, '--data', dir])).stderr).toMatch(/--reason is required/);
    expect((await cli(['transcripts', 'release', ids.henry, '--reason', 'Case settled', '--data', dir])).status).toBe(0);
    const run = await json(['retention', 'run', '--json', '--data', dir]);
    expect(run.conversations).toContain(ids.henry);
    expect(run.erasuresCompleted).toEqual([r.reference]);
    // Told twice, as from the hub: what went and what was kept, then that the rest is gone.
    expect(lettersTo(HENRY.email)).toEqual([`Your data has been erased (${r.reference})`, `The rest of your data has been erased (${r.reference})`]);
    expect(findInFiles(dir, [HENRY.name, HENRY.phrase, 'zeppelinorchid'])).toEqual([]);
    const done = (await json(['privacy', 'list', '--json', '--data', dir])).find((x: { reference: string }) => x.reference === r.reference);
    expect(done.state).toBe('done');
  });

  it('retention run --now later than the real clock needs --yes; its audit events carry the real time and the simulated one', async () => {
    const future = new Date(Date.now() + 400 * 24 * 3600_000).toISOString();
    const refused = await cli(['retention', 'run', '--now', future, '--data', dir]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/later than the real clock.*--yes/);
    const dry = await json(['retention', 'run', '--now', future, '--dry-run', '--json', '--data', dir]);
    expect(dry.dryRun).toBe(true);
    const before = Date.now();
    const r = await json(['retention', 'run', '--now', future, '--yes', '--json', '--data', dir]);
    expect(r.now).toBe(future);
    const db = openDbDirect(join(dir, 'caredesk.sqlite'), { readonly: true });
    const events = db.prepare("SELECT at, detail FROM audit_log WHERE action IN ('retention.purge', 'retention.run') ORDER BY id DESC LIMIT 2").all() as { at: string; detail: string }[];
    db.close();
    for (const e of events) {
      expect(Date.parse(e.at)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(e.at)).toBeLessThan(Date.now() + 1000);
      expect(JSON.parse(e.detail).simulatedNow).toBe(future);
    }
  });

  it('retention list gives every kind with its rule and next purge', async () => {
    const kinds = await json(['retention', 'list', '--json', '--data', dir]);
    expect(kinds.map((k: { kind: string }) => k.kind)).toEqual(['transcripts', 'abandonedChats', 'tickets', 'cases', 'customers', 'widgetSessions', 'privacyRequests', 'auditEvents']);
    expect(kinds.find((k: { kind: string }) => k.kind === 'auditEvents').nextPurgeAt).toMatch(/^20\d\d-/);
    // A customer record nothing refers to is due at once.
    const db = openDbDirect(join(dir, 'caredesk.sqlite'));
    db.prepare('INSERT INTO customers (id, email, name, created_at) VALUES (?, ?, ?, ?)').run('k-nobody', 'nobody@shop.test', 'Nobody', new Date().toISOString());
    // A ticket solved since the last retention run: listed with its date at once, not after that run.
    db.prepare(
      `INSERT INTO tickets (id, ref, brand_id, customer_name, customer_email, subject, channel, status, created_at, updated_at, solved_at)
       VALUES ('t-listed', 900001, 'default', 'Sol', 'sol@shop.test', 'Solved', 'email', 'solved', '2026-01-30T08:00:00.000Z', '2026-02-02T08:00:00.000Z', '2026-01-31T09:00:00.000Z')`,
    ).run();
    db.close();
    const after = await json(['retention', 'list', '--json', '--data', dir]);
    expect(after.find((k: { kind: string }) => k.kind === 'customers').nextPurgeAt).toMatch(/^20\d\d-/);
    expect(after.find((k: { kind: string }) => k.kind === 'tickets')).toMatchObject({ nextPurgeAt: '2027-02-28T09:00:00.000Z', rows: 1 });
  });
});

describe('caredesk privacy optouts', () => {
  it('lists opt-outs per brand and group-wide, for the marketing system', async () => {
    const dir = tempDataDir('optouts');
    const hub = await startTestHub({ dataDir: dir, settings: { brands: { maison: { deskName: 'Maison' } } } });
    const actor = { kind: 'operator' as const, id: 'test' };
    for (const [email, brandId, whole, scope] of [
      ['one@shop.test', 'maison', false, 'maison'],
      // Asked through a brand's desk, for the whole group: the request says so too.
      ['two@shop.test', 'maison', true, null],
    ] as const) {
      const r = await hub.privacy.create({ kind: 'optout', email, brandId, source: 'phone', wholeGroup: whole, actor });
      expect(hub.privacy.view(r).optOutScope).toEqual({ brandId: scope });
      await hub.privacy.markVerified(actor, r.id, 'operator');
      expect((await hub.privacy.fulfil(actor, r.id)).optOutScope).toEqual({ brandId: scope });
    }
    await hub.close();
    const all = await json(['privacy', 'optouts', '--json', '--data', dir]);
    expect(all).toEqual([
      expect.objectContaining({ email: 'one@shop.test', brandId: 'maison', source: 'phone', requestReference: expect.stringMatching(/^PR-/) }),
      expect.objectContaining({ email: 'two@shop.test', brandId: null, source: 'phone' }),
    ]);
    const forDefault = await json(['privacy', 'optouts', '--brand', 'default', '--json', '--data', dir]);
    expect(forDefault.map((o: { email: string }) => o.email)).toEqual(['two@shop.test']);
    expect((await cli(['privacy', 'optouts', '--data', dir])).stdout).toMatch(/two@shop\.test {2}\(whole group\)/);
  });
});

describe('caredesk privacy request --kind correction', () => {
  it('says what to correct; without a field, or with one for another kind, it is refused and logs nothing', async () => {
    const dir = tempDataDir('privacy-correction');
    const run = (args: string[]) => cli([...args, '--data', dir]);
    const none = await run(['privacy', 'request', '--kind', 'correction', '--email', 'cleo@shop.test']);
    expect(none).toMatchObject({ status: 1, stderr: expect.stringMatching(/a correction names at least one field/) });
    expect((await run(['privacy', 'request', '--kind', 'access', '--email', 'cleo@shop.test', '--phone', '+1 212 555 0100'])).stderr).toMatch(/are for --kind correction/);
    expect((await run(['privacy', 'request', '--kind', 'correction', '--email', 'cleo@shop.test', '--new-email', 'not-an-email'])).status).toBe(1);
    expect(await json(['privacy', 'list', '--json', '--data', dir])).toEqual([]);
    const r = await json(['privacy', 'request', '--kind', 'correction', '--email', 'cleo@shop.test', '--name', 'Cleo Right', '--phone', '+1 212 555 0100', '--json', '--data', dir]);
    expect(r).toMatchObject({ kind: 'correction', state: 'received', correction: { name: 'Cleo Right', phone: '+1 212 555 0100' } });
  });
});
