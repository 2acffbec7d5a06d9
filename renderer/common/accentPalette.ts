// A brand's accent colour (settings.brands.<id>.accentColor) turned into the palette base.css
// draws with, so any colour an admin picks keeps every text on it readable: WCAG AA, 4.5:1, by
// relative luminance (https://www.w3.org/TR/WCAG21/#dfn-relative-luminance).

export type Rgb = readonly [number, number, number];

export interface AccentPalette {
  accent: string;
  accentHover: string;
  /** A pale tint: focus rings, highlighted boxes. */
  accentSoft: string;
  /** The accent as text on white or on accentSoft (links), darkened where the accent is too light. */
  accentInk: string;
  /** Text on the accent: white or near-black, whichever reaches 4.5:1. */
  onAccent: string;
  /** Secondary text on the accent, still at 4.5:1. */
  onAccentMuted: string;
}

export const AA_TEXT = 4.5;
/** Derived colours aim a little higher, so rounding (ours, a browser's, axe's) never lands below 4.5. */
const DERIVED_TARGET = 4.6;
const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];
/** The near-black preferred on light accents; pure black only where it alone reaches 4.5:1. */
const NEAR_BLACK: Rgb = [0x11, 0x14, 0x18];

/** #rgb or #rrggbb; null for anything else (the stylesheet's own accent is kept then). */
export function parseHex(color: string): Rgb | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (!m) return null;
  const hex = m[1]!.length === 3 ? [...m[1]!].map((c) => c + c).join('') : m[1]!;
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as unknown as Rgb;
}

export function toHex(rgb: Rgb): string {
  return `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

export function relativeLuminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

export function contrastRatio(a: Rgb, b: Rgb): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** `a` moved toward `b` by `t` (0..1), channel by channel. */
export function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return a.map((c, i) => Math.round(c + (b[i]! - c) * t)) as unknown as Rgb;
}

/**
 * White where it reaches 4.5:1 (it reads best on the dark accents most brands choose), else
 * near-black, else black: any colour reaches 4.5:1 with white or with black.
 */
export function textOn(background: Rgb): Rgb {
  for (const text of [WHITE, NEAR_BLACK]) if (contrastRatio(text, background) >= AA_TEXT) return text;
  return BLACK;
}

/** The largest step of `from` toward `to` (at most `most`) that keeps the target contrast against `against`. */
function furthest(from: Rgb, to: Rgb, against: Rgb, most: number): Rgb {
  for (let t = most; t > 0; t -= 0.01) {
    const c = mix(from, to, t);
    if (contrastRatio(c, against) >= DERIVED_TARGET) return c;
  }
  return from;
}

/** The least darkening of `color` that reaches the target contrast against `against`. */
function darkenUntil(color: Rgb, against: Rgb): Rgb {
  for (let t = 0; t <= 1; t += 0.02) {
    const c = mix(color, BLACK, t);
    if (contrastRatio(c, against) >= DERIVED_TARGET) return c;
  }
  return BLACK;
}

export function accentPalette(color: string): AccentPalette | null {
  const accent = parseHex(color);
  if (!accent) return null;
  const on = textOn(accent);
  const light = on !== WHITE;
  // Hover moves away from the text colour, so the text on it only gains contrast.
  const hover = mix(accent, light ? WHITE : BLACK, 0.22);
  const soft = mix(accent, WHITE, 0.9);
  return {
    accent: toHex(accent),
    accentHover: toHex(hover),
    accentSoft: toHex(soft),
    accentInk: toHex(darkenUntil(accent, soft)),
    onAccent: toHex(on),
    onAccentMuted: toHex(furthest(on, accent, accent, 0.18)),
  };
}

/** The palette as the custom properties base.css reads; none for a colour that is not #rgb/#rrggbb. */
export function accentProperties(color: string): Record<string, string> {
  const p = accentPalette(color);
  if (!p) return {};
  return {
    '--accent': p.accent,
    '--accent-hover': p.accentHover,
    '--accent-soft': p.accentSoft,
    '--accent-ink': p.accentInk,
    '--on-accent': p.onAccent,
    '--on-accent-muted': p.onAccentMuted,
  };
}
