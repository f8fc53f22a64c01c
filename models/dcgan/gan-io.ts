import type { RgbPixels } from '../../src-shared/workers/inpaint-messages.js';

/**
 * The pixel ↔ tensor mapping of a GAN (manifest io `{ colorSpace: 'rgb', output: 'rgb' }`): RGB/127.5 − 1, in
 * [−1, 1] like the generator's tanh. Training (real images in, samples out) goes through here.
 */

/** Square images of equal size as one batch of values, [n, s, s, 3] row-major. */
export function encodeRgbBatch(images: readonly RgbPixels[]): Float32Array {
  const n = images[0]?.data.length ?? 0;
  const out = new Float32Array(images.length * n);
  images.forEach((image, i) => {
    for (let k = 0; k < n; k++) out[i * n + k] = (image.data[k] as number) / 127.5 - 1;
  });
  return out;
}

/** Image `index` of a generator's output batch (values in [−1, 1], s·s·3 per image) as 8-bit RGB. */
export function decodeRgb(values: Float32Array, index: number, size: number): RgbPixels {
  const n = size * size * 3;
  const data = new Uint8Array(n);
  for (let k = 0; k < n; k++) data[k] = Math.max(0, Math.min(255, Math.round(((values[index * n + k] as number) + 1) * 127.5)));
  return { width: size, height: size, data };
}
