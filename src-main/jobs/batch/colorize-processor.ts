import type { ColorizeBatchOperation } from '../../../src-shared/contract/index.js';
import { luminanceOnly } from '../../color/lab.js';
import { detectMonochrome } from '../../engines/colorize/is-monochrome.js';
import type { RgbImage } from '../../engines/inpaint/engine.js';
import type { BatchProcessor, ProgressListener } from './processor.js';

/** A colorizer loaded once for a whole job (its model, or its reference photos), kept until `close`. */
export interface BatchColorizer {
  colorize(image: RgbImage, signal: AbortSignal, onProgress: ProgressListener): Promise<RgbImage>;
  close(): Promise<void>;
}

/** Where colorize jobs get their colorizer. */
export interface ColorizerSource {
  /** Refuses an engine that cannot run (unknown, a missing model, not a colorizer) before a job is created. */
  check(op: ColorizeBatchOperation): void;
  /**
   * Load the colorizer of a job's engine once: `reference` with these reference photo files, or `model-<id>`. Fails
   * with a typed error (E_NOT_FOUND, E_BAD_MODEL, E_BAD_IMAGE for a broken reference) before any file is processed.
   */
  open(op: ColorizeBatchOperation, referencePaths: readonly string[]): Promise<BatchColorizer>;
}

/**
 * Batch colorization. A photo that already has colour (toned black-and-white prints do not count) is skipped, or
 * (alreadyColour: luminance) colorized from its luminance alone, so its own colours do not leak into the result.
 */
export function colorizeProcessor(op: ColorizeBatchOperation, colorizer: BatchColorizer): BatchProcessor {
  return {
    async process({ image }, signal, onProgress) {
      let grey = image;
      if (detectMonochrome(image).kind === 'colour') {
        if (op.alreadyColour === 'skip') return { skip: { code: 'already-colour', reason: 'The photo already has colour' } };
        grey = luminanceOnly(image);
      }
      return { image: await colorizer.colorize(grey, signal, onProgress) };
    },
    close: () => colorizer.close(),
  };
}
