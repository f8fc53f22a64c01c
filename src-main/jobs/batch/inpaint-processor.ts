import { basename } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { InpaintBatchOperation } from '../../../src-shared/contract/index.js';
import { decodeGreenMask, decodeMask } from '../../images/mask-codec.js';
import type { InpaintEngineChoice } from '../../inpaint/inpaint-engines.js';
import { inpaintInWorker } from '../../inpaint/inpaint-in-worker.js';
import { findMask } from './find-mask.js';
import type { BatchProcessor } from './processor.js';

/**
 * Batch inpainting: each file with the mask of the same name from the masks folder, through the same worker as the
 * editor's repair (one worker per file, so a runaway engine ends with its file; a learned engine's small model is
 * loaded by each file's worker). `engine` is the job's engine, chosen once for the job.
 */
export function inpaintProcessor(op: InpaintBatchOperation, engine: InpaintEngineChoice, spawn?: () => Worker): BatchProcessor {
  return {
    async process({ image, relativePath }, signal, onProgress) {
      const maskPath = await findMask(op.masksFolder, relativePath);
      const size = { width: image.width, height: image.height };
      const label = `mask ${basename(maskPath)}`;
      const mask =
        op.maskKind === 'green'
          ? await decodeGreenMask(maskPath, label, size, op.tolerance)
          : await decodeMask(maskPath, label, size);
      const output = await inpaintInWorker(
        { engine: engine.info.id, model: engine.model, mode: op.mode, seed: op.seed, image, mask },
        { signal, onProgress, ...(spawn ? { spawn } : {}) },
      );
      return { image: output };
    },
    close: async () => {},
  };
}
