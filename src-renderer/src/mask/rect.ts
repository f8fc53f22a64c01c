/**
 * Axis-aligned pixel rectangles (integer, `width`/`height` ≥ 0). Every mask edit reports the rectangle it touched,
 * so the overlay repaints and the history stores only that part.
 */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const EMPTY_RECT: Rect = Object.freeze({ x: 0, y: 0, width: 0, height: 0 });

export function isEmptyRect(r: Rect): boolean {
  return r.width <= 0 || r.height <= 0;
}

/** The rectangle from (x0, y0) inclusive to (x1, y1) exclusive; empty when the bounds cross. */
export function rectFromBounds(x0: number, y0: number, x1: number, y1: number): Rect {
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : EMPTY_RECT;
}

export function unionRect(a: Rect, b: Rect): Rect {
  if (isEmptyRect(a)) return b;
  if (isEmptyRect(b)) return a;
  return rectFromBounds(
    Math.min(a.x, b.x),
    Math.min(a.y, b.y),
    Math.max(a.x + a.width, b.x + b.width),
    Math.max(a.y + a.height, b.y + b.height),
  );
}

export function intersectRect(a: Rect, b: Rect): Rect {
  return rectFromBounds(
    Math.max(a.x, b.x),
    Math.max(a.y, b.y),
    Math.min(a.x + a.width, b.x + b.width),
    Math.min(a.y + a.height, b.y + b.height),
  );
}

/** Clips to an image of this size. */
export function clipRect(r: Rect, width: number, height: number): Rect {
  return intersectRect(r, { x: 0, y: 0, width, height });
}
