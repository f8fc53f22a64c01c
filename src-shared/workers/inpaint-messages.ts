import type { InpaintMode } from '../contract/inpaint.js';
import type { BackendPreference } from '../contract/system.js';
import type { ErrorData } from '../errors.js';

/**
 * Messages between the main process and the inpainting worker thread (`src-main/workers/inpaint-worker.ts`).
 * Pixel buffers travel as transferables, so a 24-megapixel image is handed over, not copied.
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
      engine: string;
      /** For a learned engine: where its model is. */
      model?: LearnedInpaintSpec;
      mode: InpaintMode;
      seed: number;
      image: RgbPixels;
      /** One byte per pixel, 255 = hole. */
      mask: Uint8Array;
    }
  /** Aborts the engine's AbortSignal; the worker then answers `failed` with E_CANCELLED. */
  | { type: 'cancel' };

export type InpaintWorkerReply =
  | { type: 'progress'; fraction: number; stage: string }
  | { type: 'done'; image: RgbPixels }
  | { type: 'failed'; error: ErrorData };
