// Words and dates for the transcripts screens.
import type { EmailCopy } from '../../../../shared/protocol/transcripts';

export function formatDay(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleDateString([], { day: 'numeric', month: 'short', year: 'numeric' });
}

export function formatStamp(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : d.toLocaleString([], { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

export const COPY_LABEL: Record<EmailCopy['status'], string> = { queued: 'Queued', sent: 'Sent', failed: 'Failed' };

