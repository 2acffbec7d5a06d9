// The console's language before anyone signs in (and after they sign out): the computer's own,
// as the browser reports it. Once signed in, the account's language takes over (LanguagePicker).
import { pickLocale, type Locale } from '../../../shared/i18n/locales';

export const browserLocale = (): Locale => pickLocale(typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]));

/** The product's name in the window title and the sign-in frame: a name, not a word to translate. */
export const PRODUCT_NAME = 'Care desk';
