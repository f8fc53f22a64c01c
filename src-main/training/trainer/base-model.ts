import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { ModelKind } from '../../../src-shared/contract/models.js';
import { KintsugiError } from '../../../src-shared/errors.js';
import { MANIFEST_FILE, type ModelManifest } from '../../../src-shared/models/manifest.js';
import { checkManifest } from '../../models/model-folder.js';
import { loadLayersModel } from '../../runtime/layers-model-files.js';

export interface BaseModel {
  manifest: ModelManifest;
  model: tf.LayersModel;
}

/**
 * The model a fine-tune starts from. It must be of the run's kind, architecture and working size: its weights are
 * the starting point of the same network, so anything else is refused with E_BAD_MODEL before training starts.
 */
export async function loadBaseModel(folder: string, expected: { kind: ModelKind; arch: string; size: number }): Promise<BaseModel> {
  let text: string;
  try {
    text = await readFile(join(folder, MANIFEST_FILE), 'utf8');
  } catch {
    throw new KintsugiError('E_BAD_MODEL', `The base model in ${folder} has no ${MANIFEST_FILE}`);
  }
  const manifest = checkManifest(text);
  const mismatch =
    manifest.kind !== expected.kind
      ? `is a ${manifest.kind} model, not ${expected.kind}`
      : manifest.arch !== expected.arch
        ? `has architecture ${manifest.arch}, not ${expected.arch}`
        : manifest.inputSize !== expected.size
          ? `works at ${manifest.inputSize} px, not ${expected.size} px`
          : null;
  if (mismatch !== null) throw new KintsugiError('E_BAD_MODEL', `The base model "${manifest.name}" ${mismatch}: it cannot start this run`);
  return { manifest, model: await loadLayersModel(folder) };
}
