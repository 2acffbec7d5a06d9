// An incoming mail, read with mailparser and sorted: a customer's message, an automatic reply
// (RFC 3834 Auto-Submitted, Precedence, the usual X- headers) or a delivery status report (RFC
// 3464 multipart/report, or anything from the null sender). Only a customer's message is ever
// answered; a bounce names the Message-IDs of the desk's mail it reports on, so it finds its ticket.
import { simpleParser, type AddressObject, type HeaderValue } from 'mailparser';

export type InboundKind = 'message' | 'autoreply' | 'bounce';

export interface InboundAttachment {
  filename: string | null;
  contentType: string;
  content: Buffer;
}

export interface InboundMail {
  kind: InboundKind;
  messageId: string | null;
  /** In-Reply-To then References, newest last as sent; Message-IDs with their angle brackets. */
  threadIds: string[];
  from: { address: string; name: string } | null;
  subject: string;
  text: string;
  /** Content-Language, when the sender's client stated one. */
  language: string | null;
  attachments: InboundAttachment[];
  /** For a bounce: the Message-IDs of the mail it reports on, and what went wrong. */
  bounce: { originalIds: string[]; recipient: string | null; status: string | null; diagnostic: string | null } | null;
}

const AUTO_PRECEDENCE = new Set(['bulk', 'junk', 'list', 'auto_reply']);

function headerText(v: HeaderValue | undefined): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map((x) => headerText(x as HeaderValue)).join(', ');
  if (typeof v === 'object' && 'value' in v) {
    const value = (v as { value: unknown }).value;
    return typeof value === 'string' ? value : Array.isArray(value) ? value.map((a: { address?: string }) => a.address ?? '').join(', ') : '';
  }
  return String(v);
}

const ids = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : v.split(/\s+/)).map((s) => s.trim()).filter((s) => /^<[^<>\s]+>$/.test(s));

function firstAddress(a: AddressObject | AddressObject[] | undefined): { address: string; name: string } | null {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  for (const o of list) for (const v of o.value) if (v.address) return { address: v.address.toLowerCase(), name: v.name ?? '' };
  return null;
}

/** Header lines of a text/rfc822-headers or message/delivery-status part. */
function fieldsOf(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (m) out.set(m[1]!.toLowerCase(), [...(out.get(m[1]!.toLowerCase()) ?? []), m[2]!.trim()]);
  }
  return out;
}

/** `envelopeFrom`: MAIL FROM as the relay gave it ('' for the null sender), or null when unknown (IMAP). */
export async function parseInbound(raw: Buffer, envelopeFrom: string | null): Promise<InboundMail> {
  const mail = await simpleParser(raw, { skipHtmlToText: false, skipTextToHtml: true, skipImageLinks: true });
  const h = mail.headers;
  const contentType = h.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const isReport = contentType?.value?.toLowerCase() === 'multipart/report' && contentType.params?.['report-type']?.toLowerCase() === 'delivery-status';
  const from = firstAddress(mail.from);
  const fromDaemon = !!from && /^(mailer-daemon|postmaster)@/i.test(from.address);

  const autoSubmitted = headerText(h.get('auto-submitted')).trim().toLowerCase();
  const precedence = headerText(h.get('precedence')).trim().toLowerCase();
  const isAuto =
    (autoSubmitted !== '' && autoSubmitted !== 'no') ||
    AUTO_PRECEDENCE.has(precedence) ||
    h.has('x-autoreply') ||
    h.has('x-autorespond') ||
    h.has('x-auto-response-suppress') && /\b(all|oof|autoreply)\b/i.test(headerText(h.get('x-auto-response-suppress'))) ||
    h.has('list-id');

  const attachments: InboundAttachment[] = [];
  const reportParts: string[] = [];
  for (const a of mail.attachments) {
    const type = a.contentType.toLowerCase();
    if (type === 'message/delivery-status' || type === 'text/rfc822-headers' || type === 'message/rfc822' || type === 'message/global-headers') {
      reportParts.push(a.content.toString('utf8'));
      continue;
    }
    attachments.push({ filename: a.filename ?? null, contentType: type, content: a.content });
  }

  let kind: InboundKind = 'message';
  let bounce: InboundMail['bounce'] = null;
  if (isReport || envelopeFrom === '' || fromDaemon) {
    kind = 'bounce';
    // mailparser may inline the message/delivery-status part into the text: read both.
    const fields = [...reportParts, mail.text ?? ''].map(fieldsOf);
    const pick = (name: string) => fields.flatMap((f) => f.get(name) ?? [])[0] ?? null;
    const originalIds = [...new Set(fields.flatMap((f) => [...(f.get('message-id') ?? [])]).flatMap((v) => ids(v)))];
    const recipient = pick('final-recipient') ?? pick('original-recipient');
    bounce = {
      originalIds,
      recipient: recipient ? recipient.replace(/^rfc822;\s*/i, '') : null,
      status: pick('status'),
      diagnostic: pick('diagnostic-code')?.replace(/^smtp;\s*/i, '') ?? null,
    };
  } else if (isAuto) {
    kind = 'autoreply';
  }

  const text = (mail.text ?? (typeof mail.html === 'string' ? mail.html.replace(/<[^>]+>/g, ' ') : '')).replace(/\r\n/g, '\n').trim();
  const language = headerText(h.get('content-language')).split(',')[0]?.trim() || null;
  return {
    kind,
    messageId: mail.messageId ? (mail.messageId.startsWith('<') ? mail.messageId : `<${mail.messageId}>`) : null,
    threadIds: [...ids(mail.inReplyTo), ...ids(mail.references)],
    from,
    subject: (mail.subject ?? '').trim(),
    text,
    language,
    attachments,
    bounce,
  };
}

/** The customer's new words, without the quoted thread below them (the usual "On … wrote:" and "> " lines). */
export function stripQuoted(text: string): string {
  const lines = text.split('\n');
  const cut = lines.findIndex(
    (l, i) =>
      /^\s*On .+wrote:\s*$/i.test(l) ||
      (/^\s*On .+$/i.test(l) && /wrote:\s*$/i.test(lines[i + 1] ?? '')) ||
      /^-{2,}\s*Original Message\s*-{2,}/i.test(l) ||
      /^_{5,}\s*$/.test(l),
  );
  const kept = (cut >= 0 ? lines.slice(0, cut) : lines).filter((l) => !/^\s*>/.test(l));
  const out = kept.join('\n').trim();
  return out || text.trim();
}
