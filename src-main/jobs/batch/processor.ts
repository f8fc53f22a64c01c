import type { RgbImage } from '../../engines/inpaint/engine.js';

export interface ProcessInput {
  /** The input's pixels, upright sRGB; the processor may hand the buffer to a worker (it is not used afterwards). */
  image: RgbImage;
  inputPath: string;
  /** `/`-separated, relative to the job's input folder. */
  relativePath: string;
}

/** A skipped file: `code` is a stable word (`already-colour`), `reason` a sentence for the user. */
export interface SkipReason {
  code: string;
  reason: string;
}

export type ProcessOutcome = { image: RgbImage } | { skip: SkipReason };

export type ProgressListener = (fraction: number, stage: string) => void;

/**
 * What a batch job does to each file, with whatever it loaded once for the whole job (a model, reference photos).
 * Failures throw typed errors; the runner records them on the file and goes on.
 */
export interface BatchProcessor {
  process(input: ProcessInput, signal: AbortSignal, onProgress: ProgressListener): Promise<ProcessOutcome>;
  /** Frees what it holds (workers, models); called once when the job stops. */
  close(): Promise<void>;
}
