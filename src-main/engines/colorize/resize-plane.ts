import type { RgbImage } from '../inpaint/engine.js';
import { bilinearTaps } from '../inpaint/resample.js';

/**
 * Resizing of float planes (one value per pixel) to any size, one axis at a time: shrinking averages the source
 * cells each output cell covers (an area filter, so a 4000 px photo's L* brought to a 128 px working size has no
 * aliasing), enlarging interpolates bilinearly with pixel centres aligned.
 */

/** For each output cell: the source cells it reads (`index`) and their weights, from `start[o]` to `start[o + 1]`. */
interface Taps {
  start: Int32Array;
  index: Int32Array;
  weight: Float32Array;
}

function areaTaps(size: number, outSize: number): Taps {
  const scale = size / outSize;
  const start = new Int32Array(outSize + 1);
  const index: number[] = [];
  const weight: number[] = [];
  for (let o = 0; o < outSize; o++) {
    start[o] = index.length;
    const lo = o * scale;
    const hi = Math.min(size, lo + scale);
    for (let i = Math.floor(lo); i < Math.ceil(hi); i++) {
      const overlap = Math.min(hi, i + 1) - Math.max(lo, i);
      if (overlap <= 0) continue;
      index.push(i);
      weight.push(overlap / scale);
    }
  }
  start[outSize] = index.length;
  return { start, index: Int32Array.from(index), weight: Float32Array.from(weight) };
}

function linearTaps(size: number, outSize: number): Taps {
  const { lo, hi, t } = bilinearTaps(size, outSize);
  const start = new Int32Array(outSize + 1);
  const index = new Int32Array(outSize * 2);
  const weight = new Float32Array(outSize * 2);
  for (let o = 0; o < outSize; o++) {
    start[o] = 2 * o;
    index[2 * o] = lo[o] as number;
    index[2 * o + 1] = hi[o] as number;
    weight[2 * o] = 1 - (t[o] as number);
    weight[2 * o + 1] = t[o] as number;
  }
  start[outSize] = outSize * 2;
  return { start, index, weight };
}

function axisTaps(size: number, outSize: number): Taps {
  return outSize < size ? areaTaps(size, outSize) : linearTaps(size, outSize);
}

/** `plane` of `width` x `height` resized to `outWidth` x `outHeight` (area filter down, bilinear up, per axis). */
export function resizePlane(plane: Float32Array, width: number, height: number, outWidth: number, outHeight: number): Float32Array {
  const xs = axisTaps(width, outWidth);
  const ys = axisTaps(height, outHeight);
  // Rows first (width changes), then columns: each pass is a short weighted sum per output value.
  const rows = new Float32Array(outWidth * height);
  for (let y = 0; y < height; y++) {
    const src = y * width;
    const dst = y * outWidth;
    for (let x = 0; x < outWidth; x++) {
      let sum = 0;
      for (let k = xs.start[x] as number; k < (xs.start[x + 1] as number); k++) {
        sum += (plane[src + (xs.index[k] as number)] as number) * (xs.weight[k] as number);
      }
      rows[dst + x] = sum;
    }
  }
  const out = new Float32Array(outWidth * outHeight);
  for (let y = 0; y < outHeight; y++) {
    const dst = y * outWidth;
    for (let k = ys.start[y] as number; k < (ys.start[y + 1] as number); k++) {
      const src = (ys.index[k] as number) * outWidth;
      const w = ys.weight[k] as number;
      for (let x = 0; x < outWidth; x++) out[dst + x] = (out[dst + x] as number) + (rows[src + x] as number) * w;
    }
  }
  return out;
}

/** An RGB image resized to `width` x `height`, each channel as `resizePlane` resizes planes. */
export function resizeRgb(image: RgbImage, width: number, height: number): RgbImage {
  if (image.width === width && image.height === height) return image;
  const n = image.width * image.height;
  const plane = new Float32Array(n);
  const data = new Uint8Array(width * height * 3);
  for (let c = 0; c < 3; c++) {
    for (let i = 0; i < n; i++) plane[i] = image.data[i * 3 + c] as number;
    const resized = resizePlane(plane, image.width, image.height, width, height);
    for (let i = 0; i < width * height; i++) data[i * 3 + c] = Math.round(resized[i] as number);
  }
  return { width, height, data };
}
