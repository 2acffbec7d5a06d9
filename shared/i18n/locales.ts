// The languages the desk speaks (issue 10). A customer's chat, copies and emails stay in the
// customer's language; each agent picks the console's. Catalogues: one module per locale here.

export const LOCALES = ['en', 'fr', 'it', 'de', 'es', 'ja', 'zh', 'ar'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** Written right to left. */
export const RTL_LOCALES: ReadonlySet<Locale> = new Set<Locale>(['ar']);
export const isRtl = (l: Locale) => RTL_LOCALES.has(l);

/** The language's own name, for pickers. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  fr: 'Français',
  it: 'Italiano',
  de: 'Deutsch',
  es: 'Español',
  ja: '日本語',
  zh: '简体中文',
  ar: 'العربية',
};

/** The Intl locale for formatting dates, numbers and money (zh is Simplified Chinese). */
export const INTL_LOCALE: Record<Locale, string> = { en: 'en-GB', fr: 'fr-FR', it: 'it-IT', de: 'de-DE', es: 'es-ES', ja: 'ja-JP', zh: 'zh-Hans-CN', ar: 'ar' };

export const isLocale = (x: unknown): x is Locale => typeof x === 'string' && (LOCALES as readonly string[]).includes(x);

/**
 * The first supported language among BCP 47 tags in order of preference ("fr-CA" → fr,
 * "zh-Hans-CN"/"zh-CN"/"zh-SG" → zh; Traditional Chinese is not offered), else the default.
 */
export function pickLocale(tags: readonly (string | null | undefined)[]): Locale {
  for (const raw of tags) {
    if (!raw) continue;
    const tag = raw.trim().toLowerCase();
    if (/^zh-(hant|tw|hk|mo)\b/.test(tag)) continue;
    const base = tag.split(/[-_]/)[0];
    if (isLocale(base)) return base;
  }
  return DEFAULT_LOCALE;
}

/** Tags from an Accept-Language header, by q value. */
export function acceptLanguageTags(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = Number(params.find((p) => p.trim().startsWith('q='))?.trim().slice(2) ?? '1');
      return { tag: tag!.trim(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((x) => x.tag && x.tag !== '*')
    .sort((a, b) => b.q - a.q)
    .map((x) => x.tag);
}
