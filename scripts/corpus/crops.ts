// Square crops of a photo at several scales, so the corpus shows both whole scenes and close-ups of their parts.
import sharp from 'sharp';
import type { RgbImage } from '../../src-main/engines/inpaint/engine.js';

export interface CropBox {
  left: number;
  top: number;
  side: number;
}

export interface CropPlan {
  /** Side of every written crop, in pixels. */
  size: number;
  /** Crop sides as fractions of the photo's shorter side. */
  scales: readonly number[];
  /** Smallest crop side taken: a little under `size`, so 320x240 photos count, upscaled by at most size/minSide. */
  minSide: number;
  /** At most this many crops per scale, spread evenly over the photo. */
  perScale: number;
}

export const DEFAULT_CROP_PLAN: CropPlan = { size: 256, minSide: 224, scales: [1, 0.75, 0.5], perScale: 4 };

/** `count` positions from 0 to `range`, evenly spaced; one centred position when only one fits. */
function positions(count: number, range: number): number[] {
  if (count <= 1) return [Math.floor(range / 2)];
  return Array.from({ length: count }, (_, k) => Math.round((k * range) / (count - 1)));
}

export function cropBoxes(width: number, height: number, plan: CropPlan): CropBox[] {
  const short = Math.min(width, height);
  const boxes: CropBox[] = [];
  const seenSides = new Set<number>();
  for (const scale of plan.scales) {
    const side = Math.floor(short * scale);
    if (side < plan.minSide || seenSides.has(side)) continue;
    seenSides.add(side);
    // Non-overlapping tiles that fit, then at most perScale of them picked evenly.
    const xs = positions(Math.floor(width / side), width - side);
    const ys = positions(Math.floor(height / side), height - side);
    const grid = ys.flatMap((top) => xs.map((left) => ({ left, top, side })));
    const take = Math.min(plan.perScale, grid.length);
    for (let k = 0; k < take; k++) boxes.push(grid[Math.floor((k * grid.length) / take)]!);
  }
  return boxes;
}

export function encodeCrop(image: RgbImage, box: CropBox, size: number): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extract({ left: box.left, top: box.top, width: box.side, height: box.side })
    .resize(size, size, { kernel: 'lanczos3' })
    .jpeg({ quality: 90, mozjpeg: true })
    .toBuffer();
}
