// The tray icon and the Windows taskbar overlay, drawn as raw BGRA bitmaps (nativeImage.createFromBitmap)
// so the shell needs no image files beside the bundle.

export interface Bitmap {
  width: number;
  height: number;
  /** BGRA, row by row, as nativeImage.createFromBitmap takes it. */
  data: Buffer;
}

type Rgb = readonly [number, number, number];

function draw(size: number, paint: (x: number, y: number) => { rgb: Rgb; alpha: number } | null): Bitmap {
  const data = Buffer.alloc(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const p = paint(x + 0.5, y + 0.5);
      if (!p) continue;
      const i = (y * size + x) * 4;
      data[i] = p.rgb[2];
      data[i + 1] = p.rgb[1];
      data[i + 2] = p.rgb[0];
      data[i + 3] = Math.round(p.alpha * 255);
    }
  }
  return { width: size, height: size, data };
}

/** Coverage of a disc at a pixel centre, with one pixel of anti-aliasing. */
function disc(x: number, y: number, cx: number, cy: number, r: number): number {
  return Math.max(0, Math.min(1, r - Math.hypot(x - cx, y - cy) + 0.5));
}

const INK: Rgb = [0x1f, 0x4e, 0x5f];
const PAPER: Rgb = [0xff, 0xff, 0xff];
const ALERT: Rgb = [0xc6, 0x28, 0x28];

/** A speech bubble with two lines of text: the desk. */
export function trayBitmap(size = 32): Bitmap {
  const s = size / 32;
  return draw(size, (x, y) => {
    const bubble = disc(x, y, 16 * s, 14 * s, 13 * s);
    // The bubble's tail, bottom left.
    const tail = x < 12 * s && y > 20 * s && y < 30 * s && x > 4 * s && x - 4 * s > (y - 20 * s) * 0.6 - 2 * s ? 1 : 0;
    const cover = Math.max(bubble, tail);
    if (cover <= 0) return null;
    const line = (y > 10 * s && y < 12.5 * s && x > 9 * s && x < 23 * s) || (y > 15.5 * s && y < 18 * s && x > 9 * s && x < 19 * s);
    return { rgb: line ? PAPER : INK, alpha: cover };
  });
}

/** A red dot for the taskbar button: there are unread messages (the count is in its description). */
export function overlayBitmap(size = 16): Bitmap {
  return draw(size, (x, y) => {
    const outer = disc(x, y, size / 2, size / 2, size / 2 - 0.5);
    if (outer <= 0) return null;
    const inner = disc(x, y, size / 2, size / 2, size / 2 - 2);
    return { rgb: inner > 0.5 ? ALERT : PAPER, alpha: outer };
  });
}
