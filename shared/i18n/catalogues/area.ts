// One feature area's messages in every language, in one module, so each area of the console and
// widget is translated (and reviewed) where its words live. English is the source; TypeScript
// makes every other language carry exactly its keys.
import type { Locale } from '../locales';

export type AreaMessages<K extends string> = Record<Locale, Record<K, string>>;

export function defineArea<const E extends Record<string, string>>(
  en: E,
  others: Record<Exclude<Locale, 'en'>, Record<keyof E & string, string>>,
): AreaMessages<keyof E & string> {
  return { en, ...others };
}
