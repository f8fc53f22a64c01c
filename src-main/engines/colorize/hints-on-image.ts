import type { ColourHint, HintPoint } from '../../../src-shared/contract/colorize-hints.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import { checkColourHints } from './colour-hints.js';

/**
 * Whether colour hints can colorize a photo of `width` x `height`: they must be well-formed, there must be at least
 * one, and each must cover a pixel of it. A hint wholly outside (drawn on another photo, or a preset made for another
 * framing) would be dropped silently by the rasteriser, and the user would get grey where they expected colour.
 */
export function assertHintsOnImage(hints: readonly ColourHint[], width: number, height: number): void {
  checkColourHints(hints);
  if (hints.length === 0) throw new KintsugiError('E_INVALID_ARGUMENT', 'Drop at least one colour point or scribble on the photo first');
  // Pixel centres, as hint-raster.ts paints: a pixel is covered when its centre is within the brush of the stroke.
  const box: Box = { x0: 0.5, y0: 0.5, x1: width - 0.5, y1: height - 0.5 };
  hints.forEach((hint, index) => {
    // hint-raster.ts widens thinner brushes to 0.75 px so that a hint always reaches its nearest pixel centre.
    const reach = Math.max(hint.radius, 0.75);
    const touches = hint.points.some((p, k) => segmentToBox(p, hint.points[Math.min(k + 1, hint.points.length - 1)] as HintPoint, box) <= reach);
    if (!touches) {
      throw new KintsugiError('E_INVALID_ARGUMENT', `Colour hint ${index + 1} lies outside the ${width}x${height} photo`, { index, width, height });
    }
  });
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Distance from the segment p-q to the box (0 when they meet). */
function segmentToBox(p: HintPoint, q: HintPoint, box: Box): number {
  if (segmentMeetsBox(p, q, box)) return 0;
  // Apart, the nearest points of a segment and a box include an end of the segment or a corner of the box.
  const corners: HintPoint[] = [
    { x: box.x0, y: box.y0 },
    { x: box.x1, y: box.y0 },
    { x: box.x0, y: box.y1 },
    { x: box.x1, y: box.y1 },
  ];
  return Math.min(pointToBox(p, box), pointToBox(q, box), ...corners.map((c) => pointToSegment(c, p, q)));
}

function pointToBox(p: HintPoint, box: Box): number {
  const dx = Math.max(box.x0 - p.x, 0, p.x - box.x1);
  const dy = Math.max(box.y0 - p.y, 0, p.y - box.y1);
  return Math.hypot(dx, dy);
}

function pointToSegment(c: HintPoint, p: HintPoint, q: HintPoint): number {
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  const lengthSq = dx * dx + dy * dy;
  const t = lengthSq > 0 ? Math.min(1, Math.max(0, ((c.x - p.x) * dx + (c.y - p.y) * dy) / lengthSq)) : 0;
  return Math.hypot(c.x - (p.x + t * dx), c.y - (p.y + t * dy));
}

/** Liang–Barsky: whether some point of the segment lies in the box. */
function segmentMeetsBox(p: HintPoint, q: HintPoint, box: Box): boolean {
  const dx = q.x - p.x;
  const dy = q.y - p.y;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, p.x - box.x0],
    [dx, box.x1 - p.x],
    [-dy, p.y - box.y0],
    [dy, box.y1 - p.y],
  ];
  for (const [step, room] of edges) {
    if (step === 0) {
      if (room < 0) return false;
      continue;
    }
    const t = room / step;
    if (step < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return false;
  }
  return true;
}
