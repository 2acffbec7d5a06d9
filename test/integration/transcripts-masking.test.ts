import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maskCardNumbers } from '../../shared/domain/cardMask';
import { addStaff, customerToken, login, plainDataDir, startTestHub, tempDataDir } from '../helpers/hub';
import { connectAgent, connectCustomer, ok } from '../helpers/sockets';
import { caredesk, findInFiles, startSmtp } from '../helpers/transcripts';

const panCases = (JSON.parse(readFileSync(new URL('../../../shared/cases/pan.json', import.meta.url), 'utf8')) as { cases: { text: string; stored: string }[] }).cases;

/** Card numbers as people type them; each is checked to be one the masker recognises. */
const CARDS = [
  ...panCases.filter((c) => c.text !== c.stored).map((c) => c.text),
  'visa 4012 8888 8888 1881 exp 01/29',
  'discover 6011-1111-1111-1117',
  'jcb 3530111333300000',
  'mc 2223 0031 2200 3222',
];

/** Every way the digits of a card could sit in a file: as typed, bare, in fours with spaces or hyphens. */
function rawForms(text: string): string[] {
  const forms = new Set<string>();
  for (const m of text.match(/\d[\d -]{11,}\d/g) ?? []) {
    const digits = m.replace(/\D/g, '');
    if (digits.length < 13) continue;
    forms.add(m);
    forms.add(digits);
    forms.add(digits.replace(/(\d{4})(?=\d)/g, '$1 '));
    forms.add(digits.replace(/(\d{4})(?=\d)/g, '$1-'));
    // Any 8-digit stretch that is not the last four: a partial leak is a leak too.
    forms.add(digits.slice(0, 8));
  }
  return [...forms];
}

describe('card numbers never reach the disk: not the database, not its WAL, not a log', () => {
  it('sent through the widget and the console, typed into review fields, and imported from a file', async () => {
    for (const c of CARDS) expect(maskCardNumbers(c)).not.toBe(c);
    const needles = CARDS.flatMap(rawForms);
    expect(needles.length).toBeGreaterThan(20);

    // Plain SQLite: the test scans every file for card numbers (an encrypted file hides them anyway).
    const dir = plainDataDir('masking');
    const logged: string[] = [];
    const smtp = await startSmtp();
    const hub = await startTestHub({
      dataDir: dir,
      log: (level, msg, extra) => logged.push(`${level} ${msg} ${JSON.stringify(extra ?? {})}`),
      settings: { smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'care@desk.test', connectionTimeoutMs: 5000 } },
    });
    const sup = await addStaff(hub, 'supervisor');
    const supervisor = await connectAgent(hub.url, await login(hub.url, sup.email));
    const customer = await connectCustomer(hub.url, await customerToken(hub.url, `Ada ${CARDS[0]}`, 'ada@shop.test'));
    const { conversation } = await ok(customer, 'chat:start', {});
    const conversationId = conversation.id;
    for (const [i, body] of CARDS.entries()) {
      const { message } = await ok(customer, 'chat:send', { conversationId, clientId: `mask-cust-${i}-0000`, body });
      expect(message.body).toBe(maskCardNumbers(body));
    }
    await ok(supervisor, 'chat:send', { conversationId, clientId: 'mask-agent-00001', body: `Confirming ${CARDS[1]}` });
    await ok(supervisor, 'transcripts:tag', { conversationId, tag: 'card 4012888888881881' });
    await ok(supervisor, 'transcripts:comment', { conversationId, body: `Customer pasted ${CARDS[2]}` });
    await ok(supervisor, 'transcripts:hold', { conversationId, reason: `Fraud report about ${CARDS[3]}` });
    await ok(supervisor, 'transcripts:search', { query: CARDS[4] });
    await ok(supervisor, 'transcripts:send-copy', { conversationId, to: 'ada.alt@shop.test', reason: `asked, card ${CARDS[5]}` });
    await hub.copies.idle();
    await ok(supervisor, 'conversation:end', { conversationId });

    // The import file lives outside the data folder: only what the desk stores is under test.
    const src = join(tempDataDir('masking-src'), 'import.jsonl');
    const at = new Date().toISOString();
    writeFileSync(
      src,
      CARDS.map((c, i) =>
        JSON.stringify({
          externalId: `legacy-${i}`,
          customer: { name: `Legacy ${c}`, email: `legacy${i}@shop.test` },
          startedAt: at,
          endedAt: at,
          messages: [
            { at, author: { kind: 'customer', name: 'Legacy Customer' }, body: `Please charge ${c}` },
            { at, author: { kind: 'agent', name: `Agent ${c}` }, body: 'Done.' },
          ],
        }),
      ).join('\n'),
    );
    const imported = caredesk(['transcripts', 'import', src, '--data', dir, '--json']);
    expect(imported.stderr).toBe('');
    expect(JSON.parse(imported.stdout)).toMatchObject({ imported: CARDS.length, errors: [] });

    // The stored text is there, masked...
    const stored = hub.store.transcripts.page(conversationId, undefined, 100).messages.map((m) => m.body);
    expect(stored).toContain('My card is **** **** **** 1111, exp 12/27');
    // ...while the hub is running, so the WAL holds the recent writes, and again after it closed.
    const files = (await import('../helpers/transcripts')).filesUnder(dir).map((f) => f.path);
    expect(files.some((f) => f.endsWith('caredesk.sqlite-wal'))).toBe(true);
    expect(findInFiles(dir, needles)).toEqual([]);

    supervisor.close();
    customer.close();
    await hub.close();
    await smtp.close();
    expect(findInFiles(dir, needles)).toEqual([]);
    // Nor in anything the hub logged, nor in the mail that went out.
    expect(logged.filter((l) => needles.some((n) => l.includes(n)))).toEqual([]);
    expect(smtp.mails.length).toBe(1);
    expect(needles.filter((n) => smtp.mails[0]!.raw.includes(n))).toEqual([]);
  }, 120_000); // several `caredesk` processes or hub restarts: slow on a loaded machine
});
