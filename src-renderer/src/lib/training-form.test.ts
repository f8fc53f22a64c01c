import { describe, expect, it } from 'vitest';
import { TRAINING_SIZES as CONTRACT_SIZES, GAN_SIZES, TrainingConfigSchema } from '../../../src-shared/contract/training.js';
import {
  defaultTrainingForm,
  estimateRequest,
  estimateText,
  GAN_TRAINING_SIZES,
  sizesFor,
  stepsForEpochs,
  TRAINING_DEFAULTS,
  TRAINING_SIZES,
  trainingFormProblem,
  trainingStartRequest,
} from './training-form.js';

describe('training form', () => {
  it('starts from the contract defaults', () => {
    const parsed = TrainingConfigSchema.parse({ kind: 'colorize', dataFolder: '/photos' });
    const { kind: _kind, dataFolder: _folder, ...defaults } = parsed;
    expect(TRAINING_DEFAULTS).toEqual(defaults);
    expect(TRAINING_SIZES).toEqual(CONTRACT_SIZES);
    expect(GAN_TRAINING_SIZES).toEqual(GAN_SIZES);
  });

  it('offers a GAN its own sizes and options, and sends them only for a GAN', () => {
    expect(sizesFor('gan')).toEqual([64, 128]);
    expect(sizesFor('colorize')).toEqual(TRAINING_SIZES);
    const gan = { ...defaultTrainingForm(), kind: 'gan' as const, dataFolder: '/faces', size: 64 as const, ganLoss: 'bce' as const, spectralNorm: false };
    expect(trainingFormProblem(gan)).toBeNull();
    expect(TrainingConfigSchema.parse(trainingStartRequest(gan).config)).toMatchObject({ kind: 'gan', size: 64, ganLoss: 'bce', spectralNorm: false });
    expect(trainingFormProblem({ ...gan, size: 256 })).toBe('A GAN trains at 64 or 128 px');
    expect(trainingStartRequest({ ...gan, kind: 'colorize' }).config).not.toHaveProperty('ganLoss');
  });

  it('offers inpainting with its mode, hole coverage (in percent) and adversarial weight, sent only for inpaint', () => {
    const inpaint = { ...defaultTrainingForm(), kind: 'inpaint' as const, dataFolder: '/scans' };
    expect([inpaint.inpaintMode, inpaint.coverageMin, inpaint.coverageMax, inpaint.adversarialWeight]).toEqual(['fill', 5, 40, 0]);
    const config = TrainingConfigSchema.parse(trainingStartRequest({ ...inpaint, inpaintMode: 'mosaic', coverageMin: 10, coverageMax: 30, adversarialWeight: 0.5 }).config);
    expect(config).toMatchObject({ kind: 'inpaint', inpaintMode: 'mosaic', coverage: [0.1, 0.3], adversarialWeight: 0.5 });
    expect(trainingFormProblem({ ...inpaint, coverageMin: 50, coverageMax: 20 })).toBe('The smallest hole must not be larger than the largest');
    expect(trainingFormProblem({ ...inpaint, coverageMax: 95 })).toMatch(/^Largest hole must be/);
    expect(trainingFormProblem({ ...inpaint, adversarialWeight: null })).toBe('Adversarial weight is empty');
    // Other kinds neither check nor send the inpainting fields.
    expect(trainingFormProblem({ ...inpaint, kind: 'colorize', coverageMin: null })).toBeNull();
    expect(trainingStartRequest({ ...inpaint, kind: 'colorize' }).config).not.toHaveProperty('coverage');
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

  it('asks for a speed estimate only with a valid batch, and words it for the run length', () => {
    const form = { ...defaultTrainingForm(), kind: 'inpaint' as const, size: 64 as const, batchSize: 2 };
    expect(estimateRequest(form)).toEqual({ kind: 'inpaint', size: 64, batchSize: 2, backend: 'auto' });
    expect(estimateRequest({ ...form, batchSize: null })).toBeNull();
    expect(estimateRequest({ ...form, batchSize: 65 })).toBeNull();
    const estimate = { backend: 'tfjs-node', secondsPerStep: 0.45, tenMinuteSteps: 1300 };
    expect(estimateText(estimate, 1200)).toBe('≈ 9 min of training on tfjs-node (2.2 steps/s measured here)');
    expect(estimateText(estimate, 40)).toBe('≈ 18 s of training on tfjs-node (2.2 steps/s measured here)');
    expect(estimateText({ ...estimate, secondsPerStep: 0.05 }, 200_000)).toBe('≈ 2.8 h of training on tfjs-node (20 steps/s measured here)');
    expect(estimateText(estimate, null)).toBeNull();
  });
});
