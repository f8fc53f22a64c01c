import * as tf from '@tensorflow/tfjs';
import { DCGAN_ARCH } from '../architectures.js';
import { GAN_SIZES } from '../../src-shared/contract/training.js';
import { batchNorm, chain, initializer } from '../pix2pix/layers.js';

/** Architecture id written into the manifest (defined with the others in models/architectures.ts). */
export { DCGAN_ARCH };

/** Length of the noise vector the generator starts from (DCGAN: 100, drawn from N(0, 1)). */
export const DCGAN_LATENT_SIZE = 100;

export type DcganSize = (typeof GAN_SIZES)[number];

/**
 * Default width (filters of the generator's last hidden level and of the discriminator's first layer). DCGAN uses
 * 128 / 64; a 2-core laptop on wasm needs far narrower networks to see images emerge within a short run.
 */
export const DCGAN_DEFAULT_WIDTH = 16;

/** The widest level has this many times the base width (DCGAN 64 px: 1024 = 8 × 128). */
const MAX_WIDTH_FACTOR = 8;

/** The generator starts from a 4×4 map; each transposed convolution doubles it. */
const BASE_RESOLUTION = 4;

export interface DcganGeneratorOptions {
  size: DcganSize;
  latentSize: number;
  width: number;
  /** Seed of the weight initialisers: the same options build the same starting weights. */
  seed: number;
}

/** Number of stride-2 resolution steps between 4×4 and the image size (64 → 4, 128 → 5). */
export function upsamplings(size: number): number {
  if (!(GAN_SIZES as readonly number[]).includes(size)) throw new RangeError(`DCGAN size must be ${GAN_SIZES.join(' or ')}, got ${size}`);
  return Math.log2(size / BASE_RESOLUTION);
}

/** Filters at hidden level `level` of `levels` (0 = 4×4, widest): halving towards the output, capped at 8× width. */
function levelFilters(width: number, level: number, levels: number): number {
  return width * Math.min(2 ** (levels - 1 - level), MAX_WIDTH_FACTOR);
}

/**
 * The DCGAN generator (Radford et al. 2016): z of shape [latentSize] → dense → 4×4×C → 4×4 stride-2 transposed
 * convolutions with batch norm and ReLU, halving the filters as the map doubles → tanh RGB of shape [size, size, 3]
 * in [−1, 1] (RGB/127.5 − 1). Built from built-in tfjs layers only, so `tf.loadLayersModel` loads it as is.
 */
export function buildDcganGenerator({ size, latentSize, width, seed }: DcganGeneratorOptions): tf.LayersModel {
  const levels = upsamplings(size);
  const input = tf.input({ shape: [latentSize], name: 'z' });
  const baseFilters = levelFilters(width, 0, levels);
  let x = chain(
    input,
    tf.layers.dense({ name: 'g_project', units: BASE_RESOLUTION * BASE_RESOLUTION * baseFilters, kernelInitializer: initializer(seed) }),
    tf.layers.reshape({ name: 'g_reshape', targetShape: [BASE_RESOLUTION, BASE_RESOLUTION, baseFilters] }),
    batchNorm('g_0_bn'),
    tf.layers.reLU({ name: 'g_0_act' }),
  );
  for (let level = 1; level < levels; level++) {
    const up = tf.layers.conv2dTranspose({
      name: `g_${level}_up`,
      filters: levelFilters(width, level, levels),
      kernelSize: 4,
      strides: 2,
      padding: 'same',
      kernelInitializer: initializer(seed + level),
    });
    x = chain(x, up, batchNorm(`g_${level}_bn`), tf.layers.reLU({ name: `g_${level}_act` }));
  }
  const output = chain(
    x,
    tf.layers.conv2dTranspose({ name: 'g_out_up', filters: 3, kernelSize: 4, strides: 2, padding: 'same', kernelInitializer: initializer(seed + 100) }),
    tf.layers.activation({ name: 'rgb', activation: 'tanh' }),
  );
  return tf.model({ inputs: input, outputs: output, name: DCGAN_ARCH });
}
