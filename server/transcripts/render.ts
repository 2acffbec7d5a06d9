// A transcript as the customer may see it: plain text, HTML, JSON or PDF. Private notes never
// appear: only the kinds of message the customer saw in the chat are rendered.
import PDFDocument from 'pdfkit';
import type { Message } from '../../shared/protocol/schemas';
import type { ExportFormat } from '../../shared/protocol/transcripts';
import { brandDesk, type HubSettings } from '../config';
import type { StoreApi } from '../store/api';
import { DeskError } from '../../shared/protocol/errors';
import { isRtl, pickLocale, type Locale } from '../../shared/i18n/locales';
import { formatDateTime, t } from '../../shared/i18n/messages';
import { fontPicker } from './pdfFonts';

/** What the customer saw in the chat. Anything else (private notes, when they exist) stays out. */
const CUSTOMER_VISIBLE = new Set<string>(['customer', 'agent', 'system']);

export interface TranscriptDoc {
  deskName: string;
  /** The brand's colour, for the PDF's header band. */
  accentColor: string;
  conversationId: string;
  brandId: string;
  customer: { name: string; email: string };
  startedAt: string;
  endedAt: string | null;
  messages: Message[];
  /** When this copy was made (from the hub's clock). */
  generatedAt: Date;
  /** The customer's language and time zone (as the widget reported them), for every word and time. */
  locale: Locale;
  timeZone: string;
}

export interface Rendered {
  fileName: string;
  mime: string;
  body: Buffer;
}

export async function loadTranscriptDoc(store: StoreApi, settings: HubSettings, conversationId: string, generatedAt: Date): Promise<TranscriptDoc> {
  const c = await store.conversations.get(conversationId);
  if (!c) throw new DeskError('not_found', 'No such conversation.');
  return {
    deskName: brandDesk(settings, c.brandId).deskName,
    accentColor: settings.brands[c.brandId]?.accentColor ?? settings.widgetAccentColor,
    conversationId: c.id,
    brandId: c.brandId,
    customer: { name: c.customer.name, email: c.customer.email },
    startedAt: c.createdAt,
    endedAt: c.endedAt,
    messages: (await store.conversations.messagesAfter(c.id, 0, Number.MAX_SAFE_INTEGER)).filter((m) => CUSTOMER_VISIBLE.has(m.author.kind)),
    generatedAt,
    locale: pickLocale([c.customerLocale]),
    timeZone: c.customerTimeZone ?? 'UTC',
  };
}

/** A time in the customer's zone and language, with the zone's offset ("3 Jun 2025, 19:05 GMT+9"). */
const when = (d: TranscriptDoc, iso: string | Date) => formatDateTime(d.locale, iso, d.timeZone);
const who = (d: TranscriptDoc, m: Message) => (m.author.kind === 'system' ? m.author.name || t(d.locale, 'pdf.system') : m.author.name);

/** No internal ids: the customer's name, when it started and ended. */
function headerLines(d: TranscriptDoc): string[] {
  return [
    t(d.locale, 'pdf.customer', { name: d.customer.name, email: d.customer.email }),
    t(d.locale, 'pdf.started', { when: when(d, d.startedAt) }) + (d.endedAt ? `   ${t(d.locale, 'pdf.ended', { when: when(d, d.endedAt) })}` : ''),
  ];
}

export function renderText(d: TranscriptDoc): string {
  const lines = [t(d.locale, 'pdf.title', { deskName: d.deskName }), ...headerLines(d), ''];
  for (const m of d.messages) lines.push(`[${when(d, m.createdAt)}] ${who(d, m)}: ${m.body}`);
  return lines.join('\n') + '\n';
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Self-contained HTML with inline styles only (the export and the in-browser view). */
export function renderHtml(d: TranscriptDoc): string {
  const dir = isRtl(d.locale) ? 'rtl' : 'ltr';
  const rows = d.messages
    .map(
      (m) =>
        `<tr><td style="color:#666;white-space:nowrap;vertical-align:top;padding:4px 8px">${escapeHtml(when(d, m.createdAt))}</td>` +
        `<td style="font-weight:bold;vertical-align:top;padding:4px 8px">${escapeHtml(who(d, m))}</td>` +
        `<td style="vertical-align:top;padding:4px 8px;white-space:pre-wrap;overflow-wrap:break-word">${escapeHtml(m.body)}</td></tr>`,
    )
    .join('\n');
  const title = t(d.locale, 'pdf.title', { deskName: d.deskName });
  return `<!doctype html>
<html lang="${d.locale}" dir="${dir}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:Helvetica,Arial,'Noto Sans','Noto Sans JP','Noto Sans SC','Noto Sans Arabic',sans-serif;font-size:14px;color:#222">
<h1 style="font-size:18px;border-bottom:3px solid ${escapeHtml(d.accentColor)};padding-bottom:6px">${escapeHtml(title)}</h1>
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
      conversation: { id: d.conversationId, brandId: d.brandId, customer: d.customer, startedAt: d.startedAt, endedAt: d.endedAt, locale: d.locale, timeZone: d.timeZone },
      messages: d.messages.map((m) => ({ seq: m.seq, at: m.createdAt, author: { kind: m.author.kind, name: m.author.name }, body: m.body })),
      generatedAt: d.generatedAt.toISOString(),
    },
    null,
    2,
  );
}

const MARGIN = 50;
const BAND = 64;

/**
 * The PDF copy: the brand's name on a band of its colour, the customer's language (right to left
 * for Arabic), times in their zone with the offset, fonts that cover every script in it, and
 * "Page n of N" on every page. No internal ids in the title, the header or the file name.
 */
export function renderPdf(d: TranscriptDoc, opts: { fontFile: string | null }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const title = t(d.locale, 'pdf.title', { deskName: d.deskName });
    // CreationDate from the hub's clock, so a copy is reproducible and testable.
    const doc = new PDFDocument({
      size: 'A4',
      margins: { top: MARGIN + BAND, bottom: MARGIN + 20, left: MARGIN, right: MARGIN },
      bufferPages: true,
      lang: d.locale,
      displayTitle: true,
      info: { Title: title, Author: d.deskName, CreationDate: d.generatedAt },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const fonts = fontPicker(d.locale, opts.fontFile);
    const align = isRtl(d.locale) ? 'right' : 'left';
    const accent = /^#[0-9a-f]{6}$/i.test(d.accentColor) ? d.accentColor : '#1e4a72';
    /** One paragraph in as many fonts as its scripts need. */
    const write = (text: string, o: { size: number; bold?: boolean; color?: string; x?: number; y?: number; width?: number; align?: 'left' | 'right' | 'center' }) => {
      const runs = fonts.runs(text || ' ', !!o.bold);
      doc.fontSize(o.size).fillColor(o.color ?? '#222222');
      runs.forEach(([file, run], i) => {
        doc.font(file);
        const last = i === runs.length - 1;
        const pos = i === 0 && o.x !== undefined ? [o.x, o.y] : [];
        doc.text(run, ...(pos as []), { continued: !last, align: o.align ?? align, width: o.width, lineGap: 2 });
      });
    };
    const band = () => {
      doc.save().rect(0, 0, doc.page.width, BAND).fill(accent).restore();
      write(d.deskName, { size: 16, bold: true, color: '#ffffff', x: MARGIN, y: 22, width: doc.page.width - 2 * MARGIN });
      doc.x = MARGIN;
      doc.y = MARGIN + BAND;
    };
    band();
    doc.on('pageAdded', band);

    write(title, { size: 15, bold: true });
    doc.moveDown(0.3);
    for (const l of headerLines(d)) write(l, { size: 10, color: '#444444' });
    doc.moveDown();
    for (const m of d.messages) {
      write(`${who(d, m)} · ${when(d, m.createdAt)}`, { size: 9, bold: true, color: '#555555' });
      write(m.body, { size: 11 });
      doc.moveDown(0.6);
    }
    doc.moveDown();
    write(t(d.locale, 'pdf.made', { when: when(d, d.generatedAt) }), { size: 8, color: '#777777' });

    doc.removeListener('pageAdded', band);
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      // Inside the bottom margin: lift it so the footer does not start a new page.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      write(t(d.locale, 'pdf.page', { page: i - range.start + 1, pages: range.count }), { size: 8, color: '#777777', x: MARGIN, y: doc.page.height - MARGIN, width: doc.page.width - 2 * MARGIN, align: 'center' });
      doc.page.margins.bottom = bottom;
    }
    doc.end();
  });
}

/** "Maison Care chat 2025-06-03.pdf": the brand and the day, never the conversation id. */
export function copyFileName(d: TranscriptDoc, ext: string): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: d.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(d.startedAt));
  const name = t(d.locale, 'pdf.fileName', { deskName: d.deskName, date: day })
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '')
    .trim();
  return `${name || 'chat'}.${ext}`;
}

const MIME: Record<ExportFormat, string> = {
  txt: 'text/plain; charset=utf-8',
  html: 'text/html; charset=utf-8',
  json: 'application/json',
  pdf: 'application/pdf',
};

/** `forCustomer`: the customer's own copy, named by brand and day; staff exports keep the id reviewers file them by. */
export async function renderTranscript(d: TranscriptDoc, format: ExportFormat, opts: { fontFile: string | null; forCustomer?: boolean }): Promise<Rendered> {
  const fileName = opts.forCustomer ? copyFileName(d, format) : `transcript-${d.conversationId}.${format}`;
  const body =
    format === 'pdf'
      ? await renderPdf(d, opts)
      : Buffer.from(format === 'txt' ? renderText(d) : format === 'html' ? renderHtml(d) : renderJson(d), 'utf8');
  return { fileName, mime: MIME[format], body };
}
