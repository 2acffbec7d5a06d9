// One-time codes emailed to an address, to prove the person at the widget reads that mailbox
// (issue 12; DESIGN "Who is who"). Used for a customer's own email (verify_email), for the email
// of an order a case is opened on (order), and for privacy requests (privacy).
//
// API (small on purpose):
//   const codes = oneTimeCodes({ store, clock, settings, mailer, limits, log });
//   const { challengeId, expiresAt, sentTo } = await codes.request({ purpose, email, brandId, subject?, widgetSessionId?, address?, context? });
//     Emails a fresh code (settings.oneTimeCodes: digits, ttlMs, maxTries) from the brand's care
//     address; a newer code for the same purpose, address, subject and widget session replaces
//     the older. Limited per client address, per email and per brand (settings.limits.codeRequest).
//     `sentTo` is the address with most of it hidden, safe to show to whoever asked.
//   const record = await codes.verify(challengeId, code, { purpose, widgetSessionId?, address? });
//     Resolves with the code's record (email, brandId, subject…) once, for the right code of the
//     right purpose (and widget session, when one asked for it); the code is used up then.
//     Refusals: code_invalid (wrong; the message says how many tries are left), code_expired
//     (expired, used, or out of tries: request a new one), not_found (unknown challenge, or one of
//     another purpose or widget session), rate_limited (settings.limits.codeTry).
// Codes are stored only as salted SHA-256 hashes and compared in constant time.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { DeskError } from '../../shared/protocol/errors';
import type { Clock } from '../clock';
import { brandDesk, type HubSettings } from '../config';
import { newId } from '../ids';
import { mailFailureReason, type Mailer } from '../mail/mailer';
import type { Limits } from '../limits/limits';
import type { Log } from '../realtime/handle';
import type { CodeRecord } from '../store/identity';
import type { StoreApi } from '../store/api';

export const CODE_PURPOSES = ['verify_email', 'order', 'privacy'] as const;
export type CodePurpose = (typeof CODE_PURPOSES)[number];

export interface CodeRequest {
  purpose: CodePurpose;
  email: string;
  brandId: string;
  /** What the code is about, e.g. an order id; a code proves nothing about any other subject. */
  subject?: string | null;
  /** The widget session that asked: only it may enter the code. */
  widgetSessionId?: string | null;
  /** The client's address, for the limits. */
  address?: string | null;
  /** One sentence for the email saying what the code is for (defaults per purpose). */
  context?: string;
  /**
   * The customer gives the code to staff, who enter it (a privacy request logged by phone, email or
   * in a chat): the email says so instead of "enter it in the chat, tell nobody".
   */
  toldToStaff?: boolean;
}

export interface IssuedCode {
  challengeId: string;
  expiresAt: string;
  /** The address the code went to, mostly hidden: "a•••@example.com". */
  sentTo: string;
}

const SUBJECT: Record<CodePurpose, string> = {
  verify_email: 'Your verification code',
  order: 'Confirm it is your order',
  privacy: 'Confirm your privacy request',
};

const CONTEXT: Record<CodePurpose, string> = {
  verify_email: 'Someone asked to confirm this email address in a chat with us.',
  order: 'Someone asked customer care for help with an order placed with this email address.',
  privacy: 'Someone asked us to act on the personal data we hold for this email address.',
};

/** "ada@example.com" → "a•••@example.com": enough for the person to recognise, not to learn. */
export function hideEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '•••';
  return `${email[0]}•••${email.slice(at)}`;
}

const hash = (salt: string, code: string) => createHash('sha256').update(`${salt}:${code}`).digest();

export function oneTimeCodes(deps: { store: StoreApi; clock: Clock; settings: () => HubSettings; mailer: Mailer; limits: Limits; log: Log }) {
  const { store, clock, settings, mailer, limits, log } = deps;

  return {
    async request(r: CodeRequest): Promise<IssuedCode> {
      await limits.consume('codeRequest', { address: r.address, email: r.email, brand: r.brandId });
      const s = settings();
      const { digits, ttlMs } = s.oneTimeCodes;
      const code = String(randomInt(0, 10 ** digits)).padStart(digits, '0');
      const now = clock.now();
      const salt = randomBytes(16).toString('hex');
      const record = {
        id: newId('otc'),
        purpose: r.purpose,
        email: r.email,
        brandId: r.brandId,
        subject: r.subject ?? null,
        widgetSessionId: r.widgetSessionId ?? null,
        salt,
        codeHash: hash(salt, code).toString('hex'),
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + ttlMs).toISOString(),
      };
      await store.write(async (tx) => {
        await tx.identity.prune(now.toISOString());
        await tx.identity.addCode(record);
      });
      const { deskName, from } = brandDesk(s, r.brandId);
      const minutes = Math.round(ttlMs / 60_000);
      const how = r.toldToStaff
        ? ['Give the code to the care adviser handling your request (on the phone, or in a reply to our email) to confirm it was you.', 'If you did not ask us, ignore this email and give the code to nobody: nothing happens without it.']
        : ['Enter the code in the chat to confirm it was you.', 'If it was not you, ignore this email: nothing happens without the code. Never tell the code to anyone, not even to us on the phone.'];
      const text = [`Your code: ${code}`, `${r.context ?? CONTEXT[r.purpose]} ${how[0]} It works for ${minutes} minutes.`, how[1], deskName].join('\n\n');
      try {
        await mailer.send({
          from: { name: deskName, address: from },
          to: r.email,
          subject: `${SUBJECT[r.purpose]}: ${code}`,
          text,
          html: text
            .split('\n\n')
            .map((p) => `<p>${p.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)}</p>`)
            .join('\n'),
          attachments: [],
        });
      } catch (e) {
        // The id and the reason only: never the address or the code.
        log('warn', 'one-time code not sent', { challengeId: record.id, reason: mailFailureReason(e) });
        await store.writeCalls((tx) => tx.identity.useCode(record.id, clock.now().toISOString()));
        throw new DeskError('internal', 'The code could not be emailed just now. Try again in a few minutes.');
      }
      return { challengeId: record.id, expiresAt: record.expiresAt, sentTo: hideEmail(r.email) };
    },

    async verify(challengeId: string, code: string, expect: { purpose: CodePurpose; widgetSessionId?: string | null; address?: string | null }): Promise<CodeRecord> {
      const c = await store.identity.code(challengeId);
      if (!c || c.purpose !== expect.purpose || (expect.widgetSessionId !== undefined && c.widgetSessionId !== expect.widgetSessionId)) {
        throw new DeskError('not_found', 'No such code request. Ask for a new code.');
      }
      await limits.consume('codeTry', { address: expect.address, brand: c.brandId });
      const { maxTries } = settings().oneTimeCodes;
      const now = clock.now();
      if (c.usedAt || Date.parse(c.expiresAt) <= now.getTime() || c.tries >= maxTries) {
        throw new DeskError('code_expired', c.usedAt ? 'That code was already used or replaced. Ask for a new code.' : c.tries >= maxTries ? 'Too many wrong codes. Ask for a new code.' : 'That code has expired. Ask for a new code.');
      }
      const matches = (x: CodeRecord) => timingSafeEqual(hash(x.salt, code.trim()), Buffer.from(x.codeHash, 'hex'));
      const right = matches(c);
      // A code from an earlier email, which this one replaced: said so, and no try is counted.
      if (!right && (await store.identity.replacedBy(c)).some(matches)) {
        throw new DeskError('code_expired', 'That code was already used, or replaced by a newer one: use the code in the latest email.');
      }
      const outcome = await store.write(async (tx) => {
        const tries = await tx.identity.countTry(c.id);
        if (tries === null || tries > maxTries) return 'used' as const;
        if (!right) return maxTries - tries;
        return await tx.identity.useCode(c.id, now.toISOString()) ? ('ok' as const) : ('used' as const);
      });
      if (outcome === 'ok') return { ...c, usedAt: now.toISOString() };
      if (outcome === 'used') throw new DeskError('code_expired', 'That code was already used or replaced. Ask for a new code.');
      if (outcome <= 0) throw new DeskError('code_expired', 'That code is not right, and it was the last try. Ask for a new code.');
      throw new DeskError('code_invalid', `That code is not right. ${outcome} ${outcome === 1 ? 'try' : 'tries'} left.`);
    },
  };
}
export type OneTimeCodes = ReturnType<typeof oneTimeCodes>;
