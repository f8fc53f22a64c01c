import type { MaskBitmap } from './bitmap.js';
import { EMPTY_RECT, clipRect, rectFromBounds, type Rect } from './rect.js';

/** A point in image pixels; (0, 0) is the top-left corner of the first pixel, so its centre is (0.5, 0.5). */
export interface Point {
  x: number;
  y: number;
}

/** Writes 0 or 1 into a row span [x0, x1) of row y. */
function fillSpan(mask: MaskBitmap, y: number, x0: number, x1: number, value: 0 | 1): void {
  if (x1 > x0) mask.data.fill(value, y * mask.width + x0, y * mask.width + x1);
}

/**
 * Every pixel whose centre lies within `diameter / 2` of the segment a–b (a capsule; a disc when a = b), set to
 * `value`. Hard-edged by construction: pixels are in or out, never partly. Brushes narrower than a pixel's
 * diagonal could miss every centre, so the pixels under the two ends are always included. Returns the rectangle
 * it may have changed (clipped to the mask).
 */
export function stampSegment(mask: MaskBitmap, a: Point, b: Point, diameter: number, value: 0 | 1): Rect {
  const r = Math.max(0, diameter / 2);
  const r2 = r * r;
  const bounds = clipRect(
    rectFromBounds(
      Math.floor(Math.min(a.x, b.x) - r),
      Math.floor(Math.min(a.y, b.y) - r),
      Math.ceil(Math.max(a.x, b.x) + r) + 1,
      Math.ceil(Math.max(a.y, b.y) + r) + 1,
    ),
    mask.width,
    mask.height,
  );
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len2 = dx * dx + dy * dy;
  for (let y = bounds.y; y < bounds.y + bounds.height; y++) {
    const cy = y + 0.5;
    // The capsule is convex, so each row's part is one span: find its two ends and fill between them.
    let first = -1;
    let last = -1;
    for (let x = bounds.x; x < bounds.x + bounds.width; x++) {
      if (distance2ToSegment(x + 0.5, cy, a, dx, dy, len2) <= r2) {
        first = x;
        break;
      }
    }
    if (first < 0) continue;
    for (let x = bounds.x + bounds.width - 1; x >= first; x--) {
      if (distance2ToSegment(x + 0.5, cy, a, dx, dy, len2) <= r2) {
        last = x;
        break;
      }
    }
    fillSpan(mask, y, first, last + 1, value);
  }
  for (const p of [a, b]) {
    const px = Math.floor(p.x);
    const py = Math.floor(p.y);
    if (px >= 0 && py >= 0 && px < mask.width && py < mask.height) mask.data[py * mask.width + px] = value;
  }
  return bounds;
}

function distance2ToSegment(px: number, py: number, a: Point, dx: number, dy: number, len2: number): number {
  const t = len2 === 0 ? 0 : Math.min(1, Math.max(0, ((px - a.x) * dx + (py - a.y) * dy) / len2));
  const ex = px - (a.x + t * dx);
  const ey = py - (a.y + t * dy);
  return ex * ex + ey * ey;
}

/** A polyline of strokes (a whole brush gesture) in one go; returns the union of what each segment touched. */
export function stampStroke(mask: MaskBitmap, points: readonly Point[], diameter: number, value: 0 | 1): Rect {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i < points.length; i++) {
    const r = stampSegment(mask, points[Math.max(0, i - 1)]!, points[i]!, diameter, value);
    if (r.width === 0 || r.height === 0) continue;
    x0 = Math.min(x0, r.x);
    y0 = Math.min(y0, r.y);
    x1 = Math.max(x1, r.x + r.width);
    y1 = Math.max(y1, r.y + r.height);
  }
  return x1 < x0 ? EMPTY_RECT : rectFromBounds(x0, y0, x1, y1);
}

/** The pixels a rectangle dragged from a to b covers, both corner pixels included (the DeepCreamPy "bar"). */
export function fillRectangle(mask: MaskBitmap, a: Point, b: Point, value: 0 | 1): Rect {
  const rect = clipRect(
    rectFromBounds(
      Math.floor(Math.min(a.x, b.x)),
      Math.floor(Math.min(a.y, b.y)),
      Math.floor(Math.max(a.x, b.x)) + 1,
      Math.floor(Math.max(a.y, b.y)) + 1,
    ),
    mask.width,
    mask.height,
  );
  for (let y = rect.y; y < rect.y + rect.height; y++) fillSpan(mask, y, rect.x, rect.x + rect.width, value);
  return rect;
}

/**
 * Scanline fill of a closed polygon (the lasso's path, closed back to its start): a pixel is inside when its
 * centre is, by the non-zero winding rule, so a path that loops over itself keeps its loops filled.
 */
export function fillPolygon(mask: MaskBitmap, points: readonly Point[], value: 0 | 1): Rect {
  if (points.length < 3) return EMPTY_RECT;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of points) {
    minY = Math.min(minY, p.y);
    maxY = Math.max(maxY, p.y);
  }
  const yStart = Math.max(0, Math.floor(minY));
  const yEnd = Math.min(mask.height, Math.ceil(maxY) + 1);
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  const crossings: { x: number; dir: number }[] = [];
  for (let y = yStart; y < yEnd; y++) {
    const cy = y + 0.5;
    crossings.length = 0;
    for (let i = 0; i < points.length; i++) {
      const p = points[i]!;
      const q = points[(i + 1) % points.length]!;
      // Half-open in y, so a vertex shared by two edges is counted once.
      if ((p.y <= cy && q.y > cy) || (q.y <= cy && p.y > cy)) {
        crossings.push({ x: p.x + ((cy - p.y) / (q.y - p.y)) * (q.x - p.x), dir: q.y > p.y ? 1 : -1 });
      }
    }
    crossings.sort((m, n) => m.x - n.x);
    let winding = 0;
    for (let i = 0; i < crossings.length - 1; i++) {
      winding += crossings[i]!.dir;
      if (winding === 0) continue;
      // Pixels whose centre x + 0.5 lies in [xa, xb).
      const from = Math.max(0, Math.ceil(crossings[i]!.x - 0.5));
      const to = Math.min(mask.width, Math.ceil(crossings[i + 1]!.x - 0.5));
      if (to <= from) continue;
      fillSpan(mask, y, from, to, value);
      x0 = Math.min(x0, from);
      x1 = Math.max(x1, to);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y + 1);
    }
  }
  return x1 < x0 ? EMPTY_RECT : rectFromBounds(x0, y0, x1, y1);
}
