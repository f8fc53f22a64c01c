import * as tf from '@tensorflow/tfjs';
import { chain } from '../pix2pix/layers.js';

export interface SnPatchDiscriminatorOptions {
  size: number;
  /** Filters of the first layer; the next ones double it up to 4×. DeepFill v2 uses 64. */
  width: number;
  seed: number;
}

/**
 * The SN-PatchGAN discriminator of DeepFill v2 (Yu et al. 2019), smaller: [RGB, mask] → 5×5 stride-2 convolutions
 * with LeakyReLU 0.2 and no normalisation layer; every value of the last feature map is a logit judging one
 * overlapping patch, which suits free-form holes that may lie anywhere. Its kernels are spectrally normalised by
 * the DCGAN's `SpectralNorm` (a projection after each step, see models/dcgan/spectral-norm.ts); trained with the
 * hinge loss.
 */
export function buildSnPatchDiscriminator({ size, width, seed }: SnPatchDiscriminatorOptions): tf.LayersModel {
  const input = tf.input({ shape: [size, size, 4], name: 'rgb_mask' });
  const conv = (name: string, filters: number, s: number) =>
    tf.layers.conv2d({ name, filters, kernelSize: 5, strides: 2, padding: 'same', kernelInitializer: tf.initializers.glorotUniform({ seed: s }) });
  const leaky = (name: string) => tf.layers.leakyReLU({ name, alpha: 0.2 });
  const output = chain(
    input,
    conv('sn_1', width, seed),
    leaky('sn_1_act'),
    conv('sn_2', width * 2, seed + 1),
    leaky('sn_2_act'),
    conv('sn_3', width * 4, seed + 2),
    leaky('sn_3_act'),
    conv('sn_logits', width * 4, seed + 3),
  );
  return tf.model({ inputs: input, outputs: output, name: 'sn-patchgan' });
}
