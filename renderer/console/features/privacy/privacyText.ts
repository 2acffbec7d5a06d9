// Words and dates for the privacy screens (issue 10). Due times are policy instants in UTC (the
// extension form picks a UTC day too), so they show as UTC, written the console's language's way.
import type { PrivacyKind, PrivacySource, PrivacyState } from '../../../../shared/domain/privacy';
import { intlLocale, tr, type MessageKey } from '../../../common/i18n';

export const KIND: Record<PrivacyKind, MessageKey> = {
  access: 'privacy.kind.access',
  correction: 'privacy.kind.correction',
  erasure: 'privacy.kind.erasure',
  optout: 'privacy.kind.optout',
  guardian_erasure: 'privacy.kind.guardian_erasure',
};

export const STATE: Record<PrivacyState, MessageKey> = {
  received: 'privacy.state.received',
  verifying: 'privacy.state.verifying',
  in_progress: 'privacy.state.in_progress',
  done: 'privacy.state.done',
  refused: 'privacy.state.refused',
};

const SOURCE: Record<PrivacySource, MessageKey> = {
  widget: 'privacy.source.widget',
  chat: 'privacy.source.chat',
  ticket: 'privacy.source.ticket',
  phone: 'privacy.source.phone',
  email: 'privacy.source.email',
  operator: 'privacy.source.operator',
};

/** Where a request (or the opt-out it made) came from; a source this console does not know shows as sent. */
export const sourceLabel = (source: string): string => (source in SOURCE ? tr(SOURCE[source as PrivacySource]) : source);

const formatters = new Map<string, Intl.DateTimeFormat>();
function format(iso: string, withTime: boolean): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const locale = intlLocale();
  const key = `${locale}|${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone: 'UTC',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', timeZoneName: 'short' } : {}),
    });
    formatters.set(key, f);
  }
  return f.format(d);
}

/** "5 Jan 2027, 10:00 UTC" in the console's language. */
export const formatUtc = (iso: string): string => format(iso, true);
/** The UTC day alone: "5 Jan 2027". */
export const formatUtcDay = (iso: string): string => format(iso, false);
