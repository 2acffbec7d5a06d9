// Fonts for PDF copies: every script a transcript holds must render (issue 10). The Noto Sans
// packages (@fontsource/noto-sans-jp, -sc, -arabic) ship as unicode-range subsets; each character
// is set in the subset file that covers it (Japanese or Simplified Chinese forms first, by the
// customer's language), so a copy embeds only the few subsets it uses. An operator's own font
// (settings.pdfFontFile) replaces them all when configured.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Locale } from '../../shared/i18n/locales';

type Family = 'jp' | 'sc' | 'arabic';
interface Subset {
  file: string;
  ranges: [number, number][];
}

const require_ = createRequire(import.meta.url);
const PACKAGES: Record<Family, string> = { jp: 'noto-sans-jp', sc: 'noto-sans-sc', arabic: 'noto-sans-arabic' };

function parseRanges(spec: string): [number, number][] {
  return spec.split(',').map((part) => {
    const [a, b] = part.trim().replace(/^U\+/i, '').split('-');
    const lo = parseInt(a!, 16);
    return [lo, b ? parseInt(b, 16) : lo];
  });
}

const families = new Map<string, Subset[]>();
/** The subsets of one family and weight, from the package's unicode.json. */
function subsets(family: Family, weight: 400 | 700): Subset[] {
  const key = `${family}-${weight}`;
  let list = families.get(key);
  if (!list) {
    const pkg = PACKAGES[family];
    const dir = dirname(require_.resolve(`@fontsource/${pkg}/files/${pkg}-latin-400-normal.woff`));
    const unicode = JSON.parse(readFileSync(join(dir, '..', 'unicode.json'), 'utf8')) as Record<string, string>;
    list = Object.entries(unicode).map(([name, spec]) => ({ file: join(dir, `${pkg}-${name.replace(/^\[(\d+)\]$/, '$1')}-${weight}-normal.woff`), ranges: parseRanges(spec) }));
    families.set(key, list);
  }
  return list;
}

const ORDER: Record<string, Family[]> = { zh: ['sc', 'jp', 'arabic'], ar: ['arabic', 'jp', 'sc'] };
const ARABIC = /\p{Script=Arabic}/u;
const ARABIC_FIRST: Family[] = ['arabic', 'jp', 'sc'];

/** Chooses a font file for each character; runs of characters sharing one file are set together. */
export function fontPicker(locale: Locale, customFont: string | null) {
  const order = ORDER[locale] ?? ['jp', 'sc', 'arabic'];
  const cache = new Map<string, string>();
  const fileFor = (cp: number, weight: 400 | 700): string => {
    const key = `${cp}-${weight}`;
    const hit = cache.get(key);
    if (hit) return hit;
    let file = customFont;
    // Some CJK subsets list a few Arabic letters too: Arabic goes to the Arabic font first.
    const script = ARABIC.test(String.fromCodePoint(cp)) ? ARABIC_FIRST : order;
    for (const f of script) {
      if (file) break;
      file = subsets(f, weight).find((s) => s.ranges.some(([lo, hi]) => cp >= lo && cp <= hi))?.file ?? null;
    }
    // Nothing covers it: the Latin subset draws its "missing" box rather than dropping it silently.
    file ??= subsets('jp', weight).find((s) => s.file.includes('-latin-'))!.file;
    cache.set(key, file);
    return file;
  };
  return {
    /** The text cut into [font file, text] runs. Spaces and marks stay with the run before them. */
    runs(text: string, bold: boolean): [string, string][] {
      const out: [string, string][] = [];
      for (const ch of text) {
        const cp = ch.codePointAt(0)!;
        const neutral = /[\s\u0300-\u036f\u064b-\u065f\u200c-\u200f]/u.test(ch) && out.length > 0;
        const file = neutral ? out.at(-1)![0] : fileFor(cp, bold ? 700 : 400);
        const last = out.at(-1);
        if (last && last[0] === file) last[1] += ch;
        else out.push([file, ch]);
      }
      return out;
    },
  };
}
export type FontPicker = ReturnType<typeof fontPicker>;
