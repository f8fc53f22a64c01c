import { mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../engines/inpaint/random.js';
import { tempDir } from '../../images/test-images.js';
import { loadWasmBackend } from '../../runtime/wasm-backend.js';
import { findCheckpoint, loadCheckpointModels, restoreOptimizers, writeCheckpoint } from './checkpoint.js';
import { createColorizeTask, type ColorizeTaskOptions } from './colorize-task.js';
import { randomCrop } from './crops.js';
import type { ScoredTrainingTask, TrainingTask } from './task.js';
import { syntheticPhoto } from './test-photos.js';

const SIZE = 16;
const photos = Array.from({ length: 4 }, (_, i) => syntheticPhoto(24, 24, i + 10));
const options: ColorizeTaskOptions = { size: SIZE, width: 2, learningRate: 1e-3, l1Weight: 100, seed: 3, freezeEncoder: false };

beforeAll(async () => {
  await loadWasmBackend();
});

function step(task: ScoredTrainingTask, random: SeededRandom): ReturnType<ScoredTrainingTask['trainStep']> {
  const batch = Array.from({ length: 2 }, () => randomCrop(photos[Math.floor(random.next() * photos.length)]!, SIZE, random));
  return task.trainStep(batch, random);
}

/** Every optimizer's iteration count and moments, as plain numbers. */
async function optimizerState(task: TrainingTask): Promise<Record<string, number[][]>> {
  const out: Record<string, number[][]> = {};
  for (const [name, optimizer] of Object.entries(task.optimizers)) {
    const weights = await optimizer.getWeights();
    out[name] = weights.map((w) => Array.from(w.tensor.dataSync()));
    tf.dispose(weights.map((w) => w.tensor).filter((t) => !(t instanceof tf.Variable)));
  }
  return out;
}

describe('checkpoints', () => {
  it('resume restores step, RNG, weights and Adam state, and continues exactly like an uninterrupted run', async () => {
    const runDir = tempDir('checkpoint');
    const task = createColorizeTask(options);
    const random = new SeededRandom(7);
    for (let i = 0; i < 3; i++) step(task, random);
    await writeCheckpoint(runDir, task, { size: SIZE, step: 3, randomState: random.state, lastValidation: { step: 3, psnr: 20, ssim: 0.5, l1: 0.1 } });
    const savedState = await optimizerState(task);
    const uninterrupted = [step(task, random), step(task, random)];

    const checkpoint = await findCheckpoint(runDir);
    expect(checkpoint?.state).toMatchObject({ kind: 'colorize', arch: 'pix2pix-unet', size: SIZE, step: 3, lastValidation: { step: 3 } });
    const resumed = createColorizeTask({ ...options, ...(await loadCheckpointModels(checkpoint!)) });
    await restoreOptimizers(checkpoint!, resumed.optimizers);
    const restoredState = await optimizerState(resumed);
    expect(restoredState.generator![0]).toEqual([3]); // Adam's iteration count
    expect(restoredState).toEqual(savedState);

    const resumedRandom = new SeededRandom(0);
    resumedRandom.state = checkpoint!.state.randomState;
    const continued = [step(resumed, resumedRandom), step(resumed, resumedRandom)];
    continued.forEach((losses, i) => {
      const expected = uninterrupted[i]!;
      expect(losses.gL1).toBeCloseTo(expected.gL1, 5);
      expect(losses.gAdv).toBeCloseTo(expected.gAdv as number, 5);
      expect(losses.d).toBeCloseTo(expected.d as number, 5);
    });
    task.dispose();
    resumed.dispose();
  });

  it('always leaves one complete checkpoint: a kill between the renames, or mid-write, loses nothing', async () => {
    const runDir = tempDir('checkpoint-swap');
    const task = createColorizeTask(options);
    await writeCheckpoint(runDir, task, { size: SIZE, step: 1, randomState: 11, lastValidation: null });
    // As if killed after moving the old checkpoint aside and before renaming the new one into place, with a
    // half-written temp folder left behind.
    renameSync(join(runDir, 'checkpoint'), join(runDir, 'checkpoint.old'));
    mkdirSync(join(runDir, '.checkpoint-interrupted'));
    const survivor = await findCheckpoint(runDir);
    expect(survivor?.state.step).toBe(1);
    expect(Object.keys(await loadCheckpointModels(survivor!))).toEqual(['generator', 'discriminator']);

    await writeCheckpoint(runDir, task, { size: SIZE, step: 2, randomState: 12, lastValidation: null });
    expect(readdirSync(runDir)).toEqual(['checkpoint']);
    expect((await findCheckpoint(runDir))?.state).toMatchObject({ step: 2, randomState: 12 });
    task.dispose();
  });

  it('finds no checkpoint in a fresh run folder', async () => {
    expect(await findCheckpoint(tempDir('no-checkpoint'))).toBeNull();
  });
});
