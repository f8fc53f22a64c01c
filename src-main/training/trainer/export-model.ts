import { randomUUID } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrainingConfig, ValidationPoint } from '../../../src-shared/contract/training.js';
import { MANIFEST_FILE, MANIFEST_FORMAT_VERSION, ModelManifestSchema, type ModelManifest } from '../../../src-shared/models/manifest.js';
import { saveLayersModel } from '../../runtime/layers-model-files.js';
import type { TrainingTask } from './task.js';

/** The exported model of a run: `<runDir>/model/` (model.json, weights.bin, kintsugi.json). */
export const MODEL_DIR = 'model';

export interface ExportInfo {
  name: string;
  appVersion: string;
  config: TrainingConfig;
  trainCount: number;
  validationCount: number;
  step: number;
  backend: string;
  /** Name of the model fine-tuned from, if any. */
  baseModel: string | null;
  lastValidation: ValidationPoint | null;
}

/** The manifest of a model trained here, validated against the schema every reader uses. */
export function trainedManifest(task: Pick<TrainingTask, 'kind' | 'arch' | 'product'>, info: ExportInfo, now = new Date().toISOString()): ModelManifest {
  const { config, lastValidation } = info;
  return ModelManifestSchema.parse({
    format: 'kintsugi-model',
    formatVersion: MANIFEST_FORMAT_VERSION,
    kind: task.kind,
    arch: task.arch,
    name: info.name,
    inputSize: config.size,
    io: task.product.io,
    parameters: task.product.model.countParams(),
    metrics: lastValidation ? { valPsnr: lastValidation.psnr, valSsim: lastValidation.ssim, valL1: lastValidation.l1 } : {},
    provenance: {
      dataFolder: config.dataFolder,
      imageCount: info.trainCount + info.validationCount,
      trainCount: info.trainCount,
      validationCount: info.validationCount,
      steps: info.step,
      batchSize: config.batchSize,
      learningRate: config.learningRate,
      seed: config.seed,
      backend: info.backend,
      baseModel: info.baseModel,
      freezeEncoder: config.freezeEncoder,
      trainedAt: now,
    },
    appVersion: info.appVersion,
    createdAt: now,
  });
}

/**
 * Write the task's product as a model folder. It is assembled under a temp name and renamed into place, so
 * `<runDir>/model` is never half-written; a model from an earlier stop of the same run is replaced.
 */
export async function exportModel(runDir: string, task: TrainingTask, info: ExportInfo): Promise<string> {
  const manifest = trainedManifest(task, info);
  const temp = join(runDir, `.model-${randomUUID()}`);
  const target = join(runDir, MODEL_DIR);
  await mkdir(temp, { recursive: true });
  try {
    await saveLayersModel(task.product.model, temp);
    await writeFile(join(temp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await rm(target, { recursive: true, force: true });
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    throw err;
  }
  return target;
}
