// The desk's words in the renderer (issue 10): one i18next instance with ICU messages
// (i18next-icu), fed from shared/i18n's catalogues, used through react-i18next. Setting the
// language also sets <html lang> and dir, so Arabic lays out right to left.
import i18next from 'i18next';
import ICU from 'i18next-icu';
import { initReactI18next } from 'react-i18next';
import { CATALOGUES, type MessageKey } from '../../shared/i18n/catalogues/index';
import { DEFAULT_LOCALE, INTL_LOCALE, isRtl, LOCALES, type Locale } from '../../shared/i18n/locales';

export type { MessageKey };

let ready = false;

/** Loads every catalogue once (they are small) and switches to `locale`. */
export function setupI18n(locale: Locale): typeof i18next {
  if (!ready) {
    ready = true;
    void i18next
      .use(ICU)
      .use(initReactI18next)
      .init({
        lng: locale,
        fallbackLng: DEFAULT_LOCALE,
        supportedLngs: [...LOCALES],
        resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: CATALOGUES[l] }])),
        // Keys contain dots; the catalogues are flat.
        keySeparator: false,
        nsSeparator: false,
        interpolation: { escapeValue: false },
        returnNull: false,
        initAsync: false,
      });
  } else void i18next.changeLanguage(locale);
  applyDocumentLanguage(locale);
  return i18next;
}

export function applyDocumentLanguage(locale: Locale): void {
  if (typeof document === 'undefined') return;
  document.documentElement.lang = locale;
  document.documentElement.dir = isRtl(locale) ? 'rtl' : 'ltr';
}

/** The language the renderer speaks now. */
export const currentLocale = (): Locale => ((LOCALES as readonly string[]).includes(i18next.language) ? (i18next.language as Locale) : DEFAULT_LOCALE);

/** The Intl locale for dates and numbers in the current language. */
export function intlLocale(): string {
  const lang = (i18next.language as Locale) ?? DEFAULT_LOCALE;
  // The browser's own variant of the same language (en-US, fr-CA) formats as its user expects.
  const own = typeof navigator === 'undefined' ? undefined : navigator.language;
  if (own && own.toLowerCase().split('-')[0] === lang && !(lang === 'zh' && /^zh-(hant|tw|hk|mo)/i.test(own))) {
    // Some systems report tags Intl refuses ("en-US@posix"): those fall back to the catalogue's.
    try {
      return Intl.getCanonicalLocales(own)[0] ?? INTL_LOCALE[lang];
    } catch {
      return INTL_LOCALE[lang];
    }
  }
  return INTL_LOCALE[lang] ?? INTL_LOCALE.en;
}

/** A message outside React (stores, helpers). */
export const tr = (key: MessageKey, values?: Record<string, unknown>): string => String(i18next.t(key, values as never));
