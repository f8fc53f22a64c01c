import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildUnetGenerator, encoderLayers } from '../../../models/pix2pix/unet-generator.js';
import { SeededRandom } from '../../engines/inpaint/random.js';
import { loadWasmBackend } from '../../runtime/wasm-backend.js';
import { createColorizeTask, type ColorizeTaskOptions } from './colorize-task.js';
import { centreCrop, randomCrop } from './crops.js';
import { syntheticPhoto } from './test-photos.js';

const SIZE = 32;
const photos = Array.from({ length: 6 }, (_, i) => syntheticPhoto(48, 40, i + 1));
const options: ColorizeTaskOptions = { size: SIZE, width: 4, learningRate: 2e-3, l1Weight: 100, seed: 1, freezeEncoder: false };

beforeAll(async () => {
  await loadWasmBackend();
});

function batchOf(random: SeededRandom, n: number) {
  return Array.from({ length: n }, () => randomCrop(photos[Math.floor(random.next() * photos.length)]!, SIZE, random));
}

/** Learned weights (kernels, biases, batch-norm scale/offset), whether trainable now or frozen; not running statistics. */
function weightsOf(layers: tf.layers.Layer[]): number[][] {
  return layers.flatMap((l) => l.weights.filter((w) => !w.name.includes('moving_')).map((w) => Array.from(w.read().dataSync())));
}

describe('colorize task', () => {
  it('trains on a fixed tiny set: L1 falls and validation improves', () => {
    const task = createColorizeTask(options);
    const random = new SeededRandom(5);
    const validation = photos.slice(0, 3).map((p) => centreCrop(p, SIZE));
    const before = task.validate(validation);
    const l1: number[] = [];
    for (let i = 0; i < 40; i++) l1.push(task.trainStep(batchOf(random, 4), random).gL1);
    const after = task.validate(validation);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(l1.slice(-5))).toBeLessThan(mean(l1.slice(0, 5)) * 0.7);
    expect(after.l1).toBeLessThan(before.l1);
    expect(after.psnr).toBeGreaterThan(before.psnr);
    expect(after.ssim).toBeGreaterThan(0.5);
    task.dispose();
  });

  it('previews rows of grey input, output and truth that share the input luminance', () => {
    const task = createColorizeTask(options);
    const crops = photos.slice(0, 2).map((p) => centreCrop(p, SIZE));
    const rows = task.previewRows(crops);
    expect(rows).toHaveLength(2);
    const [grey, output, truth] = rows[0]!;
    expect(truth).toBe(crops[0]);
    expect([grey!.width, output!.width]).toEqual([SIZE, SIZE]);
    for (let o = 0; o < grey!.data.length; o += 3) expect(grey!.data[o]).toBe(grey!.data[o + 1]);
    task.dispose();
  });

  it('keeps a frozen encoder fixed while the decoder learns', () => {
    const generator = buildUnetGenerator({ size: SIZE, width: 4, seed: 2 });
    const task = createColorizeTask({ ...options, freezeEncoder: true, generator });
    const encoder = encoderLayers(generator);
    const decoder = generator.layers.filter((l) => !encoder.includes(l));
    const encoderBefore = weightsOf(encoder);
    const decoderBefore = weightsOf(decoder);
    expect(encoderBefore.length).toBeGreaterThan(0);
    const random = new SeededRandom(3);
    for (let i = 0; i < 3; i++) task.trainStep(batchOf(random, 2), random);
    expect(weightsOf(encoder)).toEqual(encoderBefore);
    expect(weightsOf(decoder)).not.toEqual(decoderBefore);
    task.dispose();
  });

  it('keeps the tensor count flat over steps, validations and previews', () => {
    const task = createColorizeTask(options);
    const random = new SeededRandom(4);
    const crops = photos.slice(0, 2).map((p) => centreCrop(p, SIZE));
    const cycle = () => {
      task.trainStep(batchOf(random, 2), random);
      task.validate(crops);
      task.previewRows(crops);
    };
    cycle();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 4; i++) cycle();
    expect(tf.memory().numTensors).toBe(before);
    task.dispose();
  });

  it('refuses a generator of another size with E_BAD_MODEL', () => {
    const generator = buildUnetGenerator({ size: 16, width: 2, seed: 1 });
    expect(() => createColorizeTask({ ...options, generator })).toThrow(expect.objectContaining({ code: 'E_BAD_MODEL' }));
    generator.dispose();
  });
});
