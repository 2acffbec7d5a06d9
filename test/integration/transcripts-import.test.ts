import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { purgeAt } from '../../shared/domain/retention';
import { openDbDirect, tempDataDir } from '../helpers/hub';
import { caredesk, caredeskInProcess as cli } from '../helpers/transcripts';

const DAY = 24 * 3600_000;
const iso = (msAgo: number) => new Date(Date.now() - msAgo).toISOString();

const record = (externalId: string, extra: Record<string, unknown> = {}) => ({
  externalId,
  brand: 'maison',
  customer: { name: 'Imogen Import', email: `${externalId}@shop.test` },
  startedAt: iso(3 * DAY),
  endedAt: iso(2 * DAY),
  messages: [
    { at: iso(3 * DAY), author: { kind: 'customer', name: 'Imogen Import' }, body: `Hello from ${externalId}, my card is 5555-5555-5555-4444` },
    { at: iso(3 * DAY - 60_000), author: { kind: 'note', name: 'Old Agent' }, body: 'Private: customer seemed upset' },
    { at: iso(3 * DAY - 120_000), author: { kind: 'agent', name: 'Old Agent' }, body: 'Thanks, let me check.' },
  ],
  ...extra,
});

describe('caredesk transcripts import | export | list', () => {
  const dir = tempDataDir('import');
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ settings: { brands: { maison: { deskName: 'Maison Care' } } } }));
  const src = join(tempDataDir('import-src'), 'provider-export.jsonl');
  const lines = [
    JSON.stringify(record('ext-1')),
    '{"externalId": "ext-broken", "customer": ', // 2: not JSON
    JSON.stringify({ ...record('ext-3'), customer: { name: 'No Email' } }), // 3: schema
    JSON.stringify(record('ext-4', { startedAt: '2020-01-01T10:00:00Z', endedAt: '2020-01-01T11:00:00Z', messages: [{ at: '2020-01-01T10:00:00Z', author: { kind: 'customer', name: 'Imogen Import' }, body: 'Hello' }] })), // 4: expired
    JSON.stringify(record('ext-5', { brand: undefined })),
    '',
    JSON.stringify(record('ext-1')), // 7: same externalId again
    JSON.stringify(record('ext-8', { messages: [{ at: iso(2 * DAY), author: { kind: 'customer', name: 'X' }, body: 'x'.repeat(4001) }] })), // 8: too long
    JSON.stringify(record('ext-9', { endedAt: iso(4 * DAY) })), // 9: ends before it starts
    JSON.stringify(record('ext-10', { brand: 'maisonn' })), // 10: a brand the desk does not have
    JSON.stringify(record('ext-11', { messages: [{ at: iso(DAY), author: { kind: 'agent', name: 'X' }, body: 'Late' }] })), // 11: a message after the chat ended
    JSON.stringify(record('ext-12', { messages: [{ at: iso(4 * DAY), author: { kind: 'agent', name: 'X' }, body: 'Early' }] })), // 12: before it started
  ];
  writeFileSync(src, lines.join('\n') + '\n');

  const count = (sql: string) => {
    const db = openDbDirect(join(dir, 'caredesk.sqlite'), { readonly: true });
    try {
      return (db.prepare(sql).get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('imports the good lines, reports each bad one with its line number, skips and counts expired ones', () => {
    const r = caredesk(['transcripts', 'import', src, '--data', dir, '--json']);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      lines: 11,
      imported: 2,
      duplicates: 1,
      expired: 1,
      notesSkipped: 2,
      errors: [
        { line: 2, message: 'not valid JSON' },
        { line: 3, message: expect.stringContaining('customer.email') },
        { line: 8, message: 'messages.0.body: longer than 4000 characters' },
        { line: 9, message: expect.stringContaining('endedAt is before startedAt') },
        { line: 10, message: 'brand: "maisonn" is not a brand of this desk (its brands: default, maison)' },
        { line: 11, message: expect.stringContaining('messages.0.at: is after endedAt') },
        { line: 12, message: expect.stringContaining('messages.0.at: is before startedAt') },
      ],
    });
    const err = r.stderr.trim().split('\n');
    expect(err).toHaveLength(7);
    expect(err[0]).toBe(`${src}:2: not valid JSON (nothing from this line was stored)`);
    // Nothing of a bad line is stored; the bad JSON line's text is never echoed.
    expect(r.stderr).not.toContain('customer": ');
    expect(count("SELECT COUNT(*) AS n FROM conversations WHERE external_id IN ('ext-3', 'ext-4', 'ext-8', 'ext-9', 'ext-10', 'ext-11', 'ext-12')")).toBe(0);
    expect(count("SELECT COUNT(*) AS n FROM customers WHERE email IN ('ext-3@shop.test', 'ext-4@shop.test', 'ext-8@shop.test', 'ext-9@shop.test', 'ext-10@shop.test', 'ext-11@shop.test', 'ext-12@shop.test')")).toBe(0);
    expect(count('SELECT COUNT(*) AS n FROM conversations')).toBe(2);
    expect(count('SELECT COUNT(*) AS n FROM messages')).toBe(4);
  });

  it('masks card numbers, leaves private notes out, and applies retention to imported transcripts', async () => {
    const list = JSON.parse((await cli(['transcripts', 'list', '--data', dir, '--json'])).stdout);
    expect(list).toHaveLength(2);
    const one = list.find((t: { externalId: string }) => t.externalId === 'ext-1');
    expect(one).toMatchObject({ brandId: 'maison', status: 'ended', messageCount: 2, held: false, customer: { name: 'Imogen Import', email: 'ext-1@shop.test' } });
    const source = record('ext-1');
    expect(one.purgeAt).toBe(purgeAt(new Date(one.endedAt), 13).toISOString());
    expect(Math.abs(Date.parse(one.endedAt) - Date.parse(source.endedAt))).toBeLessThan(10 * 60_000);
    expect(list.find((t: { externalId: string }) => t.externalId === 'ext-5').brandId).toBe('default');

    const txt = await cli(['transcripts', 'export', one.id, '--format', 'txt', '--data', dir]);
    expect(txt.status).toBe(0);
    expect(txt.stdout).toContain('Imogen Import: Hello from ext-1, my card is ****-****-****-4444');
    expect(txt.stdout).toContain('Old Agent: Thanks, let me check.');
    expect(txt.stdout).not.toContain('Private');
    expect(count("SELECT COUNT(*) AS n FROM messages WHERE body LIKE '%5555-5555%'")).toBe(0);
  });

  it('re-importing the same file adds nothing', async () => {
    const r = await cli(['transcripts', 'import', src, '--data', dir, '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ imported: 0, duplicates: 3, expired: 1 });
    expect(count('SELECT COUNT(*) AS n FROM conversations')).toBe(2);
    expect(count('SELECT COUNT(*) AS n FROM messages')).toBe(4);
  });

  it('exports JSON, HTML and PDF (to a file); every export and import is in the audit log', async () => {
    const listed = JSON.parse((await cli(['transcripts', 'list', '--data', dir, '--json'])).stdout);
    // Both imported chats ended within the same minutes, so the list order between them is not a contract.
    const one = listed.find((t: { externalId: string }) => t.externalId === 'ext-1');
    const out = join(tempDataDir('export'), 'copy.pdf');
    const pdf = caredesk(['transcripts', 'export', one.id, '--format', 'pdf', '--out', out, '--data', dir]);
    expect(pdf.status).toBe(0);
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    const json = JSON.parse((await cli(['transcripts', 'export', one.id, '--format', 'json', '--data', dir])).stdout);
    expect(json).toMatchObject({ deskName: 'Maison Care', conversation: { id: one.id } });
    expect(json.messages.map((m: { author: { kind: string } }) => m.author.kind)).toEqual(['customer', 'agent']);
    const html = (await cli(['transcripts', 'export', one.id, '--format', 'html', '--data', dir])).stdout;
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('Hello from ext-1, my card is ****-****-****-4444');
    expect((await cli(['transcripts', 'export', one.id, '--format', 'pdf', '--data', dir])).stderr).toMatch(/needs --out/);
    expect((await cli(['transcripts', 'export', one.id, '--format', 'docx', '--data', dir])).stderr).toMatch(/--format must be one of/);
    const missing = await cli(['transcripts', 'export', 'c_nope', '--format', 'txt', '--data', dir]);
    expect(missing).toMatchObject({ status: 1, stderr: expect.stringMatching(/No such conversation/) });
    expect(count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'transcript.export' AND actor_kind = 'operator'")).toBe(4);
    expect(count("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'transcripts.import'")).toBe(2);
    expect((await cli(['transcripts', 'import', join(dir, 'missing.jsonl'), '--data', dir])).stderr).toMatch(/cannot read/);
    expect((await cli(['audit', 'verify', '--data', dir])).status).toBe(0);
  });

  it('a desk made by an import judged --now years back still stamps its audit log with the real time', async () => {
    const fresh = join(tempDataDir('import-now'), 'desk');
    const empty = join(tempDataDir('import-now-src'), 'empty.jsonl');
    writeFileSync(empty, '');
    const before = Date.now();
    expect(await cli(['transcripts', 'import', empty, '--data', fresh, '--now', '2020-01-02T00:00:00Z'])).toMatchObject({ status: 0 });
    const events = JSON.parse((await cli(['audit', 'list', '--data', fresh, '--json'])).stdout) as { action: string; at: string }[];
    // The new desk's first event and the import: written now, so in time order and kept 6 years from now.
    expect(events.map((e) => e.action)).toEqual(['audit.keyed', 'transcripts.import']);
    for (const e of events) expect(Date.parse(e.at)).toBeGreaterThanOrEqual(before - 1000);
  });
});
