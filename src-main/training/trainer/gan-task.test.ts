import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDcganGenerator, DCGAN_LATENT_SIZE } from '../../../models/dcgan/dcgan-generator.js';
import { TrainingConfigSchema } from '../../../src-shared/contract/training.js';
import { SeededRandom } from '../../engines/inpaint/random.js';
import { tempDir } from '../../images/test-images.js';
import { loadLayersModel, saveLayersModel } from '../../runtime/layers-model-files.js';
import { loadWasmBackend } from '../../runtime/wasm-backend.js';
import { findCheckpoint, loadCheckpointModels, restoreOptimizers, restoreVariables, writeCheckpoint } from './checkpoint.js';
import { randomCrop } from './crops.js';
import { createGanTask, GAN_PREVIEW_COLUMNS, GAN_PREVIEW_ROWS, type GanTaskOptions } from './gan-task.js';
import type { TrainingTask } from './task.js';
import { syntheticPhoto } from './test-photos.js';

const photos = Array.from({ length: 4 }, (_, i) => syntheticPhoto(160, 140, i + 20));
const options: GanTaskOptions = { size: 64, width: 4, learningRate: 2e-4, loss: 'hinge', spectralNorm: true, seed: 5 };

beforeAll(async () => {
  await loadWasmBackend();
});

function step(task: TrainingTask, random: SeededRandom, size = 64) {
  const batch = Array.from({ length: 2 }, () => randomCrop(photos[Math.floor(random.next() * photos.length)]!, size, random));
  return task.trainStep(batch, random);
}

function values(variables: Readonly<Record<string, tf.Variable>> | undefined): Record<string, number[]> {
  return Object.fromEntries(Object.entries(variables ?? {}).map(([name, v]) => [name, Array.from(v.dataSync())]));
}

describe('gan task', () => {
  it.each([64, 128])('trains at %i px: finite G and D losses, no L1, a flat tensor count over steps and previews', (size) => {
    const untouched = tf.memory().numTensors;
    const task = createGanTask({ ...options, size });
    const random = new SeededRandom(1);
    const cycle = () => {
      const losses = step(task, random, size);
      expect(losses.gL1).toBeNull();
      expect([losses.gAdv, losses.d].every(Number.isFinite)).toBe(true);
      task.previewRows([]);
    };
    cycle();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 2; i++) cycle();
    expect(tf.memory().numTensors).toBe(before);
    expect(task.validate).toBeUndefined();
    expect(task.product.io).toEqual({ colorSpace: 'rgb', input: 'latent', output: 'rgb', latentSize: DCGAN_LATENT_SIZE });
    task.dispose();
    // Networks, optimizers, spectral-norm vectors and the preview noise all go with the task.
    expect(tf.memory().numTensors).toBe(untouched);
  });

  it('trains with BCE loss and without spectral norm too', () => {
    const task = createGanTask({ ...options, loss: 'bce', spectralNorm: false });
    expect(task.variables).toEqual({});
    const random = new SeededRandom(2);
    const losses = [step(task, random), step(task, random)];
    // BCE of a near-zero logit against either label is about ln 2: a D loss (real + fake) near 2 ln 2 at the start.
    expect(losses[0]!.d).toBeGreaterThan(1);
    expect(losses.every((l) => Number.isFinite(l.gAdv) && Number.isFinite(l.d))).toBe(true);
    task.dispose();
  });

  it('previews a fixed 4 × 8 sample grid: the same noise at every preview and for every task of the same seed', () => {
    const task = createGanTask(options);
    const twin = createGanTask(options);
    const rows = task.previewRows([]);
    expect(rows).toHaveLength(GAN_PREVIEW_ROWS);
    expect(rows.every((r) => r.length === GAN_PREVIEW_COLUMNS && r.every((t) => t.width === 64 && t.height === 64))).toBe(true);
    expect(twin.previewRows([])).toEqual(rows);
    // Different noise per tile: the samples differ.
    expect(rows[0]![0]!.data).not.toEqual(rows[0]![1]!.data);
    step(task, new SeededRandom(3));
    expect(task.previewRows([])).not.toEqual(rows);
    task.dispose();
    twin.dispose();
  });

  it('resumes from a checkpoint (weights, Adam, spectral-norm vectors, RNG) exactly like an uninterrupted run', async () => {
    const runDir = tempDir('gan-checkpoint');
    const task = createGanTask(options);
    const random = new SeededRandom(7);
    for (let i = 0; i < 2; i++) step(task, random);
    await writeCheckpoint(runDir, task, { size: 64, step: 2, randomState: random.state, lastValidation: null });
    const savedVectors = values(task.variables);
    expect(Object.keys(savedVectors)).toHaveLength(5);
    const uninterrupted = [step(task, random), step(task, random)];

    const checkpoint = (await findCheckpoint(runDir))!;
    expect(checkpoint.state).toMatchObject({ kind: 'gan', arch: 'dcgan', step: 2 });
    const resumed = createGanTask({ ...options, ...(await loadCheckpointModels(checkpoint)) });
    await restoreOptimizers(checkpoint, resumed.optimizers);
    await restoreVariables(checkpoint, resumed.variables ?? {});
    expect(values(resumed.variables)).toEqual(savedVectors);
    const resumedRandom = new SeededRandom(0);
    resumedRandom.state = checkpoint.state.randomState;
    const continued = [step(resumed, resumedRandom), step(resumed, resumedRandom)];
    continued.forEach((losses, i) => {
      expect(losses.gAdv).toBeCloseTo(uninterrupted[i]!.gAdv as number, 5);
      expect(losses.d).toBeCloseTo(uninterrupted[i]!.d as number, 5);
    });
    // The same power iteration continued (to float rounding: the resumed networks' kernels are reloaded copies).
    const after = values(task.variables);
    for (const [name, u] of Object.entries(values(resumed.variables))) u.forEach((x, i) => expect(x).toBeCloseTo(after[name]![i]!, 5));
    task.dispose();
    resumed.dispose();
  });

  it('fine-tunes from a saved generator, and refuses one of another shape with E_BAD_MODEL', async () => {
    const folder = tempDir('gan-base');
    const base = buildDcganGenerator({ size: 64, latentSize: DCGAN_LATENT_SIZE, width: 4, seed: 99 });
    await saveLayersModel(base, folder);
    const loaded = await loadLayersModel(folder);
    const task = createGanTask({ ...options, generator: loaded });
    expect(task.product.model).toBe(loaded);
    expect(loaded.getWeights()[0]!.dataSync()).toEqual(base.getWeights()[0]!.dataSync());
    expect(Number.isFinite(step(task, new SeededRandom(4)).gAdv)).toBe(true);
    task.dispose();
    const small = buildDcganGenerator({ size: 128, latentSize: DCGAN_LATENT_SIZE, width: 2, seed: 1 });
    expect(() => createGanTask({ ...options, generator: small })).toThrow(expect.objectContaining({ code: 'E_BAD_MODEL' }));
    small.dispose();
    base.dispose();
  });

  it('refuses 256 px with E_INVALID_ARGUMENT, in the task and in the run config', () => {
    expect(() => createGanTask({ ...options, size: 256 })).toThrow(expect.objectContaining({ code: 'E_INVALID_ARGUMENT' }));
    const parsed = TrainingConfigSchema.safeParse({ kind: 'gan', dataFolder: '/photos', size: 256 });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['size'], message: 'A gan model trains at 64 or 128 px' });
    expect(TrainingConfigSchema.parse({ kind: 'colorize', dataFolder: '/photos', size: 256 }).size).toBe(256);
    expect(TrainingConfigSchema.parse({ kind: 'gan', dataFolder: '/photos', size: 64 })).toMatchObject({ ganLoss: 'hinge', spectralNorm: true });
    expect(TrainingConfigSchema.safeParse({ kind: 'gan', dataFolder: '/photos', size: 64, baseModelId: 3, freezeEncoder: true }).error?.issues[0]).toMatchObject({
      path: ['freezeEncoder'],
    });
  });
});
