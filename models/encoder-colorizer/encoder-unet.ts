import * as tf from '@tensorflow/tfjs';
import { ENCODER_UNET_ARCH } from '../architectures.js';
import { chain } from '../pix2pix/layers.js';
import { ENCODER_SKIPS, ENCODER_STRIDE, greyAsRgb, rewire, skipLayerName } from './mobilenet-trunk.js';

/** Architecture id written into the manifest (defined with the others in models/architectures.ts). */
export { ENCODER_UNET_ARCH };

/**
 * Largest |a*|, |b*| the model predicts, ÷ 128 (≈ 90 Lab units). Beyond it most colours leave the sRGB gamut and
 * clip on the way back to RGB, which also shifts their luminance; natural photos' chroma sits well inside it.
 */
export const CHROMA_CAP = 0.7;

/** Decoder filters at strides 16, 8, 4 and 2 (the probe's 2.0M-parameter decoder; ENVIRONMENT.md). */
const DECODER_FILTERS = [256, 128, 64, 32] as const;

export interface EncoderUnetOptions {
  /** The frozen MobileNetV2 trunk (its layers are shared, so its weights are the colorizer's encoder weights). */
  trunk: tf.LayersModel;
  /** Square working size in pixels; a multiple of 16. */
  size: number;
  /** Seed of the decoder's initialisers. */
  seed: number;
}

function conv3(name: string, filters: number, seed: number): tf.layers.Layer {
  return tf.layers.conv2d({
    name,
    filters,
    kernelSize: 3,
    padding: 'same',
    activation: 'relu',
    kernelInitializer: tf.initializers.heNormal({ seed }),
  });
}

function upsample(name: string): tf.layers.Layer {
  return tf.layers.upSampling2d({ name, size: [2, 2], interpolation: 'bilinear' });
}

/**
 * A colorizer on a frozen pretrained encoder: L* in [−1, 1] of shape [s, s, 1] → a*b* ÷ 128 of shape [s, s, 2]
 * (colorize-io's scaling). The MobileNetV2 trunk sees L* as a grey RGB photo; a U-Net decoder of 3×3 ReLU convs
 * goes from its stride-16 features up to stride 2, concatenating the trunk's skip of each stride after a bilinear
 * upsampling, predicts capped chroma (tanh × CHROMA_CAP) at stride 2 and upsamples it to the input size (chroma is
 * smooth; inference keeps the photo's own full-resolution L*). The decoder has no batch norm, so running the whole
 * network in inference mode while training keeps the trunk's batch norm on its ImageNet statistics and changes
 * nothing in the decoder. One flat model of built-in layers: it saves and loads as any other.
 */
export function buildEncoderUnet({ trunk, size, seed }: EncoderUnetOptions): tf.LayersModel {
  if (size % ENCODER_STRIDE !== 0) throw new RangeError(`The encoder colorizer's size must be a multiple of ${ENCODER_STRIDE}, got ${size}`);
  const input = tf.input({ shape: [size, size, 1], name: 'L' });
  const outputs = rewire(trunk, greyAsRgb(input), (layer) => layer);
  const skips = ENCODER_SKIPS.map((name) => outputs.get(skipLayerName(name)) as tf.SymbolicTensor);
  const deepest = skips.length - 1;
  let x = chain(skips[deepest] as tf.SymbolicTensor, conv3('dec_16', DECODER_FILTERS[0], seed));
  for (let level = deepest - 1; level >= 0; level--) {
    const stride = 2 ** (level + 1);
    x = chain(x, upsample(`dec_up${stride}`));
    x = tf.layers.concatenate({ name: `dec_skip${stride}` }).apply([x, skips[level] as tf.SymbolicTensor]) as tf.SymbolicTensor;
    x = chain(x, conv3(`dec_${stride}`, DECODER_FILTERS[deepest - level] as number, seed + stride));
  }
  const output = chain(
    x,
    tf.layers.conv2d({
      name: 'dec_ab',
      filters: 2,
      kernelSize: 1,
      activation: 'tanh',
      // Zeros: a fresh colorizer predicts grey (the safe answer) and learns colour from there; a random start
      // painted saturated noise (validation ab error 0.58 ÷ 128 against ≈ 0.1 for grey).
      kernelInitializer: 'zeros',
    }),
    tf.layers.rescaling({ name: 'dec_ab_cap', scale: CHROMA_CAP }),
    upsample('ab'),
  );
  return tf.model({ inputs: input, outputs: output, name: ENCODER_UNET_ARCH });
}
