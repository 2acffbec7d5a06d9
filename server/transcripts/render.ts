// A transcript as the customer may see it: plain text, HTML, JSON or PDF. Private notes never
// appear: only the kinds of message the customer saw in the chat are rendered.
import PDFDocument from 'pdfkit';
import type { Message } from '../../shared/protocol/schemas';
import type { ExportFormat } from '../../shared/protocol/transcripts';
import { brandDesk, type HubSettings } from '../config';
import type { Store } from '../store/index';
import { DeskError } from '../../shared/protocol/errors';

/** What the customer saw in the chat. Anything else (private notes, when they exist) stays out. */
const CUSTOMER_VISIBLE = new Set<string>(['customer', 'agent', 'system']);

export interface TranscriptDoc {
  deskName: string;
  conversationId: string;
  brandId: string;
  customer: { name: string; email: string };
  startedAt: string;
  endedAt: string | null;
  messages: Message[];
  /** When this copy was made (from the hub's clock). */
  generatedAt: Date;
}

export interface Rendered {
  fileName: string;
  mime: string;
  body: Buffer;
}

export function loadTranscriptDoc(store: Store, settings: HubSettings, conversationId: string, generatedAt: Date): TranscriptDoc {
  const c = store.conversations.get(conversationId);
  if (!c) throw new DeskError('not_found', 'No such conversation.');
  return {
    deskName: brandDesk(settings, c.brandId).deskName,
    conversationId: c.id,
    brandId: c.brandId,
    customer: { name: c.customer.name, email: c.customer.email },
    startedAt: c.createdAt,
    endedAt: c.endedAt,
    messages: store.conversations.messagesAfter(c.id, 0, Number.MAX_SAFE_INTEGER).filter((m) => CUSTOMER_VISIBLE.has(m.author.kind)),
    generatedAt,
  };
}

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;
const who = (m: Message) => (m.author.kind === 'system' ? m.author.name || 'System' : m.author.name);

function headerLines(d: TranscriptDoc): string[] {
  return [
    `Customer: ${d.customer.name} <${d.customer.email}>`,
    `Conversation: ${d.conversationId}`,
    `Started: ${when(d.startedAt)}${d.endedAt ? `   Ended: ${when(d.endedAt)}` : ''}`,
  ];
}

export function renderText(d: TranscriptDoc): string {
  const lines = [`${d.deskName}: chat transcript`, ...headerLines(d), ''];
  for (const m of d.messages) lines.push(`[${when(m.createdAt)}] ${who(m)}: ${m.body}`);
  return lines.join('\n') + '\n';
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Self-contained HTML with inline styles only: it is also the body of the copy email. */
export function renderHtml(d: TranscriptDoc): string {
  const rows = d.messages
    .map(
      (m) =>
        `<tr><td style="color:#666;white-space:nowrap;vertical-align:top;padding:4px 8px">${escapeHtml(when(m.createdAt))}</td>` +
        `<td style="font-weight:bold;vertical-align:top;padding:4px 8px">${escapeHtml(who(m))}</td>` +
        `<td style="vertical-align:top;padding:4px 8px;white-space:pre-wrap">${escapeHtml(m.body)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(d.deskName)}: chat transcript</title></head>
<body style="font-family:Helvetica,Arial,sans-serif;font-size:14px;color:#222">
<h1 style="font-size:18px">${escapeHtml(d.deskName)}: chat transcript</h1>
${headerLines(d)
  .map((l) => `<p style="margin:2px 0;color:#444">${escapeHtml(l)}</p>`)
  .join('\n')}
<table style="border-collapse:collapse;margin-top:12px">
${rows}
</table>
</body></html>
`;
}

export function renderJson(d: TranscriptDoc): string {
  return JSON.stringify(
    {
      deskName: d.deskName,
      conversation: { id: d.conversationId, brandId: d.brandId, customer: d.customer, startedAt: d.startedAt, endedAt: d.endedAt },
      messages: d.messages.map((m) => ({ seq: m.seq, at: m.createdAt, author: { kind: m.author.kind, name: m.author.name }, body: m.body })),
      generatedAt: d.generatedAt.toISOString(),
    },
    null,
    2,
  );
}

export function renderPdf(d: TranscriptDoc, opts: { fontFile: string | null }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // CreationDate from the hub's clock, so a copy is reproducible and testable.
    const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: `${d.deskName}: chat transcript`, Author: d.deskName, CreationDate: d.generatedAt } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const regular = 'body';
    const bold = 'body-bold';
    if (opts.fontFile) {
      doc.registerFont(regular, opts.fontFile);
      doc.registerFont(bold, opts.fontFile);
    } else {
      doc.registerFont(regular, 'Helvetica');
      doc.registerFont(bold, 'Helvetica-Bold');
    }
    doc.font(bold).fontSize(16).text(`${d.deskName}: chat transcript`);
    doc.moveDown(0.5).font(regular).fontSize(10).fillColor('#444');
    for (const l of headerLines(d)) doc.text(l);
    doc.moveDown().fillColor('#000');
    for (const m of d.messages) {
      doc.font(bold).fontSize(10).text(`${who(m)}  `, { continued: true }).font(regular).fillColor('#666').text(when(m.createdAt));
      doc.fillColor('#000').fontSize(11).text(m.body).moveDown(0.5);
    }
    doc.end();
  });
}

const MIME: Record<ExportFormat, string> = {
  txt: 'text/plain; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json',
  pdf: 'application/pdf',
};

export async function renderTranscript(d: TranscriptDoc, format: ExportFormat, opts: { fontFile: string | null }): Promise<Rendered> {
  const fileName = `transcript-${d.conversationId}.${format}`;
  const body =
    format === 'pdf'
      ? await renderPdf(d, opts)
      : Buffer.from(format === 'txt' ? renderText(d) : format === 'html' ? renderHtml(d) : renderJson(d), 'utf8');
  return { fileName, mime: MIME[format], body };
}
