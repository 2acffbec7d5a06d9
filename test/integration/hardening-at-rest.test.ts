// Issue 12, "at rest": the data folder 0700 and every file in it 0600 after a real run (database,
// WAL, SHM, photos, key files, exports), also where an older version left them readable; the
// database encrypted with SQLCipher — unreadable without its key, readable with it, by the hub and
// every `caredesk` command alike; a plain database is refused until `caredesk store encrypt`; and
// secrets are refused in config.json, read from the environment or a 0600 file instead.
import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, readSecret } from '../../server/config';
import { defaultKeyDir } from '../../server/keys';
import { DB_FILE, isPlainDatabase, openDbFile } from '../../server/store/db';
import { PNG, openDesk, upload } from '../helpers/cases';
import { customerToken, plainDataDir, startTestHub, tempDataDir } from '../helpers/hub';
import { connectCustomer, ok } from '../helpers/sockets';
import { caredesk, caredeskInProcess } from '../helpers/transcripts';

/** Every file and folder under `dir` with its permission bits. */
function modes(dir: string): { path: string; dir: boolean; mode: string }[] {
  const out = [{ path: dir, dir: true, mode: (statSync(dir).mode & 0o777).toString(8) }];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...modes(p));
    else out.push({ path: p, dir: false, mode: (statSync(p).mode & 0o777).toString(8) });
  }
  return out;
}

const loose = (dir: string) => modes(dir).filter((m) => m.mode !== (m.dir ? '700' : '600'));

const SECRET_WORD = 'zanzibarquux';

async function chatOnce(url: string, body: string): Promise<string> {
  const c = await connectCustomer(url, await customerToken(url, 'Rest Customer'));
  const { conversation } = await ok(c, 'chat:start', {});
  await ok(c, 'chat:send', { conversationId: conversation.id, clientId: `rest-${Date.now()}`, body });
  c.close();
  return conversation.id as string;
}

describe('file modes after a run (issue 12)', () => {
  it('data folder 0700, database, WAL, SHM, photos and keys 0600 — including what an older version left readable', async () => {
    const dir = tempDataDir('modes');
    // What an older version left: a readable folder, a readable stray file and uploads folder.
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'uploads'), { mode: 0o755 });
    writeFileSync(join(dir, 'uploads', 'old.png'), PNG);
    chmodSync(join(dir, 'uploads'), 0o755);
    chmodSync(join(dir, 'uploads', 'old.png'), 0o644);
    expect(loose(dir).length).toBe(3);
    process.umask(0o022); // a usual umask: the hub must not depend on the caller's

    const desk = await openDesk({ dataDir: dir });
    try {
      const { case: c } = await ok(desk.agent, 'cases:open-claim', { conversationId: desk.conversationId, orderId: 'PO-300', skus: ['VASE'], claimKind: 'damaged', description: 'Arrived broken' });
      expect((await upload(desk.hub.url, desk.customerToken, c.id, PNG)).status).toBe(200);
      // While the hub runs: the WAL and SHM are there, and private.
      const names = modes(dir).map((m) => m.path);
      expect(names.some((p) => p.endsWith(`${DB_FILE}-wal`))).toBe(true);
      expect(names.some((p) => p.endsWith(`${DB_FILE}-shm`))).toBe(true);
      expect(names.some((p) => /uploads\/.+\/ev_[0-9a-f]+\.png$/.test(p))).toBe(true);
      expect(loose(dir)).toEqual([]);
    } finally {
      await desk.close();
    }
    expect(loose(dir)).toEqual([]);
    // The keys live beside the data folder, never in it, and are private too.
    const keys = defaultKeyDir(dir);
    expect(readdirSync(keys).sort()).toEqual(['audit.key', 'db.key']);
    expect(loose(keys)).toEqual([]);

    // A `caredesk` command (another process, the usual umask) keeps it so, and its export is private.
    const out = join(tempDataDir('export'), 'chat.txt');
    const list = JSON.parse(caredesk(['transcripts', 'list', '--data', dir, '--json']).stdout) as { id: string }[];
    const r = caredesk(['transcripts', 'export', list[0]!.id, '--format', 'txt', '--out', out, '--data', dir]);
    expect(r.status).toBe(0);
    expect((statSync(out).mode & 0o777).toString(8)).toBe('600');
    expect(loose(dir)).toEqual([]);
  }, 120_000);
});

describe('the database encrypted at rest (issue 12)', () => {
  it('unreadable without the key — as raw bytes, to plain SQLite, to SQLCipher without or with a wrong key — and readable with it', async () => {
    const dir = tempDataDir('encrypted');
    const hub = await startTestHub({ dataDir: dir });
    const conversationId = await chatOnce(hub.url, `My parcel code is ${SECRET_WORD}`);
    await hub.close();

    const file = join(dir, DB_FILE);
    expect(isPlainDatabase(file)).toBe(false);
    for (const name of readdirSync(dir).filter((n) => n.startsWith(DB_FILE))) {
      const bytes = readFileSync(join(dir, name));
      expect(bytes.includes(Buffer.from(SECRET_WORD))).toBe(false);
      expect(bytes.includes(Buffer.from('Rest Customer'))).toBe(false);
    }
    expect(() => new Database(file, { readonly: true }).prepare('SELECT * FROM messages').all()).toThrow(/not a database/);
    expect(() => openDbFile(file, { readonly: true })).toThrow(/encrypted and no database key was given/);
    expect(() => openDbFile(file, { readonly: true, key: Buffer.alloc(32, 7) })).toThrow(/wrong key for this data folder/);

    const key = Buffer.from(readFileSync(join(defaultKeyDir(dir), 'db.key'), 'utf8').trim(), 'hex');
    const db = openDbFile(file, { readonly: true, key });
    try {
      expect(db.prepare('SELECT body FROM messages WHERE conversation_id = ?').all(conversationId)).toEqual([{ body: `My parcel code is ${SECRET_WORD}` }]);
    } finally {
      db.close();
    }
    // Every `caredesk` command opens it with the same key; with another key in CAREDESK_DB_KEY it says why it cannot.
    expect(JSON.parse(caredesk(['transcripts', 'list', '--data', dir, '--json']).stdout)).toEqual([expect.objectContaining({ id: conversationId })]);
    const wrong = join(tempDataDir('wrongkey'), 'db.key');
    writeFileSync(wrong, 'ab'.repeat(32), { mode: 0o600 });
    const refused = await caredeskInProcess(['transcripts', 'list', '--data', dir, '--db-key-file', wrong]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/wrong key for this data folder/);
  }, 120_000);

  it('a plain database is refused while encryption is on, until `caredesk store encrypt`; then nothing is lost', async () => {
    const dir = plainDataDir('to-encrypt');
    const hub = await startTestHub({ dataDir: dir });
    const conversationId = await chatOnce(hub.url, `before encryption ${SECRET_WORD}`);
    await hub.close();
    expect(isPlainDatabase(join(dir, DB_FILE))).toBe(true);
    expect(readFileSync(join(dir, DB_FILE)).includes(Buffer.from(SECRET_WORD)) || readFileSync(join(dir, `${DB_FILE}-wal`)).includes(Buffer.from(SECRET_WORD))).toBe(true);

    writeFileSync(join(dir, 'config.json'), JSON.stringify({ settings: { databaseEncryption: true } }));
    await expect(startTestHub({ dataDir: dir })).rejects.toThrow(/not encrypted, but settings.databaseEncryption is on.*caredesk store encrypt/);

    const r = await caredeskInProcess(['store', 'encrypt', '--data', dir]);
    expect(r).toMatchObject({ status: 0, stdout: expect.stringContaining(`Encrypted ${join(dir, DB_FILE)}`) });
    expect(isPlainDatabase(join(dir, DB_FILE))).toBe(false);
    expect(readFileSync(join(dir, DB_FILE)).includes(Buffer.from(SECRET_WORD))).toBe(false);
    expect(existsSync(join(dir, `${DB_FILE}-wal`)) && readFileSync(join(dir, `${DB_FILE}-wal`)).includes(Buffer.from(SECRET_WORD))).toBe(false);

    const again = await startTestHub({ dataDir: dir });
    try {
      expect(again.store.transcripts.page(conversationId, undefined, 10).messages.map((m) => m.body)).toEqual([`before encryption ${SECRET_WORD}`]);
    } finally {
      await again.close();
    }
  }, 120_000);
});

describe('secrets never in config.json (issue 12)', () => {
  const withConfig = (settings: Record<string, unknown>) => {
    const dir = tempDataDir('secrets');
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ settings }));
    return dir;
  };

  it('a config.json holding a secret is refused at start, saying where the secret goes instead', async () => {
    const smtp = withConfig({ smtp: { host: 'mail.example', pass: 'hunter2hunter2' } });
    expect(() => loadConfig(smtp)).toThrow(/holds a secret at settings\.smtp\.pass.*CAREDESK_SMTP_PASSWORD.*settings\.smtp\.passFile/);
    await expect(startTestHub({ dataDir: smtp })).rejects.toThrow(/Secrets never go in config\.json/);
    const cli = await caredeskInProcess(['users', 'list', '--data', smtp]);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/settings\.smtp\.pass/);
    expect(() => loadConfig(withConfig({ brands: { luxe: { identitySecret: 's3cr3t-s3cr3t' } } }))).toThrow(/settings\.brands\.luxe\.identitySecret/);
    expect(() => loadConfig(withConfig({ auditKey: 'ab'.repeat(32) }))).toThrow(/CAREDESK_AUDIT_KEY/);
  });

  it('the SMTP password comes from CAREDESK_SMTP_PASSWORD or a 0600 file named by settings.smtp.passFile', () => {
    const file = join(tempDataDir('pass'), 'smtp.pass');
    writeFileSync(file, 'from-the-file\n');
    chmodSync(file, 0o644);
    const dir = withConfig({ smtp: { host: 'mail.example', passFile: file } });
    expect(() => loadConfig(dir)).toThrow(/can be read by other users.*chmod 600/);
    chmodSync(file, 0o600);
    expect(loadConfig(dir).settings.smtp.pass).toBe('from-the-file');
    const before = process.env.CAREDESK_SMTP_PASSWORD;
    process.env.CAREDESK_SMTP_PASSWORD = 'from-the-environment';
    try {
      expect(loadConfig(dir).settings.smtp.pass).toBe('from-the-environment');
    } finally {
      if (before === undefined) delete process.env.CAREDESK_SMTP_PASSWORD;
      else process.env.CAREDESK_SMTP_PASSWORD = before;
    }
    expect(() => readSecret({ file: join(dir, 'missing'), label: 'the brand secret' })).toThrow(/the brand secret: the file .* does not exist/);
  });

  it('a brand mailbox\'s IMAP password comes from a 0600 file named by imap.passFile, never from config.json', () => {
    const imap = { host: 'imap.example', port: 993, secure: true, user: 'care@maison.example', mailbox: 'INBOX' };
    expect(() => loadConfig(withConfig({ brands: { maison: { imap: { ...imap, pass: 'hunter2hunter2' } } } }))).toThrow(/settings\.brands\.maison\.imap\.pass.*settings\.brands\.maison\.imap\.passFile/);
    const dir = withConfig({ brands: { maison: { imap: { ...imap, passFile: 'imap.pass' } } } });
    writeFileSync(join(dir, 'imap.pass'), 'mailbox-secret\n', { mode: 0o600 });
    expect(loadConfig(dir).settings.brands.maison!.imap!.pass).toBe('mailbox-secret');
  });
});

describe('caredesk store beside a running hub', () => {
  it('a database the hub holds is refused with the cause named: stop the hub first', async () => {
    const dir = tempDataDir('store-busy');
    const hub = await startTestHub({ dataDir: dir });
    try {
      // The hub keeps its write connection; re-encrypting needs the file to itself.
      const r = await caredeskInProcess(['store', 'decrypt', '--data', dir]);
      expect(r).toMatchObject({ status: 1, stderr: expect.stringMatching(/stop the hub running on this data folder, then try again/) });
    } finally {
      await hub.close();
    }
  }, 60_000);
});
