import { z } from 'zod';
import { channel } from './channel.js';
import { PathSchema } from './files.js';
import { IdSchema } from './library.js';

/** What a model does; every kind trains through the same run system (DESIGN §4). */
export const MODEL_KINDS = ['colorize', 'inpaint', 'gan'] as const;
export const ModelKindSchema = z.enum(MODEL_KINDS);

export const ModelSourceSchema = z.enum(['trained', 'imported', 'shipped']);

/** Numbers measured on the held-back validation files at the end of training (absent when never validated). */
export const ModelMetricsSchema = z.object({
  valPsnr: z.number().optional(),
  valSsim: z.number().optional(),
  valL1: z.number().optional(),
});

/** Where a model came from, as recorded in its manifest. */
export const ProvenanceSchema = z.object({
  dataFolder: z.string(),
  imageCount: z.number().int().nonnegative(),
  trainCount: z.number().int().nonnegative(),
  validationCount: z.number().int().nonnegative(),
  steps: z.number().int().nonnegative(),
  batchSize: z.number().int().positive(),
  learningRate: z.number().positive(),
  seed: z.number().int(),
  backend: z.string(),
  /** Name of the model this one was fine-tuned from, if any. */
  baseModel: z.string().nullable(),
  freezeEncoder: z.boolean(),
  trainedAt: z.string(),
});

/** A model in the library. Its files are a folder under `<data>/models/` (DESIGN §6). */
export const ModelSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(200),
  kind: ModelKindSchema,
  /** Architecture id from the manifest, e.g. `pix2pix-unet`. */
  arch: z.string(),
  /** Square working size in pixels the model was trained at. */
  inputSize: z.number().int().positive(),
  source: ModelSourceSchema,
  /** Bytes of the model's files on disk. */
  bytes: z.number().int().nonnegative(),
  parameters: z.number().int().nonnegative(),
  metrics: ModelMetricsSchema,
  provenance: ProvenanceSchema.nullable(),
  /** The run that trained it, while that run is still in the library. */
  runId: IdSchema.nullable(),
  /** The default model for its kind's task (at most one per kind). */
  isDefault: z.boolean(),
  createdAt: z.string(),
});

export const modelsChannels = {
  'models.list': channel({
    summary: 'Models in the library, newest first; optionally of one kind.',
    request: z.object({ kind: ModelKindSchema.optional() }).strict(),
    response: z.array(ModelSchema),
  }),
  'models.rename': channel({
    summary: 'Give a model a new display name.',
    request: z.object({ id: IdSchema, name: z.string().trim().min(1).max(200) }).strict(),
    response: ModelSchema,
  }),
  'models.remove': channel({
    summary: 'Delete a model and its files.',
    request: z.object({ id: IdSchema }).strict(),
    response: z.object({ removed: z.boolean() }),
  }),
  'models.setDefault': channel({
    summary: 'Make a model the default for its kind (the previous default stops being one).',
    request: z.object({ id: IdSchema }).strict(),
    response: ModelSchema,
  }),
  'models.export': channel({
    summary: 'Write a model as one `.kintsugi-model` zip to a file the user chose (temp name, then rename).',
    request: z.object({ id: IdSchema, path: PathSchema, overwrite: z.boolean().default(false) }).strict(),
    response: z.object({ path: z.string(), bytes: z.number().int().nonnegative() }),
  }),
  'models.import': channel({
    summary: 'Add a `.kintsugi-model` zip to the library; an invalid or incompatible file is refused with E_BAD_MODEL.',
    request: z.object({ path: PathSchema }).strict(),
    response: ModelSchema,
  }),
} as const;

export const modelsEvents = {
  /** Models were added, removed, renamed or a default changed. */
  'models.changed': z.object({}),
} as const;

export type ModelKind = z.infer<typeof ModelKindSchema>;
export type ModelSource = z.infer<typeof ModelSourceSchema>;
export type ModelMetrics = z.infer<typeof ModelMetricsSchema>;
export type Provenance = z.infer<typeof ProvenanceSchema>;
export type Model = z.infer<typeof ModelSchema>;
