import type { ColourHint } from '../../../src-shared/contract/colorize-hints.js';
import { rgbToLab } from '../../color/lab.js';

/**
 * Paints colour hints (scribbles in full-image pixel coordinates) onto a grid of any pyramid level: which pixels are
 * fixed, and to which a*b*.
 */

export interface HintChroma {
  a: Float32Array;
  b: Float32Array;
}

/** a*b* of each hint's colour (its L* is dropped: the photo keeps its own lightness). */
export function hintChroma(hints: readonly ColourHint[]): HintChroma {
  const data = new Uint8Array(hints.length * 3);
  hints.forEach((hint, i) => {
    const value = Number.parseInt(hint.colour.slice(1), 16);
    data[i * 3] = (value >> 16) & 255;
    data[i * 3 + 1] = (value >> 8) & 255;
    data[i * 3 + 2] = value & 255;
  });
  const lab = rgbToLab({ width: hints.length, height: 1, data });
  return { a: lab.a, b: lab.b };
}

/**
 * A brush thinner than this (in grid pixels) is widened to it, so every hint fixes at least the pixel nearest to it
 * on coarse grids: a pixel centre is at most sqrt(2)/2 away from any point.
 */
const MIN_RADIUS = 0.75;

/**
 * Per pixel of a `width` x `height` grid that is `sx`, `sy` times the image's size: the index of the hint painted
 * there (later hints over earlier ones), or -1 where no hint is.
 */
export function rasterizeHints(hints: readonly ColourHint[], width: number, height: number, sx: number, sy: number): Int32Array {
  const label = new Int32Array(width * height).fill(-1);
  const radiusScale = Math.sqrt(sx * sy);
  hints.forEach((hint, index) => {
    const r = Math.max(MIN_RADIUS, hint.radius * radiusScale);
    const points = hint.points.map((p) => ({ x: p.x * sx, y: p.y * sy }));
    for (let k = 0; k < points.length; k++) {
      const p = points[k] as { x: number; y: number };
      const q = points[Math.min(k + 1, points.length - 1)] as { x: number; y: number };
      paintSegment(label, width, height, p.x, p.y, q.x, q.y, r, index);
    }
  });
  return label;
}

/** Marks the pixels whose centres lie within `r` of the segment (x0,y0)-(x1,y1). */
function paintSegment(label: Int32Array, width: number, height: number, x0: number, y0: number, x1: number, y1: number, r: number, index: number): void {
  const left = Math.max(0, Math.floor(Math.min(x0, x1) - r));
  const right = Math.min(width - 1, Math.ceil(Math.max(x0, x1) + r));
  const top = Math.max(0, Math.floor(Math.min(y0, y1) - r));
  const bottom = Math.min(height - 1, Math.ceil(Math.max(y0, y1) + r));
  const dx = x1 - x0;
  const dy = y1 - y0;
  const lengthSq = dx * dx + dy * dy;
  const rSq = r * r;
  for (let y = top; y <= bottom; y++) {
    const cy = y + 0.5;
    for (let x = left; x <= right; x++) {
      const cx = x + 0.5;
      // Nearest point of the segment to the pixel centre.
      const t = lengthSq > 0 ? Math.min(1, Math.max(0, ((cx - x0) * dx + (cy - y0) * dy) / lengthSq)) : 0;
      const ex = cx - (x0 + t * dx);
      const ey = cy - (y0 + t * dy);
      if (ex * ex + ey * ey <= rSq) label[y * width + x] = index;
    }
  }
}
