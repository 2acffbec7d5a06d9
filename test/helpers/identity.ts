// Helpers for the identity tests (issue 12): one-time codes read from a real SMTP server's mail,
// and identity tokens signed as a store's server would sign them.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { mimeParts, type ReceivedMail } from './transcripts';
import { until } from './sockets';

/** The code in a one-time-code email (its subject ends with it). */
export function codeIn(mail: ReceivedMail): string {
  const subject = /^Subject: (.*)$/im.exec(mail.raw)?.[1] ?? '';
  const m = /(\d{6})\s*$/.exec(subject);
  if (!m) throw new Error(`no code in the subject "${subject}"`);
  return m[1]!;
}

/** Waits for the next mail to `to` after `seen` mails, and returns its code. */
export async function nextCode(mails: ReceivedMail[], to: string, seen: number): Promise<string> {
  await until(() => mails.slice(seen).some((m) => m.to.includes(to)), 10_000, `a code mailed to ${to}`);
  return codeIn(mails.slice(seen).find((m) => m.to.includes(to))!);
}

export function textOf(mail: ReceivedMail): string {
  return mimeParts(mail.raw)
    .filter((p) => p.type === 'text/plain')
    .map((p) => p.body.toString('utf8'))
    .join('\n');
}

/** A secret in a file of its own, as an operator would keep it (settings.brands[b].identitySecretFiles). */
export function secretFile(secret: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'caredesk-secret-'));
  const file = join(dir, 'identity.secret');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return file;
}

export const STORE_SECRET = 'store-secret-for-tests-0123456789abcdef';

/** An identity token as the store's server signs it (HS256). */
export async function identityToken(
  claims: { sub?: string; email?: string; name?: string; jti?: string },
  opts: { secret?: string; iat?: number; exp?: number; alg?: string } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ email: claims.email, name: claims.name, ...(claims.jti ? { jti: claims.jti } : {}) })
    .setProtectedHeader({ alg: opts.alg ?? 'HS256' })
    .setIssuedAt(opts.iat ?? now)
    .setExpirationTime(opts.exp ?? now + 300);
  if (claims.sub) jwt.setSubject(claims.sub);
  return jwt.sign(new TextEncoder().encode(opts.secret ?? STORE_SECRET));
}
