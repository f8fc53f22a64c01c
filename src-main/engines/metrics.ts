import { KintsugiError } from '../../src-shared/errors.js';
import type { HoleMask, RgbImage } from './inpaint/engine.js';
import { type Bounds, maskBounds } from './mask-bounds.js';

export { maskBounds };

/**
 * Image quality metrics for benchmarks and training validation, optionally restricted to a mask so a repair is
 * judged on what it repaired, not on the untouched (identical) rest of the picture.
 */

function checkSameSize(a: RgbImage, b: RgbImage, mask?: HoleMask): void {
  if (a.width !== b.width || a.height !== b.height) {
    throw new KintsugiError('E_INVALID_ARGUMENT', `Cannot compare a ${a.width}x${a.height} image with a ${b.width}x${b.height} one`);
  }
  if (mask !== undefined && mask.length !== a.width * a.height) {
    throw new KintsugiError('E_INVALID_ARGUMENT', `The mask has ${mask.length} pixels; the images are ${a.width}x${a.height}`);
  }
}

/**
 * Peak signal-to-noise ratio in dB over all RGB values (or only the masked pixels). Identical inputs give
 * `Infinity` (MSE 0); callers that serialise to JSON should map it (JSON has no Infinity). An empty mask gives NaN.
 */
export function psnr(a: RgbImage, b: RgbImage, mask?: HoleMask): number {
  checkSameSize(a, b, mask);
  let sum = 0;
  let count = 0;
  const pixels = a.width * a.height;
  for (let i = 0; i < pixels; i++) {
    if (mask !== undefined && mask[i] === 0) continue;
    for (let k = 0; k < 3; k++) {
      const d = (a.data[i * 3 + k] as number) - (b.data[i * 3 + k] as number);
      sum += d * d;
    }
    count += 3;
  }
  if (count === 0) return Number.NaN;
  const mse = sum / count;
  return mse === 0 ? Infinity : 10 * Math.log10((255 * 255) / mse);
}

/** BT.601 luma of the pixels in `box`, as floats. */
function luma(image: RgbImage, box: Bounds): Float64Array {
  const out = new Float64Array(box.width * box.height);
  for (let y = 0; y < box.height; y++) {
    for (let x = 0; x < box.width; x++) {
      const o = ((box.y + y) * image.width + box.x + x) * 3;
      out[y * box.width + x] =
        0.299 * (image.data[o] as number) + 0.587 * (image.data[o + 1] as number) + 0.114 * (image.data[o + 2] as number);
    }
  }
  return out;
}

const SIGMA = 1.5;
const RADIUS = 5;
const KERNEL = Array.from({ length: 2 * RADIUS + 1 }, (_, i) => Math.exp(-((i - RADIUS) ** 2) / (2 * SIGMA * SIGMA)));

/** One Gaussian pass along rows (step 1) or columns (step width), weights renormalised where the box clips it. */
function blurPass(values: Float64Array, width: number, height: number, alongRows: boolean): Float64Array {
  const out = new Float64Array(values.length);
  const step = alongRows ? 1 : width;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const position = alongRows ? x : y;
      const extent = alongRows ? width : height;
      let s = 0;
      let w = 0;
      for (let k = Math.max(-RADIUS, -position); k <= Math.min(RADIUS, extent - 1 - position); k++) {
        const g = KERNEL[k + RADIUS] as number;
        s += g * (values[y * width + x + k * step] as number);
        w += g;
      }
      out[y * width + x] = s / w;
    }
  }
  return out;
}

function gaussian(values: Float64Array, width: number, height: number): Float64Array {
  return blurPass(blurPass(values, width, height, true), width, height, false);
}

/**
 * Structural similarity (Wang et al. 2004) on luma with an 11x11 Gaussian window (sigma 1.5), averaged over the
 * mask's bounding box (the whole image without a mask). 1 means identical. Windows are clipped to that box, so the
 * score reflects only the repaired area and its immediate frame. An empty mask gives NaN.
 */
export function ssim(a: RgbImage, b: RgbImage, mask?: HoleMask): number {
  checkSameSize(a, b, mask);
  const box = mask === undefined ? { x: 0, y: 0, width: a.width, height: a.height } : maskBounds(mask, a.width, a.height);
  if (box === null) return Number.NaN;
  const { width, height } = box;
  const la = luma(a, box);
  const lb = luma(b, box);
  const product = (u: Float64Array, v: Float64Array): Float64Array => u.map((value, i) => value * (v[i] as number));
  const muA = gaussian(la, width, height);
  const muB = gaussian(lb, width, height);
  const aa = gaussian(product(la, la), width, height);
  const bb = gaussian(product(lb, lb), width, height);
  const ab = gaussian(product(la, lb), width, height);
  const c1 = (0.01 * 255) ** 2;
  const c2 = (0.03 * 255) ** 2;
  let sum = 0;
  for (let i = 0; i < la.length; i++) {
    const ma = muA[i] as number;
    const mb = muB[i] as number;
    const va = (aa[i] as number) - ma * ma;
    const vb = (bb[i] as number) - mb * mb;
    const cov = (ab[i] as number) - ma * mb;
    sum += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
  }
  return sum / la.length;
}

/** Mean luma gradient magnitude (forward differences, clamped at the border) over the masked pixels. */
function meanGradient(image: RgbImage, mask: HoleMask): number {
  const { width, height, data } = image;
  const luma = (i: number): number => 0.299 * (data[i * 3] as number) + 0.587 * (data[i * 3 + 1] as number) + 0.114 * (data[i * 3 + 2] as number);
  let sum = 0;
  let count = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (mask[i] === 0) continue;
      const here = luma(i);
      const gx = luma(x + 1 < width ? i + 1 : i) - here;
      const gy = luma(y + 1 < height ? i + width : i) - here;
      sum += Math.sqrt(gx * gx + gy * gy);
      count++;
    }
  }
  return count === 0 ? Number.NaN : sum / count;
}

/**
 * How sharp a repair is next to the truth: mean luma gradient magnitude inside the hole of `repaired` over that of
 * `truth`. 1 = as much detail as the photo had there; a smeared fill scores well below 1 even when PSNR is high, and
 * noise or hard seams push it above 1. A flat truth gives Infinity (or NaN when both are flat), an empty mask NaN.
 */
export function gradientRatio(repaired: RgbImage, truth: RgbImage, mask: HoleMask): number {
  checkSameSize(repaired, truth, mask);
  return meanGradient(repaired, mask) / meanGradient(truth, mask);
}
