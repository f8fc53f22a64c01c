// The 16x16 grey thumbnail that identifies a photo, defined by ../shared/reserved-for-evaluation.txt:
// grey = 0.299 R + 0.587 G + 0.114 B, averaged over a 16x16 grid of cells with floor() bounds.
import type { RgbImage } from '../../src-main/engines/inpaint/engine.js';
import { KintsugiError } from '../../src-shared/errors.js';

export const THUMB_SIDE = 16;
export type Thumbnail = Float64Array;

export function greyThumbnail(image: RgbImage): Thumbnail {
  const { width: w, height: h, data } = image;
  const thumb = new Float64Array(THUMB_SIDE * THUMB_SIDE);
  for (let i = 0; i < THUMB_SIDE; i++) {
    const y0 = Math.floor((i * h) / THUMB_SIDE);
    const y1 = Math.floor(((i + 1) * h) / THUMB_SIDE);
    for (let j = 0; j < THUMB_SIDE; j++) {
      const x0 = Math.floor((j * w) / THUMB_SIDE);
      const x1 = Math.floor(((j + 1) * w) / THUMB_SIDE);
      let sum = 0;
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const p = (y * w + x) * 3;
          sum += 0.299 * data[p]! + 0.587 * data[p + 1]! + 0.114 * data[p + 2]!;
        }
      }
      thumb[i * THUMB_SIDE + j] = sum / Math.max(1, (y1 - y0) * (x1 - x0));
    }
  }
  return thumb;
}

export function meanAbsDiff(a: Thumbnail, b: Thumbnail): number {
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += Math.abs(a[k]! - b[k]!);
  return sum / a.length;
}

/** Hex of the thumbnail rounded to bytes: the reserved list's line format. */
export function thumbnailToHex(thumb: Thumbnail): string {
  return Buffer.from(Array.from(thumb, (v) => Math.round(v))).toString('hex');
}

export function thumbnailFromHex(hex: string): Thumbnail {
  if (!/^[0-9a-f]{512}$/i.test(hex)) throw new KintsugiError('E_INVALID_ARGUMENT', `not a 16x16 thumbnail: ${hex.slice(0, 20)}…`);
  return Float64Array.from(Buffer.from(hex, 'hex'));
}

/** Reads the reserved list: one thumbnail per line, '#' comments and blank lines ignored. */
export function parseThumbnailList(text: string): Thumbnail[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map(thumbnailFromHex);
}

/** Same photo (resized, re-encoded) scores below 1, different photos above 17; the list's own threshold is 6. */
export const SAME_PHOTO_BELOW = 6;

export function findMatch(thumb: Thumbnail, among: readonly Thumbnail[]): number {
  return among.findIndex((other) => meanAbsDiff(thumb, other) < SAME_PHOTO_BELOW);
}
