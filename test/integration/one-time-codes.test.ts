// One-time codes (issue 12): emailed from the brand's care address through a real SMTP server,
// stored only hashed, valid for settings.oneTimeCodes.ttlMs, maxTries wrong tries, one use, and
// each request limited per email (settings.limits.codeRequest).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockAt } from '../../server/clock';
import type { Hub } from '../../server/hub';
import { codeIn, nextCode, textOf } from '../helpers/identity';
import { openDbDirect, startTestHub } from '../helpers/hub';
import { startSmtp } from '../helpers/transcripts';

let hub: Hub;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
const clock = clockAt(new Date('2026-03-02T15:00:00Z'), { frozen: true });

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: { code?: string; message?: string; retryAfterMs?: number }) => ({ code: e.code, message: e.message, retryAfterMs: e.retryAfterMs }),
  );

describe('one-time codes', () => {
  beforeAll(async () => {
    smtp = await startSmtp();
    hub = await startTestHub({
      clock,
      settings: {
        demoOrdersOnFirstRun: false,
        smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'care@desk.test', connectionTimeoutMs: 5000 },
        brands: { luxe: { deskName: 'Luxe Care', careAddress: 'care@luxe.test' } },
        oneTimeCodes: { digits: 6, ttlMs: 15 * 60_000, maxTries: 3 },
        limits: { codeRequest: { perEmail: { points: 4, windowMs: 60 * 60_000 } } },
      },
    });
  });
  afterAll(async () => {
    await hub?.close();
    await smtp?.close();
  });

  it('emails a 6-digit code from the brand care address; the right code works once, and only the hash is stored', async () => {
    const seen = smtp.mails.length;
    const issued = await hub.codes.request({ purpose: 'verify_email', email: 'ada@shop.test', brandId: 'luxe', widgetSessionId: null });
    expect(issued.sentTo).toBe('a•••@shop.test');
    expect(Date.parse(issued.expiresAt) - clock.now().getTime()).toBe(15 * 60_000);
    const code = await nextCode(smtp.mails, 'ada@shop.test', seen);
    const mail = smtp.mails[seen]!;
    expect(mail.from).toBe('care@luxe.test');
    expect(textOf(mail)).toContain(`Your code: ${code}`);
    expect(textOf(mail)).toContain('Luxe Care');

    const db = openDbDirect(hub.store.db.name, { readonly: true });
    const stored = JSON.stringify(db.prepare('SELECT * FROM one_time_codes').all());
    db.close();
    expect(stored).not.toContain(code);

    const record = await hub.codes.verify(issued.challengeId, code, { purpose: 'verify_email' });
    expect(record).toMatchObject({ email: 'ada@shop.test', brandId: 'luxe', purpose: 'verify_email' });
    expect(await refusal(hub.codes.verify(issued.challengeId, code, { purpose: 'verify_email' }))).toMatchObject({ code: 'code_expired' });
  });

  it('a code of one purpose or widget session proves nothing for another', async () => {
    const seen = smtp.mails.length;
    const issued = await hub.codes.request({ purpose: 'order', email: 'grace@shop.test', brandId: 'default', subject: 'PO-1', widgetSessionId: null });
    const code = await nextCode(smtp.mails, 'grace@shop.test', seen);
    expect(await refusal(hub.codes.verify(issued.challengeId, code, { purpose: 'privacy' }))).toMatchObject({ code: 'not_found' });
    expect(await refusal(hub.codes.verify(issued.challengeId, code, { purpose: 'order', widgetSessionId: 'w_other' }))).toMatchObject({ code: 'not_found' });
    expect(await hub.codes.verify(issued.challengeId, code, { purpose: 'order', widgetSessionId: null })).toMatchObject({ subject: 'PO-1' });
  });

  it('wrong codes count down the tries; after the last one even the right code is refused', async () => {
    const seen = smtp.mails.length;
    const issued = await hub.codes.request({ purpose: 'verify_email', email: 'alan@shop.test', brandId: 'default' });
    const code = await nextCode(smtp.mails, 'alan@shop.test', seen);
    const wrong = code === '000000' ? '111111' : '000000';
    expect(await refusal(hub.codes.verify(issued.challengeId, wrong, { purpose: 'verify_email' }))).toMatchObject({ code: 'code_invalid', message: expect.stringContaining('2 tries left') });
    expect(await refusal(hub.codes.verify(issued.challengeId, wrong, { purpose: 'verify_email' }))).toMatchObject({ code: 'code_invalid', message: expect.stringContaining('1 try left') });
    expect(await refusal(hub.codes.verify(issued.challengeId, wrong, { purpose: 'verify_email' }))).toMatchObject({ code: 'code_expired' });
    expect(await refusal(hub.codes.verify(issued.challengeId, code, { purpose: 'verify_email' }))).toMatchObject({ code: 'code_expired' });
  });

  it('a code expires after the configured time; a newer code replaces the older', async () => {
    let seen = smtp.mails.length;
    const first = await hub.codes.request({ purpose: 'verify_email', email: 'hedy@shop.test', brandId: 'default' });
    const firstCode = await nextCode(smtp.mails, 'hedy@shop.test', seen);
    seen = smtp.mails.length;
    const second = await hub.codes.request({ purpose: 'verify_email', email: 'hedy@shop.test', brandId: 'default' });
    const secondCode = await nextCode(smtp.mails, 'hedy@shop.test', seen);
    expect(await refusal(hub.codes.verify(first.challengeId, firstCode, { purpose: 'verify_email' }))).toMatchObject({ code: 'code_expired' });
    clock.set(new Date(clock.now().getTime() + 15 * 60_000 + 1));
    expect(await refusal(hub.codes.verify(second.challengeId, secondCode, { purpose: 'verify_email' }))).toMatchObject({ code: 'code_expired', message: expect.stringContaining('expired') });
  });

  it('code requests to one email are limited, with the time to wait', async () => {
    for (let i = 0; i < 4; i++) await hub.codes.request({ purpose: 'verify_email', email: 'marie@shop.test', brandId: 'default' });
    const r = await refusal(hub.codes.request({ purpose: 'verify_email', email: 'marie@shop.test', brandId: 'default' }));
    expect(r).toMatchObject({ code: 'rate_limited' });
    expect(r!.retryAfterMs).toBeGreaterThan(59 * 60_000);
    expect(codeIn(smtp.mails.at(-1)!)).toMatch(/^\d{6}$/);
  });
});
