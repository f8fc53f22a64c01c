import * as tf from '@tensorflow/tfjs';
import { batchNorm, chain, conv4, initializer } from '../pix2pix/layers.js';
import { upsamplings, type DcganSize } from './dcgan-generator.js';

export interface DcganDiscriminatorOptions {
  size: DcganSize;
  /** Filters of the first convolution; each next one doubles it, up to 8×. */
  width: number;
  /**
   * Leave out batch norm: with spectral normalisation the weights alone bound the network's Lipschitz constant,
   * and batch norm's division by the batch deviation would undo that bound (SN-GAN's discriminators have none).
   */
  spectralNorm: boolean;
  seed: number;
}

const MAX_WIDTH_FACTOR = 8;

/**
 * The DCGAN discriminator: RGB in [−1, 1] of shape [size, size, 3] → one real/fake logit per image, shape [1].
 * 4×4 stride-2 convolutions halve the map down to 4×4 (64 → 4 of them, 128 → 5), each followed by LeakyReLU 0.2;
 * batch norm on every one but the first (as in DCGAN) unless spectral norm replaces it; then a dense logit.
 */
export function buildDcganDiscriminator({ size, width, spectralNorm, seed }: DcganDiscriminatorOptions): tf.LayersModel {
  const levels = upsamplings(size);
  const input = tf.input({ shape: [size, size, 3], name: 'image' });
  let x = input;
  for (let level = 0; level < levels; level++) {
    const name = `d_${level + 1}`;
    const layers = [conv4(`${name}_conv`, width * Math.min(2 ** level, MAX_WIDTH_FACTOR), 2, seed + level)];
    if (level > 0 && !spectralNorm) layers.push(batchNorm(`${name}_bn`));
    layers.push(tf.layers.leakyReLU({ name: `${name}_act`, alpha: 0.2 }));
    x = chain(x, ...layers);
  }
  const output = chain(
    x,
    tf.layers.flatten({ name: 'd_flatten' }),
    tf.layers.dense({ name: 'd_logit', units: 1, kernelInitializer: initializer(seed + 100) }),
  );
  return tf.model({ inputs: input, outputs: output, name: 'dcgan-discriminator' });
}
