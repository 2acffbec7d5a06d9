// The text a PDF reader would extract from a pdfkit document, read the way readers do it: each
// text-showing operator's glyph codes mapped back through the font's ToUnicode CMap. No PDF tool
// is installed here (no pdftotext, no pdfjs), so this reads pdfkit's output format directly:
// indirect objects, Flate-compressed streams, Identity-H fonts with 2-byte codes.
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const out = new Map<number, PdfObject>();
  const s = pdf.toString('latin1');
  // A stream's bytes are taken by its /Length, never by searching for "endobj": compressed bytes
  // can contain that word by chance, and a search would cut the stream short.
  const re = /(\d+) 0 obj\s*/g;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    const from = re.lastIndex;
    const endObj = s.indexOf('endobj', from);
    const at = s.indexOf('stream', from);
    if (at < 0 || at > endObj) {
      out.set(Number(m[1]), { dict: s.slice(from, endObj), stream: null });
      re.lastIndex = endObj;
      continue;
    }
    const dict = s.slice(from, at);
    let start = at + 'stream'.length;
    if (s[start] === '\r') start++;
    if (s[start] === '\n') start++;
    const length = /\/Length (\d+)\b(?!\s+\d+\s+R)/.exec(dict);
    const end = length ? start + Number(length[1]) : s.indexOf('endstream', start);
    const raw = s.slice(start, end);
    let bytes = Buffer.from(length ? raw : raw.replace(/\r?\n$/, ''), 'latin1');
    if (/\/Filter\s*\/FlateDecode/.test(dict)) bytes = inflateSync(bytes);
    out.set(Number(m[1]), { dict, stream: bytes });
    re.lastIndex = s.indexOf('endobj', s.indexOf('endstream', end));
  }
  return out;
}

/** code → text from a ToUnicode CMap (bfchar and bfrange). */
function cmap(text: string): Map<number, string> {
  const map = new Map<number, string>();
  const hex = (h: string) => String.fromCodePoint(...(h.match(/.{4}/g) ?? []).map((x) => parseInt(x, 16)).reduce<number[]>((cps, u, i, all) => {
    // UTF-16 surrogate pairs
    if (u >= 0xd800 && u <= 0xdbff && i + 1 < all.length) return [...cps, (u - 0xd800) * 0x400 + (all[i + 1]! - 0xdc00) + 0x10000];
    if (u >= 0xdc00 && u <= 0xdfff) return cps;
    return [...cps, u];
  }, []));
  for (const block of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) map.set(parseInt(m[1]!, 16), hex(m[2]!));
  }
  for (const block of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1]!.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(\[[^\]]*\]|<[0-9a-fA-F]+>)/g)) {
      const lo = parseInt(m[1]!, 16);
      const hi = parseInt(m[2]!, 16);
      if (m[3]!.startsWith('[')) {
        // Empty entries (<>) are glyphs with no text of their own (e.g. Arabic dots set as marks).
        [...m[3]!.matchAll(/<([0-9a-fA-F]*)>/g)].forEach((d, i) => map.set(lo + i, hex(d[1]!)));
      } else {
        const base = hex(m[3]!.slice(1, -1));
        for (let c = lo; c <= hi; c++) map.set(c, String.fromCodePoint(base.codePointAt(0)! + (c - lo)));
      }
    }
  }
  return map;
}

/** Every page's text, in content order; fragments on one baseline joined into a line. */
export function pdfText(pdf: Buffer): string {
  const objs = objects(pdf);
  const fontMaps = new Map<number, Map<number, string> | null>();
  const fontMap = (ref: number) => {
    if (!fontMaps.has(ref)) {
      const tu = /\/ToUnicode (\d+) 0 R/.exec(objs.get(ref)?.dict ?? '');
      fontMaps.set(ref, tu ? cmap(objs.get(Number(tu[1]))!.stream!.toString('latin1')) : null);
    }
    return fontMaps.get(ref)!;
  };
  const out: string[] = [];
  for (const [, o] of objs) {
    if (!/\/Type\s*\/Page\b/.test(o.dict)) continue;
    const resRef = /\/Resources (\d+) 0 R/.exec(o.dict);
    const resources = resRef ? objs.get(Number(resRef[1]))!.dict : o.dict;
    const fonts = new Map<string, number>();
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(resources)?.[1] ?? '';
    for (const f of fontDict.matchAll(/\/(\S+) (\d+) 0 R/g)) fonts.set(f[1]!, Number(f[2]));
    const contents = /\/Contents (\d+) 0 R/.exec(o.dict);
    const content = objs.get(Number(contents![1]))!.stream!.toString('latin1');
    let map: Map<number, string> | null = null;
    let line = '';
    let y: number | null = null;
    // pdfkit sets each fragment with its own text matrix: a new baseline (y) starts a new line.
    for (const tok of content.matchAll(/\/(\S+) [\d.]+ Tf|\[((?:[^\]\\]|\\.)*)\] TJ|<([0-9a-fA-F]*)> Tj|[-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+ [-\d.]+ ([-\d.]+) Tm/g)) {
      if (tok[1]) map = fontMap(fonts.get(tok[1])!);
      else if (tok[4] !== undefined) {
        const next = Number(tok[4]);
        // Marks are raised or lowered a little on their baseline: only a real line step counts.
        if (y !== null && Math.abs(next - y) > 4) {
          if (line.trim()) out.push(line);
          line = '';
        }
        y = next;
      } else {
        for (const h of (tok[2] ?? `<${tok[3]}>`).matchAll(/<([0-9a-fA-F]*)>/g)) {
          const codes = map ? (h[1]!.match(/.{4}/g) ?? []) : (h[1]!.match(/.{2}/g) ?? []);
          for (const c of codes) line += map ? (map.get(parseInt(c, 16)) ?? '\uFFFD') : String.fromCharCode(parseInt(c, 16));
        }
      }
    }
    if (line.trim()) out.push(line);
  }
  return out.join('\n');
}
