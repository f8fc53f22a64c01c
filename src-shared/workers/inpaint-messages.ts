import type { InpaintMode } from '../contract/inpaint.js';
import type { BackendPreference } from '../contract/system.js';
import type { ErrorData } from '../errors.js';

/**
 * Messages between the main process and the inpainting worker thread (`src-main/workers/inpaint-worker.ts`).
 * Pixel buffers travel as transferables, so a 24-megapixel image is handed over, not copied. A worker serves runs
 * one at a time, each named by its id, so a late reply of a cancelled run is never taken for the next one's.
 */

/** Interleaved 8-bit RGB, row-major (the engines' RgbImage, restated here so src-shared needs nothing from main). */
export interface RgbPixels {
  width: number;
  height: number;
  data: Uint8Array;
}

/**
 * A learned engine (`model-<id>`): the worker loads the model from its folder (model.json, weights, kintsugi.json),
 * selecting its tfjs backend with `backend` first.
 */
export interface LearnedInpaintSpec {
  modelDir: string;
  backend: BackendPreference;
}

export type InpaintWorkerRequest =
  | {
      type: 'run';
      runId: number;
      engine: string;
      /** For a learned engine: where its model is (the worker keeps the last one it loaded). */
      model?: LearnedInpaintSpec;
      mode: InpaintMode;
      seed: number;
      image: RgbPixels;
      /** One byte per pixel, 255 = hole. */
      mask: Uint8Array;
    }
  /** Load (and check) a learned engine's model now, so a batch fails before its first file when it is unusable. */
  | { type: 'load'; runId: number; model: LearnedInpaintSpec }
  /** Aborts that run's signal; the worker then answers `failed` with E_CANCELLED. */
  | { type: 'cancel'; runId: number };

export type InpaintWorkerReply =
  | { type: 'progress'; runId: number; fraction: number; stage: string }
  | { type: 'done'; runId: number; image: RgbPixels }
  | { type: 'loaded'; runId: number }
  | { type: 'failed'; runId: number; error: ErrorData };
