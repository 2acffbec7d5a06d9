// Files that arrive with a customer's mail: the type is read from the bytes (never trusted from
// the mail), only the configured types are kept, text files have card numbers masked before they
// are stored, and each file lives under the data folder by an id the hub chose (as claim photos).
import { join } from 'node:path';
import { maskCardNumbers } from '../../shared/domain/cardMask';
import { detectImageType, photoLabel } from '../cases/uploads';
import type { AttachmentType } from '../config';

const EXTENSION: Record<AttachmentType, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'image/heic': '.heic',
  'application/pdf': '.pdf',
  'text/plain': '.txt',
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The type by the bytes, or null when it is none the desk can keep. */
export function detectAttachmentType(b: Buffer): AttachmentType | null {
  const image = detectImageType(b);
  if (image) return image;
  if (b.length >= 5 && b.toString('latin1', 0, 5) === '%PDF-') return 'application/pdf';
  // Text: valid UTF-8 without NULs or other binary control characters.
  try {
    const s = utf8.decode(b);
    return /[\u0000-\u0008\u000e-\u001f]/.test(s) ? null : 'text/plain';
  } catch {
    return null;
  }
}

/** What is stored: text with card numbers masked, other types as they came. */
export function storedBytes(type: AttachmentType, b: Buffer): Buffer {
  return type === 'text/plain' ? Buffer.from(maskCardNumbers(b.toString('utf8')), 'utf8') : b;
}

/** The sender's file name as a label (no path, card numbers masked). */
export function attachmentLabel(raw: string | null, type: AttachmentType): string {
  const label = photoLabel(raw, 'image/png');
  return raw && label !== 'photo.png' ? label : `attachment${EXTENSION[type]}`;
}

/** uploads/tickets/<ticket>/<attachment id>.<ext>, relative to the data folder. */
export const attachmentPath = (ticketId: string, attachmentId: string, type: AttachmentType) => join('uploads', 'tickets', ticketId, `${attachmentId}${EXTENSION[type]}`);
