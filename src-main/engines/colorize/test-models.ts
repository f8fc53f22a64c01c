/** Tiny colorize models with chosen weights for tests: their answer is known, so the pipeline around them is checked. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { PIX2PIX_ARCH } from '../../../models/pix2pix/unet-generator.js';
import { MANIFEST_FILE, MANIFEST_FORMAT_VERSION, type ModelManifest } from '../../../src-shared/models/manifest.js';
import { saveLayersModel } from '../../runtime/layers-model-files.js';

/**
 * A "colorizer" of input size `size`: one 1x1 convolution + tanh, so a* = 128 tanh(kA x + biasA) for the model input
 * x = L/50 - 1 (and the same for b*). Zero slopes give a constant a*b* everywhere.
 */
export function linearAbModel(size: number, ab: { a: number; b: number }, slopes: { a: number; b: number } = { a: 0, b: 0 }): tf.LayersModel {
  const input = tf.input({ shape: [size, size, 1], name: 'L' });
  const conv = tf.layers.conv2d({ filters: 2, kernelSize: 1, activation: 'tanh', name: 'ab' });
  const model = tf.model({ inputs: input, outputs: conv.apply(input) as tf.SymbolicTensor });
  const weights = [tf.tensor4d([slopes.a, slopes.b], [1, 1, 1, 2]), tf.tensor1d([Math.atanh(ab.a / 128), Math.atanh(ab.b / 128)])];
  conv.setWeights(weights);
  tf.dispose(weights);
  return model;
}

/**
 * A valid manifest (`kintsugi.json`) for a colorize model of input size `size`. It names the pix2pix architecture,
 * the only colorize arch a model folder may declare; inference depends on the io contract alone.
 */
export function colorizeManifest(size: number, name = 'test colorizer'): ModelManifest {
  return {
    format: 'kintsugi-model',
    formatVersion: MANIFEST_FORMAT_VERSION,
    kind: 'colorize',
    arch: PIX2PIX_ARCH,
    name,
    inputSize: size,
    io: { colorSpace: 'lab', input: 'L', output: 'ab' },
    parameters: 4,
    metrics: {},
    provenance: null,
    appVersion: '0.0.0-test',
    createdAt: new Date(0).toISOString(),
  };
}

/** A model folder (model.json, weights.bin, kintsugi.json) holding `linearAbModel(size, ab)`. */
export async function writeLinearAbModel(folder: string, size: number, ab: { a: number; b: number }, name?: string): Promise<string> {
  mkdirSync(folder, { recursive: true });
  const model = linearAbModel(size, ab);
  await saveLayersModel(model, folder);
  writeFileSync(join(folder, MANIFEST_FILE), JSON.stringify(colorizeManifest(size, name)));
  model.dispose();
  return folder;
}
