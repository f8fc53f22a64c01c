import type { ColourHint } from '../contract/colorize-hints.js';
import type { BackendPreference } from '../contract/system.js';
import type { ErrorData } from '../errors.js';
import type { RgbPixels } from './inpaint-messages.js';

/**
 * Messages between the main process and the colorization worker thread (`src-main/workers/colorize-worker.ts`).
 * One worker serves many runs, one at a time, and keeps the last model it loaded: a batch of photos colorized with
 * the same model loads it once. Every message of a run carries the run's id, so a late reply of a cancelled run is
 * never taken for the next one's.
 */

/** How to colorize. */
export type ColorizeEngineSpec =
  /** Colour transfer from reference photos (copied into the worker for each run; the caller keeps its buffers). */
  | { kind: 'reference'; references: RgbPixels[]; seed: number }
  /** Colour hints spread along the photo's edges, in its pixel coordinates (each must cover some of it). */
  | { kind: 'hints'; hints: ColourHint[] }
  /**
   * A learned model from its folder (model.json, weights, kintsugi.json). The worker selects its tfjs backend with
   * `backend` the first time it needs one; later runs use that backend.
   */
  | { kind: 'model'; modelDir: string; backend: BackendPreference };

export type ColorizeWorkerRequest =
  /** `image` travels as a transferable: the sender must not use its buffer afterwards. */
  | { type: 'run'; runId: number; image: RgbPixels; engine: ColorizeEngineSpec }
  /** Load (and check) a model now, so a batch fails before its first photo when the model is unusable. */
  | { type: 'load'; runId: number; engine: Extract<ColorizeEngineSpec, { kind: 'model' }> }
  /** Aborts that run's signal; the worker then answers `failed` with E_CANCELLED. */
  | { type: 'cancel'; runId: number };

export type ColorizeWorkerReply =
  | { type: 'progress'; runId: number; fraction: number; stage: string }
  | { type: 'done'; runId: number; image: RgbPixels }
  | { type: 'loaded'; runId: number }
  | { type: 'failed'; runId: number; error: ErrorData };
