import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEncoderTrunk } from '../../models/encoder-trunk.js';
import { loadWasmBackend } from '../../runtime/wasm-backend.js';
import { createEncoderColorizeTask } from './colorize-task.js';
import { syntheticPhoto } from './test-photos.js';
import { encoderLayers } from '../../../models/pix2pix/unet-generator.js';
import { SeededRandom } from '../../engines/inpaint/random.js';
import { luminanceOnly } from '../../color/lab.js';
import { colourScores } from '../../engines/colorize/colour-scores.js';
import { colorizeWithModel } from '../../engines/colorize/model-colorizer.js';
import { buildEncoderUnet, CHROMA_CAP } from '../../../models/encoder-colorizer/encoder-unet.js';

/** A fixed, smooth input in MobileNetV2's [−1, 1] range. */
const fixedInput = () => tf.tidy(() => tf.sin(tf.mul(tf.range(0, 64 * 64 * 3).reshape([1, 64, 64, 3]), 0.01)));

const values = (model: tf.LayersModel, trainable: boolean) =>
  (trainable ? model.trainableWeights : model.weights.filter((w) => !w.trainable)).map((w) => Array.from(w.read().dataSync()));

describe('encoder colorizer', () => {
  beforeAll(async () => {
    await loadWasmBackend();
  });

  it('loads the MobileNetV2 trunk from models/ (no network), frozen, with stable skip outputs on a fixed input', async () => {
    const trunk = await loadEncoderTrunk();
    expect(trunk.layers.every((layer) => !layer.trainable)).toBe(true);
    expect(trunk.countParams()).toBe(616256);
    const input = fixedInput();
    const outputs = trunk.predict(input) as tf.Tensor[];
    expect(outputs.map((o) => o.shape)).toEqual([
      [1, 32, 32, 96],
      [1, 16, 16, 144],
      [1, 8, 8, 192],
      [1, 4, 4, 576],
    ]);
    // Means recorded when the trunk was extracted from nsfwjs@4.4.0: a changed file or preprocessing shows here.
    const means = outputs.map((o) => tf.mean(o).dataSync()[0] as number);
    [1.91815, 0.99161, 0.42796, 0.36332].forEach((expected, i) => expect(means[i]).toBeCloseTo(expected, 4));
    const again = trunk.predict(input) as tf.Tensor[];
    again.forEach((o, i) => expect(Array.from(o.dataSync())).toEqual(Array.from((outputs[i] as tf.Tensor).dataSync())));
    tf.dispose([input, ...outputs, ...again]);
  });

  it('starts grey, caps its chroma, and refuses a size the encoder cannot divide', async () => {
    const trunk = await loadEncoderTrunk();
    const model = buildEncoderUnet({ trunk, size: 32, seed: 3 });
    const out = tf.tidy(() => model.predict(tf.randomUniform([2, 32, 32, 1], -1, 1, 'float32', 5)) as tf.Tensor);
    expect(out.shape).toEqual([2, 32, 32, 2]);
    expect(Math.max(...Array.from(out.dataSync()).map(Math.abs))).toBe(0);
    out.dispose();
    expect(model.getLayer('dec_ab_cap').getConfig()).toMatchObject({ scale: CHROMA_CAP });
    expect(() => buildEncoderUnet({ trunk, size: 40, seed: 3 })).toThrow(RangeError);
    model.dispose();
  });

  it('trains only its decoder: the loss falls on a tiny set, the trunk (batch-norm statistics included) stays bit-identical', async () => {
    const trunk = await loadEncoderTrunk();
    const task = createEncoderColorizeTask({ size: 32, learningRate: 2e-3, seed: 1, trunk });
    const model = task.product.model;
    expect(encoderLayers(model).length).toBeGreaterThan(100);
    expect(encoderLayers(model).every((layer) => !layer.trainable)).toBe(true);
    const frozenBefore = values(model, false);
    const decoderBefore = values(model, true);
    const batch = [0, 1, 2, 3].map((i) => syntheticPhoto(32, 32, 40 + i));
    const random = new SeededRandom(1);
    const losses = Array.from({ length: 30 }, () => task.trainStep(batch, random));
    expect(losses.every((l) => l.gAdv === null && l.d === null)).toBe(true);
    const first = losses[0]!.gL1;
    const last = losses.slice(-5).reduce((s, l) => s + l.gL1, 0) / 5;
    expect(last).toBeLessThan(first * 0.6);
    expect(values(model, false)).toEqual(frozenBefore);
    expect(values(model, true)).not.toEqual(decoderBefore);
    // Validation scores the same crops in inference mode; their ab error is the training loss's scale.
    expect(task.validate(batch).l1).toBeLessThan(first);

    // The app's engine runs it on a photo of another size: chroma at the working size, the photo's own L* kept.
    const photo = syntheticPhoto(100, 70, 9);
    const grey = luminanceOnly(photo);
    const out = await colorizeWithModel(model, { kind: 'colorize', inputSize: 32, io: { colorSpace: 'lab', input: 'L', output: 'ab' } }, grey);
    expect([out.width, out.height]).toEqual([100, 70]);
    const scores = colourScores(out, photo);
    expect(scores.lightnessError).toBeLessThan(1);
    expect(scores.colourfulness).toBeGreaterThan(0.05);
    task.dispose();
  });
});
