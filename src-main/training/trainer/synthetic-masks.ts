import type { HoleMask } from '../../engines/inpaint/engine.js';
import type { SeededRandom } from '../../engines/inpaint/random.js';

/**
 * Synthetic holes for training an inpainter on ordinary photos (DESIGN §4): free-form brush strokes (DeepFill v2's
 * generator of random thick polylines), boxes (the "bars" a censor or a scratch-out leaves) and blobs (stains, lost
 * emulsion). Each mask covers a fraction of the crop drawn uniformly from the run's [min, max] and really reaches
 * it: shapes are drawn piece by piece, each piece no larger than what is still missing, until the target is met.
 */

export const MASK_SHAPES = ['strokes', 'boxes', 'blobs'] as const;
export type MaskShape = (typeof MASK_SHAPES)[number];

/** Achieved coverage ends within this fraction of the crop below the target (and at most a brush stamp above). */
export const COVERAGE_TOLERANCE = 0.005;
/** A mask gives up adding shapes after this many (never reached in practice; it bounds a pathological loop). */
const MAX_PIECES = 10_000;

/** A hole mask under construction: 255 = hole, with its pixel count kept up to date. */
class Canvas {
  readonly mask: HoleMask;
  covered = 0;

  constructor(readonly size: number) {
    this.mask = new Uint8Array(size * size);
  }

  set(x: number, y: number): void {
    if (x < 0 || y < 0 || x >= this.size || y >= this.size) return;
    const p = y * this.size + x;
    if (this.mask[p] !== 0) return;
    this.mask[p] = 255;
    this.covered++;
  }

  disc(cx: number, cy: number, r: number): void {
    const reach = Math.ceil(r);
    for (let y = Math.floor(cy) - reach; y <= Math.ceil(cy) + reach; y++) {
      for (let x = Math.floor(cx) - reach; x <= Math.ceil(cx) + reach; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) this.set(x, y);
    }
  }

  rect(x0: number, y0: number, width: number, height: number): void {
    for (let y = y0; y < y0 + height; y++) for (let x = x0; x < x0 + width; x++) this.set(x, y);
  }
}

function between(random: SeededRandom, lo: number, hi: number): number {
  return lo + (hi - lo) * random.next();
}

/** One brush stroke: a polyline of a few random segments, stamped with discs until it ends or the target is met. */
function stroke(canvas: Canvas, target: number, random: SeededRandom): void {
  const { size } = canvas;
  const missing = target - canvas.covered;
  const radius = Math.max(1, Math.min(between(random, size / 40, size / 12), Math.sqrt(missing / Math.PI)));
  let x = random.next() * size;
  let y = random.next() * size;
  let angle = random.next() * 2 * Math.PI;
  const vertices = 2 + Math.floor(random.next() * 8);
  const spacing = Math.max(0.5, radius / 2);
  for (let v = 0; v < vertices; v++) {
    angle += between(random, -Math.PI / 2, Math.PI / 2);
    const length = between(random, size / 10, size / 3);
    for (let t = 0; t <= length; t += spacing) {
      canvas.disc(x + Math.cos(angle) * t, y + Math.sin(angle) * t, radius);
      if (canvas.covered >= target) return;
    }
    x = Math.min(size - 1, Math.max(0, x + Math.cos(angle) * length));
    y = Math.min(size - 1, Math.max(0, y + Math.sin(angle) * length));
  }
}

/** One box of random aspect (bars are often long and thin), no larger than what is missing. */
function box(canvas: Canvas, target: number, random: SeededRandom): void {
  const { size } = canvas;
  const area = Math.max(1, (target - canvas.covered) * between(random, 0.5, 1));
  const aspect = Math.exp(between(random, -Math.log(6), Math.log(6)));
  const width = Math.max(1, Math.min(size, Math.round(Math.sqrt(area * aspect))));
  const height = Math.max(1, Math.min(size, Math.floor(area / width)));
  canvas.rect(Math.floor(random.next() * (size - width + 1)), Math.floor(random.next() * (size - height + 1)), width, height);
}

/** One blob: overlapping discs along a short random walk, each no larger than what is missing. */
function blob(canvas: Canvas, target: number, random: SeededRandom): void {
  const { size } = canvas;
  let x = random.next() * size;
  let y = random.next() * size;
  const discs = 3 + Math.floor(random.next() * 6);
  for (let i = 0; i < discs && canvas.covered < target; i++) {
    const missing = target - canvas.covered;
    const radius = Math.max(1, Math.min(between(random, size / 16, size / 6), Math.sqrt(missing / Math.PI)));
    canvas.disc(x, y, radius);
    const step = random.next() * 2 * Math.PI;
    x = Math.min(size - 1, Math.max(0, x + Math.cos(step) * radius));
    y = Math.min(size - 1, Math.max(0, y + Math.sin(step) * radius));
  }
}

const DRAW: Record<MaskShape, (canvas: Canvas, target: number, random: SeededRandom) => void> = { strokes: stroke, boxes: box, blobs: blob };

export interface SyntheticMask {
  /** size × size, 255 = hole. */
  mask: HoleMask;
  shape: MaskShape;
  /** The fraction drawn from the coverage range, and the fraction covered. */
  target: number;
  coverage: number;
}

/** A random hole mask of one random shape kind covering a fraction of a `size`² crop drawn from `coverage`. */
export function synthesizeMask(size: number, coverage: readonly [number, number], random: SeededRandom): SyntheticMask {
  const [min, max] = coverage;
  const target = between(random, min, max);
  const shape = MASK_SHAPES[Math.floor(random.next() * MASK_SHAPES.length)] as MaskShape;
  const canvas = new Canvas(size);
  const goal = Math.round(target * size * size);
  const enough = goal - COVERAGE_TOLERANCE * size * size;
  for (let piece = 0; canvas.covered < enough && piece < MAX_PIECES; piece++) DRAW[shape](canvas, goal, random);
  return { mask: canvas.mask, shape, target, coverage: canvas.covered / (size * size) };
}
