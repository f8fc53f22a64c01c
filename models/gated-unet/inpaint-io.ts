import * as tf from '@tensorflow/tfjs';
import type { RgbPixels } from '../../src-shared/workers/inpaint-messages.js';

/**
 * The pixel ↔ tensor mapping of an inpainting model (manifest io `{ colorSpace: 'rgb', input: 'rgb+mask' }`): input
 * [n, s, s, 4] = RGB/127.5 − 1, with hole pixels set to 0 (mid-grey) unless the hole's content is kept as a guide
 * (mosaic models), then the mask (1 = hole); output [n, s, s, 3] = RGB in [−1, 1]. Training, validation and the
 * engine all go through here, so they cannot disagree on the scaling or on what a hole looks like.
 */

/** One crop and its mask (non-zero = hole) as model input values, written into `out` (s·s·4 values). */
export function encodeInpaintInput(image: RgbPixels, mask: Uint8Array, keepHole: boolean, out = new Float32Array(mask.length * 4)): Float32Array {
  for (let p = 0; p < mask.length; p++) {
    const hole = mask[p] !== 0;
    for (let k = 0; k < 3; k++) out[p * 4 + k] = hole && !keepHole ? 0 : (image.data[p * 3 + k] as number) / 127.5 - 1;
    out[p * 4 + 3] = hole ? 1 : 0;
  }
  return out;
}

/** An RGB value in [−1, 1] (as the model outputs it) → 8-bit. */
function toByte(value: number): number {
  return Math.max(0, Math.min(255, Math.round((value + 1) * 127.5)));
}

/**
 * The answer an inpainter gives: `known` everywhere outside the hole (bit-identical), the prediction inside it.
 * `predicted` holds one image's output values (s·s·3).
 */
export function compositeHole(known: RgbPixels, mask: Uint8Array, predicted: Float32Array | Int32Array | Uint8Array): RgbPixels {
  const data = new Uint8Array(known.data);
  for (let p = 0; p < mask.length; p++) {
    if (mask[p] === 0) continue;
    for (let k = 0; k < 3; k++) data[p * 3 + k] = toByte(predicted[p * 3 + k] as number);
  }
  return { width: known.width, height: known.height, data };
}

/**
 * Inpaint square images of the model's working size at once (inference mode); each answer is composited so only
 * its hole changed. `keepHole`: the hole's pixels are a guide the model was trained to read (mosaic models).
 */
export function predictInpaint(model: tf.LayersModel, images: readonly RgbPixels[], masks: readonly Uint8Array[], keepHole: boolean): RgbPixels[] {
  const first = images[0];
  if (first === undefined) return [];
  const { width: s, height } = first;
  const n = s * height;
  const input = new Float32Array(images.length * n * 4);
  images.forEach((image, i) => encodeInpaintInput(image, masks[i] as Uint8Array, keepHole, input.subarray(i * n * 4, (i + 1) * n * 4)));
  const values = tf.tidy(() => (model.predict(tf.tensor4d(input, [images.length, height, s, 4])) as tf.Tensor).dataSync());
  return images.map((image, i) => compositeHole(image, masks[i] as Uint8Array, values.subarray(i * n * 3, (i + 1) * n * 3)));
}
