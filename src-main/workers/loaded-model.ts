import type * as tf from '@tensorflow/tfjs';
import type { BackendPreference } from '../../src-shared/contract/system.js';
import type { ModelManifest } from '../../src-shared/models/manifest.js';
import { readManifest } from '../models/model-folder.js';
import type { Progress } from './serve-runs.js';

export interface LoadedModel {
  dir: string;
  model: tf.LayersModel;
  manifest: ModelManifest;
}

/**
 * The one model a long-lived worker keeps loaded: asking again for the same folder answers at once, so a batch of
 * photos with one model loads it once. The tfjs backend is selected on the first load; backends are per thread, so
 * that selection serves every later one. `check` refuses a model that does not fit the worker's task.
 * TensorFlow.js is imported on the first model, not with the worker: a PatchMatch or hint run never needs it.
 */
export class LoadedModelSlot {
  readonly #check: (model: tf.LayersModel, manifest: ModelManifest) => void | Promise<void>;
  #backend: Promise<unknown> | null = null;
  #loaded: LoadedModel | null = null;

  constructor(check: (model: tf.LayersModel, manifest: ModelManifest) => void | Promise<void>) {
    this.#check = check;
  }

  async get(spec: { modelDir: string; backend: BackendPreference }, progress: Progress): Promise<LoadedModel> {
    this.#backend ??= import('../runtime/backend-ladder.js').then((ladder) => ladder.requireBackend(spec.backend));
    await this.#backend;
    if (this.#loaded?.dir === spec.modelDir) return this.#loaded;
    progress(0, 'loading model');
    // One model at a time: a batch switching models should not pile them up in memory.
    this.#loaded?.model.dispose();
    this.#loaded = null;
    const manifest = await readManifest(spec.modelDir);
    const { loadLayersModel } = await import('../runtime/layers-model-files.js');
    const model = await loadLayersModel(spec.modelDir);
    try {
      await this.#check(model, manifest);
    } catch (err) {
      model.dispose();
      throw err;
    }
    this.#loaded = { dir: spec.modelDir, model, manifest };
    return this.#loaded;
  }
}
