import { describe, expect, it } from 'vitest';
import { TrainingConfigSchema } from '../../../src-shared/contract/training.js';
import { tempDir } from '../../images/test-images.js';
import { learningRateAt, runTraining, totalStepsOf } from './run-training.js';

const config = (extra: object) => TrainingConfigSchema.parse({ kind: 'colorize', dataFolder: '/photos', ...extra });

describe('runTraining', () => {
  it('counts steps from `steps`, or from epochs over the training files', () => {
    expect(totalStepsOf(config({ steps: 300 }), 90)).toBe(300);
    expect(totalStepsOf(config({ epochs: 3, batchSize: 4 }), 90)).toBe(68);
  });

  it('keeps the learning rate for the first half of the run, then decays it linearly to zero', () => {
    expect([0, 49, 50, 75, 99].map((step) => learningRateAt(1e-3, step, 100))).toEqual([1e-3, 1e-3, 1e-3, 5e-4, 2e-5]);
  });

  it('refuses kinds that cannot train yet with E_UNSUPPORTED, before sending anything', async () => {
    const sent: unknown[] = [];
    const start = {
      type: 'start' as const,
      config: config({ kind: 'gan' }),
      train: ['/nowhere.png'],
      validation: [] as string[],
      runDir: tempDir('run-gan'),
      baseModelDir: null,
      modelName: 'gan',
      appVersion: '0',
    };
    const backend = { active: 'cpu' as const, preference: 'cpu' as const, attempts: [], tfjsVersion: null };
    await expect(runTraining(start, backend, (r) => sent.push(r), { requested: null })).rejects.toMatchObject({
      code: 'E_UNSUPPORTED',
    });
    expect(sent).toEqual([]);
  });
});
