import * as tf from '@tensorflow/tfjs';
import { AB_SCALE, encodeL } from '../../../models/pix2pix/colorize-io.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import type { ModelManifest } from '../../../src-shared/models/manifest.js';
import { labToRgbKeepingLightness, lightness } from '../../color/lab.js';
import { throwIfCancelled, yieldToEventLoop } from '../inpaint/cancel.js';
import type { RgbImage } from '../inpaint/engine.js';
import { guidedUpsample } from './box-filter.js';
import { resizePlane } from './resize-plane.js';

/**
 * Colorizes a photo with a learned L → ab model (pix2pix generator, manifest io lab/L/ab) at any size, keeping the
 * photo's own full-resolution L*:
 *  1. The photo's L* is brought (area filter) to the working scale the model was trained at: the shorter side
 *     becomes the model's input size s, the aspect ratio is kept.
 *  2. The model runs on s x s tiles of that working image, overlapping by a quarter tile and blended with linear
 *     ramps. Tiles at the model's own input size, rather than letterboxing the photo into one square or running
 *     the network on a larger canvas: the generator is saved with a fixed [s, s, 1] input (a larger input is
 *     refused), letterboxing would spend up to half the working pixels on padding the network never saw in
 *     training and shrink the photo further, and a tile is exactly what training fed it (an s x s crop at this
 *     scale), so objects appear at the size it learned them.
 *  3. a*b* comes back to full resolution through a guided upsampling (He & Sun's fast guided filter): the local
 *     linear model of a*b* against L* is fitted at working resolution and applied to the full-resolution L*, so
 *     colour edges land on the photo's real luminance edges instead of a blurred, blocky bilinear chroma.
 *  4. L*a*b* -> sRGB reducing chroma of out-of-gamut colours, never L*.
 */

export interface ModelColorizeOptions {
  /** Checked between tile batches; an aborted run throws E_CANCELLED. */
  signal?: AbortSignal | undefined;
  onProgress?: ((fraction: number, stage: string) => void) | undefined;
}

/** What inference needs from a model's manifest. */
export type ColorizeManifest = Pick<ModelManifest, 'kind' | 'inputSize' | 'io'>;

const CANCELLED = 'Colorization was cancelled';
/** Tiles overlap by this share of their side; the overlap is cross-faded. */
const OVERLAP_FRACTION = 1 / 4;
/**
 * The working image's longer side is at most this many tiles long: an extreme panorama is shrunk further (and its
 * short side padded) rather than run as dozens of tiles.
 */
const MAX_ASPECT = 4;
/** Tiles per `predict`: enough to keep the backend busy, few enough to bound activation memory at 256 px. */
const TILE_BATCH = 4;
/** Guided upsampling window radius, in working pixels, and regulariser in (L* / 100)^2, as in reference-transfer. */
const GUIDE_RADIUS = 2;
const GUIDE_EPSILON = 0.02 ** 2;

/** Lets a cancel message reach the signal between stages (each stage is synchronous), then honours it. */
async function checkpoint(signal: AbortSignal | undefined): Promise<void> {
  await yieldToEventLoop();
  if (signal) throwIfCancelled(signal, CANCELLED);
}

function badModel(message: string): KintsugiError {
  return new KintsugiError('E_BAD_MODEL', message);
}

/** True when a layer shape [batch, h, w, c] accepts `want` = [h, w, c] (null = any size). */
function accepts(shape: readonly (number | null)[], want: readonly number[]): boolean {
  return shape.length === 4 && want.every((w, i) => shape[i + 1] === null || shape[i + 1] === w);
}

/** Refuses a model that is not a colorizer this code can drive, before any photo is touched. */
export function checkColorizeModel(model: tf.LayersModel, manifest: ColorizeManifest): void {
  if (manifest.kind !== 'colorize') throw badModel(`This is a ${manifest.kind} model, not a colorize model`);
  const { io } = manifest;
  if (io.colorSpace !== 'lab' || io.input !== 'L' || io.output !== 'ab') {
    throw badModel(`A colorize model must map L to ab in Lab; this one maps ${io.input} to ${io.output} in ${io.colorSpace}`);
  }
  const s = manifest.inputSize;
  const input = model.inputs[0];
  const output = model.outputs[0];
  if (model.inputs.length !== 1 || !input || !accepts(input.shape, [s, s, 1])) {
    throw badModel(`The model takes ${JSON.stringify(model.inputs.map((t) => t.shape))}, not the [${s}, ${s}, 1] L* its manifest promises`);
  }
  if (model.outputs.length !== 1 || !output || !accepts(output.shape, [s, s, 2])) {
    throw badModel(`The model gives ${JSON.stringify(model.outputs.map((t) => t.shape))}, not the [${s}, ${s}, 2] ab its manifest promises`);
  }
}

/** The working image and its tiles. */
interface WorkingGrid {
  /** The photo at working scale. */
  width: number;
  height: number;
  /** At least one tile in each direction (larger than width/height only for extreme aspect ratios). */
  paddedWidth: number;
  paddedHeight: number;
  /** Tile origins along each axis. */
  xs: number[];
  ys: number[];
}

/** Evenly spread tile origins covering [0, length) with at least `overlap` pixels shared by neighbours. */
function tileOrigins(length: number, tile: number, overlap: number): number[] {
  if (length <= tile) return [0];
  const count = Math.ceil((length - tile) / (tile - overlap)) + 1;
  return Array.from({ length: count }, (_, i) => Math.round((i * (length - tile)) / (count - 1)));
}

function workingGrid(width: number, height: number, tile: number): WorkingGrid {
  let scale = tile / Math.min(width, height);
  const longest = Math.max(width, height) * scale;
  if (longest > MAX_ASPECT * tile) scale *= (MAX_ASPECT * tile) / longest;
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const paddedWidth = Math.max(w, tile);
  const paddedHeight = Math.max(h, tile);
  const overlap = Math.round(tile * OVERLAP_FRACTION);
  return { width: w, height: h, paddedWidth, paddedHeight, xs: tileOrigins(paddedWidth, tile, overlap), ys: tileOrigins(paddedHeight, tile, overlap) };
}

/** `plane` (width x height) extended to paddedWidth x paddedHeight by repeating its last column and row. */
function padPlane(plane: Float32Array, grid: WorkingGrid): Float32Array {
  if (grid.paddedWidth === grid.width && grid.paddedHeight === grid.height) return plane;
  const out = new Float32Array(grid.paddedWidth * grid.paddedHeight);
  for (let y = 0; y < grid.paddedHeight; y++) {
    const src = Math.min(y, grid.height - 1) * grid.width;
    for (let x = 0; x < grid.paddedWidth; x++) out[y * grid.paddedWidth + x] = plane[src + Math.min(x, grid.width - 1)] as number;
  }
  return out;
}

/**
 * Per position across a tile: weight 1 in the middle, falling linearly to the edges over the overlap. Never zero,
 * so a pixel only one tile covers (at the photo's border) keeps that tile's value after normalising.
 */
function tileRamp(tile: number): Float32Array {
  const ramp = new Float32Array(tile);
  const overlap = Math.round(tile * OVERLAP_FRACTION);
  for (let i = 0; i < tile; i++) ramp[i] = Math.min(1, (Math.min(i, tile - 1 - i) + 1) / (overlap + 1));
  return ramp;
}

async function predictBatch(model: tf.LayersModel, batch: Float32Array, count: number, tile: number): Promise<Float32Array> {
  const output = tf.tidy(() => model.predict(tf.tensor4d(batch, [count, tile, tile, 1])) as tf.Tensor);
  try {
    return (await output.data()) as Float32Array;
  } finally {
    output.dispose();
  }
}

/** a*, b* (Lab units) over the working image, predicted tile by tile and cross-faded. */
async function predictWorkingAb(
  model: tf.LayersModel,
  workL: Float32Array,
  grid: WorkingGrid,
  tile: number,
  opts: ModelColorizeOptions,
  progress: (fraction: number, stage: string) => void,
): Promise<{ a: Float32Array; b: Float32Array }> {
  const { paddedWidth: pw, paddedHeight: ph } = grid;
  const input = encodeL(padPlane(workL, grid));
  const sumA = new Float32Array(pw * ph);
  const sumB = new Float32Array(pw * ph);
  const weights = new Float32Array(pw * ph);
  const ramp = tileRamp(tile);
  const tiles = grid.ys.flatMap((y) => grid.xs.map((x) => ({ x, y })));
  const area = tile * tile;
  for (let first = 0; first < tiles.length; first += TILE_BATCH) {
    const chunk = tiles.slice(first, first + TILE_BATCH);
    const batch = new Float32Array(chunk.length * area);
    chunk.forEach((t, k) => {
      for (let row = 0; row < tile; row++) batch.set(input.subarray((t.y + row) * pw + t.x, (t.y + row) * pw + t.x + tile), k * area + row * tile);
    });
    const values = await predictBatch(model, batch, chunk.length, tile);
    chunk.forEach((t, k) => {
      for (let row = 0; row < tile; row++) {
        const wy = ramp[row] as number;
        for (let col = 0; col < tile; col++) {
          const w = wy * (ramp[col] as number);
          const p = (t.y + row) * pw + t.x + col;
          const v = 2 * (k * area + row * tile + col);
          sumA[p] = (sumA[p] as number) + w * (values[v] as number);
          sumB[p] = (sumB[p] as number) + w * (values[v + 1] as number);
          weights[p] = (weights[p] as number) + w;
        }
      }
    });
    progress(0.05 + (0.8 * (first + chunk.length)) / tiles.length, 'predicting colour');
    await checkpoint(opts.signal);
  }
  const a = new Float32Array(grid.width * grid.height);
  const b = new Float32Array(grid.width * grid.height);
  for (let y = 0; y < grid.height; y++) {
    for (let x = 0; x < grid.width; x++) {
      const p = y * pw + x;
      const w = weights[p] as number;
      a[y * grid.width + x] = ((sumA[p] as number) / w) * AB_SCALE;
      b[y * grid.width + x] = ((sumB[p] as number) / w) * AB_SCALE;
    }
  }
  return { a, b };
}

/** Colorize `image` with a loaded colorize model (see checkColorizeModel); the output has the input's size and L*. */
export async function colorizeWithModel(
  model: tf.LayersModel,
  manifest: ColorizeManifest,
  image: RgbImage,
  opts: ModelColorizeOptions = {},
): Promise<RgbImage> {
  const { width, height } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new KintsugiError('E_INVALID_ARGUMENT', `The photo to colorize is empty (${width}x${height})`);
  }
  checkColorizeModel(model, manifest);
  const progress = opts.onProgress ?? (() => {});
  const tile = manifest.inputSize;

  progress(0, 'preparing');
  const L = lightness(image);
  await checkpoint(opts.signal);
  const grid = workingGrid(width, height, tile);
  const workL = resizePlane(L, width, height, grid.width, grid.height);
  await checkpoint(opts.signal);
  const { a: workA, b: workB } = await predictWorkingAb(model, workL, grid, tile, opts, progress);

  progress(0.9, 'upsampling colour');
  // Full-resolution chroma (He & Sun 2015): guided-filter coefficients fitted against the working L*, resized to
  // full size and applied to the full-resolution L*, both in 0-1 so GUIDE_EPSILON is in those units.
  const workGuide = workL.map((l) => l / 100);
  const guide = L.map((l) => l / 100);
  const a = guidedUpsample(workGuide, workA, grid.width, grid.height, guide, width, height, GUIDE_RADIUS, GUIDE_EPSILON);
  await checkpoint(opts.signal);
  const b = guidedUpsample(workGuide, workB, grid.width, grid.height, guide, width, height, GUIDE_RADIUS, GUIDE_EPSILON);
  await checkpoint(opts.signal);

  progress(0.95, 'composing');
  const out = labToRgbKeepingLightness({ width, height, L, a, b });
  progress(1, 'done');
  return out;
}
