import type { BackendPreference, GanLoss, InpaintMode, ModelKind, RequestOf, TrainingConfig, TrainingEstimate } from '../../../src-shared/contract/index.js';

/**
 * The contract's defaults for a new run, written out because importing the schema would pull zod into the page;
 * training-form.test.ts fails when they drift from `TrainingConfigSchema`.
 */
export const TRAINING_DEFAULTS = {
  size: 128,
  batchSize: 4,
  steps: 1200,
  learningRate: 2e-4,
  seed: 1,
  validationSplit: 0.1,
  freezeEncoder: false,
  backend: 'auto',
  l1Weight: 1000,
  colorizeArch: 'encoder-unet',
  checkpointEvery: 200,
  validateEvery: 100,
  previewEvery: 100,
  ganLoss: 'hinge',
  spectralNorm: true,
  inpaintMode: 'fill',
  // Widened from `as const`: the contract's coverage is a mutable [min, max] pair.
  coverage: [0.05, 0.4] as [number, number],
  adversarialWeight: 0,
} as const satisfies Omit<TrainingConfig, 'kind' | 'dataFolder' | 'epochs' | 'baseModelId'>;

export const TRAINING_SIZES = [64, 128, 256] as const satisfies readonly TrainingConfig['size'][];
export type TrainingSize = (typeof TRAINING_SIZES)[number];
/** The sizes a GAN trains at (the contract's GAN_SIZES; training-form.test.ts checks they agree). */
export const GAN_TRAINING_SIZES = [64, 128] as const satisfies readonly TrainingSize[];

/** The working sizes a kind can train at. */
export function sizesFor(kind: ModelKind): readonly TrainingSize[] {
  return kind === 'gan' ? GAN_TRAINING_SIZES : TRAINING_SIZES;
}

/**
 * Every kind trains through the same runs; `available` is false for a kind whose trainer is not built yet.
 * `expect` tells the user, before they start, what a default run reached on a 2-core laptop with ~100 photos (the
 * README has the figures), so a short run's result is no surprise.
 */
export const TRAINABLE_KINDS: readonly { id: ModelKind; label: string; available: boolean; expect: string }[] = [
  {
    id: 'colorize',
    label: 'Colorize (pretrained encoder)',
    available: true,
    expect:
      'Trains a decoder on a frozen ImageNet encoder (MobileNetV2). A 1,000-step probe on ~850 photos reached ab ' +
      'error 19.8 against 23.4 for grey (bluish skies, warm stone, olive foliage), but an hour on our Debian-package ' +
      'corpus is not yet better than grey: expect a warm sepia from short runs. For dependable colour, use a ' +
      'reference photo or colour hints in the Editor.',
  },
  {
    id: 'inpaint',
    label: 'Inpaint (gated convolutions)',
    available: true,
    expect: 'Short runs fill holes with blur; the run view scores the model beside PatchMatch on the same holes.',
  },
  {
    id: 'gan',
    label: 'Generate, GAN (DCGAN)',
    available: true,
    expect: 'After 30 minutes on ~100 photos, expect blobs with the photos’ colours and rough shapes, not scenes.',
  },
];

/** The New run form; numbers are what the inputs hold (null while a field is empty). */
export interface TrainingForm {
  kind: ModelKind;
  dataFolder: string;
  name: string;
  size: TrainingSize;
  batchSize: number | null;
  /** Whether the run's length is given in steps or in epochs. */
  lengthUnit: 'steps' | 'epochs';
  steps: number | null;
  epochs: number | null;
  learningRate: number | null;
  seed: number | null;
  validationSplit: number | null;
  baseModelId: number | null;
  freezeEncoder: boolean;
  backend: BackendPreference;
  l1Weight: number | null;
  checkpointEvery: number | null;
  validateEvery: number | null;
  previewEvery: number | null;
  /** GAN only. */
  ganLoss: GanLoss;
  spectralNorm: boolean;
  /** Inpaint only; coverage in percent of the crop, as the inputs show it. */
  inpaintMode: InpaintMode;
  coverageMin: number | null;
  coverageMax: number | null;
  adversarialWeight: number | null;
}

export function defaultTrainingForm(): TrainingForm {
  const d = TRAINING_DEFAULTS;
  return {
    kind: 'colorize',
    dataFolder: '',
    name: '',
    size: d.size,
    batchSize: d.batchSize,
    lengthUnit: 'steps',
    steps: d.steps,
    epochs: 10,
    learningRate: d.learningRate,
    seed: d.seed,
    validationSplit: d.validationSplit,
    baseModelId: null,
    freezeEncoder: d.freezeEncoder,
    backend: d.backend,
    l1Weight: d.l1Weight,
    checkpointEvery: d.checkpointEvery,
    validateEvery: d.validateEvery,
    previewEvery: d.previewEvery,
    ganLoss: d.ganLoss,
    spectralNorm: d.spectralNorm,
    inpaintMode: d.inpaintMode,
    coverageMin: Math.round(d.coverage[0] * 100),
    coverageMax: Math.round(d.coverage[1] * 100),
    adversarialWeight: d.adversarialWeight,
  };
}

/** Steps an epoch count means, as the service computes it: ceil(epochs × train images ÷ batch size). */
export function stepsForEpochs(epochs: number, trainImages: number, batchSize: number): number {
  return Math.ceil((epochs * trainImages) / batchSize);
}

/** The fields typed as numbers (size and base model are chosen from lists). */
type NumberField =
  | 'batchSize'
  | 'steps'
  | 'epochs'
  | 'learningRate'
  | 'seed'
  | 'validationSplit'
  | 'l1Weight'
  | 'checkpointEvery'
  | 'validateEvery'
  | 'previewEvery'
  | 'coverageMin'
  | 'coverageMax'
  | 'adversarialWeight';

/** Fields only an inpainting run has (checked and sent for inpaint only). */
const INPAINT_FIELDS: readonly NumberField[] = ['coverageMin', 'coverageMax', 'adversarialWeight'];

/** The contract's limits, checked here so the user sees which field is wrong before anything is sent. */
const LIMITS: Record<NumberField, { label: string; min: number; max: number; integer: boolean; exclusiveMin?: boolean }> = {
  batchSize: { label: 'Batch size', min: 1, max: 64, integer: true },
  steps: { label: 'Steps', min: 1, max: 1_000_000, integer: true },
  epochs: { label: 'Epochs', min: 1, max: 10_000, integer: true },
  learningRate: { label: 'Learning rate', min: 0, max: 1, integer: false, exclusiveMin: true },
  seed: { label: 'Seed', min: 0, max: 2 ** 31 - 1, integer: true },
  validationSplit: { label: 'Validation split', min: 0, max: 0.5, integer: false },
  l1Weight: { label: 'L1 weight', min: 0, max: 10_000, integer: false },
  checkpointEvery: { label: 'Checkpoint every', min: 1, max: 1_000_000, integer: true },
  validateEvery: { label: 'Validate every', min: 1, max: 1_000_000, integer: true },
  previewEvery: { label: 'Preview every', min: 1, max: 1_000_000, integer: true },
  coverageMin: { label: 'Smallest hole', min: 1, max: 90, integer: false },
  coverageMax: { label: 'Largest hole', min: 1, max: 90, integer: false },
  adversarialWeight: { label: 'Adversarial weight', min: 0, max: 100, integer: false },
};

function fieldProblem(field: NumberField, value: number | null): string | null {
  const limit = LIMITS[field];
  if (value === null || !Number.isFinite(value)) return `${limit.label} is empty`;
  if (limit.integer && !Number.isInteger(value)) return `${limit.label} must be a whole number`;
  const tooLow = limit.exclusiveMin ? value <= limit.min : value < limit.min;
  if (tooLow || value > limit.max) return `${limit.label} must be ${limit.exclusiveMin ? 'above' : 'at least'} ${limit.min} and at most ${limit.max}`;
  return null;
}

/** The first thing that keeps the form from starting a run, in the user's words; null when it can start. */
export function trainingFormProblem(form: TrainingForm): string | null {
  if (!form.dataFolder.trim()) return 'Choose a folder of photos first';
  if (!sizesFor(form.kind).includes(form.size)) return `A GAN trains at ${GAN_TRAINING_SIZES.join(' or ')} px`;
  const fields = (Object.keys(LIMITS) as NumberField[]).filter(
    (f) => f !== (form.lengthUnit === 'steps' ? 'epochs' : 'steps') && (form.kind === 'inpaint' || !INPAINT_FIELDS.includes(f)),
  );
  for (const field of fields) {
    const problem = fieldProblem(field, form[field]);
    if (problem) return problem;
  }
  if (form.kind === 'inpaint' && (form.coverageMin as number) > (form.coverageMax as number)) return 'The smallest hole must not be larger than the largest';
  return null;
}

/** The `training.start` request for a form that `trainingFormProblem` passed. */
export function trainingStartRequest(form: TrainingForm): RequestOf<'training.start'> {
  const n = (value: number | null): number => value ?? NaN;
  const name = form.name.trim();
  return {
    ...(name ? { name } : {}),
    config: {
      kind: form.kind,
      dataFolder: form.dataFolder.trim(),
      size: form.size,
      batchSize: n(form.batchSize),
      // With epochs the service derives the steps; `steps` is then only its fallback default.
      ...(form.lengthUnit === 'steps' ? { steps: n(form.steps) } : { epochs: n(form.epochs) }),
      learningRate: n(form.learningRate),
      seed: n(form.seed),
      validationSplit: n(form.validationSplit),
      ...(form.baseModelId !== null ? { baseModelId: form.baseModelId, freezeEncoder: form.freezeEncoder } : {}),
      backend: form.backend,
      l1Weight: n(form.l1Weight),
      checkpointEvery: n(form.checkpointEvery),
      validateEvery: n(form.validateEvery),
      previewEvery: n(form.previewEvery),
      ...(form.kind === 'gan' ? { ganLoss: form.ganLoss, spectralNorm: form.spectralNorm } : {}),
      ...(form.kind === 'inpaint'
        ? {
            inpaintMode: form.inpaintMode,
            coverage: [n(form.coverageMin) / 100, n(form.coverageMax) / 100] as [number, number],
            adversarialWeight: n(form.adversarialWeight),
          }
        : {}),
    },
  };
}

/** What a speed measurement depends on; a measurement made for other values says nothing about these. */
export function estimateRequest(form: TrainingForm): RequestOf<'training.estimate'> | null {
  if (form.batchSize === null || !Number.isInteger(form.batchSize) || form.batchSize < 1 || form.batchSize > 64) return null;
  return { kind: form.kind, size: form.size, batchSize: form.batchSize, backend: form.backend };
}

/** "≈ 9 min on tfjs-node (2.2 steps/s measured here)" for the run's length in steps; null without a length. */
export function estimateText(estimate: TrainingEstimate, steps: number | null): string | null {
  if (steps === null || steps < 1) return null;
  const minutes = (steps * estimate.secondsPerStep) / 60;
  const time = minutes < 1 ? `${Math.max(1, Math.round(minutes * 60))} s` : minutes < 90 ? `${Math.round(minutes)} min` : `${(minutes / 60).toFixed(1)} h`;
  const rate = 1 / estimate.secondsPerStep;
  return `≈ ${time} of training on ${estimate.backend} (${rate >= 10 ? Math.round(rate) : rate.toFixed(1)} steps/s measured here)`;
}
