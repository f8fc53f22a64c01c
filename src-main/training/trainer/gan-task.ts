import * as tf from '@tensorflow/tfjs';
import { buildDcganDiscriminator } from '../../../models/dcgan/dcgan-discriminator.js';
import { buildDcganGenerator, DCGAN_ARCH, DCGAN_DEFAULT_WIDTH, DCGAN_LATENT_SIZE } from '../../../models/dcgan/dcgan-generator.js';
import { decodeRgb, encodeRgbBatch } from '../../../models/dcgan/gan-io.js';
import { ganStep, type GanNets } from '../../../models/dcgan/gan-step.js';
import { createSpectralNorm, WARM_UP_ITERATIONS } from '../../../models/dcgan/spectral-norm.js';
import { pix2pixOptimizer, setLearningRate } from '../../../models/pix2pix/pix2pix-step.js';
import { GAN_SIZES, type GanLoss } from '../../../src-shared/contract/training.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import type { RgbImage } from '../../engines/inpaint/engine.js';
import type { SeededRandom } from '../../engines/inpaint/random.js';
import { latentVector } from '../../generate/latent.js';
import type { TrainingTask } from './task.js';

export interface GanTaskOptions {
  size: number;
  learningRate: number;
  loss: GanLoss;
  spectralNorm: boolean;
  seed: number;
  /** Base width of freshly built networks (tests build tiny ones). */
  width?: number;
  /** Networks to continue from (a checkpoint's, or a base model's generator); missing ones are built fresh. */
  generator?: tf.LayersModel;
  discriminator?: tf.LayersModel;
}

/** The live sample grid: rows × columns samples of one fixed noise batch, the same at every preview of a run. */
export const GAN_PREVIEW_ROWS = 4;
export const GAN_PREVIEW_COLUMNS = 8;

function checkShape(model: tf.LayersModel, size: number): void {
  const input = model.inputs[0]?.shape;
  const output = model.outputs[0]?.shape;
  const fits =
    model.inputs.length === 1 &&
    model.outputs.length === 1 &&
    input?.length === 2 &&
    input[1] === DCGAN_LATENT_SIZE &&
    output?.length === 4 &&
    output[1] === size &&
    output[2] === size &&
    output[3] === 3;
  if (!fits) {
    throw new KintsugiError(
      'E_BAD_MODEL',
      `The generator maps [${input?.join(', ')}] to [${output?.join(', ')}]; a ${size}px GAN maps [*, ${DCGAN_LATENT_SIZE}] to [*, ${size}, ${size}, 3]`,
    );
  }
}

/** `count` latent vectors as one batch: vector i of stream `seed`, as the Generate panel draws them. */
function noiseBatch(seed: number, count: number): tf.Tensor2D {
  const values = new Float32Array(count * DCGAN_LATENT_SIZE);
  for (let i = 0; i < count; i++) values.set(latentVector(seed, i, DCGAN_LATENT_SIZE), i * DCGAN_LATENT_SIZE);
  return tf.tensor2d(values, [count, DCGAN_LATENT_SIZE]);
}

/**
 * Image generation as DCGAN (DESIGN §3): a generator maps noise to photos like the crops, judged by a discriminator
 * (hinge or BCE loss, optionally spectrally normalised). There is no truth to compare a sample with, so the task
 * has no validation and no L1; the user judges the sample grid.
 */
export function createGanTask(options: GanTaskOptions): TrainingTask {
  const { size, loss, seed } = options;
  if (!(GAN_SIZES as readonly number[]).includes(size)) {
    throw new KintsugiError('E_INVALID_ARGUMENT', `A gan model trains at ${GAN_SIZES.join(' or ')} px, not ${size} px`);
  }
  const ganSize = size as (typeof GAN_SIZES)[number];
  const width = options.width ?? DCGAN_DEFAULT_WIDTH;
  const generator = options.generator ?? buildDcganGenerator({ size: ganSize, latentSize: DCGAN_LATENT_SIZE, width, seed });
  checkShape(generator, size);
  const discriminator =
    options.discriminator ?? buildDcganDiscriminator({ size: ganSize, width, spectralNorm: options.spectralNorm, seed: seed + 1000 });
  const spectralNorm = options.spectralNorm ? createSpectralNorm(discriminator, seed + 2000) : null;
  // A fresh discriminator starts at σ = 1; a checkpoint's is normalised already and its vectors are restored after.
  if (spectralNorm !== null && options.discriminator === undefined) spectralNorm.normalize(WARM_UP_ITERATIONS);
  const nets: GanNets = {
    generator,
    discriminator,
    generatorOptimizer: pix2pixOptimizer(options.learningRate),
    discriminatorOptimizer: pix2pixOptimizer(options.learningRate),
    spectralNorm,
  };
  // Seeded from the run's seed and never drawn from the training stream, so a resumed run previews the same batch.
  const previewNoise = noiseBatch(seed, GAN_PREVIEW_ROWS * GAN_PREVIEW_COLUMNS);

  return {
    kind: 'gan',
    arch: DCGAN_ARCH,
    models: { generator, discriminator },
    optimizers: { generator: nets.generatorOptimizer, discriminator: nets.discriminatorOptimizer },
    variables: spectralNorm === null ? {} : Object.fromEntries(Object.entries(spectralNorm.vectors).map(([layer, u]) => [`sn_u_${layer}`, u])),
    product: { model: generator, io: { colorSpace: 'rgb', input: 'latent', output: 'rgb', latentSize: DCGAN_LATENT_SIZE } },
    setLearningRate(rate) {
      setLearningRate(nets.generatorOptimizer, rate);
      setLearningRate(nets.discriminatorOptimizer, rate);
    },
    trainStep(batch, random: SeededRandom) {
      const real = tf.tensor4d(encodeRgbBatch(batch), [batch.length, size, size, 3]);
      // One draw from the loop's stream names this step's noise, so a resumed run draws what it would have.
      const noise = noiseBatch(Math.floor(random.next() * 2 ** 32), batch.length);
      try {
        return { ...ganStep(nets, real, noise, loss), gL1: null };
      } finally {
        tf.dispose([real, noise]);
      }
    },
    previewRows() {
      const values = tf.tidy(() => (generator.predict(previewNoise) as tf.Tensor).dataSync() as Float32Array);
      return Array.from({ length: GAN_PREVIEW_ROWS }, (_, r) =>
        Array.from({ length: GAN_PREVIEW_COLUMNS }, (_, c): RgbImage => decodeRgb(values, r * GAN_PREVIEW_COLUMNS + c, size)),
      );
    },
    dispose() {
      previewNoise.dispose();
      spectralNorm?.dispose();
      nets.generatorOptimizer.dispose();
      nets.discriminatorOptimizer.dispose();
      generator.dispose();
      discriminator.dispose();
    },
  };
}
