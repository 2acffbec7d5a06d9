// Mail for the email-channel tests: a real SMTP client (nodemailer) talking to the hub's inbound
// listener, and reading headers out of the mail the hub sent (to the test SMTP server).
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import type { InboundMailSettings } from '../../server/config';

/** Sends one mail to the hub's listener on `port`; resolves with the Message-ID, rejects with the server's refusal. */
export async function mailTo(port: number, mail: Mail.Options): Promise<string> {
  const transport = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, connectionTimeout: 5000 });
  try {
    const info = await transport.sendMail(mail);
    return info.messageId;
  } finally {
    transport.close();
  }
}

/** A header of a raw message (first occurrence, unfolded), or null. */
export function header(raw: string, name: string): string | null {
  const head = raw.slice(0, raw.indexOf('\r\n\r\n')).replace(/\r\n[ \t]+/g, ' ');
  const m = new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(head);
  return m ? m[1]!.trim() : null;
}

/** The decoded Subject (RFC 2047 encoded words, UTF-8). */
export function subjectOf(raw: string): string {
  const s = header(raw, 'Subject') ?? '';
  return s
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=\s*/gi, (_m, enc: string, text: string) =>
      enc.toLowerCase() === 'b'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    )
    .trim();
}

/** A delivery status report (RFC 3464) for a message the desk sent, as a receiving server writes one. */
export function deliveryReport(o: { to: string; from: string; originalMessageId: string; recipient: string }): string {
  const b = 'dsn-boundary-1';
  return [
    `From: Mail Delivery System <MAILER-DAEMON@mx.shop.test>`,
    `To: ${o.to}`,
    `Subject: Undelivered Mail Returned to Sender`,
    `Message-ID: <dsn-${Date.now()}@mx.shop.test>`,
    `Auto-Submitted: auto-replied`,
    `MIME-Version: 1.0`,
    `Content-Type: multipart/report; report-type=delivery-status; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `I'm sorry to have to inform you that your message could not be delivered to ${o.recipient}.`,
    '',
    `--${b}`,
    'Content-Type: message/delivery-status',
    '',
    'Reporting-MTA: dns; mx.shop.test',
    '',
    `Final-Recipient: rfc822; ${o.recipient}`,
    'Action: failed',
    'Status: 5.1.1',
    `Diagnostic-Code: smtp; 550 5.1.1 <${o.recipient}>: Recipient address rejected: User unknown`,
    '',
    `--${b}`,
    'Content-Type: text/rfc822-headers',
    '',
    `From: ${o.from}`,
    `To: ${o.recipient}`,
    `Message-ID: ${o.originalMessageId}`,
    'Subject: Re: your order',
    '',
    `--${b}--`,
    '',
  ].join('\r\n');
}

/** The email tests' inbound mail settings (a listener on a free port, small limits), with `over` on top. */
export function testInboundMail(over: Partial<InboundMailSettings> = {}): InboundMailSettings {
  return {
    smtpPort: null,
    smtpHost: '127.0.0.1',
    hostname: 'desk.maison.test',
    tlsKeyFile: null,
    tlsCertFile: null,
    maxBytes: 2 * 1024 * 1024,
    perSenderMax: 5,
    perSenderWindowMs: 60 * 60 * 1000,
    attachmentMaxBytes: 1024 * 1024,
    attachmentsMaxPerMessage: 5,
    attachmentTypes: ['image/png', 'image/jpeg', 'application/pdf', 'text/plain'],
    imapPollMs: 60_000,
    ...over,
  };
}
