// When the desk opens again, in the customer's own terms: their time zone and language, "today" or
// "tomorrow" when it is, and the desk's own clock alongside when it differs.

import { tr } from '../common/i18n';

const DAY_MS = 24 * 60 * 60 * 1000;

function localDay(d: Date): number {
  return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / DAY_MS;
}

/** "tomorrow at 10:00", "on Monday 2 June at 10:00 (16:00 Paris time)". */
export function openingText(iso: string, now: Date, deskTimeZone: string, locale?: string): string | null {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(at);
  const days = localDay(at) - localDay(now);
  const when =
    days === 0
      ? tr('widget.opening.today', { time })
      : days === 1
        ? tr('widget.opening.tomorrow', { time })
        : tr('widget.opening.on', { day: new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long' }).format(at), time });
  let deskTime: string | null = null;
  try {
    deskTime = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone: deskTimeZone }).format(at);
  } catch {
    // An unknown zone name: the customer's own time is enough.
  }
  const city = deskTimeZone.split('/').pop()?.replace(/_/g, ' ');
  return deskTime && deskTime !== time && city ? tr('widget.opening.deskTime', { when, time: deskTime, city }) : when;
}
