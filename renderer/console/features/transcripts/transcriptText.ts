// Words and dates for the transcripts screens, in the console's language (issue 10).
import type { EmailCopy } from '../../../../shared/protocol/transcripts';
import { intlLocale, type MessageKey } from '../../../common/i18n';

// One formatter per language and style: building one per call cost seconds on a long transcript.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(style: 'day' | 'stamp'): Intl.DateTimeFormat {
  const locale = intlLocale();
  const key = `${locale}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      style === 'day' ? { day: 'numeric', month: 'short', year: 'numeric' } : { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' };
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

function format(iso: string | null, style: 'day' | 'stamp'): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : formatter(style).format(d);
}

export const formatDay = (iso: string | null): string => format(iso, 'day');
export const formatStamp = (iso: string | null): string => format(iso, 'stamp');

export const COPY_LABEL: Record<EmailCopy['status'], MessageKey> = {
  queued: 'transcripts.copy.status.queued',
  sent: 'transcripts.copy.status.sent',
  failed: 'transcripts.copy.status.failed',
};
