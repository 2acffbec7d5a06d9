// Claim photos from the widget: the type is read from the bytes themselves (never trusted from the
// request), the customer's file name is card-masked and kept only as a label, and the file is
// stored under the data folder by an id the hub chose.
import { open, mkdir, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { maskCardNumbers } from '../../shared/domain/cardMask';
import type { UploadSettings } from '../config';

export type ImageType = UploadSettings['types'][number];

const EXTENSION: Record<ImageType, string> = { 'image/jpeg': '.jpg', 'image/png': '.png', 'image/webp': '.webp', 'image/heic': '.heic' };
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

/** The image type by its magic bytes, or null when it is none of the four the desk takes. */
export function detectImageType(b: Buffer): ImageType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (b.length >= 12 && b.toString('latin1', 4, 8) === 'ftyp' && HEIF_BRANDS.has(b.toString('latin1', 8, 12))) return 'image/heic';
  return null;
}

export const TYPE_NAMES: Record<ImageType, string> = { 'image/jpeg': 'JPEG', 'image/png': 'PNG', 'image/webp': 'WebP', 'image/heic': 'HEIC' };

/** The customer's file name as a label: no path, no control characters, card numbers masked. */
export function photoLabel(raw: string | null, type: ImageType): string {
  const base = (raw ?? '').split(/[\\/]/).pop() ?? '';
  const clean = maskCardNumbers(base.replace(/[\u0000-\u001f\u007f]/g, '').trim()).slice(0, 120);
  return clean || `photo${EXTENSION[type]}`;
}

/** Where a photo lives, relative to the data folder: uploads/<case>/<evidence id>.<ext>. */
export const photoPath = (caseId: string, evidenceId: string, type: ImageType) => join('uploads', caseId, `${evidenceId}${EXTENSION[type]}`);

/** Writes through a temporary file and fsync, so a crash never leaves half a photo under its name. */
export async function writeDurably(file: string, bytes: Buffer): Promise<void> {
  // Private to the desk's account whatever the umask (issue 12): photos are personal data.
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.part`;
  const fh = await open(tmp, 'wx', 0o600);
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
}

export async function removeQuietly(file: string): Promise<void> {
  await unlink(file).catch(() => undefined);
}
