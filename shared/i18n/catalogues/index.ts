// Every locale's catalogue. Adding a language: docs/OPERATIONS.md, "Adding a language".
import type { Locale } from '../locales';
import { ar } from './ar';
import { de } from './de';
import { en, type Catalogue, type MessageKey } from './en';
import { es } from './es';
import { fr } from './fr';
import { it } from './it';
import { ja } from './ja';
import { zh } from './zh';

export type { Catalogue, MessageKey };

export const CATALOGUES: Record<Locale, Catalogue> = { en, fr, it, de, es, ja, zh, ar };
