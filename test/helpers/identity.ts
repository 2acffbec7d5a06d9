// Helpers for the identity tests (issue 12): one-time codes read from a real SMTP server's mail,
// and identity tokens signed as a store's server would sign them.
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

export { identityToken, secretFile, STORE_SECRET } from './identityToken';
