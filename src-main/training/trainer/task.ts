import type * as tf from '@tensorflow/tfjs';
import type { ModelKind } from '../../../src-shared/contract/models.js';
import type { Losses, RunBaseline } from '../../../src-shared/contract/training.js';
import type { ModelIo } from '../../../src-shared/models/manifest.js';
import type { RgbImage } from '../../engines/inpaint/engine.js';
import type { SeededRandom } from '../../engines/inpaint/random.js';

/** Validation scores on fixed crops: PSNR (dB) and SSIM of the result against the truth, and the task's own L1. */
export interface ValidationScores {
  psnr: number;
  ssim: number;
  l1: number;
}

/**
 * What one model kind plugs into the training loop (DESIGN §4). The loop owns data, timing, checkpoints, previews
 * and export; a task turns RGB crops into its own training pairs (colorize: L → ab; inpaint: masked photo → photo;
 * gan: noise → photo) and owns its networks and optimizers.
 */
export interface TrainingTask {
  readonly kind: ModelKind;
  /** Architecture id of the exported model (`ModelManifest.arch`). */
  readonly arch: string;
  /** Every network a checkpoint must hold, by a stable name (also its folder name in the checkpoint). */
  readonly models: Readonly<Record<string, tf.LayersModel>>;
  /** Every optimizer a checkpoint must hold, by a stable name. */
  readonly optimizers: Readonly<Record<string, tf.Optimizer>>;
  /** Other state a checkpoint must hold (gan: spectral-norm power-iteration vectors), by a stable name. */
  readonly variables?: Readonly<Record<string, tf.Variable>>;
  /** The network users run: what is exported, and how its tensors map to pixels. */
  readonly product: { model: tf.LayersModel; io: ModelIo };
  /** Learning rate of every optimizer from now on (the loop follows a schedule). */
  setLearningRate(rate: number): void;
  /** One optimizer step on a batch of working-size crops; `random` is for task-made randomness (masks, noise). */
  trainStep(batch: readonly RgbImage[], random: SeededRandom): Losses;
  /** Scores of the current networks on fixed crops (inference mode); absent where there is no truth to score (gan). */
  validate?(crops: readonly RgbImage[]): ValidationScores;
  /** A non-learned engine's scores on the same crops, scored as `validate` scores (inpaint: PatchMatch); where one exists. */
  baseline?(crops: readonly RgbImage[]): Promise<RunBaseline>;
  /**
   * The preview grid's rows. Colorize, inpaint: one row per crop, `[input, output, truth]` as the user should see
   * them; gan: samples from a fixed noise batch, the crops unused.
   */
  previewRows(crops: readonly RgbImage[]): RgbImage[][];
  dispose(): void;
}

/** A task whose results have a truth to be scored against (colorize, inpaint): it always validates and has an L1. */
export interface ScoredTrainingTask extends TrainingTask {
  trainStep(batch: readonly RgbImage[], random: SeededRandom): Losses & { gL1: number };
  validate(crops: readonly RgbImage[]): ValidationScores;
}
