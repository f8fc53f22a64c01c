import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TrainingConfigSchema } from '../../src-shared/contract/index.js';
import { tempDir } from '../images/test-images.js';
import { openDatabase } from '../library/db.js';
import { ModelsService } from '../models/models-service.js';
import { loadLayersModel } from '../runtime/layers-model-files.js';
import { forkTrainingProcess } from '../workers/fork-training-process.js';
import { TrainingService, type Emit } from './training-service.js';

/** Colourful noise photos, so a crop has colour to learn. */
async function photo(path: string, seed: number): Promise<void> {
  const noise = { type: 'gaussian' as const, mean: 100 + seed * 20, sigma: 50 };
  await sharp({ create: { width: 96, height: 80, channels: 3, background: '#000', noise } }).png().toFile(path);
}

describe('TrainingService with the real training process', () => {
  let photos: string;

  beforeAll(async () => {
    photos = tempDir('real-photos');
    mkdirSync(join(photos, 'set'));
    for (let i = 0; i < 4; i++) await photo(join(photos, 'set', `p${i}.png`), i);
  });

  it('trains, is killed after a checkpoint, resumes from it without duplicate history, and registers a model that loads', async () => {
    await tf.setBackend('cpu');
    const dataDir = tempDir('real-training');
    const db = openDatabase(join(dataDir, 'library.sqlite'));
    const models = new ModelsService({ db, dataDir, ready: () => tf.ready() });
    const children: ChildProcess[] = [];
    const training = new TrainingService({
      db,
      dataDir,
      models,
      appVersion: 'test',
      fork: () => {
        const child = forkTrainingProcess();
        children.push(child);
        return child;
      },
    });
    const events: string[] = [];
    let killAt: number | null = 2;
    const emit: Emit = (event, payload) => {
      events.push(event);
      // Kill the process the moment its first checkpoint is reported: a crash mid-run.
      if (event === 'training.changed' && killAt !== null && (payload as { checkpointStep: number }).checkpointStep >= killAt) {
        killAt = null;
        children[0]?.kill('SIGKILL');
      }
    };
    const config = TrainingConfigSchema.parse({
      kind: 'colorize', dataFolder: photos, size: 64, batchSize: 1, steps: 5, checkpointEvery: 2, validateEvery: 2, previewEvery: 2, backend: 'wasm', validationSplit: 0.25,
    });
    const run = await training.start({ name: 'real', config }, emit);
    const crashed = await training.whenEnded(run.id);
    expect(crashed.status).toBe('failed');
    expect(crashed.error).toMatch(/SIGKILL/);
    expect(crashed.checkpointStep).toBeGreaterThanOrEqual(2);

    await training.resume(run.id, emit);
    const done = await training.whenEnded(run.id);
    expect(done).toMatchObject({ status: 'completed', step: 5, error: null });
    const history = training.metrics(run.id);
    expect(history.losses.map((p) => p.step)).toEqual([1, 2, 3, 4, 5]);
    expect(history.validation.length).toBeGreaterThanOrEqual(1);
    expect(events).toContain('training.progress');
    expect((await training.preview(run.id)).data.subarray(1, 4).toString()).toBe('PNG');
    const model = models.get(done.modelId as number);
    expect(model).toMatchObject({ kind: 'colorize', source: 'trained', runId: run.id, inputSize: 64, isDefault: true });
    expect(model.provenance).toMatchObject({ steps: 5, trainCount: done.dataset.train });
    const loaded = await loadLayersModel(models.dir(model.id));
    expect(loaded.outputs[0]?.shape).toEqual([null, 64, 64, 2]);
    db.close();
  }, 300_000);
});
