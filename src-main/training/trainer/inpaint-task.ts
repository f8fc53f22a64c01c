import * as tf from '@tensorflow/tfjs';
import { createSpectralNorm, WARM_UP_ITERATIONS } from '../../../models/dcgan/spectral-norm.js';
import { buildGatedUnet, DEFAULT_GATED_WIDTH, GATED_UNET_ARCH } from '../../../models/gated-unet/gated-unet.js';
import { encodeInpaintInput, predictInpaint } from '../../../models/gated-unet/inpaint-io.js';
import { inpaintStep, type InpaintNets } from '../../../models/gated-unet/inpaint-step.js';
import { buildSnPatchDiscriminator } from '../../../models/gated-unet/sn-patch-discriminator.js';
import { pix2pixOptimizer, setLearningRate } from '../../../models/pix2pix/pix2pix-step.js';
import { encoderLayers } from '../../../models/pix2pix/unet-generator.js';
import type { InpaintMode } from '../../../src-shared/contract/index.js';
import type { HoleMask, RgbImage } from '../../engines/inpaint/engine.js';
import { PatchMatchEngine } from '../../engines/inpaint/patchmatch-engine.js';
import { SeededRandom } from '../../engines/inpaint/random.js';
import { inpaintRegions } from '../../engines/inpaint/regions.js';
import { checkImageGenerator } from './generator-shape.js';
import { meanQuality, PREDICT_BATCH } from './quality-scores.js';
import { synthesizeMask } from './synthetic-masks.js';
import { randomMosaic } from './synthetic-mosaic.js';
import type { ScoredTrainingTask, ValidationScores } from './task.js';

export interface InpaintTaskOptions {
  size: number;
  learningRate: number;
  seed: number;
  freezeEncoder: boolean;
  mode: InpaintMode;
  /** [min, max] fraction of a crop each synthetic hole covers. */
  coverage: readonly [number, number];
  /** Weight of the SN-PatchGAN hinge term; 0 trains on the hole-weighted L1 alone (no discriminator is built). */
  adversarialWeight: number;
  /** First-level width of freshly built networks (tests build tiny ones). */
  width?: number;
  /** Networks to continue from (a checkpoint's, or a base model's generator); missing ones are built fresh. */
  generator?: tf.LayersModel | undefined;
  discriminator?: tf.LayersModel | undefined;
}

/** Validation image i always gets the mask (and mosaic) this seed + i draws, so scores compare across steps and runs. */
const VALIDATION_MASK_SEED = 7_000_003;
/** Filters of the discriminator's first layer (DeepFill v2: 64); small, like the generator, for a laptop. */
const DISCRIMINATOR_WIDTH = 16;
/** How a blanked hole is shown in previews: the app's mask green. */
const HOLE_GREEN = [0, 255, 0] as const;

/** A training or validation example: the model's input picture (mosaic inside the hole, in mosaic mode) and its mask. */
interface Example {
  input: RgbImage;
  mask: HoleMask;
}

function example(crop: RgbImage, mode: InpaintMode, coverage: readonly [number, number], random: SeededRandom): Example {
  const { mask } = synthesizeMask(crop.width, coverage, random);
  return { input: mode === 'mosaic' ? randomMosaic(crop, mask, random).image : crop, mask };
}

/** Hole PSNR/SSIM of results against their truths, and the hole L1 in model units ([−1, 1] per channel). */
function holeScores(outputs: readonly RgbImage[], examples: readonly Example[], truths: readonly RgbImage[]): ValidationScores {
  let absSum = 0;
  let count = 0;
  outputs.forEach((out, i) => {
    const { mask } = examples[i] as Example;
    const truth = (truths[i] as RgbImage).data;
    for (let p = 0; p < mask.length; p++) {
      if (mask[p] === 0) continue;
      for (let k = 0; k < 3; k++) absSum += Math.abs((out.data[p * 3 + k] as number) - (truth[p * 3 + k] as number));
      count += 3;
    }
  });
  return { ...meanQuality(outputs, truths, examples.map((e) => e.mask)), l1: count === 0 ? 0 : absSum / count / 127.5 };
}

/** What the model is shown, as a picture: blanked holes in mask green, a mosaic as it is. */
function shownInput({ input, mask }: Example, mode: InpaintMode): RgbImage {
  if (mode === 'mosaic') return input;
  const data = new Uint8Array(input.data);
  for (let p = 0; p < mask.length; p++) if (mask[p] !== 0) data.set(HOLE_GREEN, p * 3);
  return { width: input.width, height: input.height, data };
}

/**
 * Learned inpainting (DESIGN §3, §4): a gated-convolution U-Net fills synthetic holes (strokes, boxes, blobs; a
 * mosaic kept as input in mosaic mode) cut into the user's photos, judged by a hole-weighted L1 and, with an
 * adversarial weight, an SN-PatchGAN. Validation and previews use fixed masks per crop, so numbers compare across
 * steps; scores are taken on the hole only (PSNR over hole pixels, SSIM over the hole's box), since everything else
 * is copied from the input.
 */
export function createInpaintTask(options: InpaintTaskOptions): ScoredTrainingTask {
  const { size, seed, mode, coverage, adversarialWeight } = options;
  const width = options.width ?? DEFAULT_GATED_WIDTH;
  const generator = options.generator ?? buildGatedUnet({ size, width, seed });
  checkImageGenerator(generator, size, 4, 3, 'inpainter');
  if (options.freezeEncoder) for (const layer of encoderLayers(generator)) layer.trainable = false;
  let critic: InpaintNets['critic'] = null;
  if (adversarialWeight > 0) {
    const discriminator = options.discriminator ?? buildSnPatchDiscriminator({ size, width: DISCRIMINATOR_WIDTH, seed: seed + 1000 });
    const spectralNorm = createSpectralNorm(discriminator, seed + 2000);
    // A checkpoint's discriminator is already normalised, and its u vectors come back with the task's variables.
    if (options.discriminator === undefined) spectralNorm.normalize(WARM_UP_ITERATIONS);
    critic = { discriminator, optimizer: pix2pixOptimizer(options.learningRate), spectralNorm };
  }
  const nets: InpaintNets = { generator, generatorOptimizer: pix2pixOptimizer(options.learningRate), critic };
  const keepHole = mode === 'mosaic';

  function batchTensors(examples: readonly Example[], truths: readonly RgbImage[]): { input: tf.Tensor4D; target: tf.Tensor4D } {
    const n = size * size;
    const input = new Float32Array(examples.length * n * 4);
    const target = new Float32Array(examples.length * n * 3);
    examples.forEach((ex, i) => {
      encodeInpaintInput(ex.input, ex.mask, keepHole, input.subarray(i * n * 4, (i + 1) * n * 4));
      const truth = (truths[i] as RgbImage).data;
      for (let v = 0; v < n * 3; v++) target[i * n * 3 + v] = (truth[v] as number) / 127.5 - 1;
    });
    return { input: tf.tensor4d(input, [examples.length, size, size, 4]), target: tf.tensor4d(target, [examples.length, size, size, 3]) };
  }

  /** The fixed validation examples of these crops. */
  const fixedExamples = (crops: readonly RgbImage[]): Example[] => crops.map((crop, i) => example(crop, mode, coverage, new SeededRandom(VALIDATION_MASK_SEED + i)));

  function inpaint(examples: readonly Example[]): RgbImage[] {
    const outputs: RgbImage[] = [];
    for (let start = 0; start < examples.length; start += PREDICT_BATCH) {
      const group = examples.slice(start, start + PREDICT_BATCH);
      outputs.push(...predictInpaint(generator, group.map((e) => e.input), group.map((e) => e.mask), keepHole));
    }
    return outputs;
  }

  return {
    kind: 'inpaint',
    arch: GATED_UNET_ARCH,
    models: critic ? { generator, discriminator: critic.discriminator } : { generator },
    optimizers: critic ? { generator: nets.generatorOptimizer, discriminator: critic.optimizer } : { generator: nets.generatorOptimizer },
    variables: critic ? Object.fromEntries(Object.entries(critic.spectralNorm.vectors).map(([layer, u]) => [`sn_u_${layer}`, u])) : {},
    product: { model: generator, io: { colorSpace: 'rgb', input: 'rgb+mask', output: 'rgb', mode } },
    setLearningRate(rate) {
      setLearningRate(nets.generatorOptimizer, rate);
      if (critic) setLearningRate(critic.optimizer, rate);
    },
    trainStep(batch, random) {
      const { input, target } = batchTensors(
        batch.map((crop) => example(crop, mode, coverage, random)),
        batch,
      );
      try {
        return inpaintStep(nets, input, target, adversarialWeight);
      } finally {
        tf.dispose([input, target]);
      }
    },
    validate(crops) {
      const examples = fixedExamples(crops);
      return holeScores(inpaint(examples), examples, crops);
    },
    async baseline(crops) {
      // PatchMatch on the same crops and holes, through inpaintRegions as the Editor runs it (seeded: reproducible).
      const examples = fixedExamples(crops);
      const engine = new PatchMatchEngine();
      const signal = new AbortController().signal;
      const outputs: RgbImage[] = [];
      for (const { input, mask } of examples) outputs.push(await inpaintRegions(engine, input, mask, { mode, seed: 1, signal, onProgress: () => {} }));
      return { engine: engine.info.id, ...holeScores(outputs, examples, crops) };
    },
    previewRows(crops) {
      const examples = fixedExamples(crops);
      const outputs = inpaint(examples);
      return crops.map((truth, i) => [shownInput(examples[i] as Example, mode), outputs[i] as RgbImage, truth]);
    },
    dispose() {
      nets.generatorOptimizer.dispose();
      generator.dispose();
      if (critic) {
        critic.optimizer.dispose();
        critic.spectralNorm.dispose();
        critic.discriminator.dispose();
      }
    },
  };
}
