// `caredesk` given what an operator mistypes: options before the command, an option alone, a broken
// config.json, a date that is not ISO, an output folder that is not there, an unknown subcommand.
// Each gets one clear line and a failing exit, and changes nothing; customer data goes to files only
// this account can read.
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDataDir, TEST_SCRYPT } from '../helpers/hub';
import { caredeskInProcess as caredesk } from '../helpers/transcripts';
import { DB_FILE } from '../../server/store/db';

function desk(): string {
  const dir = tempDataDir('cli-input');
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ settings: { passwordScrypt: TEST_SCRYPT } }));
  return dir;
}
const auditRows = async (dir: string) => (JSON.parse((await caredesk(['audit', 'list', '--limit', '1000', '--json', '--data', dir])).stdout) as unknown[]).length;

describe('caredesk with mistyped input', () => {
  it('takes the global options before the command too', async () => {
    const dir = desk();
    expect(await caredesk(['--data', dir, 'users', 'add', '--email', 'ann@desk.test', '--name', 'Ann', '--role', 'agent'], 'a long enough password\n')).toMatchObject({ status: 0 });
    const listed = await caredesk(['--data', dir, '--json', 'users', 'list']);
    expect(listed.status).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ email: 'ann@desk.test' })]);
  });

  it('an option without a command is a usage error, not success', async () => {
    const r = await caredesk(['--bogus']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--bogus needs a command first/);
    expect(r.stdout).toMatch(/^Usage: caredesk <command>/);
    expect((await caredesk(['--help'])).status).toBe(0);
  });

  it('a data folder that is not there is an error for what reads a desk, and nothing is made there; users add makes a new desk', async () => {
    const missing = join(tempDataDir('cli-input-missing'), 'no', 'such', 'desk');
    for (const args of [['users', 'list'], ['transcripts', 'list'], ['privacy', 'list', '--json'], ['retention', 'list'], ['audit', 'verify']]) {
      const r = await caredesk([...args, '--data', missing]);
      expect(r.status, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/^caredesk: there is no data folder at .*no\/such\/desk: check --data/);
      expect(existsSync(missing)).toBe(false);
      expect(existsSync(`${missing}-keys`)).toBe(false);
    }
    // A quote with a desk's numbers from a folder that is not there would fall back to the defaults.
    const caseFile = join(tempDataDir('cli-input-quote'), 'case.json');
    writeFileSync(caseFile, JSON.stringify({ order: { paymentMethod: 'card', shipping: 'paid', international: false, deliveredAt: '2026-11-01T00:00:00Z' }, items: [{ sku: 'A', priceCents: 1000, finalSale: false }], request: { kind: 'return', at: '2026-11-03T00:00:00Z' } }));
    expect((await caredesk(['returns', 'quote', caseFile])).status).toBe(0);
    const quote = await caredesk(['returns', 'quote', caseFile, '--data', missing]);
    expect(quote.status).toBe(1);
    expect(quote.stderr).toMatch(/there is no data folder/);
    expect(existsSync(missing)).toBe(false);
    // The first admin made offline, before any hub ran there (docs/OPERATIONS.md).
    const added = await caredesk(['users', 'add', '--data', missing, '--email', 'admin@desk.test', '--name', 'Ada Admin', '--role', 'admin'], 'a long enough password\n');
    expect(added.status).toBe(0);
    expect(existsSync(join(missing, DB_FILE))).toBe(true);
    expect((await caredesk(['users', 'list', '--data', missing])).status).toBe(0);
  });

  it('a config.json that is not JSON is one line naming the problem, no stack trace', async () => {
    const dir = tempDataDir('cli-input-config');
    writeFileSync(join(dir, 'config.json'), '{ "settings": ');
    const r = await caredesk(['users', 'list', '--data', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^caredesk: .*config\.json/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a stray word is refused with the command named, where it would have been ignored; TEXT… takes many', async () => {
    const dir = desk();
    const stray = await caredesk(['transcripts', 'list', 'everything', '--data', dir]);
    expect(stray.status).toBe(1);
    expect(stray.stderr).toMatch(/unexpected "everything" in caredesk transcripts list: see caredesk transcripts --help/);
    // `users disable ann@desk.test` (the --email forgotten) stops at the stray word, before anything.
    const forgot = await caredesk(['users', 'disable', 'ann@desk.test', '--email', 'bob@desk.test', '--data', dir]);
    expect(forgot.stderr).toMatch(/unexpected "ann@desk\.test"/);
    const digest = await caredesk(['audit', 'digest', 'ada', 'lovelace', '--data', dir]);
    expect(digest.status).toBe(0);
    expect(digest.stdout.trim()).toBe((await caredesk(['audit', 'digest', 'ada lovelace', '--data', dir])).stdout.trim());
  });

  it('a database file that is no database at all is said to be that, not a wrong key', async () => {
    const dir = desk();
    writeFileSync(join(dir, DB_FILE), 'these are notes an operator saved over the database\n');
    const r = await caredesk(['users', 'list', '--data', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is not a caredesk database \(neither SQLite nor an encrypted one\)/);
    expect(r.stderr).not.toMatch(/wrong key/);
  });

  it('refuses a --now that is not an ISO date, although Date would read it', async () => {
    const dir = desk();
    for (const now of ['1', 'Dec 1 2026']) {
      const r = await caredesk(['retention', 'run', '--dry-run', '--now', now, '--data', dir]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/--now must be an ISO date/);
    }
  });

  it('an unknown subcommand creates no data folder', async () => {
    const dir = join(tempDataDir('cli-input-new'), 'desk');
    const r = await caredesk(['users', 'frob', '--data', dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/unknown users command: frob; use add, list/);
    expect(existsSync(dir)).toBe(false);
  });

  it('an export to a folder that is not there fails before anything is recorded; a good one is readable by this account only', async () => {
    const dir = desk();
    const before = await auditRows(dir);
    const bad = await caredesk(['privacy', 'export', '--email', 'ada@shop.test', '--out', join(dir, 'missing', 'ada.json'), '--data', dir]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/cannot write .*ada\.json: its folder does not exist/);
    expect(await auditRows(dir)).toBe(before);

    const outDir = join(dir, 'exports');
    mkdirSync(outDir);
    const ok = await caredesk(['privacy', 'export', '--email', 'ada@shop.test', '--out', join(outDir, 'ada.json'), '--data', dir]);
    expect(ok.status).toBe(0);
    expect(statSync(join(outDir, 'ada.json')).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dir, DB_FILE))).toBe(true);
  });
});
