import { SeededRandom } from '../engines/inpaint/random.js';

/**
 * Latent vectors of a GAN, the same in the app, the CLI and the tests: sample `index` of `seed` is drawn from its own
 * stream, so it is the same image however many samples were asked for, and a grid pick can be named by (seed, index).
 */

/** Seed of the stream of sample `index` (murmur3's 32-bit finaliser over seed and index, so nearby pairs decorrelate). */
function streamSeed(seed: number, index: number): number {
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** `size` draws from N(0, 1) (Box–Muller: each pair of uniforms gives two independent normals). */
export function latentVector(seed: number, index: number, size: number): Float32Array {
  const random = new SeededRandom(streamSeed(seed, index));
  const out = new Float32Array(size);
  for (let i = 0; i < size; i += 2) {
    // 1 − u is in (0, 1], so the logarithm is finite.
    const radius = Math.sqrt(-2 * Math.log(1 - random.next()));
    const angle = 2 * Math.PI * random.next();
    out[i] = radius * Math.cos(angle);
    if (i + 1 < size) out[i + 1] = radius * Math.sin(angle);
  }
  return out;
}

/** Below this angle between two latents the spherical formula divides by ~0; the straight line is then the same path. */
const MIN_ANGLE = 1e-6;

/**
 * Spherical interpolation (slerp) from `a` (t = 0) to `b` (t = 1). For Gaussian latents the straight line is the wrong
 * path: its midpoint has norm about √(d/2) where nearly every sample has √d, so the middle frames come from a region the
 * generator never saw in training and turn out washed-out. Slerp keeps the norm along the way (White 2016, "Sampling
 * generative networks").
 */
export function slerp(a: Float32Array, b: Float32Array, t: number): Float32Array {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  const cosine = Math.min(1, Math.max(-1, dot / (Math.sqrt(normA * normB) || 1)));
  const angle = Math.acos(cosine);
  const [wa, wb] = angle < MIN_ANGLE ? [1 - t, t] : [Math.sin((1 - t) * angle) / Math.sin(angle), Math.sin(t * angle) / Math.sin(angle)];
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = wa * (a[i] as number) + wb * (b[i] as number);
  return out;
}

/** `frames` evenly spaced positions from 0 to 1, both ends included. */
export function framePositions(frames: number): number[] {
  return Array.from({ length: frames }, (_, i) => i / (frames - 1));
}
