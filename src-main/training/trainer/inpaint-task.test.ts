import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGatedUnet } from '../../../models/gated-unet/gated-unet.js';
import { encoderLayers } from '../../../models/pix2pix/unet-generator.js';
import { SeededRandom } from '../../engines/inpaint/random.js';
import { loadWasmBackend } from '../../runtime/wasm-backend.js';
import { centreCrop, randomCrop } from './crops.js';
import { createInpaintTask, type InpaintTaskOptions } from './inpaint-task.js';
import { syntheticPhoto } from './test-photos.js';

const SIZE = 32;
const photos = Array.from({ length: 6 }, (_, i) => syntheticPhoto(48, 40, i + 1));
const options: InpaintTaskOptions = {
  size: SIZE,
  width: 4,
  learningRate: 3e-3,
  seed: 1,
  freezeEncoder: false,
  mode: 'fill',
  coverage: [0.1, 0.3],
  adversarialWeight: 0,
};

beforeAll(async () => {
  await loadWasmBackend();
});

function batchOf(random: SeededRandom, n: number) {
  return Array.from({ length: n }, () => randomCrop(photos[Math.floor(random.next() * photos.length)]!, SIZE, random));
}

function weightsOf(layers: tf.layers.Layer[]): number[][] {
  return layers.flatMap((l) => l.weights.map((w) => Array.from(w.read().dataSync())));
}

const pixel = (data: Uint8Array, p: number) => Array.from(data.subarray(p * 3, p * 3 + 3));

describe('inpaint task', () => {
  it('trains on a fixed tiny set: the hole loss falls and the hole PSNR on validation rises', () => {
    const task = createInpaintTask(options);
    const random = new SeededRandom(5);
    const validation = photos.slice(0, 3).map((p) => centreCrop(p, SIZE));
    const before = task.validate(validation);
    const hole: number[] = [];
    for (let i = 0; i < 40; i++) hole.push(task.trainStep(batchOf(random, 4), random).gL1);
    const after = task.validate(validation);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(hole.slice(-5))).toBeLessThan(mean(hole.slice(0, 5)) * 0.7);
    expect(after.l1).toBeLessThan(before.l1);
    expect(after.psnr).toBeGreaterThan(before.psnr);
    expect(after.ssim).toBeGreaterThan(before.ssim);
    task.dispose();
  });

  it('validates on fixed masks: the same crops score the same until the weights change', () => {
    const task = createInpaintTask(options);
    const crops = photos.slice(0, 3).map((p) => centreCrop(p, SIZE));
    const first = task.validate(crops);
    expect(task.validate(crops)).toEqual(first);
    expect([first.psnr, first.ssim, first.l1].every(Number.isFinite)).toBe(true);
    const random = new SeededRandom(2);
    task.trainStep(batchOf(random, 2), random);
    expect(task.validate(crops)).not.toEqual(first);
    task.dispose();
  });

  it('previews [input with the hole in mask green, composited output, truth]; the output equals the truth outside the hole', () => {
    const task = createInpaintTask(options);
    const crops = photos.slice(0, 2).map((p) => centreCrop(p, SIZE));
    const rows = task.previewRows(crops);
    expect(rows).toHaveLength(2);
    for (const [i, row] of rows.entries()) {
      const [input, output, truth] = row as [typeof crops[0], typeof crops[0], typeof crops[0]];
      expect(truth).toBe(crops[i]);
      let holes = 0;
      let changed = 0;
      for (let p = 0; p < SIZE * SIZE; p++) {
        const green = pixel(input.data, p).join() === '0,255,0';
        if (!green) {
          expect(pixel(output.data, p)).toEqual(pixel(truth.data, p));
          expect(pixel(input.data, p)).toEqual(pixel(truth.data, p));
          continue;
        }
        holes++;
        if (pixel(output.data, p).join() !== pixel(truth.data, p).join()) changed++;
      }
      expect(holes / (SIZE * SIZE)).toBeGreaterThanOrEqual(0.09);
      expect(holes / (SIZE * SIZE)).toBeLessThanOrEqual(0.31);
      expect(changed).toBeGreaterThan(holes / 2);
    }
    task.dispose();
  });

  it('in mosaic mode shows and feeds the mosaic, and exports a mosaic model', () => {
    const task = createInpaintTask({ ...options, mode: 'mosaic' });
    expect(task.product.io).toEqual({ colorSpace: 'rgb', input: 'rgb+mask', output: 'rgb', mode: 'mosaic' });
    const crop = centreCrop(photos[0]!, SIZE);
    const [[input, output, truth]] = task.previewRows([crop]) as [[typeof crop, typeof crop, typeof crop]];
    const mosaicColours = new Set<string>();
    let differing = 0;
    let outputChangedWhereInputIsTruth = 0;
    for (let p = 0; p < SIZE * SIZE; p++) {
      expect(pixel(input.data, p).join()).not.toBe('0,255,0');
      if (pixel(input.data, p).join() !== pixel(truth.data, p).join()) {
        differing++;
        mosaicColours.add(pixel(input.data, p).join());
      } else if (pixel(output.data, p).join() !== pixel(truth.data, p).join()) {
        // Only a hole pixel whose mosaic cell mean happens to equal it can be here.
        outputChangedWhereInputIsTruth++;
      }
    }
    expect(differing).toBeGreaterThan(0);
    // Blocks: one colour per mosaic cell, far fewer than the (noisy) pixels they replaced.
    expect(mosaicColours.size).toBeLessThan(differing / 2);
    expect(outputChangedWhereInputIsTruth).toBeLessThan(differing * 0.05);
    const random = new SeededRandom(3);
    expect(Number.isFinite(task.trainStep(batchOf(random, 2), random).gL1)).toBe(true);
    task.dispose();
  });

  it('keeps a frozen encoder fixed while the rest learns (fine-tuning from a previous inpainter)', () => {
    const generator = buildGatedUnet({ size: SIZE, width: 4, seed: 2 });
    const task = createInpaintTask({ ...options, freezeEncoder: true, generator });
    const encoder = encoderLayers(generator);
    const rest = generator.layers.filter((l) => !encoder.includes(l));
    const encoderBefore = weightsOf(encoder);
    const restBefore = weightsOf(rest);
    expect(encoder.filter((l) => l.name.endsWith('_gate')).length).toBe(5);
    const random = new SeededRandom(3);
    for (let i = 0; i < 3; i++) task.trainStep(batchOf(random, 2), random);
    expect(weightsOf(encoder)).toEqual(encoderBefore);
    expect(weightsOf(rest)).not.toEqual(restBefore);
    task.dispose();
  });

  it('with an adversarial weight trains an SN-PatchGAN too and checkpoints it with its power-iteration vectors', () => {
    const task = createInpaintTask({ ...options, adversarialWeight: 0.1 });
    expect(Object.keys(task.models).sort()).toEqual(['discriminator', 'generator']);
    expect(Object.keys(task.optimizers).sort()).toEqual(['discriminator', 'generator']);
    expect(Object.keys(task.variables ?? {}).length).toBe(4);
    const random = new SeededRandom(6);
    for (let i = 0; i < 3; i++) {
      const losses = task.trainStep(batchOf(random, 2), random);
      expect([losses.gAdv, losses.gL1, losses.d].every(Number.isFinite)).toBe(true);
      expect(losses.d).toBeGreaterThan(0);
    }
    task.dispose();
  });

  it('keeps the tensor count flat over steps, validations and previews', () => {
    const task = createInpaintTask({ ...options, adversarialWeight: 0.1 });
    const random = new SeededRandom(4);
    const crops = photos.slice(0, 2).map((p) => centreCrop(p, SIZE));
    const cycle = () => {
      task.trainStep(batchOf(random, 2), random);
      task.validate(crops);
      task.previewRows(crops);
    };
    cycle();
    cycle();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) cycle();
    expect(tf.memory().numTensors).toBe(before);
    task.dispose();
  });

  it('refuses a generator of another shape', () => {
    const generator = buildGatedUnet({ size: 16, width: 2, seed: 1 });
    expect(() => createInpaintTask({ ...options, generator })).toThrow(/inpainter maps/);
    generator.dispose();
  });
});
