import { z } from 'zod';
import { channel } from './channel.js';
import { PathSchema } from './files.js';
import { IdSchema } from './library.js';
import { ModelKindSchema } from './models.js';
import { BackendPreferenceSchema } from './system.js';

export const TRAINING_SIZES = [64, 128, 256] as const;

/** Sizes a GAN trains at: its DCGAN networks are laid out for these two only. */
export const GAN_SIZES = [64, 128] as const;
const ganTrainsAtItsSizes = (c: { kind: string; size: number }) => c.kind !== 'gan' || (GAN_SIZES as readonly number[]).includes(c.size);
const GAN_SIZE_ISSUE = { message: `A gan model trains at ${GAN_SIZES.join(' or ')} px`, path: ['size'] };

export const GanLossSchema = z.enum(['hinge', 'bce']);

export const ColorizeArchSchema = z.enum(['encoder-unet', 'pix2pix']);

export const InpaintTrainingModeSchema = z.enum(['fill', 'mosaic']);

/** A [min, max] fraction of a crop covered by a synthetic mask. */
export const CoverageSchema = z
  .tuple([z.number().min(0.01).max(0.9), z.number().min(0.01).max(0.9)])
  .refine(([min, max]) => min <= max, { message: 'coverage: min must not exceed max' });

/** Everything a run is created from. Defaults are chosen so a 10-minute run on a 2-core laptop visibly learns. */
export const TrainingConfigSchema = z
  .object({
    kind: ModelKindSchema,
    /** Folder of the user's photos, scanned recursively. */
    dataFolder: PathSchema,
    /** Square working size in pixels (random crops of this size). */
    size: z.union([z.literal(64), z.literal(128), z.literal(256)]).default(128),
    batchSize: z.number().int().min(1).max(64).default(4),
    /**
     * Total optimizer steps. With `epochs`, steps = ceil(epochs × train images ÷ batch size). The default finishes in
     * about 10 minutes on a 2-core laptop (wasm, 128 px, batch 4: ~1.9 steps/s; see `npm run bench`).
     */
    steps: z.number().int().min(1).max(1_000_000).default(1200),
    epochs: z.number().int().min(1).max(10_000).optional(),
    learningRate: z.number().positive().max(1).default(2e-4),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
    /** Fraction of files held back for validation (split by file, never by crop). */
    validationSplit: z.number().min(0).max(0.5).default(0.1),
    /** Fine-tune from this model (same kind). */
    baseModelId: IdSchema.optional(),
    /** With a base model: keep the encoder's weights fixed. */
    freezeEncoder: z.boolean().default(false),
    backend: BackendPreferenceSchema.default('auto'),
    /**
     * Colorize: weight of the L1 term against the adversarial term. pix2pix uses 100; on ~100 photos and a 1200-step
     * run that lets the adversarial term paint confident wrong colours and validation L1 rises above a grey output's;
     * with 1000 it falls by 3–8% before a late warm cast takes some of that back (measured on the 101 development
     * photos; see the README).
     */
    l1Weight: z.number().min(0).max(10_000).default(1000),
    /**
     * Colorize: the network. `encoder-unet` (default): a frozen pretrained MobileNetV2 encoder and a trainable U-Net
     * decoder on a chroma-weighted L1; `pix2pix`: the from-scratch U-Net and PatchGAN of earlier runs.
     */
    colorizeArch: ColorizeArchSchema.default('encoder-unet'),
    /** Inpaint: synthetic holes are blanked (`fill`) or hold a mosaic of the photo kept as input (`mosaic`). */
    inpaintMode: InpaintTrainingModeSchema.default('fill'),
    /** Inpaint: each synthetic mask covers a fraction of its crop drawn uniformly from [min, max]. */
    coverage: CoverageSchema.default([0.05, 0.4]),
    /** Inpaint: weight of the SN-PatchGAN hinge term beside the hole-weighted L1; 0 trains on L1 alone. */
    adversarialWeight: z.number().min(0).max(100).default(0),
    /** GAN: the adversarial loss. */
    ganLoss: GanLossSchema.default('hinge'),
    /** GAN: spectral normalisation of the discriminator's weights. */
    spectralNorm: z.boolean().default(true),
    checkpointEvery: z.number().int().min(1).default(200),
    validateEvery: z.number().int().min(1).default(100),
    previewEvery: z.number().int().min(1).default(100),
  })
  .strict()
  .refine(ganTrainsAtItsSizes, GAN_SIZE_ISSUE)
  .refine((c) => c.kind !== 'gan' || !c.freezeEncoder, { message: 'A gan generator has no encoder to freeze', path: ['freezeEncoder'] });

export const DatasetSkipSchema = z.object({
  path: z.string(),
  /** An error code (E_BAD_IMAGE, E_IMAGE_TOO_LARGE, …) or `not-an-image` / `too-small`. */
  code: z.string(),
  reason: z.string(),
});

/** What the scan of a data folder found, before any training. */
export const DatasetScanSchema = z.object({
  folder: z.string(),
  usable: z.number().int().nonnegative(),
  train: z.number().int().nonnegative(),
  validation: z.number().int().nonnegative(),
  skipped: z.array(DatasetSkipSchema),
  /** Smallest side of the smallest usable image (crops larger than this are upscaled). */
  minSide: z.number().int().nonnegative(),
});

export const RunStatusSchema = z.enum(['running', 'paused', 'completed', 'stopped', 'failed']);

export const LossesSchema = z.object({
  /** Generator adversarial loss; null for a run without a discriminator (inpainting on L1 alone). */
  gAdv: z.number().nullable(),
  /** Generator L1 (reconstruction) loss; null for a GAN, which has no target to compare with. */
  gL1: z.number().nullable(),
  /** Discriminator loss; null for a run without a discriminator. */
  d: z.number().nullable(),
});

export const LossPointSchema = LossesSchema.extend({
  step: z.number().int().nonnegative(),
  stepsPerSecond: z.number().nonnegative(),
});

export const ValidationPointSchema = z.object({
  step: z.number().int().nonnegative(),
  psnr: z.number(),
  ssim: z.number(),
  /** Mean absolute error of the predicted channels on validation images (for colorize: ab, in Lab units ÷ 128). */
  l1: z.number(),
});

/**
 * What a non-learned engine scores on a run's own validation cases (the same crops and the same fixed holes): for
 * inpainting, PatchMatch, so the user sees whether the model beats the engine the app already has.
 */
export const RunBaselineSchema = z.object({
  /** Engine id (`patchmatch`). */
  engine: z.string(),
  psnr: z.number(),
  ssim: z.number(),
  l1: z.number(),
});

export const TrainingRunSchema = z.object({
  id: IdSchema,
  name: z.string(),
  kind: ModelKindSchema,
  status: RunStatusSchema,
  config: TrainingConfigSchema,
  dataset: DatasetScanSchema.omit({ skipped: true }).extend({ skippedCount: z.number().int().nonnegative() }),
  /** Steps done (the last one reported, or the checkpoint's after a resume). */
  step: z.number().int().nonnegative(),
  totalSteps: z.number().int().positive(),
  /** Step of the newest checkpoint on disk (0 = none yet). */
  checkpointStep: z.number().int().nonnegative(),
  /** Backend the run's process uses (null before it started). */
  backend: z.string().nullable(),
  lastLosses: LossPointSchema.nullable(),
  lastValidation: ValidationPointSchema.nullable(),
  /** Scores of a non-learned engine on the same validation cases (inpaint runs; null before the run scored it). */
  baseline: RunBaselineSchema.nullable(),
  /** Step of the newest preview grid (null = none yet); fetch it as media `preview/<run id>`. */
  previewStep: z.number().int().nonnegative().nullable(),
  /** Why it failed (status failed). */
  error: z.string().nullable(),
  /** The model this run registered (when stopped or completed). */
  modelId: IdSchema.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const RunMetricsSchema = z.object({
  runId: IdSchema,
  losses: z.array(LossPointSchema),
  validation: z.array(ValidationPointSchema),
});

const RunRef = z.object({ runId: IdSchema }).strict();

/** What a run's speed depends on: the estimate is measured for these, on the backend the run would get. */
export const TrainingEstimateRequestSchema = z
  .object({
    kind: ModelKindSchema,
    size: z.union([z.literal(64), z.literal(128), z.literal(256)]),
    batchSize: z.number().int().min(1).max(64),
    backend: BackendPreferenceSchema.default('auto'),
  })
  .strict()
  .refine(ganTrainsAtItsSizes, GAN_SIZE_ISSUE);

export const TrainingEstimateSchema = z.object({
  /** The backend the steps ran on (what a run with this preference gets here). */
  backend: z.string(),
  /** Mean wall time of one optimizer step, measured on this machine just now (synthetic crops, real networks). */
  secondsPerStep: z.number().positive(),
  /** Steps that fit in ten minutes at that speed, rounded to 100: the length a default run is sized for. */
  tenMinuteSteps: z.number().int().positive(),
});
export type TrainingEstimate = z.infer<typeof TrainingEstimateSchema>;
export type TrainingEstimateRequest = z.infer<typeof TrainingEstimateRequestSchema>;

export const trainingChannels = {
  'training.scan': channel({
    summary: 'Scan a data folder: usable images, skipped files with reasons, and the train/validation split.',
    request: z
      .object({
        folder: PathSchema,
        validationSplit: z.number().min(0).max(0.5).default(0.1),
        seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
      })
      .strict(),
    response: DatasetScanSchema,
  }),
  'training.start': channel({
    summary: 'Create a run and start training it in its own process.',
    request: z.object({ name: z.string().trim().min(1).max(200).optional(), config: TrainingConfigSchema }).strict(),
    response: TrainingRunSchema,
  }),
  'training.pause': channel({
    summary: 'Checkpoint a running run and pause it (its process ends; resume starts from the checkpoint).',
    request: RunRef,
    response: TrainingRunSchema,
  }),
  'training.resume': channel({
    summary: 'Resume a paused, stopped or interrupted run from its last checkpoint, keeping its step count and metrics.',
    request: RunRef,
    response: TrainingRunSchema,
  }),
  'training.stop': channel({
    summary: 'Checkpoint, stop and register the model trained so far.',
    request: RunRef,
    response: TrainingRunSchema,
  }),
  'training.list': channel({
    summary: 'All runs, newest first.',
    request: z.object({}).strict(),
    response: z.array(TrainingRunSchema),
  }),
  'training.get': channel({
    summary: 'One run.',
    request: RunRef,
    response: TrainingRunSchema,
  }),
  'training.metrics': channel({
    summary: "A run's whole loss and validation history, oldest first.",
    request: RunRef,
    response: RunMetricsSchema,
  }),
  'training.estimate': channel({
    summary: 'Time a few training steps of a kind, size and batch on the backend a run would get (cached per process).',
    request: TrainingEstimateRequestSchema,
    response: TrainingEstimateSchema,
  }),
  'training.remove': channel({
    summary: "Delete a run that is not running, with its checkpoints and previews (its model stays).",
    request: RunRef,
    response: z.object({ removed: z.boolean() }),
  }),
} as const;

export const trainingEvents = {
  /** After each step (throttled by the service to a few per second). */
  'training.progress': z.object({
    runId: IdSchema,
    step: z.number().int().nonnegative(),
    totalSteps: z.number().int().positive(),
    losses: LossPointSchema,
    etaSeconds: z.number().nonnegative().nullable(),
  }),
  'training.validation': ValidationPointSchema.extend({ runId: IdSchema }),
  /** A new preview grid is ready at media `preview/<runId>`. */
  'training.preview': z.object({ runId: IdSchema, step: z.number().int().nonnegative() }),
  /** The run's status or record changed (started, paused, checkpointed, failed, model registered…). */
  'training.changed': TrainingRunSchema,
} as const;

export type TrainingConfig = z.output<typeof TrainingConfigSchema>;
export type TrainingConfigInput = z.input<typeof TrainingConfigSchema>;
export type DatasetSkip = z.infer<typeof DatasetSkipSchema>;
export type DatasetScan = z.infer<typeof DatasetScanSchema>;
export type RunStatus = z.infer<typeof RunStatusSchema>;
export type GanLoss = z.infer<typeof GanLossSchema>;
export type Losses = z.infer<typeof LossesSchema>;
export type LossPoint = z.infer<typeof LossPointSchema>;
export type ValidationPoint = z.infer<typeof ValidationPointSchema>;
export type RunBaseline = z.infer<typeof RunBaselineSchema>;
export type TrainingRun = z.infer<typeof TrainingRunSchema>;
export type RunMetrics = z.infer<typeof RunMetricsSchema>;
