import * as tf from '@tensorflow/tfjs';
import { decodeAb, encodeAb, encodeL } from '../../../models/pix2pix/colorize-io.js';
import { buildPatchDiscriminator } from '../../../models/pix2pix/patch-discriminator.js';
import { pix2pixOptimizer, pix2pixStep, setLearningRate, type Pix2PixNets } from '../../../models/pix2pix/pix2pix-step.js';
import { buildUnetGenerator, DEFAULT_WIDTH, encoderLayers, PIX2PIX_ARCH } from '../../../models/pix2pix/unet-generator.js';
import { labToRgb, luminanceOnly, rgbToLab, type LabImage } from '../../color/lab.js';
import type { RgbImage } from '../../engines/inpaint/engine.js';
import { checkImageGenerator } from './generator-shape.js';
import { meanQuality, PREDICT_BATCH } from './quality-scores.js';
import type { ScoredTrainingTask, ValidationScores } from './task.js';
import type { Losses } from '../../../src-shared/contract/training.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import { encoderColorizerOptimizer, encoderColorizerStep } from '../../../models/encoder-colorizer/colorizer-step.js';
import { buildEncoderUnet, ENCODER_UNET_ARCH } from '../../../models/encoder-colorizer/encoder-unet.js';

export interface ColorizeTaskOptions {
  size: number;
  learningRate: number;
  l1Weight: number;
  seed: number;
  freezeEncoder: boolean;
  /** First-level width of freshly built networks (tests build tiny ones). */
  width?: number;
  /** Networks to continue from (a checkpoint's, or a base model's generator); missing ones are built fresh. */
  generator?: tf.LayersModel;
  discriminator?: tf.LayersModel;
}

/** Crops as one input batch (L) and one target batch (ab), scaled as colorize-io says. */
function pairs(crops: readonly RgbImage[], size: number): { labs: LabImage[]; input: tf.Tensor4D; target: tf.Tensor4D } {
  const n = size * size;
  const L = new Float32Array(crops.length * n);
  const ab = new Float32Array(crops.length * n * 2);
  const labs = crops.map((crop, i) => {
    const lab = rgbToLab(crop);
    encodeL(lab.L, L.subarray(i * n, (i + 1) * n));
    encodeAb(lab.a, lab.b, ab.subarray(i * n * 2, (i + 1) * n * 2));
    return lab;
  });
  return { labs, input: tf.tensor4d(L, [crops.length, size, size, 1]), target: tf.tensor4d(ab, [crops.length, size, size, 2]) };
}

/** How a colorize architecture trains: its networks, optimizers and one step on an L → ab batch. */
interface ColorizeTraining {
  arch: string;
  generator: tf.LayersModel;
  models: Record<string, tf.LayersModel>;
  optimizers: Record<string, tf.Optimizer>;
  step(input: tf.Tensor4D, target: tf.Tensor4D): Losses & { gL1: number };
}

/**
 * What every colorize architecture shares: the generator predicts a*b* from L*; validation, previews and the
 * exported model recombine its colours with each crop's own L*, as inference does with the full-resolution photo.
 */
function colorizeTask(training: ColorizeTraining, size: number): ScoredTrainingTask {
  const { generator } = training;

  /** The generator's colours for crops, recombined with each crop's L*, plus the mean |Δab| (÷ 128) to the truth. */
  function colorize(crops: readonly RgbImage[]): { outputs: RgbImage[]; l1: number } {
    const outputs: RgbImage[] = [];
    let absSum = 0;
    for (let start = 0; start < crops.length; start += PREDICT_BATCH) {
      const group = crops.slice(start, start + PREDICT_BATCH);
      const { labs, input, target } = pairs(group, size);
      const [predicted, error] = tf.tidy(() => {
        const out = generator.predict(input) as tf.Tensor;
        return [out.dataSync() as Float32Array, tf.sum(tf.abs(tf.sub(out, target))).dataSync()[0] as number];
      });
      tf.dispose([input, target]);
      absSum += error;
      const n = size * size;
      labs.forEach((lab, i) => {
        const { a, b } = decodeAb(predicted.subarray(i * n * 2, (i + 1) * n * 2));
        outputs.push(labToRgb({ width: size, height: size, L: lab.L, a, b }));
      });
    }
    return { outputs, l1: crops.length === 0 ? 0 : absSum / (crops.length * size * size * 2) };
  }

  return {
    kind: 'colorize',
    arch: training.arch,
    models: training.models,
    optimizers: training.optimizers,
    product: { model: generator, io: { colorSpace: 'lab', input: 'L', output: 'ab' } },
    setLearningRate(rate) {
      for (const optimizer of Object.values(training.optimizers)) setLearningRate(optimizer, rate);
    },
    trainStep(batch) {
      const { input, target } = pairs(batch, size);
      try {
        return training.step(input, target);
      } finally {
        tf.dispose([input, target]);
      }
    },
    validate(crops): ValidationScores {
      const { outputs, l1 } = colorize(crops);
      return { ...meanQuality(outputs, crops), l1 };
    },
    previewRows(crops) {
      const { outputs } = colorize(crops);
      return crops.map((truth, i) => [luminanceOnly(truth), outputs[i] as RgbImage, truth]);
    },
    dispose() {
      for (const optimizer of Object.values(training.optimizers)) optimizer.dispose();
      for (const model of Object.values(training.models)) model.dispose();
    },
  };
}

/** Colorization as pix2pix (DESIGN §3): a U-Net predicts a*b* from L*, judged by L1 and a PatchGAN. */
export function createColorizeTask(options: ColorizeTaskOptions): ScoredTrainingTask {
  const { size, l1Weight, seed } = options;
  const width = options.width ?? DEFAULT_WIDTH;
  const generator = options.generator ?? buildUnetGenerator({ size, width, seed });
  checkImageGenerator(generator, size, 1, 2, 'colorizer');
  const discriminator = options.discriminator ?? buildPatchDiscriminator({ size, width, channels: 3, seed: seed + 1000 });
  // Frozen: kernels, biases and batch-norm scale/offset stay fixed; batch-norm running statistics still follow the
  // new photos (tfjs updates them in training mode regardless), which only helps a fine-tune fit its data.
  if (options.freezeEncoder) for (const layer of encoderLayers(generator)) layer.trainable = false;
  const nets: Pix2PixNets = {
    generator,
    discriminator,
    generatorOptimizer: pix2pixOptimizer(options.learningRate),
    discriminatorOptimizer: pix2pixOptimizer(options.learningRate),
  };
  return colorizeTask(
    {
      arch: PIX2PIX_ARCH,
      generator,
      models: { generator, discriminator },
      optimizers: { generator: nets.generatorOptimizer, discriminator: nets.discriminatorOptimizer },
      step: (input, target) => pix2pixStep(nets, input, target, l1Weight),
    },
    size,
  );
}

export interface EncoderColorizeTaskOptions {
  size: number;
  learningRate: number;
  seed: number;
  /** The frozen MobileNetV2 trunk a fresh colorizer is built on; unused when `generator` is given. */
  trunk?: tf.LayersModel;
  /** A colorizer to continue from (a checkpoint's, or a base model). */
  generator?: tf.LayersModel;
}

/**
 * Colorization on a pretrained encoder (issue 13): a frozen MobileNetV2 trunk and a trainable U-Net decoder
 * predicting capped chroma, trained on a chroma-weighted L1 alone (no adversary).
 */
export function createEncoderColorizeTask(options: EncoderColorizeTaskOptions): ScoredTrainingTask {
  const { size } = options;
  let generator = options.generator;
  if (generator === undefined) {
    if (options.trunk === undefined) throw new KintsugiError('E_INTERNAL', 'A fresh encoder colorizer needs the MobileNetV2 trunk');
    generator = buildEncoderUnet({ trunk: options.trunk, size, seed: options.seed });
  }
  checkImageGenerator(generator, size, 1, 2, 'colorizer');
  // Always frozen, also in a model loaded from a checkpoint or a base model: only the decoder learns.
  for (const layer of encoderLayers(generator)) layer.trainable = false;
  const optimizer = encoderColorizerOptimizer(options.learningRate);
  const model = generator;
  return colorizeTask(
    {
      arch: ENCODER_UNET_ARCH,
      generator: model,
      models: { generator: model },
      optimizers: { generator: optimizer },
      step: (input, target) => ({ gAdv: null, d: null, gL1: encoderColorizerStep(model, optimizer, input, target).gL1 }),
    },
    size,
  );
}
