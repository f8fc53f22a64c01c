import type { BackendPreference } from '../contract/system.js';
import type { ErrorData } from '../errors.js';
import type { RgbPixels } from './inpaint-messages.js';

/**
 * Messages between the main process and the generation worker thread (`src-main/workers/generate-worker.ts`). One
 * worker serves every call, one at a time, and keeps the generators it loaded, by model id: ids are never reused
 * (AUTOINCREMENT), and a deleted model is released explicitly.
 */

/** A GAN model's folder (model.json, weights, kintsugi.json); the backend is selected with the first one loaded. */
export interface GanModelSpec {
  id: number;
  dir: string;
  backend: BackendPreference;
}

export type GenerateWorkerRequest =
  /** `latents` holds the latent vectors back to back; it travels as a transferable. */
  | { type: 'generate'; runId: number; model: GanModelSpec; latents: Float32Array }
  /** Drop a loaded generator (its model was deleted). */
  | { type: 'release'; runId: number; modelId: number }
  /** Aborts that run's signal; the worker then answers `failed` with E_CANCELLED. */
  | { type: 'cancel'; runId: number };

export type GenerateWorkerReply =
  | { type: 'progress'; runId: number; fraction: number; stage: string }
  | { type: 'done'; runId: number; images: RgbPixels[] }
  | { type: 'released'; runId: number }
  | { type: 'failed'; runId: number; error: ErrorData };
