import * as tf from '@tensorflow/tfjs';

/**
 * The pixel ↔ tensor mapping of a colorize model (manifest io `{ colorSpace: 'lab', input: 'L', output: 'ab' }`):
 * input L* ÷ 50 − 1 in [−1, 1], shape [n, s, s, 1]; output a* ÷ 128 and b* ÷ 128 in [−1, 1], shape [n, s, s, 2].
 * Training and inference both go through here, so they cannot disagree on the scaling.
 */
export const L_HALF_RANGE = 50;
export const AB_SCALE = 128;

/** One image's L* plane (row-major, [0, 100]) as model input values. */
export function encodeL(L: Float32Array, out = new Float32Array(L.length)): Float32Array {
  for (let i = 0; i < L.length; i++) out[i] = (L[i] as number) / L_HALF_RANGE - 1;
  return out;
}

/** One image's a*, b* planes as interleaved target values, clamped to tanh's range. */
export function encodeAb(a: Float32Array, b: Float32Array, out = new Float32Array(a.length * 2)): Float32Array {
  for (let i = 0; i < a.length; i++) {
    out[2 * i] = Math.max(-1, Math.min(1, (a[i] as number) / AB_SCALE));
    out[2 * i + 1] = Math.max(-1, Math.min(1, (b[i] as number) / AB_SCALE));
  }
  return out;
}

/** Interleaved model output values (one image) → a*, b* planes in Lab units. */
export function decodeAb(values: Float32Array | Int32Array | Uint8Array): { a: Float32Array; b: Float32Array } {
  const n = values.length / 2;
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = (values[2 * i] as number) * AB_SCALE;
    b[i] = (values[2 * i + 1] as number) * AB_SCALE;
  }
  return { a, b };
}

/**
 * Predict a*, b* for one L* plane of the generator's working size (`size × size`, row-major) in inference mode.
 * Callers resize the photo's L* to the working size first and upsample the answer back (the full-resolution L*
 * is kept, only chroma comes from the model).
 */
export function predictAb(generator: tf.LayersModel, L: Float32Array, size: number): { a: Float32Array; b: Float32Array } {
  if (L.length !== size * size) throw new RangeError(`predictAb needs ${size}×${size} L* values, got ${L.length}`);
  const values = tf.tidy(() => {
    const input = tf.tensor4d(encodeL(L), [1, size, size, 1]);
    return (generator.predict(input) as tf.Tensor).dataSync() as Float32Array;
  });
  return decodeAb(values);
}
