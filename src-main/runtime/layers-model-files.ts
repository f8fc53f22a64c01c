import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { MODEL_FILE } from '../../src-shared/models/manifest.js';
import { KintsugiError } from '../../src-shared/errors.js';

/** The single weight shard every model folder uses (models here are small enough for one file). */
export const WEIGHTS_FILE = 'weights.bin';

/**
 * Save and load tfjs layers models as `model.json` + `weights.bin` in a folder, the format tfjs-node's `file://`
 * handler writes. Plain `@tensorflow/tfjs` has no file handler in Node, and tfjs-node may be absent, so this does the
 * file part itself and hands tfjs the artifacts in memory.
 */
export async function saveLayersModel(model: tf.LayersModel, folder: string): Promise<void> {
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      if (artifacts.weightData === undefined || artifacts.weightSpecs === undefined) {
        throw new KintsugiError('E_INTERNAL', 'tfjs produced a model without weights');
      }
      const weights = new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData));
      const modelJson: tf.io.ModelJSON = {
        modelTopology: artifacts.modelTopology as object,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: null,
        weightsManifest: [{ paths: [`./${WEIGHTS_FILE}`], weights: artifacts.weightSpecs }],
      };
      await writeFile(join(folder, WEIGHTS_FILE), weights);
      await writeFile(join(folder, MODEL_FILE), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
}

/** Load a folder written by `saveLayersModel` (or by tfjs-node / the Python converter with shards beside it). */
export async function loadLayersModel(folder: string): Promise<tf.LayersModel> {
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(await readFile(join(folder, MODEL_FILE), 'utf8')) as tf.io.ModelJSON;
  } catch (err) {
    throw new KintsugiError('E_BAD_MODEL', `Cannot read ${MODEL_FILE} in ${folder}: ${(err as Error).message}`);
  }
  if (!json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new KintsugiError('E_BAD_MODEL', `${MODEL_FILE} in ${folder} is not a tfjs layers model`);
  }
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: ArrayBuffer[] = [];
  for (const group of json.weightsManifest) {
    specs.push(...group.weights);
    for (const path of group.paths) {
      // Shard paths are relative names inside the folder; anything else is refused rather than followed.
      if (!/^(\.\/)?[\w.-]+$/.test(path)) throw new KintsugiError('E_BAD_MODEL', `Weight path "${path}" leaves the model folder`);
      const bytes = await readFile(join(folder, path));
      buffers.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
    }
  }
  try {
    return await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: tf.io.CompositeArrayBuffer.join(buffers) }),
    );
  } catch (err) {
    throw new KintsugiError('E_BAD_MODEL', `The model in ${folder} does not load: ${(err as Error).message}`);
  }
}
