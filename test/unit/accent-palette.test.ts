import { describe, expect, it } from 'vitest';
import { AA_TEXT, accentPalette, accentProperties, contrastRatio, parseHex, relativeLuminance, textOn, type Rgb } from '../../renderer/common/accentPalette';

const rgb = (hex: string): Rgb => parseHex(hex)!;
const ratio = (a: string, b: string) => contrastRatio(rgb(a), rgb(b));

describe('relative luminance and contrast (WCAG 2.1)', () => {
  it('agrees with the reference values', () => {
    expect(relativeLuminance([255, 255, 255])).toBe(1);
    expect(relativeLuminance([0, 0, 0])).toBe(0);
    expect(ratio('#ffffff', '#000000')).toBe(21);
    // #767676 is the classic lightest grey that passes on white.
    expect(ratio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
    expect(ratio('#777777', '#ffffff')).toBeLessThan(AA_TEXT);
    expect(ratio('#1e4a72', '#ffffff')).toBeCloseTo(9.22, 1);
  });

  it('reads #rgb and #rrggbb, nothing else', () => {
    expect(parseHex('#B8860B')).toEqual([184, 134, 11]);
    expect(parseHex(' #fc0 ')).toEqual([255, 204, 0]);
    for (const bad of ['b8860b', '#b8860', 'rebeccapurple', 'rgb(1,2,3)', '']) expect(parseHex(bad)).toBeNull();
  });
});

describe('text on an accent', () => {
  it('is white on dark accents and near-black on light ones', () => {
    expect(textOn(rgb('#1e4a72'))).toEqual([255, 255, 255]);
    expect(textOn(rgb('#7a1f3d'))).toEqual([255, 255, 255]);
    const onGold = textOn(rgb('#ffcc00'));
    expect(onGold).not.toEqual([255, 255, 255]);
    expect(relativeLuminance(onGold)).toBeLessThan(0.01);
  });

  it('falls back to black on the mid greys where near-black is not enough', () => {
    // White fails here (L ≈ 0.19) and so does #111418; black passes.
    expect(ratio('#7b7b7b', '#ffffff')).toBeLessThan(AA_TEXT);
    expect(ratio('#7b7b7b', '#111418')).toBeLessThan(AA_TEXT);
    expect(textOn(rgb('#7b7b7b'))).toEqual([0, 0, 0]);
  });

  // Every accent an admin could pick, in steps: the palette's texts all reach AA.
  it('reaches 4.5:1 for text, muted text and links, whatever the accent', () => {
    const steps = [0x00, 0x33, 0x66, 0x77, 0x7b, 0x80, 0x99, 0xb8, 0xcc, 0xff];
    for (const r of steps)
      for (const g of steps)
        for (const b of steps) {
          const hex = `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
          const p = accentPalette(hex)!;
          expect(ratio(p.onAccent, p.accent), hex).toBeGreaterThanOrEqual(AA_TEXT);
          expect(ratio(p.onAccentMuted, p.accent), hex).toBeGreaterThanOrEqual(AA_TEXT);
          expect(ratio(p.onAccent, p.accentHover), hex).toBeGreaterThanOrEqual(AA_TEXT);
          expect(ratio(p.accentInk, p.accentSoft), hex).toBeGreaterThanOrEqual(AA_TEXT);
          expect(ratio(p.accentInk, '#ffffff'), hex).toBeGreaterThanOrEqual(AA_TEXT);
        }
  });
});

describe('accentPalette', () => {
  it('keeps a dark accent as it is, for fills and links alike', () => {
    expect(accentPalette('#1e4a72')).toMatchObject({ accent: '#1e4a72', accentInk: '#1e4a72', onAccent: '#ffffff' });
  });

  it('darkens a light accent only where it is text on white', () => {
    const p = accentPalette('#B8860B')!;
    expect(p.accent).toBe('#b8860b');
    expect(p.onAccent).toBe('#111418');
    expect(relativeLuminance(rgb(p.accentInk))).toBeLessThan(relativeLuminance(rgb('#b8860b')));
  });

  it('gives custom properties for base.css, or none for a colour it cannot read', () => {
    expect(accentProperties('#7a1f3d')).toMatchObject({ '--accent': '#7a1f3d', '--on-accent': '#ffffff' });
    expect(Object.keys(accentProperties('#7a1f3d')).sort()).toEqual(['--accent', '--accent-hover', '--accent-ink', '--accent-soft', '--on-accent', '--on-accent-muted']);
    expect(accentProperties('tomato')).toEqual({});
  });
});
