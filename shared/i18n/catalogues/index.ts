// Every locale's catalogue: the base modules (one per locale: emails, PDFs, the widget's chat) and
// the feature areas (one module per area, every language inside). Adding a language:
// docs/OPERATIONS.md, "Adding a language".
import { LOCALES, type Locale } from '../locales';
import { ar } from './ar';
import { caseNotices } from './areas/caseNotices';
import { consoleAdmin } from './areas/consoleAdmin';
import { consoleCases } from './areas/consoleCases';
import { consoleDesk } from './areas/consoleDesk';
import { consolePrivacy } from './areas/consolePrivacy';
import { consoleReturns } from './areas/consoleReturns';
import { errors } from './areas/errors';
import { widgetMore } from './areas/widgetMore';
import { de } from './de';
import { en, type MessageKey as BaseKey } from './en';
import { es } from './es';
import { fr } from './fr';
import { it } from './it';
import { ja } from './ja';
import { zh } from './zh';

const BASE = { en, fr, it, de, es, ja, zh, ar };
const AREAS = [consoleDesk, consoleCases, consoleReturns, consolePrivacy, consoleAdmin, widgetMore, errors, caseNotices] as const;

type AreaKey<A> = A extends Record<'en', infer E> ? keyof E & string : never;
export type MessageKey = BaseKey | AreaKey<(typeof AREAS)[number]>;
export type Catalogue = Record<MessageKey, string>;

export const CATALOGUES = Object.fromEntries(
  LOCALES.map((l) => [l, Object.assign({}, BASE[l], ...AREAS.map((a) => a[l])) as Catalogue]),
) as Record<Locale, Catalogue>;
