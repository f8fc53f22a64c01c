import * as tf from '@tensorflow/tfjs';
import { batchNorm, chain, conv4 } from './layers.js';

export interface PatchDiscriminatorOptions {
  size: number;
  /** Filters of the first layer (pix2pix: 64); the next ones double it up to 8×. */
  width: number;
  /** Channels of the condition and the image together (colorize: L + ab = 3). */
  channels: number;
  seed: number;
}

/**
 * The 70×70 PatchGAN of pix2pix: concat(condition, image) → a grid of real/fake logits, one per overlapping patch,
 * so the generator is judged on local texture and colour while the L1 term takes care of the large scale.
 * C(w) stride 2 without batch norm, C(2w), C(4w) stride 2, C(8w) stride 1, then a 1-filter convolution (logits).
 */
export function buildPatchDiscriminator({ size, width, channels, seed }: PatchDiscriminatorOptions): tf.LayersModel {
  const input = tf.input({ shape: [size, size, channels], name: 'pair' });
  const leaky = (name: string) => tf.layers.leakyReLU({ name, alpha: 0.2 });
  const output = chain(
    input,
    conv4('d_1_conv', width, 2, seed),
    leaky('d_1_act'),
    conv4('d_2_conv', width * 2, 2, seed + 1),
    batchNorm('d_2_bn'),
    leaky('d_2_act'),
    conv4('d_3_conv', width * 4, 2, seed + 2),
    batchNorm('d_3_bn'),
    leaky('d_3_act'),
    conv4('d_4_conv', width * 8, 1, seed + 3),
    batchNorm('d_4_bn'),
    leaky('d_4_act'),
    conv4('d_logits', 1, 1, seed + 4),
  );
  return tf.model({ inputs: input, outputs: output, name: 'patchgan' });
}
