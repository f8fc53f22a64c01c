import type { HoleMask } from './inpaint/engine.js';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Bounding box of the non-zero mask pixels, or null for an empty mask. */
export function maskBounds(mask: HoleMask, width: number, height: number): Bounds | null {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (mask[y * width + x] === 0) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}
