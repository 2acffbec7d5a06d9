// The widget's language (issue 10): `?lang=xx` on the widget's address (what an embedding page
// sets on its iframe), else the `lang` attribute of the iframe element or of the embedding page
// when it is on the same origin, else the browser's languages. English when none is offered.
import { pickLocale, type Locale } from '../../shared/i18n/locales';

export function widgetLocale(): Locale {
  const fromQuery = new URLSearchParams(window.location.search).get('lang');
  let fromFrame: string | null = null;
  let fromPage: string | null = null;
  try {
    fromFrame = window.frameElement?.getAttribute('lang') ?? null;
    fromPage = window.parent !== window ? window.parent.document.documentElement.lang || null : null;
  } catch {
    // A page on another origin: its language is not ours to read; it can pass ?lang= instead.
  }
  return pickLocale([fromQuery, fromFrame, fromPage, ...(navigator.languages ?? [navigator.language])]);
}

/** The browser's time zone, for times in the customer's copies. */
export function browserTimeZone(): string | undefined {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;
  } catch {
    return undefined;
  }
}
