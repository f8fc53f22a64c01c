import type { BackendReport } from '../../../src-shared/contract/system.js';
import type { Losses, TrainingConfig, ValidationPoint } from '../../../src-shared/contract/training.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import type { EndReason, TrainingReply, TrainingStart } from '../../../src-shared/workers/training-messages.js';
import type { RgbImage } from '../../engines/inpaint/engine.js';
import { SeededRandom } from '../../engines/inpaint/random.js';
import { loadBaseModel } from './base-model.js';
import { findCheckpoint, loadCheckpointModels, restoreOptimizers, restoreVariables, writeCheckpoint } from './checkpoint.js';
import { centreCrop, randomCrop } from './crops.js';
import { exportModel } from './export-model.js';
import { writePreview } from './preview-grid.js';
import type { TrainingTask } from './task.js';
import { taskFactory } from './tasks.js';
import { decodeForTraining, TrainingImages } from './training-images.js';
import { AVERAGE_PREFIX, WeightAverage } from './weight-average.js';

/** Validation files scored at each validation: enough for a stable mean, quick to run. */
export const MAX_VALIDATION_IMAGES = 16;

/**
 * Up to `count` files spread evenly over the split, first one included: a corpus lists several crops of each photo
 * side by side, and its first 16 files were 4 crops each of 4 photos (one evening city), not 16 scenes.
 */
export function spreadOver<T>(files: readonly T[], count: number): T[] {
  if (files.length <= count) return [...files];
  return Array.from({ length: count }, (_, i) => files[Math.floor((i * files.length) / count)] as T);
}
/** Rows of a preview grid. */
export const PREVIEW_ROWS = 4;
/** Steps/second is measured over this many recent steps, so it follows slowdowns without jumping at each one. */
const RATE_WINDOW = 20;

/** What the process's message handler has asked for; read between steps. */
export interface RunControl {
  readonly requested: 'pause' | 'stop' | null;
}

/** Steps of a run: `steps`, or with `epochs`, enough batches to see every training file that many times. */
export function totalStepsOf(config: TrainingConfig, trainCount: number): number {
  return config.epochs === undefined ? config.steps : Math.max(1, Math.ceil((config.epochs * trainCount) / config.batchSize));
}

/**
 * pix2pix's schedule: the configured rate for the first half of the run, then a linear decay to zero at the last
 * step, so the final weights settle instead of stopping mid-oscillation. A function of the step alone, so a resumed
 * run follows it exactly.
 */
export function learningRateAt(rate: number, step: number, totalSteps: number): number {
  const half = Math.floor(totalSteps / 2);
  return step < half ? rate : (rate * (totalSteps - step)) / (totalSteps - half);
}

/** Let pending messages (pause, stop) in between two synchronous training steps. */
const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Fixed centre crops for validation and previews; a file that cannot be read any more is left out (noted on stderr). */
async function centreCrops(files: readonly string[], size: number): Promise<RgbImage[]> {
  const crops: RgbImage[] = [];
  for (const file of files) {
    try {
      crops.push(centreCrop(await decodeForTraining(file, size), size));
    } catch (err) {
      process.stderr.write(`training: leaving ${file} out of validation: ${(err as Error).message}\n`);
    }
  }
  return crops;
}

function checkLosses(losses: Losses, step: number): void {
  if (![losses.gAdv, losses.gL1, losses.d].every((value) => value === null || Number.isFinite(value))) {
    throw new KintsugiError('E_INTERNAL', `Training diverged at step ${step} (a loss is not a number); try a lower learning rate`);
  }
}

interface Opened {
  task: TrainingTask;
  /** The product network's averaged weights: what validation, previews and the exported model use. */
  average: WeightAverage;
  step: number;
  random: SeededRandom;
  lastValidation: ValidationPoint | null;
  baseModel: string | null;
}

/** The task at its newest checkpoint, or fresh (from the base model's weights when fine-tuning). */
async function openTask(start: TrainingStart): Promise<Opened> {
  const { config } = start;
  const factory = taskFactory(config.kind);
  const base = start.baseModelDir === null ? null : await loadBaseModel(start.baseModelDir, { kind: config.kind, arch: factory.arch(config), size: config.size });
  const baseModel = base?.manifest.name ?? null;
  const checkpoint = await findCheckpoint(start.runDir);
  if (checkpoint === null) {
    const networks = base === null ? {} : { [factory.product]: base.model };
    const task = await factory.create(config, networks);
    return { task, average: new WeightAverage(task.product.model), step: 0, random: new SeededRandom(config.seed), lastValidation: null, baseModel };
  }
  base?.model.dispose();
  const { state } = checkpoint;
  if (state.kind !== config.kind || state.arch !== factory.arch(config) || state.size !== config.size) {
    throw new KintsugiError('E_BAD_MODEL', `The checkpoint in ${checkpoint.folder} is a ${state.size}px ${state.kind} ${state.arch} run, not this one`);
  }
  const task = await factory.create(config, await loadCheckpointModels(checkpoint));
  await restoreOptimizers(checkpoint, task.optimizers);
  const average = new WeightAverage(task.product.model);
  // A checkpoint written before weight averaging existed starts its average at the restored weights.
  const averaged = state.variables.some((spec) => spec.name.startsWith(AVERAGE_PREFIX));
  await restoreVariables(checkpoint, { ...task.variables, ...(averaged ? average.variables : {}) });
  const random = new SeededRandom(0);
  random.state = state.randomState;
  return { task, average, step: state.step, random, lastValidation: state.lastValidation, baseModel };
}

/**
 * One training run inside its process (DESIGN §4), from its newest checkpoint (or from scratch) until its step
 * count, a pause or a stop. Reports every step, validation, preview and checkpoint through `send`; ends with a
 * checkpoint, and for a stop or completion with the exported model. `backend` is already active.
 */
export async function runTraining(start: TrainingStart, backend: BackendReport, send: (reply: TrainingReply) => void, control: RunControl): Promise<void> {
  const { config, runDir } = start;
  const size = config.size;
  const totalSteps = totalStepsOf(config, start.train.length);
  if (start.train.length === 0) throw new KintsugiError('E_INVALID_ARGUMENT', 'There are no training images');

  // Models first: an incompatible base model or checkpoint is refused before minutes of decoding photos.
  const opened = await openTask(start);
  const { task, average, random } = opened;
  let { step, lastValidation } = opened;
  let checkpointStep = step;
  try {
    const images = new TrainingImages(start.train, size);
    await images.load();
    // A task with no truth to score (gan) is never validated: no crops, so every validation below is skipped.
    const validationCrops = task.validate === undefined ? [] : await centreCrops(spreadOver(start.validation, MAX_VALIDATION_IMAGES), size);
    const previewCrops =
      validationCrops.length > 0 ? validationCrops.slice(0, PREVIEW_ROWS) : await centreCrops(start.train.slice(0, PREVIEW_ROWS), size);
    send({ type: 'ready', backend, startStep: step, totalSteps });

    const validate = async () => {
      const scoring = task.validate?.bind(task);
      if (scoring === undefined) return;
      const scores = await average.withAveraged(() => scoring(validationCrops));
      lastValidation = { step, ...scores };
      send({ type: 'validation', point: lastValidation });
    };
    const checkpoint = async () => {
      await writeCheckpoint(runDir, task, { size, step, randomState: random.state, lastValidation }, average.variables);
      checkpointStep = step;
      send({ type: 'checkpoint', step });
    };

    // A fresh run's starting point (a near-grey output for colorize), so the curve shows what training gained.
    if (step === 0 && validationCrops.length > 0) {
      // What the app's own engine does on the same cases: the mark the model has to beat (scored once per run).
      if (task.baseline) send({ type: 'baseline', baseline: await task.baseline(validationCrops) });
      await validate();
    }
    const stepTimes: number[] = [performance.now()];
    while (step < totalSteps) {
      await yieldToEvents();
      if (control.requested !== null) break;
      const batch: RgbImage[] = [];
      for (let i = 0; i < config.batchSize; i++) {
        const image = await images.get(Math.floor(random.next() * images.count));
        batch.push(randomCrop(image, size, random));
      }
      task.setLearningRate(learningRateAt(config.learningRate, step, totalSteps));
      const losses = task.trainStep(batch, random);
      step++;
      checkLosses(losses, step);
      average.update(step);
      stepTimes.push(performance.now());
      if (stepTimes.length > RATE_WINDOW + 1) stepTimes.shift();
      const seconds = ((stepTimes.at(-1) as number) - (stepTimes[0] as number)) / 1000;
      const stepsPerSecond = seconds > 0 ? (stepTimes.length - 1) / seconds : 0;
      send({ type: 'step', losses: { step, stepsPerSecond, ...losses }, totalSteps });

      if (validationCrops.length > 0 && step % config.validateEvery === 0) await validate();
      if (step % config.previewEvery === 0) {
        const rows = await average.withAveraged(() => task.previewRows(previewCrops));
        send({ type: 'preview', step, file: await writePreview(runDir, step, rows) });
      }
      if (step % config.checkpointEvery === 0) await checkpoint();
    }

    const reason: EndReason = control.requested === 'pause' ? 'paused' : control.requested === 'stop' ? 'stopped' : 'completed';
    // The exported model's metrics describe its final weights.
    if (reason !== 'paused' && validationCrops.length > 0 && lastValidation?.step !== step) await validate();
    if (checkpointStep !== step || (await findCheckpoint(runDir)) === null) await checkpoint();
    const modelDir =
      reason === 'paused'
        ? null
        : await average.withAveraged(() => exportModel(runDir, task, {
            name: start.modelName,
            appVersion: start.appVersion,
            config,
            trainCount: start.train.length,
            validationCount: start.validation.length,
            step,
            backend: backend.active ?? 'unknown',
            baseModel: opened.baseModel,
            lastValidation,
          }));
    send({ type: 'ended', reason, step, modelDir });
  } finally {
    average.dispose();
    task.dispose();
  }
}
