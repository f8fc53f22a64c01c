import { basename } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { HINTS_ENGINE, hintsForSize, REFERENCE_ENGINE, type BackendPreference, type ColorizeBatchOperation, type Model, type StoredHintPreset } from '../../../src-shared/contract/index.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import type { ColorizeEngineSpec } from '../../../src-shared/workers/colorize-messages.js';
import { colorizeModelOf, REFERENCE_SEED } from '../../colorize/colorize-engine.js';
import { ColorizeWorker } from '../../colorize/colorize-in-worker.js';
import { decodeRgb } from '../../images/rgb-pixels.js';
import type { ColorizerSource } from './colorize-processor.js';

export interface WorkerColorizerOptions {
  models: { get(id: number): Model; dir(id: number): string };
  /** Colour-hint presets (E_NOT_FOUND for one that is gone). */
  presets: { get(id: number): StoredHintPreset };
  /** The backend the app was told to use (the worker selects it once). */
  backend: BackendPreference;
  /** How the colorize worker is started; tests swap in misbehaving ones. */
  spawn?: (() => Worker) | undefined;
}

/**
 * Colorizers for batch jobs on one colorize worker thread per job (ColorizeWorker): the reference photos are decoded
 * and checked once, a model is loaded and checked once before the first photo, and the worker keeps it for the batch;
 * a hint preset is read once.
 */
export function workerColorizers(opts: WorkerColorizerOptions): ColorizerSource {
  return {
    check(op: ColorizeBatchOperation): void {
      if (op.engine === HINTS_ENGINE) {
        if (op.hintsPresetId !== undefined) opts.presets.get(op.hintsPresetId);
      } else if (op.engine !== REFERENCE_ENGINE) {
        colorizeModelOf(op.engine, opts.models);
      }
    },
    async open(op, referencePaths) {
      const worker = new ColorizeWorker({ spawn: opts.spawn });
      try {
        if (op.engine === HINTS_ENGINE) {
          if (op.hintsPresetId === undefined) throw new KintsugiError('E_INVALID_ARGUMENT', 'The hints engine needs a colour-hint preset');
          const preset = opts.presets.get(op.hintsPresetId);
          // The preset's hints are placed on each photo at the same relative spots, whatever its size.
          return {
            colorize: (image, signal, onProgress) =>
              worker.colorize(image, { kind: 'hints', hints: hintsForSize(preset, image.width, image.height) }, { signal, onProgress }),
            close: () => worker.close(),
          };
        }
        let engine: ColorizeEngineSpec;
        if (op.engine === REFERENCE_ENGINE) {
          const references = await Promise.all(referencePaths.map((p) => decodeRgb(p, `reference ${basename(p)}`)));
          engine = { kind: 'reference', references, seed: REFERENCE_SEED };
          // One grey pixel runs the engine's own checks (a reference without colour): a bad reference fails the job
          // here, instead of every file alike.
          await worker.colorize({ width: 1, height: 1, data: new Uint8Array([128, 128, 128]) }, engine);
        } else {
          engine = { kind: 'model', modelDir: opts.models.dir(colorizeModelOf(op.engine, opts.models).id), backend: opts.backend };
          await worker.load(engine);
        }
        return {
          colorize: (image, signal, onProgress) => worker.colorize(image, engine, { signal, onProgress }),
          close: () => worker.close(),
        };
      } catch (err) {
        await worker.close();
        throw err;
      }
    },
  };
}
