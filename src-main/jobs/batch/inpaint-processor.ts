import { basename } from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { InpaintBatchOperation } from '../../../src-shared/contract/index.js';
import { decodeGreenMask, decodeMask } from '../../images/mask-codec.js';
import type { InpaintEngineChoice } from '../../inpaint/inpaint-engines.js';
import { InpaintWorker } from '../../inpaint/inpaint-in-worker.js';
import { findMask } from './find-mask.js';
import type { BatchProcessor } from './processor.js';

/**
 * Batch inpainting: each file with the mask of the same name from the masks folder, on one inpainting worker for
 * the whole job. A learned engine's model is loaded and checked before the first file (an unusable model fails the
 * job, not each file alike) and stays loaded for the rest; a runaway engine is ended with its worker, and the next
 * file gets a fresh one. `engine` is the job's engine, chosen once for the job.
 */
export async function openInpaintProcessor(op: InpaintBatchOperation, engine: InpaintEngineChoice, spawn?: () => Worker): Promise<BatchProcessor> {
  const worker = new InpaintWorker({ spawn });
  try {
    if (engine.model) await worker.load(engine.model);
  } catch (err) {
    await worker.close();
    throw err;
  }
  return {
    async process({ image, relativePath }, signal, onProgress) {
      const maskPath = await findMask(op.masksFolder, relativePath);
      const size = { width: image.width, height: image.height };
      const label = `mask ${basename(maskPath)}`;
      const mask =
        op.maskKind === 'green'
          ? await decodeGreenMask(maskPath, label, size, op.tolerance)
          : await decodeMask(maskPath, label, size);
      const output = await worker.inpaint({ engine: engine.info.id, model: engine.model, mode: op.mode, seed: op.seed, image, mask }, { signal, onProgress });
      return { image: output };
    },
    close: () => worker.close(),
  };
}
