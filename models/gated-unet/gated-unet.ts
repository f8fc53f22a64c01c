import * as tf from '@tensorflow/tfjs';
import { GATED_UNET_ARCH } from '../architectures.js';
import { ENCODER_PREFIX } from '../pix2pix/unet-generator.js';
import { gatedConv } from './gated-conv.js';

/** Architecture id written into the manifest (defined with the others in models/architectures.ts). */
export { GATED_UNET_ARCH };

/**
 * Default first-level width. Measured side by side with the colorizer on the same (loaded) 2-core machine, wasm,
 * 128 px, batch 4: width 8 trains as fast as pix2pix at its default width (1.00 vs 0.99 steps/s), which the training
 * defaults are sized for; `npm run bench` (learned-inpaint) reports the figure on the machine it runs on.
 */
export const DEFAULT_GATED_WIDTH = 8;

export interface GatedUnetOptions {
  /** Square input size in pixels; a multiple of 4, at least 16. */
  size: number;
  /** Filters of the first level; the two downsampled levels have 2× and 4× as many. */
  width: number;
  seed: number;
}

/**
 * Dilation rates of the bottleneck (at a quarter of the input size): doubling from 2 while the dilated 3×3 kernel
 * still fits well inside the feature map, so the innermost features see most of the crop (DeepFill v2 uses 2, 4, 8,
 * 16 at 256 px). A hole's centre can then borrow from context far beyond its edge.
 */
export function bottleneckDilations(size: number): number[] {
  if (!Number.isInteger(size / 4) || size < 16) throw new RangeError(`Gated U-Net size must be a multiple of 4, at least 16; got ${size}`);
  const rates: number[] = [];
  for (let rate = 2; rate <= 16 && rate <= size / 8; rate *= 2) rates.push(rate);
  return rates;
}

/**
 * The inpainting generator (DESIGN §3): a DeepFill v2-style stack of gated convolutions shaped as a small U-Net.
 * Input [s, s, 4]: RGB/127.5 − 1 with the hole blanked to 0 (or holding the mosaic, for a mosaic model) and the mask
 * (1 = hole). Output [s, s, 3]: RGB in [−1, 1] (tanh), of which callers keep only the hole.
 * Encoder (`enc_*`, what "freeze encoder" keeps): 5×5 at full size, then two stride-2 levels with a second gated
 * convolution each. Bottleneck: dilated gated convolutions. Decoder: nearest-neighbour upsampling then a gated
 * convolution over the upsampled features concatenated with the encoder level of that size (the U-Net skips carry
 * the exact context around the hole back to the output).
 */
export function buildGatedUnet({ size, width, seed }: GatedUnetOptions): tf.LayersModel {
  const dilations = bottleneckDilations(size);
  const input = tf.input({ shape: [size, size, 4], name: 'rgb_mask' });
  const enc = (n: number) => `${ENCODER_PREFIX}${n}`;
  const full = gatedConv(input, { name: enc(1), filters: width, kernelSize: 5, seed });
  let x = gatedConv(full, { name: enc(2), filters: 2 * width, kernelSize: 3, strides: 2, seed: seed + 1 });
  const half = gatedConv(x, { name: enc(3), filters: 2 * width, kernelSize: 3, seed: seed + 2 });
  x = gatedConv(half, { name: enc(4), filters: 4 * width, kernelSize: 3, strides: 2, seed: seed + 3 });
  x = gatedConv(x, { name: enc(5), filters: 4 * width, kernelSize: 3, seed: seed + 4 });
  dilations.forEach((rate, i) => {
    x = gatedConv(x, { name: `mid_d${rate}`, filters: 4 * width, kernelSize: 3, dilationRate: rate, seed: seed + 10 + i });
  });
  const up = (t: tf.SymbolicTensor, name: string, skip: tf.SymbolicTensor, filters: number, s: number) => {
    const upsampled = tf.layers.upSampling2d({ name: `${name}_up`, size: [2, 2] }).apply(t) as tf.SymbolicTensor;
    const joined = tf.layers.concatenate({ name: `${name}_skip` }).apply([upsampled, skip]) as tf.SymbolicTensor;
    return gatedConv(joined, { name, filters, kernelSize: 3, seed: s });
  };
  x = up(x, 'dec_2', half, 2 * width, seed + 20);
  x = up(x, 'dec_1', full, width, seed + 21);
  const output = tf.layers
    .conv2d({ name: 'rgb', filters: 3, kernelSize: 3, padding: 'same', activation: 'tanh', kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 30 }) })
    .apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: output, name: GATED_UNET_ARCH });
}
