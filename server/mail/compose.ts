// The desk's emails in the customer's language: a greeting, the words, a sign-off from the brand's
// team, the reference; HTML built with MJML in the brand's colour (right to left for Arabic) and
// the same content as plain text. Texts come from shared/i18n.
import mjml2html from 'mjml';
import { isRtl, type Locale } from '../../shared/i18n/locales';
import { t } from '../../shared/i18n/messages';
import { escapeHtml } from '../transcripts/render';

export interface BrandLook {
  deskName: string;
  accentColor: string;
  logoUrl?: string;
}

export interface MailContent {
  locale: Locale;
  look: BrandLook;
  /** The customer's name for the greeting; empty: a greeting without one. */
  customerName: string;
  /** Paragraphs of plain text (line breaks kept). */
  paragraphs: string[];
  /** T-000123 when the mail belongs to a ticket. */
  reference?: string;
  /** The customer's words the mail answers, shown below. */
  quoted?: string;
}

const paragraphHtml = (p: string) => escapeHtml(p).replace(/\n/g, '<br>');

export function composeText(c: MailContent): string {
  const { locale: l, look } = c;
  const lines = [c.customerName ? t(l, 'mail.greeting', { name: c.customerName }) : t(l, 'mail.greetingNoName'), ''];
  for (const p of c.paragraphs) lines.push(p, '');
  lines.push(t(l, 'mail.signoff'), t(l, 'mail.team', { deskName: look.deskName }));
  if (c.reference) lines.push('', t(l, 'mail.reference', { ref: c.reference }), t(l, 'mail.replyHint', { ref: c.reference }));
  if (c.quoted) lines.push('', t(l, 'mail.youWrote'), ...c.quoted.split('\n').map((q) => `> ${q}`));
  return lines.join('\n') + '\n';
}

export async function composeHtml(c: MailContent): Promise<string> {
  const { locale: l, look } = c;
  const dir = isRtl(l) ? 'rtl' : 'ltr';
  const align = dir === 'rtl' ? 'right' : 'left';
  const greeting = c.customerName ? t(l, 'mail.greeting', { name: c.customerName }) : t(l, 'mail.greetingNoName');
  const accent = /^#[0-9a-f]{6}$/i.test(look.accentColor) ? look.accentColor : '#1e4a72';
  const text = (html: string, extra = '') => `<mj-text align="${align}" ${extra}>${html}</mj-text>`;
  const source = `<mjml lang="${l}" dir="${dir}">
  <mj-head>
    <mj-title>${escapeHtml(look.deskName)}</mj-title>
    <mj-attributes>
      <mj-all font-family="Helvetica, Arial, 'Noto Sans', 'Noto Sans JP', 'Noto Sans SC', 'Noto Sans Arabic', sans-serif" />
      <mj-text font-size="15px" line-height="1.55" color="#222222" />
    </mj-attributes>
    <mj-style>div { overflow-wrap: break-word; word-break: normal; hyphens: none; }</mj-style>
  </mj-head>
  <mj-body background-color="#f4f2ee">
    <mj-section background-color="${accent}" padding="18px 24px">
      <mj-column>
        ${look.logoUrl ? `<mj-image src="${escapeHtml(look.logoUrl)}" alt="${escapeHtml(look.deskName)}" width="140px" align="${align}" />` : text(`<span style="font-size:20px;letter-spacing:0.04em">${escapeHtml(look.deskName)}</span>`, 'color="#ffffff"')}
      </mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
        ${text(escapeHtml(greeting))}
        ${c.paragraphs.map((p) => text(paragraphHtml(p))).join('\n')}
        ${text(`${escapeHtml(t(l, 'mail.signoff'))}<br><strong>${escapeHtml(t(l, 'mail.team', { deskName: look.deskName }))}</strong>`)}
        ${c.reference ? `<mj-divider border-color="#e4e0d8" border-width="1px" />${text(`${escapeHtml(t(l, 'mail.reference', { ref: c.reference }))}<br>${escapeHtml(t(l, 'mail.replyHint', { ref: c.reference }))}`, 'font-size="13px" color="#555555"')}` : ''}
        ${c.quoted ? text(`${escapeHtml(t(l, 'mail.youWrote'))}<br><span style="color:#666666">${paragraphHtml(c.quoted)}</span>`, 'font-size="13px" color="#555555"') : ''}
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
  const out = await mjml2html(source, { validationLevel: 'soft', minify: false });
  return out.html;
}

export async function composeMail(c: MailContent): Promise<{ text: string; html: string }> {
  return { text: composeText(c), html: await composeHtml(c) };
}
