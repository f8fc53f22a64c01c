import * as tf from '@tensorflow/tfjs';
import { PIX2PIX_ARCH } from '../architectures.js';
import { batchNorm, chain, conv4, initializer } from './layers.js';

/** Architecture id written into the manifest (defined with the others in models/architectures.ts). */
export { PIX2PIX_ARCH };

/** Every encoder layer's name starts with this, so "freeze encoder" can find them in a loaded model too. */
export const ENCODER_PREFIX = 'enc_';

export interface UnetOptions {
  /** Square input size in pixels; a power of two, at least 8. */
  size: number;
  /** Filters of the first encoder level; deeper levels double it, up to 8×. pix2pix uses 64. */
  width: number;
  /** Seed of the weight initialisers: the same options build the same starting weights. */
  seed: number;
}

/**
 * Default first-level width for both networks. Chosen from `npm run bench` on a 2-core laptop (wasm backend): at
 * 128 px it trains about twice as fast as width 16 and learns plausible colours within a 10-minute run.
 */
export const DEFAULT_WIDTH = 8;

/** The widest level has this many times the first level's filters (pix2pix: 64 → 512). */
const MAX_WIDTH_FACTOR = 8;

/**
 * Downsampling levels for a size: the bottleneck is 2×2 (64 → 5 levels, 128 → 6, 256 → 7), so the innermost
 * features see the whole crop, which colorization needs (is this sky or sea?) without pix2pix's 1×1 bottleneck,
 * whose batch statistics are degenerate at the small batches a laptop trains with.
 */
export function unetDepth(size: number): number {
  const depth = Math.log2(size) - 1;
  if (!Number.isInteger(depth) || depth < 2) throw new RangeError(`U-Net size must be a power of two ≥ 8, got ${size}`);
  return depth;
}

function levelFilters(width: number, level: number): number {
  return width * Math.min(2 ** level, MAX_WIDTH_FACTOR);
}

/**
 * The pix2pix U-Net generator for colorization (Isola et al. 2017): L in [−1, 1] of shape [s, s, 1] → ab in
 * [−1, 1] of shape [s, s, 2] (tanh). Encoder: 4×4 stride-2 convolutions, batch norm (not on the first and innermost
 * levels), LeakyReLU 0.2. Decoder: 4×4 stride-2 transposed convolutions, batch norm, ReLU, each concatenated with
 * the encoder level of the same resolution. pix2pix's decoder dropout is left out: it is its only noise source,
 * and without it a seeded run and its resume from a checkpoint compute the same steps.
 */
export function buildUnetGenerator({ size, width, seed }: UnetOptions): tf.LayersModel {
  const depth = unetDepth(size);
  const input = tf.input({ shape: [size, size, 1], name: 'L' });
  const skips: tf.SymbolicTensor[] = [];
  let x = input;
  for (let level = 0; level < depth; level++) {
    const name = `${ENCODER_PREFIX}${level + 1}`;
    const layers = [conv4(`${name}_conv`, levelFilters(width, level), 2, seed + level)];
    if (level > 0 && level < depth - 1) layers.push(batchNorm(`${name}_bn`));
    layers.push(tf.layers.leakyReLU({ name: `${name}_act`, alpha: 0.2 }));
    x = chain(x, ...layers);
    skips.push(x);
  }
  for (let level = depth - 2; level >= 0; level--) {
    const name = `dec_${level + 1}`;
    const up = tf.layers.conv2dTranspose({
      name: `${name}_up`,
      filters: levelFilters(width, level),
      kernelSize: 4,
      strides: 2,
      padding: 'same',
      kernelInitializer: initializer(seed + 100 + level),
    });
    x = chain(x, up, batchNorm(`${name}_bn`), tf.layers.reLU({ name: `${name}_act` }));
    x = tf.layers.concatenate({ name: `${name}_skip` }).apply([x, skips[level] as tf.SymbolicTensor]) as tf.SymbolicTensor;
  }
  const output = chain(
    x,
    tf.layers.conv2dTranspose({ name: 'out_up', filters: 2, kernelSize: 4, strides: 2, padding: 'same', kernelInitializer: initializer(seed + 200) }),
    tf.layers.activation({ name: 'ab', activation: 'tanh' }),
  );
  return tf.model({ inputs: input, outputs: output, name: PIX2PIX_ARCH });
}

/** The layers "freeze encoder" keeps fixed: found by name, so it works on a built and on a loaded model alike. */
export function encoderLayers(model: tf.LayersModel): tf.layers.Layer[] {
  return model.layers.filter((layer) => layer.name.startsWith(ENCODER_PREFIX));
}
