import { readdirSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../images/test-images.js';
import { loadLayersModel, saveLayersModel } from './layers-model-files.js';

describe('layers model files', () => {
  it('saves a model to model.json + weights.bin and loads it back with the same outputs', async () => {
    await tf.setBackend('cpu');
    const model = tf.sequential({
      layers: [tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 3, kernelSize: 3, padding: 'same' }), tf.layers.batchNormalization()],
    });
    const folder = tempDir('model');
    await saveLayersModel(model, folder);
    expect(readdirSync(folder).sort()).toEqual(['model.json', 'weights.bin']);
    const loaded = await loadLayersModel(folder);
    const x = tf.randomNormal([2, 8, 8, 1], 0, 1, 'float32', 7);
    const a = (model.predict(x) as tf.Tensor).dataSync();
    const b = (loaded.predict(x) as tf.Tensor).dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('refuses a folder without a model with E_BAD_MODEL', async () => {
    await expect(loadLayersModel(tempDir('empty'))).rejects.toMatchObject({ code: 'E_BAD_MODEL' });
  });
});
