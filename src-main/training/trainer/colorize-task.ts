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

/**
 * Colorization as pix2pix (DESIGN §3): a U-Net predicts a*b* from L*, judged by L1 and a PatchGAN. Results are
 * recombined with the crop's own L*, as inference does with the full-resolution photo.
 */
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
    arch: PIX2PIX_ARCH,
    models: { generator, discriminator },
    optimizers: { generator: nets.generatorOptimizer, discriminator: nets.discriminatorOptimizer },
    product: { model: generator, io: { colorSpace: 'lab', input: 'L', output: 'ab' } },
    setLearningRate(rate) {
      setLearningRate(nets.generatorOptimizer, rate);
      setLearningRate(nets.discriminatorOptimizer, rate);
    },
    trainStep(batch) {
      const { input, target } = pairs(batch, size);
      try {
        return pix2pixStep(nets, input, target, l1Weight);
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
      nets.generatorOptimizer.dispose();
      nets.discriminatorOptimizer.dispose();
      generator.dispose();
      discriminator.dispose();
    },
  };
}
