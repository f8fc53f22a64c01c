import type { BackendReport } from '../contract/system.js';
import type { LossPoint, RunBaseline, TrainingConfig, ValidationPoint } from '../contract/training.js';
import type { ErrorData } from '../errors.js';

/**
 * Messages between the main process and a training process (`src-main/workers/training-process.ts`, one child
 * process per run, started with `child_process.fork`, messages over its IPC channel).
 *
 * Pause and stop both end the process after a checkpoint: resuming (after a pause, an app restart or a killed
 * process) is always "start from the newest checkpoint", one path for all three.
 */

export interface TrainingStart {
  type: 'start';
  config: TrainingConfig;
  /** Absolute paths of the files of each split, fixed by the scan so a resumed run sees the same split. */
  train: string[];
  validation: string[];
  /** The run's own folder: `checkpoint/` and `previews/` live inside it. */
  runDir: string;
  /** Folder of the base model's files when fine-tuning (its `model.json` + `kintsugi.json`). */
  baseModelDir: string | null;
  /** Name written into the exported model's manifest. */
  modelName: string;
  appVersion: string;
}

export type TrainingRequest =
  | TrainingStart
  /** Checkpoint at the end of the current step, then answer `ended` with reason `paused`. */
  | { type: 'pause' }
  /** Checkpoint and export the model at the end of the current step, then answer `ended` with reason `stopped`. */
  | { type: 'stop' }
  /** Instead of a run: time a few training steps of `config` on synthetic crops, answer `measured`, and exit. */
  | TrainingMeasure;

export interface TrainingMeasure {
  type: 'measure';
  config: TrainingConfig;
}

export type EndReason = 'completed' | 'paused' | 'stopped';

export type TrainingReply =
  /** Backend chosen and data loaded; `startStep` is the checkpoint's step (0 for a fresh run). */
  | { type: 'ready'; backend: BackendReport; startStep: number; totalSteps: number }
  | { type: 'step'; losses: LossPoint; totalSteps: number }
  | { type: 'validation'; point: ValidationPoint }
  /** A fresh run's baseline: a non-learned engine scored on the same validation cases (inpaint runs). */
  | { type: 'baseline'; baseline: RunBaseline }
  /** A preview grid (input | output | truth per row, fixed validation images) was written to `file` (PNG). */
  | { type: 'preview'; step: number; file: string }
  /** A checkpoint for `step` is complete on disk (written to a temp folder, then renamed). */
  | { type: 'checkpoint'; step: number }
  /**
   * The run ended. For `completed` and `stopped`, `modelDir` holds the exported model (model.json, weights,
   * kintsugi.json) for the service to register; for `paused` it is null.
   */
  | { type: 'ended'; reason: EndReason; step: number; modelDir: string | null }
  | { type: 'failed'; error: ErrorData }
  /** Answer to `measure`: mean seconds per optimizer step on the backend that was chosen. */
  | { type: 'measured'; backend: BackendReport; secondsPerStep: number; timedSteps: number };
