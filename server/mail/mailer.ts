// Outgoing mail over SMTP (nodemailer), configured in HubSettings.smtp. The rest of the hub sees
// only `Mailer`, so tests and other transports can stand in.
import nodemailer from 'nodemailer';
import type { SmtpSettings } from '../config';

export interface OutgoingMail {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments: { filename: string; content: Buffer; contentType: string }[];
  /** Threading (RFC 5322): the desk's own Message-ID, and the customer's mail it answers. */
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  /** e.g. Auto-Submitted: auto-replied on acknowledgements (RFC 3834), so auto-responders stay quiet. */
  headers?: Record<string, string>;
}

export interface Mailer {
  /** Resolves when the server accepted the message; rejects with its reason otherwise. */
  send(mail: OutgoingMail): Promise<{ messageId: string; response: string }>;
  close(): void;
}

export function smtpMailer(s: SmtpSettings): Mailer {
  const transport = nodemailer.createTransport({
    host: s.host,
    port: s.port,
    secure: s.secure,
    auth: s.user ? { user: s.user, pass: s.pass ?? '' } : undefined,
    connectionTimeout: s.connectionTimeoutMs,
    greetingTimeout: s.connectionTimeoutMs,
    socketTimeout: s.connectionTimeoutMs,
  });
  return {
    async send(mail) {
      const info = await transport.sendMail(mail);
      return { messageId: info.messageId, response: info.response };
    },
    close: () => transport.close(),
  };
}

/**
 * The reason to record for a failed send: the SMTP server's own reply when there is one
 * ("550 5.1.1 <x@y>: Recipient address rejected"), else the connection error.
 */
export function mailFailureReason(e: unknown): string {
  const err = e as { response?: unknown; message?: unknown; code?: unknown };
  if (typeof err?.response === 'string' && err.response) return err.response;
  const message = typeof err?.message === 'string' ? err.message : String(e);
  return typeof err?.code === 'string' ? `${err.code}: ${message}` : message;
}
