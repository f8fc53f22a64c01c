import { KintsugiError } from '../../../src-shared/errors.js';
import { labToRgbKeepingLightness, lightness, rgbToLab } from '../../color/lab.js';
import type { RgbImage } from '../inpaint/engine.js';
import { mulberry32 } from '../inpaint/random.js';
import { guidedFilter, localStd } from './box-filter.js';

/**
 * Colorizes a photo from colour reference photos, without a model:
 *  1. Reinhard et al. 2001: the references' L* is remapped to the target's mean and spread, so "mid-grey in the
 *     reference" means "mid-grey in the target" even when exposures differ.
 *  2. Welsh et al. 2002: each target pixel takes the a*b* of the reference sample (of a jittered ~200) whose L* and
 *     local L* deviation (texture) are closest. Matching goes through a table over (L*, deviation), so its cost does
 *     not grow with the image.
 *  3. The chroma is smoothed with a guided filter led by L*: matching is per pixel and noisy, and colour should
 *     change where the luminance has an edge, not inside a flat region.
 * Only a*b* are predicted: the output has the input's own L* at full resolution (up to 8-bit rounding), so no
 * detail of the photo is lost or invented.
 */

export interface ColorizeOptions {
  seed: number;
  signal?: AbortSignal;
  onProgress?: (fraction: number, stage: string) => void;
  /** Reference pixels sampled for matching, over all references (Welsh et al. use about 200). */
  samples?: number;
}

/** Below this mean chroma (a*b* distance from grey) a reference has no colour to give. */
const MIN_REFERENCE_CHROMA = 1.5;
/** Texture window: 5x5, as in Welsh et al. */
const STD_RADIUS = 2;
// Matching table: L* in 1-unit bins over [0, 100], local deviation in 0.5-unit bins over [0, 40].
const L_BINS = 101;
const STD_STEP = 0.5;
const STD_BINS = 81;
/** Weight of texture against luminance in the match distance (Welsh et al. weigh them equally). */
const STD_WEIGHT = 1;
/**
 * Samples within this much squared distance of the best one share the vote. A hard nearest pick flips between
 * unrelated colours for near-identical pixels; a soft one keeps neighbours consistent.
 */
const SOFTNESS = 2;
/** Guided-filter regulariser, in units of (L* / 100) squared: luminance steps of a few L* already stop the colour. */
const GUIDE_EPSILON = 0.02 ** 2;

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new KintsugiError('E_CANCELLED', 'Colorization was cancelled');
}

function checkImage(image: RgbImage, what: string): void {
  if (!Number.isInteger(image.width) || !Number.isInteger(image.height) || image.width < 1 || image.height < 1) {
    throw new KintsugiError('E_INVALID_ARGUMENT', `The ${what} is empty (${image.width}x${image.height})`);
  }
  if (image.data.length !== image.width * image.height * 3) {
    throw new KintsugiError('E_INVALID_ARGUMENT', `The ${what} of ${image.width}x${image.height} needs ${image.width * image.height * 3} bytes, got ${image.data.length}`);
  }
}

/** Mean a*b* distance from grey over all pixels: 0 for a grey photo, roughly 10-40 for ordinary colour photos. */
export function meanChroma(image: RgbImage): number {
  checkImage(image, 'image');
  const lab = rgbToLab(image);
  let sum = 0;
  for (let i = 0; i < lab.a.length; i++) sum += Math.hypot(lab.a[i] as number, lab.b[i] as number);
  return sum / lab.a.length;
}

/**
 * Whether a photo already has colour (so colorizing it would throw its colours away). The default threshold sits
 * above what JPEG noise and a slight sepia cast give a scanned black-and-white print, and below real colour photos.
 */
export function isAlreadyColour(image: RgbImage, threshold = 6): boolean {
  return meanChroma(image) > threshold;
}

function meanStd(values: Float32Array): { mean: number; std: number } {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  const mean = sum / values.length;
  let sq = 0;
  for (let i = 0; i < values.length; i++) sq += ((values[i] as number) - mean) ** 2;
  return { mean, std: Math.sqrt(sq / values.length) };
}

interface Samples {
  L: Float32Array;
  std: Float32Array;
  a: Float32Array;
  b: Float32Array;
  count: number;
}

/**
 * One sample per cell of a grid over each reference, at a random position inside the cell: covers the whole
 * picture (a plain random draw can miss a small coloured object) without the aliasing of a regular grid.
 */
function sampleReferences(references: RgbImage[], targetL: { mean: number; std: number }, total: number, seed: number, signal: AbortSignal | undefined): Samples {
  const random = mulberry32(seed);
  const areas = references.map((r) => r.width * r.height);
  const totalArea = areas.reduce((s, a) => s + a, 0);
  const counts = areas.map((a) => Math.max(16, Math.round((total * a) / totalArea)));
  const size = counts.reduce((s, c) => s + c, 0);
  const out: Samples = { L: new Float32Array(size), std: new Float32Array(size), a: new Float32Array(size), b: new Float32Array(size), count: 0 };
  references.forEach((reference, index) => {
    throwIfCancelled(signal);
    const lab = rgbToLab(reference);
    let chroma = 0;
    for (let i = 0; i < lab.a.length; i++) chroma += Math.hypot(lab.a[i] as number, lab.b[i] as number);
    if (chroma / lab.a.length < MIN_REFERENCE_CHROMA) {
      throw new KintsugiError('E_INVALID_ARGUMENT', `Colour reference ${index + 1}: reference has no colour`, { reference: index });
    }
    // Reinhard luminance remapping (Welsh et al. step 1).
    const stats = meanStd(lab.L);
    const scale = stats.std > 1e-3 ? targetL.std / stats.std : 1;
    const remapped = new Float32Array(lab.L.length);
    for (let i = 0; i < remapped.length; i++) remapped[i] = ((lab.L[i] as number) - stats.mean) * scale + targetL.mean;
    const std = localStd(remapped, reference.width, reference.height, STD_RADIUS);
    const count = counts[index] as number;
    const cols = Math.max(1, Math.round(Math.sqrt((count * reference.width) / reference.height)));
    const rows = Math.max(1, Math.ceil(count / cols));
    for (let k = 0; k < count; k++) {
      const cx = k % cols;
      const cy = Math.floor(k / cols) % rows;
      const x = Math.min(reference.width - 1, Math.floor(((cx + random()) * reference.width) / cols));
      const y = Math.min(reference.height - 1, Math.floor(((cy + random()) * reference.height) / rows));
      const i = y * reference.width + x;
      const o = out.count++;
      out.L[o] = remapped[i] as number;
      out.std[o] = std[i] as number;
      out.a[o] = lab.a[i] as number;
      out.b[o] = lab.b[i] as number;
    }
  });
  return out;
}

/** a*b* for every (L*, deviation) cell: a soft nearest-sample vote over all samples. */
function buildMatchTable(samples: Samples): { a: Float32Array; b: Float32Array } {
  const a = new Float32Array(L_BINS * STD_BINS);
  const b = new Float32Array(L_BINS * STD_BINS);
  const distance = new Float64Array(samples.count);
  for (let li = 0; li < L_BINS; li++) {
    for (let si = 0; si < STD_BINS; si++) {
      const l = li;
      const s = si * STD_STEP;
      let best = Infinity;
      for (let k = 0; k < samples.count; k++) {
        const d = ((samples.L[k] as number) - l) ** 2 + STD_WEIGHT * ((samples.std[k] as number) - s) ** 2;
        distance[k] = d;
        if (d < best) best = d;
      }
      let w = 0;
      let sa = 0;
      let sb = 0;
      for (let k = 0; k < samples.count; k++) {
        const weight = Math.exp(-((distance[k] as number) - best) / SOFTNESS);
        w += weight;
        sa += weight * (samples.a[k] as number);
        sb += weight * (samples.b[k] as number);
      }
      a[li * STD_BINS + si] = sa / w;
      b[li * STD_BINS + si] = sb / w;
    }
  }
  return { a, b };
}

/** Bilinear lookup in the match table, so smooth gradients of L* do not come out as bands of colour. */
function lookUp(table: Float32Array, l: number, s: number): number {
  const lf = Math.min(L_BINS - 1, Math.max(0, l));
  const sf = Math.min(STD_BINS - 1, Math.max(0, s / STD_STEP));
  const l0 = Math.min(L_BINS - 2, Math.floor(lf));
  const s0 = Math.min(STD_BINS - 2, Math.floor(sf));
  const tl = lf - l0;
  const ts = sf - s0;
  const i = l0 * STD_BINS + s0;
  const top = (table[i] as number) * (1 - ts) + (table[i + 1] as number) * ts;
  const bottom = (table[i + STD_BINS] as number) * (1 - ts) + (table[i + STD_BINS + 1] as number) * ts;
  return top * (1 - tl) + bottom * tl;
}

export function colorizeFromReferences(target: RgbImage, references: RgbImage[], opts: ColorizeOptions): RgbImage {
  checkImage(target, 'photo to colorize');
  if (references.length === 0) throw new KintsugiError('E_INVALID_ARGUMENT', 'Colorization needs at least one colour reference');
  references.forEach((r, i) => checkImage(r, `colour reference ${i + 1}`));
  const progress = opts.onProgress ?? (() => {});
  const { width, height } = target;
  const n = width * height;

  progress(0, 'analysing references');
  const L = lightness(target);
  const stats = meanStd(L);
  const samples = sampleReferences(references, stats, Math.max(1, Math.round(opts.samples ?? 200)), opts.seed, opts.signal);
  throwIfCancelled(opts.signal);

  progress(0.2, 'matching');
  const table = buildMatchTable(samples);
  const std = localStd(L, width, height, STD_RADIUS);
  const a = new Float32Array(n);
  const b = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = lookUp(table.a, L[i] as number, std[i] as number);
    b[i] = lookUp(table.b, L[i] as number, std[i] as number);
  }
  throwIfCancelled(opts.signal);

  progress(0.5, 'smoothing colour');
  // Radius grows with the picture so the smoothing covers the same share of it at any resolution.
  const radius = Math.max(2, Math.round(Math.min(width, height) / 64));
  const guide = new Float32Array(n);
  for (let i = 0; i < n; i++) guide[i] = (L[i] as number) / 100;
  const smoothA = guidedFilter(guide, a, width, height, radius, GUIDE_EPSILON);
  throwIfCancelled(opts.signal);
  const smoothB = guidedFilter(guide, b, width, height, radius, GUIDE_EPSILON);
  throwIfCancelled(opts.signal);

  progress(0.8, 'composing');
  const out = labToRgbKeepingLightness({ width, height, L, a: smoothA, b: smoothB });
  progress(1, 'done');
  return out;
}
