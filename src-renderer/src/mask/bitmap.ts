import { EMPTY_RECT, isEmptyRect, rectFromBounds, type Rect } from './rect.js';

/** A mask at the image's full resolution, row-major, one byte a pixel: 1 = hole, 0 = keep. Nothing else. */
export interface MaskBitmap {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export function createMask(width: number, height: number): MaskBitmap {
  return { width, height, data: new Uint8Array(width * height) };
}

export function fullRect(mask: MaskBitmap): Rect {
  return { x: 0, y: 0, width: mask.width, height: mask.height };
}

/** Hole pixels inside `rect` (the whole mask when omitted). */
export function countHoles(mask: MaskBitmap, rect: Rect = fullRect(mask)): number {
  let count = 0;
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    const row = y * mask.width;
    for (let i = row + rect.x, end = row + rect.x + rect.width; i < end; i++) count += mask.data[i]!;
  }
  return count;
}

/** Copies the bytes under `rect` out, row after row. */
export function readRect(data: Uint8Array, width: number, rect: Rect): Uint8Array {
  const out = new Uint8Array(rect.width * rect.height);
  for (let y = 0; y < rect.height; y++) {
    const start = (rect.y + y) * width + rect.x;
    out.set(data.subarray(start, start + rect.width), y * rect.width);
  }
  return out;
}

/** The inverse of readRect. */
export function writeRect(data: Uint8Array, width: number, rect: Rect, bytes: Uint8Array): void {
  for (let y = 0; y < rect.height; y++) {
    data.set(bytes.subarray(y * rect.width, (y + 1) * rect.width), (rect.y + y) * width + rect.x);
  }
}

/** The bounding box of the pixels where `a` and `b` differ, looked for only inside `within`. */
export function diffBounds(a: Uint8Array, b: Uint8Array, width: number, within: Rect): Rect {
  if (isEmptyRect(within)) return EMPTY_RECT;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -1;
  let y1 = -1;
  for (let y = within.y; y < within.y + within.height; y++) {
    const row = y * width;
    const start = row + within.x;
    const end = start + within.width;
    let first = -1;
    for (let i = start; i < end; i++) {
      if (a[i] !== b[i]) {
        first = i;
        break;
      }
    }
    if (first < 0) continue;
    let last = first;
    for (let i = end - 1; i > first; i--) {
      if (a[i] !== b[i]) {
        last = i;
        break;
      }
    }
    x0 = Math.min(x0, first - row);
    x1 = Math.max(x1, last - row);
    y0 = Math.min(y0, y);
    y1 = y;
  }
  return x1 < 0 ? EMPTY_RECT : rectFromBounds(x0, y0, x1 + 1, y1 + 1);
}

/** Holes become keeps and keeps holes, in place. */
export function invertMask(mask: MaskBitmap): void {
  const d = mask.data;
  for (let i = 0; i < d.length; i++) d[i] = d[i]! ^ 1;
}

/**
 * A decoded mask image (RGBA, as getImageData gives it) to a mask: a pixel is a hole when its red (= grey) value is
 * at least `threshold`, which keeps a slightly lossy or anti-aliased source from leaving a fringe.
 */
export function maskFromRgba(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number, threshold = 128): MaskBitmap {
  const mask = createMask(width, height);
  for (let i = 0, p = 0; i < mask.data.length; i++, p += 4) mask.data[i] = rgba[p]! >= threshold ? 1 : 0;
  return mask;
}

/** Opaque green where there are holes, transparent elsewhere: what the overlay draws for `rect`. */
export function greenRgba(mask: MaskBitmap, rect: Rect): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(rect.width * rect.height * 4);
  let p = 0;
  for (let y = rect.y; y < rect.y + rect.height; y++) {
    const row = y * mask.width;
    for (let i = row + rect.x, end = i + rect.width; i < end; i++, p += 4) {
      if (mask.data[i]) {
        out[p + 1] = 255;
        out[p + 3] = 255;
      }
    }
  }
  return out;
}
