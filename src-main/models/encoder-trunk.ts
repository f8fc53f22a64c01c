import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { ENCODER_DIR } from '../../models/encoder-colorizer/mobilenet-trunk.js';
import { shippedModelsDir } from '../app/paths.js';
import { loadLayersModel } from '../runtime/layers-model-files.js';

/**
 * The frozen MobileNetV2 trunk that ships with the app (models/mobilenet-v2-trunk, MIT, from nsfwjs@4.4.0): read
 * from disk, no network. Every layer is untrainable; callers run it in inference mode.
 */
export async function loadEncoderTrunk(folder = join(shippedModelsDir(), ENCODER_DIR)): Promise<tf.LayersModel> {
  const trunk = await loadLayersModel(folder);
  for (const layer of trunk.layers) layer.trainable = false;
  return trunk;
}
