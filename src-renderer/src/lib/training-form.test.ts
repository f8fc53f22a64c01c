import { describe, expect, it } from 'vitest';
import { TRAINING_SIZES as CONTRACT_SIZES, TrainingConfigSchema } from '../../../src-shared/contract/training.js';
import { defaultTrainingForm, stepsForEpochs, TRAINING_DEFAULTS, TRAINING_SIZES, trainingFormProblem, trainingStartRequest } from './training-form.js';

describe('training form', () => {
  it('starts from the contract defaults', () => {
    const parsed = TrainingConfigSchema.parse({ kind: 'colorize', dataFolder: '/photos' });
    const { kind: _kind, dataFolder: _folder, ...defaults } = parsed;
    expect(TRAINING_DEFAULTS).toEqual(defaults);
    expect(TRAINING_SIZES).toEqual(CONTRACT_SIZES);
  });

  it('builds a request the contract accepts, in steps or in epochs', () => {
    const form = { ...defaultTrainingForm(), dataFolder: ' /photos ', name: '  Sky run ', size: 64 as const, batchSize: 2, steps: 40, previewEvery: 10 };
    const request = trainingStartRequest(form);
    expect(request.name).toBe('Sky run');
    const config = TrainingConfigSchema.parse(request.config);
    expect(config).toMatchObject({ dataFolder: '/photos', size: 64, batchSize: 2, steps: 40, previewEvery: 10, freezeEncoder: false });
    expect(config.epochs).toBeUndefined();
    expect(config.baseModelId).toBeUndefined();

    const byEpochs = trainingStartRequest({ ...form, name: '', lengthUnit: 'epochs', epochs: 3, baseModelId: 7, freezeEncoder: true });
    expect(byEpochs.name).toBeUndefined();
    expect(TrainingConfigSchema.parse(byEpochs.config)).toMatchObject({ epochs: 3, baseModelId: 7, freezeEncoder: true });
    expect(byEpochs.config.steps).toBeUndefined();
  });

  it('names the first field that keeps a run from starting', () => {
    const ok = { ...defaultTrainingForm(), dataFolder: '/photos' };
    expect(trainingFormProblem(ok)).toBeNull();
    expect(trainingFormProblem(defaultTrainingForm())).toBe('Choose a folder of photos first');
    expect(trainingFormProblem({ ...ok, batchSize: null })).toBe('Batch size is empty');
    expect(trainingFormProblem({ ...ok, batchSize: 65 })).toMatch(/^Batch size must be at least 1 and at most 64/);
    expect(trainingFormProblem({ ...ok, steps: 2.5 })).toBe('Steps must be a whole number');
    expect(trainingFormProblem({ ...ok, learningRate: 0 })).toMatch(/^Learning rate must be above 0/);
    expect(trainingFormProblem({ ...ok, validationSplit: 0.6 })).toMatch(/^Validation split/);
    // The unit not in use is not checked.
    expect(trainingFormProblem({ ...ok, epochs: null })).toBeNull();
    expect(trainingFormProblem({ ...ok, lengthUnit: 'epochs', steps: null })).toBeNull();
  });

  it('counts the steps of an epoch run as the service does', () => {
    expect(stepsForEpochs(1, 10, 4)).toBe(3);
    expect(stepsForEpochs(3, 8, 4)).toBe(6);
  });
});
