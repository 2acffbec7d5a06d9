// The catalogues (issue 10): every key exists in every language, each message is valid ICU, and a
// translation uses exactly the arguments the English message has (a missing {ref} would drop the
// ticket reference from a customer's email).
import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { CATALOGUES } from '../../shared/i18n/catalogues/index';
import { en as baseEnglish } from '../../shared/i18n/catalogues/en';
import { INTL_LOCALE, LOCALES, acceptLanguageTags, pickLocale } from '../../shared/i18n/locales';
import { formatDateTime, t } from '../../shared/i18n/messages';

type Node = { type: number; value?: string; options?: Record<string, { value: Node[] }>; children?: Node[] };

function argumentsOf(nodes: Node[], out = new Set<string>()): Set<string> {
  for (const n of nodes) {
    // literal = 0, pound = 7: no argument of their own.
    if (n.type !== 0 && n.type !== 7 && typeof n.value === 'string') out.add(n.value);
    for (const o of Object.values(n.options ?? {})) argumentsOf(o.value, out);
    if (n.children) argumentsOf(n.children, out);
  }
  return out;
}

const english = CATALOGUES.en;

describe('message catalogues', () => {
  it('every locale has every key, and no key English lacks', () => {
    for (const l of LOCALES) {
      expect(Object.keys(CATALOGUES[l]).sort(), l).toEqual(Object.keys(english).sort());
    }
  });

  it('no key is defined twice (a later area would silently replace an earlier message)', async () => {
    const dir = path.join(__dirname, '../../shared/i18n/catalogues/areas');
    const areas: Record<string, Record<string, { en: Record<string, string> }>> = {};
    for (const file of fs.readdirSync(dir)) areas[file] = (await import(path.join(dir, file))) as (typeof areas)[string];
    const seen = new Map<string, string>(Object.keys(baseEnglish).map((k) => [k, 'en.ts']));
    const twice: string[] = [];
    for (const [file, mod] of Object.entries(areas)) {
      for (const area of Object.values(mod)) {
        for (const key of Object.keys(area.en)) {
          if (seen.has(key)) twice.push(`${key} (${seen.get(key)} and ${file})`);
          seen.set(key, file);
        }
      }
    }
    expect(twice).toEqual([]);
    expect(seen.size).toBe(Object.keys(english).length);
  });

  it('every message is valid ICU with the same arguments as English, and none is empty', () => {
    for (const l of LOCALES) {
      for (const [key, source] of Object.entries(CATALOGUES[l])) {
        expect(source.trim(), `${l} ${key}`).not.toBe('');
        const ast = new IntlMessageFormat(source, INTL_LOCALE[l]).getAst() as unknown as Node[];
        const en = new IntlMessageFormat(english[key as keyof typeof english], 'en').getAst() as unknown as Node[];
        expect([...argumentsOf(ast)].sort(), `${l} ${key}`).toEqual([...argumentsOf(en)].sort());
      }
    }
  });

  it('plurals, ordinals, numbers and dates follow the language', () => {
    expect(t('en', 'widget.retention', { months: 13 })).toBe('This chat is recorded for security and quality and kept for 13 months.');
    expect(t('en', 'widget.chat.place', { place: 2 })).toBe('You are 2nd in line.');
    expect(t('fr', 'widget.chat.place', { place: 1 })).toBe('Vous êtes 1er dans la file.');
    expect(t('de', 'widget.closed.count', { length: 1234, max: 4000 })).toBe('1.234 / 4.000 Zeichen');
    expect(formatDateTime('ja', '2025-06-03T10:05:00Z', 'Asia/Tokyo')).toMatch(/2025年6月3日.*19:05.*GMT\+9/);
  });

  it('picks the language from tags: region and script variants, Traditional Chinese not offered', () => {
    expect(pickLocale(['fr-CA'])).toBe('fr');
    expect(pickLocale(['zh-Hans-CN'])).toBe('zh');
    expect(pickLocale(['zh-TW', 'ja'])).toBe('ja');
    expect(pickLocale(['ko', 'pt-BR'])).toBe('en');
    expect(pickLocale([null, undefined, 'AR'])).toBe('ar');
    expect(acceptLanguageTags('de-CH;q=0.5, it;q=0.9, *;q=0.1')).toEqual(['it', 'de-CH']);
  });
});
